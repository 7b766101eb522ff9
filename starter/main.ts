/**
 * The application's manifests: `npx cdk8s synth` runs this file and writes dist/ (see README.md).
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppSynthesis, ContainerImage, KubernetesVersion, PlatformDefaults, WebService } from 'cdk8s-appflow';

/** The Kubernetes version of your cluster (the oldest, if several): the checks use its API. Keep cdk8s.yaml's in step. */
export const KUBERNETES_VERSION = KubernetesVersion.V1_27;

/** The application: one web service, its Service, Ingress, disruption budget, alerts and dashboard. */
export class AppChart extends Chart {
  public readonly web: WebService;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: '{{name}}', ...props });
    this.web = new WebService(this, 'Web', {
      name: '{{name}}',
      image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine'),
      port: 8080,
      resources: { cpuRequest: kplus.Cpu.millis(50), memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(128) },
      publish: { hosts: ['{{name}}.example.com'] },
    });
  }
}

/** The app: the platform defaults once, then the charts. */
export function buildApp(app: App = new App()): App {
  PlatformDefaults.set(app, { kubernetesVersion: KUBERNETES_VERSION });
  new AppChart(app, '{{name}}');
  return app;
}

if (require.main === module) {
  // The YAML of every chart in dist/, the side files (topology picture, published URLs), and the checks that the
  // manifests work together when applied.
  AppSynthesis.synth(buildApp());
}
