import * as path from 'path';
import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  AccessGrant, ContainerImage, DisruptionBudget, ExternalSecretSource, ImageLineage, ImageLock, PlatformDefaults, RegistryCredentials, SecretStoreRef,
  TlsIssuer, WebService, WorkloadIdentity,
} from 'cdk8s-appflow';

/**
 * One web application through the six steps, from one `WebService`:
 *
 * 1. image: pinned by digest from the lock the CI pipeline wrote (`images.lock.yaml`), allowed by the platform's
 *    registry policy, pulled with a pull Secret that the External Secrets Operator makes from the CI token in Vault; its
 *    lineage (OS base → Node.js runtime → the shop's web
 *    server) is recorded on the pods, and synth writes the plan that builds the three layers to dist-side-files/images/web/;
 * 2. pods: a Deployment of 2 to 10 replicas scaled on CPU (a HorizontalPodAutoscaler) with a disruption budget,
 *    under the restricted Pod Security profile, running as a ServiceAccount of its own: a Google service account by
 *    GKE Workload Identity, a Role that reads one ConfigMap (its feature flags), and its database password from an
 *    ExternalSecret (never in the manifests);
 * 3. persistence: a scratch cache (emptyDir) and a claim for the uploads, shared by the replicas (ReadWriteMany);
 * 4. expose: a Service `shop-web` (http on 80, metrics on 9090);
 * 5. publish: an Ingress for full-stack.example.com, with a certificate from cert-manager;
 * 6. monitor: readiness and startup probes, a ServiceMonitor, black-box checks of the Service and of the public URL,
 *    alerts with runbook links and routing labels, and a Grafana dashboard.
 *
 * What the platform team decides is set once, at the top of the chart, as it would be in the platform's Chart
 * subclass: every application of the chart follows it.
 */
export class FullStackChart extends Chart {
  public readonly web: WebService;
  public readonly lineage: ImageLineage;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'full-stack', ...props });

    PlatformDefaults.set(this, {
      // Images: pinned from the pipeline's lock, from the organisation's registry only, by digest, never `latest`.
      imageLock: ImageLock.fromFile(path.join(__dirname, 'images.lock.yaml')),
      allowedImageRegistries: ['registry.example.com'],
      requireImageDigest: true,
      forbidLatestImageTag: true,
      // Publishing: through ingress-nginx, with certificates from cert-manager's ClusterIssuer.
      ingressClassName: 'nginx',
      tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod'),
      // Monitoring: kube-prometheus-stack (release `kube-prometheus-stack`) and prometheus-blackbox-exporter, both
      // in the namespace `monitoring`; a runbook page per alert.
      prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
      blackboxExporterAddress: 'prometheus-blackbox-exporter.monitoring.svc:9115',
      runbookUrlTemplate: 'https://runbooks.example.com/{namespace}/{alert}',
      // Identity and secrets: a Google service account per application (GKE Workload Identity), and the secrets from
      // Vault through the External Secrets Operator's ClusterSecretStore `vault`.
      workloadIdentity: WorkloadIdentity.gke({ serviceAccount: '{name}@acme-shop.iam.gserviceaccount.com' }),
      secretStore: SecretStoreRef.cluster('vault'),
    });

    // The feature flags the application reads through the Kubernetes API (it watches them, so no restart is needed).
    const flags = new kplus.ConfigMap(this, 'Flags', { metadata: { name: 'shop-web-flags' }, data: { 'new-checkout': 'false' } });
    // The database password, fetched from Vault into the Secret `shop-web-db` by the operator.
    const db = new ExternalSecretSource(this, 'Db', {
      name: 'shop-web-db',
      keys: [{ key: 'password', remoteKey: 'shop/web/db', property: 'password' }],
    });
    // The pull Secret of the registry, made from the CI token in Vault.
    const pull = RegistryCredentials.fromExternalSecret(this, 'Registry', {
      registry: 'registry.example.com',
      username: 'shop-ci',
      password: { remoteKey: 'ci/registry', property: 'token' },
    });

    this.web = new WebService(this, 'Web', {
      name: 'shop-web',
      version: '2.3.1',
      component: 'frontend',
      partOf: 'shop',
      // 1. image: the logical name, pinned at synth from the lock.
      image: ContainerImage.fromLock('shop-web'),
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
      env: { DB_PASSWORD: db.envValue('password') },
      pullSecrets: [pull],
      runAsUser: 10001,
      runAsGroup: 10001,
      resources: {
        cpuRequest: kplus.Cpu.millis(250),
        cpuLimit: kplus.Cpu.units(1),
        memoryRequest: Size.mebibytes(256),
        memoryLimit: Size.mebibytes(512),
      },
      // 2. pods: scaled on CPU between 2 and 10 replicas; one pod at a time may be evicted (node drains).
      autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
      disruptionBudget: DisruptionBudget.maxUnavailable(kplus.PercentOrAbsolute.absolute(1)),
      // 3. persistence: a cache that goes with the pod, and the uploads that every replica reads and writes.
      scratch: [{ name: 'cache', mountPath: '/var/cache/shop-web', sizeLimit: Size.gibibytes(1) }],
      claims: [{
        name: 'uploads',
        mountPath: '/srv/uploads',
        size: Size.gibibytes(10),
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      }],
      // 4. expose: the Service's ports (the users' port 80, and the metrics).
      servicePorts: [{ name: 'http', port: 80, targetPortName: 'http' }, { name: 'metrics', port: 9090 }],
      // 5. publish: https://full-stack.example.com/ (class and issuer from the platform defaults).
      publish: { hosts: ['full-stack.example.com'] },
      // 6. monitor: the probes, the scrape, the alerts' routing and the dashboard's folder; the black-box checks
      // come from the platform's exporter.
      monitoring: {
        defaultProbes: { readinessPath: '/ready', slowStart: Duration.minutes(2) },
        metrics: { portName: 'metrics', requestCounter: 'http_requests_total' },
        alerts: { alertLabels: { team: 'shop' } },
        dashboard: { folder: 'Shop' },
      },
      // 2. pods, continued: a ServiceAccount of its own (its Google identity from the platform default), allowed to read
      // its flags and nothing else; its API token is mounted, since it calls the API.
      access: { grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, flags.name)], automountToken: true },
      createNamespace: true,
    });

    // 1. image, continued: the lineage of the image, on the pods and as a build plan in dist-side-files/images/web/.
    this.lineage = new ImageLineage(this, 'Lineage', {
      from: 'debian:12.5-slim@sha256:0c6d0a2f8d7f3b2e1a9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e',
      layers: [
        {
          name: 'base',
          image: 'registry.example.com/acme/base:12.5',
          instructions: ['RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tini && rm -rf /var/lib/apt/lists/*'],
        },
        {
          name: 'middleware',
          image: 'registry.example.com/acme/node:20.12.2',
          instructions: ['COPY --from=node:20.12.2-bookworm-slim /usr/local/bin/node /usr/local/bin/node'],
        },
        {
          name: 'service',
          image: 'registry.example.com/shop/web:2.3.1',
          context: 'services/web',
          instructions: [
            'WORKDIR /app',
            'COPY dist/ /app/',
            'USER 10001:10001',
            'EXPOSE 8080 9090',
            'ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/server.js"]',
          ],
        },
      ],
    });
    this.lineage.annotate(this.web.workload.workload);
  }
}
