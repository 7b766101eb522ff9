import * as path from 'path';
import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppIdentity, ContainerImage, ImageLineage, ImageLock, PlatformDefaults, RegistryCredentials } from 'cdk8s-appflow';

/**
 * Step 1, the image: the application image is named by its logical name and pinned from the image lock that the
 * CI pipeline wrote; the platform allows only its own registry and requires digests; the pods pull with an
 * existing Secret; the image's lineage (OS base → JRE → service) is recorded on the pods, and synth writes the
 * build plan of the three layers into dist/images/api/.
 */
export class LockedImageChart extends Chart {
  public readonly identity: AppIdentity;
  public readonly deployment: kplus.Deployment;
  public readonly lineage: ImageLineage;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // What a platform team sets once (usually in a Chart subclass or on the App).
    PlatformDefaults.set(this, {
      imageLock: ImageLock.fromFile(path.join(__dirname, 'images.lock.yaml')),
      allowedImageRegistries: ['registry.example.com'],
      requireImageDigest: true,
    });

    this.identity = new AppIdentity(this, 'Identity', { name: 'shop-api', version: '1.4.2', component: 'api', partOf: 'shop' });
    const image = ContainerImage.fromLock('shop-api').resolve(this, 'api');

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: this.identity.name },
      select: false,
      containers: [{
        name: 'api',
        image: image.reference,
        imagePullPolicy: image.pullPolicy,
        ports: [{ name: 'http', number: 8080 }],
        securityContext: { user: 10001, group: 10001 },
        resources: {
          cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
          memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) },
        },
      }],
    });
    this.identity.selectPods(this.deployment);
    RegistryCredentials.addToPods(this.deployment, [RegistryCredentials.fromSecretName('registry-example-com-pull')]);

    this.lineage = new ImageLineage(this, 'Lineage', {
      from: 'debian:12.5-slim@sha256:0c6d0a2f8d7f3b2e1a9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e',
      layers: [
        { name: 'base', image: 'registry.example.com/acme/base:12.5', instructions: ['RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*'] },
        { name: 'middleware', image: 'registry.example.com/acme/jre:17.0.9', instructions: ['RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless && rm -rf /var/lib/apt/lists/*'] },
        { name: 'service', image: 'registry.example.com/shop/api:1.4.2', context: 'services/api', instructions: ['COPY build/api.jar /app/api.jar', 'USER 10001', 'ENTRYPOINT ["java", "-jar", "/app/api.jar"]'] },
      ],
    });
    this.lineage.annotate(this.deployment);

    this.identity.applyTo(this);
  }
}
