import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppIdentity, AppPublication, AppService, ContainerImage, ContainerProbes, HealthProbe, IngressTls, StatelessWorkload, TlsIssuer } from 'cdk8s-appflow';

/**
 * A small web server in the namespace hello-web: an unprivileged nginx under a Deployment (restricted security profile, a readiness probe, a
 * disruption budget, spread across nodes), a Service that selects its pods by the application's stable labels, and an
 * Ingress with TLS from cert-manager.
 */
export class HelloWebChart extends Chart {
  public readonly identity: AppIdentity;
  public readonly web: StatelessWorkload;
  public readonly service: AppService;
  public readonly publication: AppPublication;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'hello-web', ...props });

    this.identity = new AppIdentity(this, 'Identity', {
      name: 'hello-web',
      version: '1.27.3',
      component: 'frontend',
      partOf: 'hello',
    });

    this.web = new StatelessWorkload(this, 'Web', {
      identity: this.identity,
      replicas: 2,
      runAsUser: 101,
      runAsGroup: 101,
      container: {
        name: 'nginx',
        image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine'),
        ports: [{ name: 'http', number: 8080 }],
        resources: {
          cpuRequest: kplus.Cpu.millis(50),
          cpuLimit: kplus.Cpu.millis(250),
          memoryRequest: Size.mebibytes(32),
          memoryLimit: Size.mebibytes(128),
        },
      },
    });

    // A pod gets traffic once nginx answers GET / on its port.
    ContainerProbes.addTo(this.web, { readiness: HealthProbe.httpGet('/', { portName: 'http' }) });

    // Selects the pods by the identity's stable labels, which every release track of the app shares, and
    // targets the container port by its name.
    this.service = new AppService(this, 'Service', { workload: this.web, ports: [{ name: 'http', port: 80 }] });

    // An Ingress for hello.example.com with a certificate from cert-manager; synth writes its URL to
    // dist-side-files/urls/hello-web.txt.
    this.publication = new AppPublication(this, 'Publication', {
      name: 'hello-web',
      hosts: ['hello.example.com'],
      service: this.service,
      ingressClassName: 'nginx',
      tls: IngressTls.certManager(TlsIssuer.clusterIssuer('letsencrypt-prod')),
    });
  }
}
