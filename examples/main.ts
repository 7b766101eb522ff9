/**
 * The root `cdk8s synth` entry point (see cdk8s.yaml): synthesizes every example into dist/ (the manifests),
 * dist-side-files/ and dist-helm/.
 */
import { App } from 'cdk8s';
import { BatchAndCronChart } from './batch-and-cron/chart';
import { FooBlueGreenChart, FooCanaryChart } from './blue-green-canary/chart';
import { FullStackChart } from './full-stack/chart';
import { GrpcGatewayChart } from './grpc-gateway/chart';
import { HelloWebChart } from './hello-web/chart';
import { KedaWorkerChart } from './keda-worker/chart';
import { LockedImageChart } from './locked-image/chart';
import { LogAgentChart } from './log-agent/chart';
import { MysqlStatefulChart } from './mysql-stateful/chart';
import { NginxWebChart } from './nginx-web/chart';
import { RollingUpdateChart } from './rolling-update/chart';
import { ShopChart } from './shop/chart';
import { SidecarProxyChart } from './sidecar-proxy/chart';
import { AppSynthesis } from 'cdk8s-appflow';

const app = new App();
new HelloWebChart(app, 'hello-web');
new LockedImageChart(app, 'locked-image');
new NginxWebChart(app, 'nginx-web');
new RollingUpdateChart(app, 'rolling-update');
new SidecarProxyChart(app, 'sidecar-proxy');
new FooBlueGreenChart(app, 'foo-bluegreen');
new FooCanaryChart(app, 'foo-canary');
new MysqlStatefulChart(app, 'mysql-stateful');
new LogAgentChart(app, 'log-agent');
new BatchAndCronChart(app, 'batch-and-cron');
new KedaWorkerChart(app, 'keda-worker');
new FullStackChart(app, 'full-stack');
new ShopChart(app, 'shop');
new GrpcGatewayChart(app, 'grpc-gateway');
// The YAML of app.synth() in dist/ (the folder cdk8s synth names), with a kustomization.yaml that lists it for kubectl,
// Argo CD and Flux; each chart's topology picture, the published URLs and the image build plans in dist-side-files/;
// a Helm chart of the same manifests in dist-helm/ (docs/deploy.md); then the check that the manifests of all the
// examples work together when applied (docs/validation.md).
AppSynthesis.synth(app, {
  kustomization: true,
  helmChart: { name: 'appflow-examples', version: '0.1.0' },
});
