/**
 * The examples' prerequisites files (made from the examples' charts by the synthesis' own function, as it writes them
 * beside the YAML), and the examples checked against a declared cluster: the one their platform defaults and cdk8s.yaml describe
 * (ingress-nginx, cert-manager, kube-prometheus-stack with the blackbox exporter and Grafana's sidecar, the External
 * Secrets Operator with a Vault store, KEDA, a Gateway API implementation), by the platform default `cluster` at synth
 * and by the plugin's rule.
 */
import { App, Chart, Testing } from 'cdk8s';
import { BatchAndCronChart } from '../../examples/batch-and-cron/chart';
import { FooBlueGreenChart, FooCanaryChart } from '../../examples/blue-green-canary/chart';
import { FullStackChart } from '../../examples/full-stack/chart';
import { GrpcGatewayChart } from '../../examples/grpc-gateway/chart';
import { HelloWebChart } from '../../examples/hello-web/chart';
import { KedaWorkerChart } from '../../examples/keda-worker/chart';
import { LockedImageChart } from '../../examples/locked-image/chart';
import { LogAgentChart } from '../../examples/log-agent/chart';
import { MysqlStatefulChart } from '../../examples/mysql-stateful/chart';
import { NginxWebChart } from '../../examples/nginx-web/chart';
import { RollingUpdateChart } from '../../examples/rolling-update/chart';
import { ShopChart } from '../../examples/shop/chart';
import { SidecarProxyChart } from '../../examples/sidecar-proxy/chart';
import { ClusterCapabilities, KubernetesVersion, PlatformDefaults } from '../../src';
import { checkManifests, manifestFileOf } from '../../src/plugin';
import { chartPrerequisitesFile } from '../../src/synth/prerequisites-file';

/** The cluster of the examples. */
const CLUSTER: ClusterCapabilities = {
  customResources: ['monitoring.coreos.com/*', 'gateway.networking.k8s.io/*', 'external-secrets.io/*', 'keda.sh/*'],
  // The namespaces of the examples that do not make their own (the others make theirs).
  namespaces: ['web', 'rollout', 'sidecar', 'foo-bluegreen', 'foo-canary', 'hello-web', 'locked-image'],
  ingressClasses: ['nginx'],
  gateways: ['gateways/public'],
  clusterIssuers: ['letsencrypt-prod'],
  clusterSecretStores: ['vault'],
  storageClasses: [],
  runtimeClasses: [],
  priorityClasses: [],
  runsBlackboxExporter: true,
  runsGrafanaDashboardSidecar: true,
};

/** The examples as examples/main.ts makes them, on the cluster above (set on the app before the charts). */
const app = Testing.app();
PlatformDefaults.set(app, { cluster: CLUSTER });
const charts: Chart[] = [
  new HelloWebChart(app, 'hello-web'),
  new LockedImageChart(app, 'locked-image'),
  new NginxWebChart(app, 'nginx-web'),
  new RollingUpdateChart(app, 'rolling-update'),
  new SidecarProxyChart(app, 'sidecar-proxy'),
  new FooBlueGreenChart(app, 'foo-bluegreen'),
  new FooCanaryChart(app, 'foo-canary'),
  new MysqlStatefulChart(app, 'mysql-stateful'),
  new LogAgentChart(app, 'log-agent'),
  new BatchAndCronChart(app, 'batch-and-cron'),
  new KedaWorkerChart(app, 'keda-worker'),
  new FullStackChart(app, 'full-stack'),
  new ShopChart(app, 'shop'),
  new GrpcGatewayChart(app, 'grpc-gateway'),
];
/** Each chart's manifests, made once (without validating the app once per chart, as `chart.toJson()` would). */
const files = charts.map((chart) => manifestFileOf(chart));

test.each(charts.map((chart, i) => [chart.node.id, i] as const))('%s has a prerequisites file', (_, i) => {
  const file = chartPrerequisitesFile(charts[i], files[i].documents, KubernetesVersion.V1_27);
  expect(file).toContain(`# Cluster prerequisites of ${charts[i].node.id}\n`);
  expect(file).toMatchSnapshot();
});

test('the examples have what they need on the declared cluster: the synth check passes', () => {
  expect(app.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
});

test('the plugin\'s rule agrees, and finds what a cluster without KEDA or a Gateway API implementation lacks', () => {
  const check = (cluster: ClusterCapabilities) => checkManifests(files, { clusterCapabilities: cluster }).findings
    .filter((f) => f.rule === 'cluster-prerequisites').map((f) => `${f.resource.kind} ${f.resource.namespace}/${f.resource.name} ${f.path}`);
  expect(check(CLUSTER)).toEqual([]);
  expect(check({ ...CLUSTER, customResources: ['monitoring.coreos.com/*', 'external-secrets.io/*'], gateways: [] }).sort()).toEqual([
    'GRPCRoute orders/orders apiVersion',
    'GRPCRoute orders/orders spec.parentRefs[0].name',
    'ScaledObject keda-worker/orders-worker apiVersion',
    'TriggerAuthentication keda-worker/orders-rabbitmq apiVersion',
  ]);
});

test('an app without the cluster declared is not checked', () => {
  const bare = new App({ outdir: app.outdir });
  new KedaWorkerChart(bare, 'keda-worker');
  expect(bare.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
});
