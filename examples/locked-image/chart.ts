import * as path from 'path';
import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppIdentity, ContainerImage, ImageLineage, ImageLock, PlatformDefaults, RegistryCredentials, StatelessWorkload } from 'cdk8s-appflow';

/**
 * Step 1, the image (in the namespace locked-image): the application image is named by its logical name and pinned from the image lock that the
 * CI pipeline wrote; the platform allows only its own registry and requires digests; the pods pull with an
 * existing Secret; the image's lineage (OS base → JRE → service) is recorded on the pods, and synth writes the
 * build plan of the three layers into the side files folder, dist-side-files/images/api/.
 */
export class LockedImageChart extends Chart {
  public readonly identity: AppIdentity;
  public readonly api: StatelessWorkload;
  public readonly lineage: ImageLineage;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'locked-image', ...props });

    // What a platform team sets once (usually in a Chart subclass or on the App).
    PlatformDefaults.set(this, {
      imageLock: ImageLock.fromFile(path.join(__dirname, 'images.lock.yaml')),
      allowedImageRegistries: ['registry.example.com'],
      requireImageDigest: true,
    });

    this.identity = new AppIdentity(this, 'Identity', { name: 'shop-api', version: '1.4.2', component: 'api', partOf: 'shop' });
    this.api = new StatelessWorkload(this, 'Api', {
      identity: this.identity,
      runAsUser: 10001,
      runAsGroup: 10001,
      container: {
        name: 'api',
        // Pinned from the lock at synth: registry.example.com/shop/api:1.4.2@sha256:..., pulled IfNotPresent.
        image: ContainerImage.fromLock('shop-api'),
        ports: [{ name: 'http', number: 8080 }],
        resources: {
          cpuRequest: kplus.Cpu.millis(250),
          cpuLimit: kplus.Cpu.units(1),
          memoryRequest: Size.mebibytes(512),
          memoryLimit: Size.mebibytes(512),
        },
      },
    });
    RegistryCredentials.addToPods(this.api.deployment, [RegistryCredentials.fromSecretName('registry-example-com-pull')]);

    this.lineage = new ImageLineage(this, 'Lineage', {
      from: 'debian:12.5-slim@sha256:0c6d0a2f8d7f3b2e1a9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e',
      layers: [
        { name: 'base', image: 'registry.example.com/acme/base:12.5', instructions: ['RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*'] },
        { name: 'middleware', image: 'registry.example.com/acme/jre:17.0.9', instructions: ['RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless && rm -rf /var/lib/apt/lists/*'] },
        { name: 'service', image: 'registry.example.com/shop/api:1.4.2', context: 'services/api', instructions: ['COPY build/api.jar /app/api.jar', 'USER 10001', 'ENTRYPOINT ["java", "-jar", "/app/api.jar"]'] },
      ],
    });
    this.lineage.annotate(this.api.deployment);
  }
}
