import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppIdentity } from 'cdk8s-appflow';

/**
 * The smallest complete use of the library: a cdk8s-plus-27 Deployment and Service of an unprivileged nginx,
 * with the application's identity (recommended labels, a selector that never holds the version) and names
 * derived from the application's name.
 */
export class HelloWebChart extends Chart {
  public readonly identity: AppIdentity;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.identity = new AppIdentity(this, 'Identity', {
      name: 'hello-web',
      version: '1.27.3',
      component: 'frontend',
      partOf: 'hello',
    });

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: this.identity.name },
      // Select by the identity's stable labels, not by cdk8s-plus-27's construct-path label.
      select: false,
      replicas: 2,
      containers: [{
        name: 'nginx',
        image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
        ports: [{ name: 'http', number: 8080 }],
        securityContext: { user: 101, group: 101 },
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(250) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
        },
        volumeMounts: [
          { path: '/tmp', volume: kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp') },
        ],
      }],
    });
    this.identity.selectPods(this.deployment);

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: this.identity.name },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    });
    // Route to the pods by the identity's stable labels, which every release track of the app shares.
    this.identity.targetPods(this.service);

    this.identity.applyTo(this);
  }
}
