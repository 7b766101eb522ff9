import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { blueGreen, canaryRoute, grpcService, identityAndSecrets, queueWorker, webShop } from './charts';
import { describeManifest, detailsOf, missingNodes, parseDiagram, parseDiagrams } from './mermaid';
import { ShopChart } from '../../examples/shop/chart';
import {
  AccessGrant, AppIdentity, AppPublication, AppServiceAccount, BlueGreenTrack, ContainerImage, ExistingSecretSource, ExternalSecretSource, IngressTls,
  ReleasedWorkload, ReleaseStrategy, SecretStoreRef, StatelessWorkload, TlsIssuer, TopologyDiagram, Warnings,
} from '../../src';
import { topologyFileOf } from '../../src/topology/topology-file';
import { REPO_ROOT } from '../support/shared';
import { synth } from '../support/synth';

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('checked against the objects of charts made with the library', () => {
  test('a web shop: URL → Ingress → Service → Deployment → claim; monitors, probes, alerts, dashboard, HPA, PDB, policy; a StatefulSet with claim templates', () => {
    const chart = webShop();
    const manifests = synth(chart);
    const markdown = TopologyDiagram.ofChart(chart);
    const diagram = parseDiagram(markdown);

    expect(diagram.heading).toBe('Topology of shop');
    expect(missingNodes(diagram, manifests)).toEqual([]);
    // The public host; the objects that traffic, storage and policies go through; what scales, guards, watches,
    // alerts on and charts a workload or a Service is folded into its text, or into the application's side node.
    expect(sorted(diagram.nodes.values())).toEqual(sorted([
      'https://shop.example.com',
      'Ingress shop/web', 'Service shop/web', 'Deployment shop/web', 'PersistentVolumeClaim shop/web-uploads', 'NetworkPolicy shop/web', 'monitoring of web',
      'Service shop/postgres-headless', 'StatefulSet shop/postgres', 'PersistentVolumeClaim shop/data-postgres-N, one per replica',
      // Who the policy lets in: the namespaces of the ingress controller and of the monitoring stack, outside the chart.
      'namespace ingress-nginx', 'namespace monitoring',
    ]));
    expect(detailsOf(diagram, 'Deployment shop/web')).toEqual(['HorizontalPodAutoscaler shop/web: scales 2 to 6', 'PodDisruptionBudget shop/web: max unavailable 1']);
    expect(detailsOf(diagram, 'Service shop/web')).toEqual(['ServiceMonitor shop/web: scrapes port metrics']);
    expect(detailsOf(diagram, 'StatefulSet shop/postgres')).toEqual(['1 replica']);
    expect(detailsOf(diagram, 'monitoring of web')).toEqual([
      'ConfigMap shop/web-dashboard, dashboard: charts',
      // The black-box probes: the Service (by its in-cluster DNS name), and the public URLs.
      'Probe shop/web-public: probes http_2xx https://shop.example.com/, https://shop.example.com/api',
      'Probe shop/web-service: probes http_2xx Service shop/web',
      'PrometheusRule shop/web-alerts: 6 alerts',
    ]);
    // Every object but the folded ones is a node of its own; each folded one is a line of one node.
    const foldedKinds = ['HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ServiceMonitor', 'Probe', 'PrometheusRule', 'ConfigMap'];
    const folded = manifests.filter((m) => foldedKinds.includes(m.kind)).map(describeManifest);
    expect(folded.length).toBe(7);
    for (const m of manifests.filter((x) => !foldedKinds.includes(x.kind))) {
      expect([...diagram.nodes.values()]).toContain(describeManifest(m));
    }
    const lines = [...diagram.details.values()].flat();
    for (const d of folded) {
      expect(lines.filter((l) => l.startsWith(`${d}: `) || l.startsWith(`${d}, `))).toHaveLength(1);
    }
    expect(diagram.external).toEqual(new Set(['namespace ingress-nginx', 'namespace monitoring']));
    // One frame for the namespace (its Namespace is not in the chart: lower case), one per application in it.
    expect(diagram.subgraphs).toEqual(['namespace shop', 'application postgres', 'application web']);
    expect(diagram.applicationOf.get('PersistentVolumeClaim_shop_web_uploads')).toBe('application web');
    expect(diagram.applicationOf.get('VolumeClaimTemplate_shop_postgres_data')).toBe('application postgres');
    expect(diagram.groupOf.has('Host_shop_example_com')).toBe(false);
    expect(sorted(diagram.edges)).toEqual(sorted([
      // Traffic: the host (TLS) with both paths → the Ingress → the Service (by name and port) → the pods it selects.
      'https://shop.example.com --> Ingress shop/web: /, /api',
      'Ingress shop/web --> Service shop/web: port 80',
      'Service shop/web --> Deployment shop/web',
      'Service shop/postgres-headless --> StatefulSet shop/postgres',
      // Storage: a standalone claim mounted by the Deployment, a claim per replica of the StatefulSet.
      'Deployment shop/web --> PersistentVolumeClaim shop/web-uploads: mounts /srv/uploads',
      'StatefulSet shop/postgres --> PersistentVolumeClaim shop/data-postgres-N, one per replica: mounts /var/lib/postgresql/data',
      // The policy: the pods it selects, and who it lets in on which ports.
      'NetworkPolicy shop/web -.-> Deployment shop/web: applies to',
      'namespace ingress-nginx -.-> NetworkPolicy shop/web: lets in, port http',
      'namespace monitoring -.-> NetworkPolicy shop/web: lets in, ports metrics, http',
    ]));
    // The facts behind the edges, read from the objects themselves.
    const rule = manifests.find((m) => m.kind === 'PrometheusRule');
    expect(rule.spec.groups.flatMap((g: any) => g.rules).length).toBe(6);
    expect(rule.metadata.labels['app.kubernetes.io/name']).toBe('web');
    const probe = manifests.find((m) => m.metadata.name === 'web-service');
    expect(probe.spec.targets.staticConfig.static[0]).toMatch(/^http:\/\/web\.shop\.svc\.cluster\.local:80\//);

    expect(markdown).toMatchSnapshot();
  });

  test('a blue/green release: two tracks behind one Service, the preview Service in front of the idle one', () => {
    const diagram = parseDiagram(TopologyDiagram.ofChart(blueGreen()));
    expect(missingNodes(diagram, synth(blueGreen()))).toEqual([]);
    expect(sorted(diagram.edges)).toEqual(sorted([
      'http://foo.example.com --> Ingress foo/foo: /',
      'Ingress foo/foo --> Service foo/foo: port 80',
      'Service foo/foo --> Deployment foo/foo-blue, track blue',
      'Service foo/foo-preview --> Deployment foo/foo-green, track green',
    ]));
    // Each track's size and budget, in its text.
    expect(detailsOf(diagram, 'Deployment foo/foo-blue, track blue')).toEqual(['2 replicas', 'PodDisruptionBudget foo/foo-blue: max unavailable 1']);
    expect(detailsOf(diagram, 'Deployment foo/foo-green, track green')).toEqual(['2 replicas', 'PodDisruptionBudget foo/foo-green: max unavailable 1']);
  });

  test('switching blue/green tracks changes nothing in the picture but the two Service edges', () => {
    const before = TopologyDiagram.ofChart(blueGreen()).split('\n');
    const after = TopologyDiagram.ofChart(blueGreen(Testing.app(), BlueGreenTrack.GREEN)).split('\n');
    expect(before.filter((l) => !after.includes(l))).toEqual([
      '  Service_foo_foo --> Deployment_foo_foo_blue',
      '  Service_foo_foo_preview --> Deployment_foo_foo_green',
    ]);
    expect(after.filter((l) => !before.includes(l))).toEqual([
      '  Service_foo_foo --> Deployment_foo_foo_green',
      '  Service_foo_foo_preview --> Deployment_foo_foo_blue',
    ]);
  });

  test('a canary by route weights: an HTTPRoute on a Gateway of another namespace, grouped by namespace', () => {
    const chart = canaryRoute();
    const diagram = parseDiagram(TopologyDiagram.ofChart(chart));
    expect(missingNodes(diagram, synth(chart))).toEqual([]);
    expect(diagram.subgraphs).toEqual(['namespace bar', 'application bar', 'namespace gateways']);
    expect(diagram.groupOf.get('Gateway_gateways_public')).toBe('namespace gateways');
    expect(diagram.groupOf.get('HTTPRoute_bar_bar')).toBe('namespace bar');
    expect(diagram.applicationOf.get('HTTPRoute_bar_bar')).toBe('application bar');
    expect(diagram.applicationOf.has('Gateway_gateways_public')).toBe(false);
    expect(diagram.groupOf.has('Host_bar_example_com')).toBe(false);
    expect(diagram.external).toEqual(new Set(['Gateway gateways/public']));
    expect(sorted(diagram.edges)).toEqual(sorted([
      'https://bar.example.com --> HTTPRoute bar/bar: /',
      'Gateway gateways/public --> HTTPRoute bar/bar: listener https',
      // The weights of the backends as shares of the rule's, with the track of the pods behind each Service.
      'HTTPRoute bar/bar --> Service bar/bar: port 80, 90% stable',
      'HTTPRoute bar/bar --> Service bar/bar-canary: port 80, 10% canary',
      'Service bar/bar --> Deployment bar/bar-stable, track stable',
      'Service bar/bar-canary --> Deployment bar/bar-canary, track canary',
    ]));
    const route = synth(chart).find((m) => m.kind === 'HTTPRoute');
    expect(route.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['bar', 90], ['bar-canary', 10]]);
    expect(detailsOf(diagram, 'Deployment bar/bar-canary, track canary')).toEqual(['2 replicas', 'PodDisruptionBudget bar/bar-canary: max unavailable 1']);
    expect(detailsOf(diagram, 'Deployment bar/bar-stable, track stable')).toEqual(['4 replicas', 'PodDisruptionBudget bar/bar-stable: max unavailable 1']);
  });
});

/** Objects written by hand: every kind the picture knows, and some it does not. */
test('the first picture of docs/topology.md is the shop example\'s', () => {
  const docs = mermaidBlocks(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'topology.md'), 'utf-8'));
  expect(docs).toHaveLength(3);
  expect(docs[0]).toBe(mermaidBlocks(TopologyDiagram.ofChart(new ShopChart(Testing.app(), 'shop')))[0]);
});

test('the blue/green example of docs/topology.md is what the picture of its code says', () => {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const release = new ReleasedWorkload(chart, 'Web', {
    identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
    container: { image: ContainerImage.fromReference('registry.example.com/shop/web:2.0.0'), ports: [{ name: 'http', number: 8080 }] },
    servicePorts: [{ name: 'http', port: 80 }],
    release: ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, greenImage: ContainerImage.fromReference('registry.example.com/shop/web:2.1.0') }),
  });
  new AppPublication(chart, 'Publication', {
    name: 'web', hosts: ['shop.example.com'], release, tls: IngressTls.certManager(TlsIssuer.clusterIssuer('letsencrypt-prod')),
  });
  expect(mermaidBlocks(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'topology.md'), 'utf-8'))[1]).toBe(mermaidBlocks(TopologyDiagram.ofChart(chart))[0]);
});

test('the identity and secrets example of docs/topology.md is what the picture of its code says', () => {
  const chart = new Chart(Testing.app(), 'api', { namespace: 'shop' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'api' });
  const account = new AppServiceAccount(chart, 'Account', {
    identity,
    grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'api-flags')],
  });
  const db = new ExternalSecretSource(chart, 'Db', {
    name: 'db-password', store: SecretStoreRef.cluster('vault'), keys: [{ key: 'password', remoteKey: 'shop/db' }],
  });
  const tls = new ExistingSecretSource(chart, 'Tls', { name: 'api-tls', keys: ['tls.key'] });
  new StatelessWorkload(chart, 'Api', {
    identity,
    serviceAccount: account,
    container: {
      image: ContainerImage.fromReference('registry.example.com/shop/api:1.4.2'),
      ports: [{ name: 'http', number: 8080 }],
      env: { DB_PASSWORD: db.envValue('password'), TLS_KEY: tls.envValue('tls.key') },
    },
  });
  const picture = mermaidBlocks(TopologyDiagram.ofChart(chart))[0];
  expect(picture).toContain('  Deployment_shop_api -->|"runs as, no API token"| ServiceAccount_shop_api\n');
  expect(mermaidBlocks(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'topology.md'), 'utf-8'))[2]).toBe(picture);
});

/** The Mermaid blocks of a Markdown text, in order. */
function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n[\s\S]*?```/g)].map((m) => m[0]);
}

function handWritten(): any[] {
  const podTemplate = (labels: Record<string, string>, spec: Record<string, unknown> = {}) => ({
    metadata: { labels },
    spec: { containers: [{ name: 'app', image: 'app:1', volumeMounts: [{ name: 'config', mountPath: '/etc/app' }, { name: 'bundle', mountPath: '/etc/bundle' }] }], ...spec },
  });
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'api' } },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: podTemplate({ 'app': 'api', 'app.kubernetes.io/name': 'api', 'tier': 'backend' }, {
          imagePullSecrets: [{ name: 'pull' }],
          volumes: [
            { name: 'config', configMap: { name: 'api-config' } },
            { name: 'bundle', projected: { sources: [{ secret: { name: 'api-tls' } }, { configMap: { name: 'ca-bundle' } }] } },
            { name: 'unmounted', secret: { secretName: 'spare' } },
          ],
        }),
      },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config', namespace: 'shop' }, data: {} },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull', namespace: 'shop' }, type: 'kubernetes.io/dockerconfigjson' },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop', labels: { monitored: 'yes' } }, spec: { selector: { app: 'api' } } },
    // Two names that come out as the same id.
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api.v2', namespace: 'shop' }, spec: { selector: { app: 'nothing' } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api-v2', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'api.example.com' } },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'shop' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { labels: { 'app': 'report', 'tier': 'batch', 'app.kubernetes.io/name': 'report' } }, spec: {} } } } },
    },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'shop', labels: { app: 'debug' } }, spec: { containers: [] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'edge', namespace: 'shop', labels: { probe: 'me' } },
      spec: {
        tls: [{ hosts: ['*.example.com'] }],
        defaultBackend: { service: { name: 'api', port: { name: 'http' } } },
        rules: [
          { host: 'www.example.com', http: { paths: [{ path: '/search"[q]', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } },
          { host: 'example.org', http: { paths: [{ pathType: 'Prefix', backend: { service: { name: 'legacy', port: { number: 8080 } } } }] } },
        ],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: { name: 'grpc', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'internal' }], hostnames: ['grpc.example.com'], rules: [{ backendRefs: [{ name: 'api', port: 9000 }] }] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'everything', namespace: 'monitoring' },
      spec: { namespaceSelector: { any: true }, selector: { matchExpressions: [{ key: 'monitored', operator: 'Exists' }] }, endpoints: [{ port: 'http' }, { port: 'admin' }] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'backends', namespace: 'shop' },
      spec: { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'batch'] }, { key: 'app', operator: 'NotIn', values: ['report'] }] }, podMetricsEndpoints: [{}] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Probe',
      metadata: { name: 'checks', namespace: 'shop' },
      spec: {
        targets: {
          staticConfig: { static: ['api.shop.svc:80/healthz', 'https://status.example.net'] },
          ingress: { selector: { matchLabels: { probe: 'me' } } },
        },
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'report-records', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'report' } },
      spec: { groups: [{ name: 'r', rules: [{ record: 'x', expr: '1' }] }] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'api-alerts', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'api' } },
      spec: { groups: [{ name: 'r', rules: [{ alert: 'ApiDown', expr: 'up == 0' }] }] },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-dashboard', namespace: 'shop', labels: { 'grafana_dashboard': '1', 'app.kubernetes.io/name': 'api' } }, data: {} },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'worker', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' }, maxReplicas: 4 },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', namespace: 'shop' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'api' } } } },
    // Kinds the picture does not connect: nodes only (one without a namespace, one of the same kind and name in another group).
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gizmo' } },
    { apiVersion: 'other.example.com/v1', kind: 'Widget', metadata: { name: 'gizmo' } },
  ];
}

describe('objects made by anything', () => {
  test('every object is a node; references to objects that are not there are dashed boxes', () => {
    const manifests = handWritten();
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'hand-written'));
    expect(missingNodes(diagram, manifests)).toEqual([]);
    expect(sorted(diagram.external)).toEqual([
      'ConfigMap shop/ca-bundle', 'Deployment shop/worker', 'Gateway shop/internal', 'Secret shop/api-tls', 'Secret shop/spare', 'Service shop/legacy',
    ]);
    expect(sorted(diagram.edges)).toEqual(sorted([
      // A wildcard TLS host covers www.example.com, not example.org; a rule without a path serves "/".
      'https://www.example.com --> Ingress shop/edge: /search%22[q]',
      'http://example.org --> Ingress shop/edge: /',
      'Ingress shop/edge --> Service shop/api: port 80',
      'Ingress shop/edge --> Service shop/api: default backend, port http',
      'Ingress shop/edge --> Service shop/legacy: port 8080',
      'https://grpc.example.com --> GRPCRoute shop/grpc: /',
      'Gateway shop/internal --> GRPCRoute shop/grpc',
      'GRPCRoute shop/grpc --> Service shop/api: port 9000',
      'Service shop/api --> Deployment shop/api',
      'Deployment shop/api --> ConfigMap shop/api-config: mounts /etc/app',
      'Deployment shop/api --> Secret shop/api-tls: mounts /etc/bundle',
      'Deployment shop/api --> ConfigMap shop/ca-bundle: mounts /etc/bundle',
      'Deployment shop/api --> Secret shop/spare: volume unmounted',
      'Deployment shop/api --> Secret shop/pull: pulls images with',
      // A Probe of no application stays a node: a host it probes that nothing of the chart serves, as the Probe names it.
      'Probe shop/checks -.-> Service shop/api: probes',
      'Probe shop/checks -.-> https://status.example.net: probes',
      'Probe shop/checks -.-> Ingress shop/edge: probes',
      'NetworkPolicy shop/deny-all -.-> Deployment shop/api: applies to',
      'NetworkPolicy shop/deny-all -.-> CronJob shop/report: applies to',
      'NetworkPolicy shop/deny-all -.-> Pod shop/debug: applies to',
      // An autoscaler of a workload that is not in the chart stays a node.
      'HorizontalPodAutoscaler shop/worker -.-> Deployment shop/worker: scales 1 to 4',
    ]));
    // Folded into what they watch, guard or alert on: the monitors (from any namespace), the budget; the rules and the
    // dashboard into the side node of the application that their app.kubernetes.io/name label names.
    expect(detailsOf(diagram, 'Service shop/api')).toEqual(['ServiceMonitor monitoring/everything: scrapes ports admin, http']);
    // A Deployment without replicas runs one.
    expect(detailsOf(diagram, 'Deployment shop/api')).toEqual(['1 replica', 'PodDisruptionBudget shop/api: min available 50%', 'PodMonitor shop/backends: scrapes']);
    expect(detailsOf(diagram, 'monitoring of api')).toEqual(['ConfigMap shop/api-dashboard, dashboard: charts', 'PrometheusRule shop/api-alerts: 1 alert']);
    expect(detailsOf(diagram, 'monitoring of report')).toEqual(['PrometheusRule shop/report-records: records']);
    expect(detailsOf(diagram, 'NetworkPolicy shop/deny-all')).toEqual(['lets nothing in']);
    // The namespace of the nodes (the ServiceMonitor of namespace monitoring is a line of the Service), objects without
    // one outside it; the applications that labels name.
    expect(diagram.subgraphs).toEqual(['namespace shop', 'application api', 'application report']);
    expect(diagram.groupOf.has('Widget_gizmo')).toBe(false);
  });

  test('many applications in one chart: each workload\'s pod template is read once, whatever the number of selectors', () => {
    // A thousand selectors matched against a thousand workloads each made the picture of one chart quadratic.
    // The reads of the pod templates' labels count the matching work without timing it.
    const n = 60;
    let reads = 0;
    const manifests: any[] = [];
    for (let i = 0; i < n; i++) {
      const name = `web-${i}`;
      const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'shop' };
      const template = { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.3' }] } };
      const counted = new Proxy(template, {
        get: (target, prop, receiver) => {
          if (prop === 'metadata') {
            reads++;
          }
          return Reflect.get(target, prop, receiver);
        },
      });
      manifests.push(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', labels }, spec: { selector: { matchLabels: labels }, template: counted } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', labels }, spec: { selector: labels, ports: [{ port: 80 }] } },
        { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'shop' }, spec: { minAvailable: 1, selector: { matchLabels: labels } } },
        { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name, namespace: 'shop' }, spec: { selector: { matchLabels: labels }, endpoints: [{ port: 'http' }] } },
        { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name, namespace: 'shop', labels }, spec: { groups: [] } },
      );
    }
    // One selector that matches by expression only: it is checked against every workload, once.
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'all', namespace: 'shop' },
      spec: { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/part-of', operator: 'In', values: ['shop'] }] } },
    });
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'shop', { networkPolicies: true }));
    expect(reads).toBe(n);
    expect(diagram.edges.filter((e) => e.startsWith('Service shop/web-7 ')).sort()).toEqual(['Service shop/web-7 --> Deployment shop/web-7']);
    expect(diagram.edges.filter((e) => e.includes('shop/web-7') && e.includes('-.->')).sort()).toEqual([
      'NetworkPolicy shop/all -.-> Deployment shop/web-7: applies to',
    ]);
    expect(detailsOf(diagram, 'Deployment shop/web-7')).toEqual(['1 replica', 'PodDisruptionBudget shop/web-7: min available 1']);
    expect(detailsOf(diagram, 'Service shop/web-7')).toEqual(['ServiceMonitor shop/web-7: scrapes port http']);
    expect(detailsOf(diagram, 'monitoring of web-7')).toEqual(['PrometheusRule shop/web-7: records']);
    // Per application: Service → Deployment, the policy; the budget, monitor and rule folded; the policy lets nothing in.
    expect(diagram.edges.length).toBe(2 * n);
    expect(missingNodes(diagram, manifests)).toEqual([]);
  });

  test('ids: kind, namespace and name in [A-Za-z0-9_]; names that come out the same get a number', () => {
    const markdown = TopologyDiagram.ofManifests(handWritten(), 'hand-written');
    const diagram = parseDiagram(markdown);
    expect(diagram.nodes.get('Service_shop_api_v2')).toBe('Service shop/api-v2');
    expect(diagram.nodes.get('Service_shop_api_v2_2')).toBe('Service shop/api.v2');
    expect(diagram.nodes.get('Widget_gizmo')).toBe('Widget gizmo');
    expect(diagram.nodes.get('Widget_gizmo_2')).toBe('Widget gizmo');
    for (const id of diagram.nodes.keys()) {
      expect(id).toMatch(/^[A-Za-z0-9_]+$/);
    }
  });

  test('public hosts: one node per host, https when any Ingress serves it with TLS; the shares of ingress-nginx canaries', () => {
    const ingress = (name: string, annotations: Record<string, string>, paths: string[], tls = false) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace: 'shop', annotations },
      spec: {
        ...(tls ? { tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }] } : {}),
        rules: [{ host: 'shop.example.com', http: { paths: paths.map((p) => ({ path: p, pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } })) } }],
      },
    });
    const canary = 'nginx.ingress.kubernetes.io/canary';
    const hostEdges = (manifests: any[]) => parseDiagram(TopologyDiagram.ofManifests(manifests, 'shop')).edges.filter((e) => e.startsWith('http')).sort();
    // The canary Ingress has no TLS of its own: the host is https all the same, one node.
    expect(hostEdges([
      ingress('web', {}, ['/', '/api'], true),
      ingress('web-canary', { [canary]: 'true', [`${canary}-weight`]: '10' }, ['/']),
    ])).toEqual(['https://shop.example.com --> Ingress shop/web-canary: 10% canary, /', 'https://shop.example.com --> Ingress shop/web: 90%, /, /api']);
    // A weight of another total; a canary by header takes no share of the rest, the main Ingress none either.
    expect(hostEdges([
      ingress('web', {}, ['/'], true),
      ingress('web-canary', { [canary]: 'true', [`${canary}-weight`]: '1', [`${canary}-weight-total`]: '4' }, ['/']),
    ])).toEqual(['https://shop.example.com --> Ingress shop/web-canary: 25% canary, /', 'https://shop.example.com --> Ingress shop/web: 75%, /']);
    expect(hostEdges([
      ingress('web', {}, ['/']),
      ingress('web-canary', { [canary]: 'true', [`${canary}-by-header`]: 'X-Canary' }, ['/']),
    ])).toEqual(['http://shop.example.com --> Ingress shop/web-canary: canary by header X-Canary, /', 'http://shop.example.com --> Ingress shop/web: /']);
    // Not a canary: no share.
    expect(hostEdges([ingress('web', { [canary]: 'false', [`${canary}-weight`]: '10' }, ['/'])])).toEqual(['http://shop.example.com --> Ingress shop/web: /']);
  });

  test('labels: quotes and brackets as Mermaid entity codes', () => {
    const oddPath = '/a"b[c](d){e}|f<g>';
    const markdown = TopologyDiagram.ofManifests([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'odd', namespace: 'x' },
      spec: { rules: [{ host: 'odd.example.com', http: { paths: [{ path: oddPath, backend: { service: { name: 's', port: { number: 1 } } } }] } }] },
    }, {
      apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'say "hi" [now] #1' },
    }], 'odd');
    expect(markdown).toContain('  Thing_say__hi___now___1["Thing say #quot;hi#quot; #91;now#93; #35;1"]');
    expect(markdown).toContain('  Host_odd_example_com -->|"/a%22b#91;c#93;#40;d#41;%7Be%7D#124;f%3Cg%3E"| Ingress_x_odd');
    const diagram = parseDiagram(markdown);
    expect([...diagram.nodes.values()].sort()).toEqual(['Ingress x/odd', 'Service x/s', 'Thing say "hi" [now] #1', 'http://odd.example.com']);
    expect(diagram.edges).toContain(`http://odd.example.com --> Ingress x/odd: ${new URL(`http://odd.example.com${oddPath}`).pathname}`);
    for (const line of /```mermaid\n([\s\S]*?)```/.exec(markdown)![1].split('\n')) {
      // Inside a quoted label: no quote, bracket, brace, pipe, angle bracket or backtick but as entity codes.
      for (const label of line.match(/"[^"]*"/g) ?? []) {
        expect(label.slice(1, -1)).not.toMatch(/[\][(){}|<>`]/);
      }
    }
  });

  test('optional parts left out: ConfigMap and Secret volumes, dashboards, network policies', () => {
    const manifests = handWritten();
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'hand-written', { configVolumes: false, dashboards: false, networkPolicies: false }));
    const labels = [...diagram.nodes.values()];
    expect(labels).not.toContain('ConfigMap shop/api-dashboard, dashboard');
    expect(labels.some((l) => l.startsWith('NetworkPolicy'))).toBe(false);
    expect(labels).toContain('ConfigMap shop/api-config'); // still an object of the chart
    expect(diagram.edges.filter((e) => / (ConfigMap|Secret) /.test(e) || e.startsWith('NetworkPolicy') || e.includes('dashboard'))).toEqual([]);
    expect(sorted(diagram.external)).toEqual(['Deployment shop/worker', 'Gateway shop/internal', 'Service shop/legacy']);
    expect(missingNodes(diagram, manifests.filter((m) => m.kind !== 'NetworkPolicy' && m.metadata.name !== 'api-dashboard'))).toEqual([]);
  });

  test('dashboards by other labels', () => {
    const manifests = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', labels: { 'grafana.example.com/dashboard': 'true', 'app.kubernetes.io/name': 'w' } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w', labels: { 'app.kubernetes.io/name': 'w' } } },
    ];
    expect(parseDiagram(TopologyDiagram.ofManifests(manifests, 't')).edges).toEqual([]);
    expect(parseDiagram(TopologyDiagram.ofManifests(manifests, 't', { dashboardLabels: { 'grafana.example.com/dashboard': 'true' } })).edges)
      .toEqual(['ConfigMap d, dashboard -.-> Pod w: charts']);
  });

  test('deterministic: the order of the objects does not matter, and nothing changes between runs', () => {
    const manifests = handWritten();
    const once = TopologyDiagram.ofManifests(manifests, 'hand-written');
    expect(TopologyDiagram.ofManifests([...manifests].reverse(), 'hand-written')).toBe(once);
    expect(TopologyDiagram.ofManifests(manifests, 'hand-written')).toBe(once);
    expect(once).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  test('an empty chart', () => {
    expect(TopologyDiagram.ofManifests([], 'empty')).toBe([
      '# Topology of empty',
      '',
      'Generated by cdk8s-appflow from the synthesized manifests (0 objects); do not edit.',
      '',
      '```mermaid',
      'flowchart LR',
      '  %% no objects',
      '```',
      // Nothing drawn, nothing to explain.
      '',
    ].join('\n'));
  });
});

describe('refused', () => {
  test.each([
    ['not a list', { kind: 'Service' }, 't', 'invalid manifests {"kind":"Service"}: it is not a list. Expected a list of Kubernetes objects, each with a kind and a metadata.name (e.g. chart.toJson()).'],
    ['not an object', ['Service/web'], 't', 'invalid manifests[0] "Service/web": it is not an object. Expected a list of Kubernetes objects'],
    ['no kind', [{ metadata: { name: 'web' } }], 't', 'invalid manifests[0] {"metadata":{"name":"web"}}: it has no kind. Expected'],
    ['no name', [{ kind: 'Service', metadata: {} }], 't', 'invalid manifests[0] {"kind":"Service","metadata":{}}: it has no metadata.name. Expected'],
    ['an empty title', [], ' ', 'invalid title " ": it is empty. Expected what the heading names, e.g. the chart\'s name.'],
  ])('%s', (_, manifests, title, message) => {
    expect(() => TopologyDiagram.ofManifests(manifests as any, title)).toThrow(message);
  });
});

describe('connections: the flows of src/analysis, with what the NetworkPolicies make of them', () => {
  const dbLabels = { app: 'db' };
  const manifests = (policyFrom: Record<string, string>) => [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'web:1', env: [{ name: 'DB_HOST', value: 'db.shop.svc.cluster.local' }, { name: 'DB_PORT', value: '3306' }] }] },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { serviceName: 'db', selector: { matchLabels: dbLabels }, template: { metadata: { labels: dbLabels }, spec: { containers: [{ name: 'db', image: 'mysql:8', ports: [{ name: 'mysql', containerPort: 3306 }] }] } } },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'shop' }, spec: { selector: dbLabels, ports: [{ name: 'mysql', port: 3306, targetPort: 'mysql' }] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { podSelector: { matchLabels: dbLabels }, ingress: [{ from: [{ podSelector: { matchLabels: policyFrom } }], ports: [{ port: 'mysql' }] }] },
    },
  ];
  const connectionEdges = (m: any[]) => [...parseDiagram(TopologyDiagram.ofManifests(m, 'shop')).edges].filter((e) => / (-->|--x) Service /.test(e));
  const policyEdges = (m: any[]) => [...parseDiagram(TopologyDiagram.ofManifests(m, 'shop')).edges].filter((e) => e.includes('NetworkPolicy shop/db') && e.includes(' -.-> ')).sort();

  test('an admitted connection: the client → the Service, with the port; the client ⇢ the policy that lets it in', () => {
    expect(connectionEdges(manifests({ app: 'web' }))).toEqual(['Deployment shop/web --> Service shop/db: connects, port 3306']);
    expect(policyEdges(manifests({ app: 'web' }))).toEqual([
      'Deployment shop/web -.-> NetworkPolicy shop/db: lets in, port mysql',
      'NetworkPolicy shop/db -.-> StatefulSet shop/db: applies to',
    ]);
  });

  test('a blocked connection: a crossed arrow that names the policy; the pods the policy lets in instead, as a dashed box', () => {
    const m = manifests({ app: 'admin' });
    expect(connectionEdges(m)).toEqual(['Deployment shop/web --x Service shop/db: blocked by NetworkPolicy shop/db']);
    expect(policyEdges(m)).toEqual(['NetworkPolicy shop/db -.-> StatefulSet shop/db: applies to', 'pods app=admin -.-> NetworkPolicy shop/db: lets in, port mysql']);
    const diagram = parseDiagram(TopologyDiagram.ofManifests(m, 'shop'));
    expect(diagram.external).toEqual(new Set(['pods app=admin']));
    // In the policy's namespace: the pods of that namespace that it selects.
    expect(diagram.groupOf.get([...diagram.nodes].find(([, l]) => l === 'pods app=admin')![0])).toBe('namespace shop');
    expect(TopologyDiagram.ofManifests(m, 'shop').split('\n').at(-2)).toContain('Crossed arrows: a connection that a NetworkPolicy blocks.');
  });

  test('who a policy lets in: workloads by pod and namespace selectors, other namespaces, addresses, any source; ports and protocols', () => {
    const policy = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec });
    const all = [
      ...manifests({ app: 'web' }),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'shop' } } },
      policy('wide', {
        podSelector: { matchLabels: dbLabels },
        ingress: [
          // The pods of namespaces labelled team=shop (the manifests' Namespace shop is one: the web pods are).
          { from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 3306 }, { port: 9000, endPort: 9010, protocol: 'UDP' }] },
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['prometheus'] }] } }] },
          { from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }] },
          { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] },
          {},
        ],
      }),
      policy('egress-only', { podSelector: { matchLabels: { app: 'batch' } }, policyTypes: ['Egress'], egress: [] }),
    ];
    const diagram = parseDiagram(TopologyDiagram.ofManifests(all, 'shop'));
    expect(diagram.edges.filter((e) => e.includes('-.-> NetworkPolicy shop/wide')).sort()).toEqual([
      'Deployment shop/web -.-> NetworkPolicy shop/wide: lets in, ports 3306, 9000-9010/UDP',
      'addresses 10.0.0.0/8 except 10.1.0.0/16 -.-> NetworkPolicy shop/wide: lets in',
      'any source -.-> NetworkPolicy shop/wide: lets in',
      'namespace monitoring, pods app in (prometheus) -.-> NetworkPolicy shop/wide: lets in',
      // The workloads of the chart in the namespaces it selects: every one of them (the web and the db).
      'Deployment shop/web -.-> NetworkPolicy shop/wide: lets in',
      'StatefulSet shop/db -.-> NetworkPolicy shop/wide: lets in',
    ].sort());
    // A policy of egress only lets in what it did: no edge, no "lets nothing in".
    expect(diagram.edges.filter((e) => e.includes('NetworkPolicy shop/egress-only') && !e.includes('applies to'))).toEqual([]);
    expect(detailsOf(diagram, 'NetworkPolicy shop/egress-only')).toEqual([]);
    // The Namespace is the frame of its objects, not a node.
    expect(diagram.subgraphs[0]).toBe('Namespace shop');
    expect([...diagram.nodes.values()].some((l) => l.startsWith('Namespace'))).toBe(false);
    expect(missingNodes(diagram, all)).toEqual([]);
  });
});

describe('identity and secrets: the ServiceAccount the pods run as, its bindings and roles, the Secrets they read and what makes them', () => {
  const LEGEND_WITH_IDENTITY = 'Solid arrows: traffic, the storage and configuration that pods use, and the ServiceAccount they run as with its bindings '
    + 'and roles.';

  test('an AppServiceAccount with grants, a password from an ExternalSecretSource and a key of an ExistingSecretSource', () => {
    const chart = identityAndSecrets();
    const manifests = synth(chart);
    const markdown = TopologyDiagram.ofChart(chart);
    const diagram = parseDiagram(markdown);
    expect(missingNodes(diagram, manifests)).toEqual([]);
    expect(sorted(diagram.nodes.values())).toEqual(sorted([
      'ServiceAccount shop/api',
      // A role's rules in a few words, on its node.
      'Role shop/api, read configmaps/api-flags',
      'RoleBinding shop/api', 'RoleBinding shop/api.view', 'ClusterRole view',
      'Deployment shop/api',
      'ClusterSecretStore vault', 'ExternalSecret shop/db-password', 'Secret shop/db-password', 'Secret shop/api-tls',
    ]));
    expect(detailsOf(diagram, 'Deployment shop/api')).toEqual(['2 replicas', 'PodDisruptionBudget shop/api: max unavailable 1']);
    // The identity, the Secrets and what makes them, in the application's frame; the cluster-wide objects outside.
    expect(diagram.subgraphs).toEqual(['namespace shop', 'application api']);
    expect(sorted([...diagram.applicationOf].filter(([, a]) => a === 'application api').map(([id]) => diagram.nodes.get(id)!))).toEqual(sorted([
      'ServiceAccount shop/api', 'Role shop/api, read configmaps/api-flags', 'RoleBinding shop/api', 'RoleBinding shop/api.view', 'Deployment shop/api',
      'ExternalSecret shop/db-password', 'Secret shop/db-password', 'Secret shop/api-tls',
    ]));
    // Made elsewhere: the ClusterRole, the store and the existing Secret. The Secret that the ExternalSecret makes is the chart's.
    expect(sorted(diagram.external)).toEqual(['ClusterRole view', 'ClusterSecretStore vault', 'Secret shop/api-tls']);
    expect(sorted(diagram.edges)).toEqual(sorted([
      // The pods run as the ServiceAccount (with a token: the account and the workload both ask for it) ...
      'Deployment shop/api --> ServiceAccount shop/api: runs as, API token mounted',
      // ... which each binding connects to the role it binds.
      'ServiceAccount shop/api --> RoleBinding shop/api',
      'RoleBinding shop/api --> Role shop/api, read configmaps/api-flags',
      'ServiceAccount shop/api --> RoleBinding shop/api.view',
      'RoleBinding shop/api.view --> ClusterRole view',
      // The Secrets the pods read by env, and where the password comes from.
      'Deployment shop/api --> Secret shop/db-password: env DB_PASSWORD',
      'ExternalSecret shop/db-password --> Secret shop/db-password: makes',
      'ClusterSecretStore vault --> ExternalSecret shop/db-password',
      'Deployment shop/api --> Secret shop/api-tls: env TLS_KEY',
    ]));
    // The Mermaid text itself: the lines a reviewer reads in the diff.
    const lines = markdown.split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      '      Role_shop_api["Role shop/api, read configmaps/api-flags"]',
      '  Deployment_shop_api -->|"runs as, API token mounted"| ServiceAccount_shop_api',
      '  ServiceAccount_shop_api --> RoleBinding_shop_api',
      '  RoleBinding_shop_api --> Role_shop_api',
      '  ServiceAccount_shop_api --> RoleBinding_shop_api_view',
      '  RoleBinding_shop_api_view --> ClusterRole_view',
      '  Deployment_shop_api -->|"env DB_PASSWORD"| Secret_shop_db_password',
      '  ExternalSecret_shop_db_password -->|"makes"| Secret_shop_db_password',
      '  ClusterSecretStore_vault --> ExternalSecret_shop_db_password',
      '  Deployment_shop_api -->|"env TLS_KEY"| Secret_shop_api_tls',
      '  class Secret_shop_api_tls external',
    ]));
    expect(lines).not.toContain('  class Secret_shop_db_password external');
    expect(lines.at(-2)).toContain(LEGEND_WITH_IDENTITY);
    expect(markdown).toMatchSnapshot();
  });

  const secretReader = (podSpec: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [], ...podSpec } } },
  });

  test('a token for the API server projected into a mounted volume is an API token of the pods, when neither the pod nor the ServiceAccount mounts one', () => {
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, automountServiceAccountToken: false };
    const tokenFor = (audience?: string) => ({ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', audience, expirationSeconds: 3600 } }] } });
    const mounting = [{ name: 'api', image: 'api:1', volumeMounts: [{ name: 'token', mountPath: '/var/run/token' }] }];
    const edgesOf = (podSpec: Record<string, unknown>) =>
      parseDiagram(TopologyDiagram.ofManifests([secretReader({ serviceAccountName: 'api', ...podSpec }), account], 'shop')).edges
        .filter((e) => e.includes('ServiceAccount shop/api'));
    expect(edgesOf({ volumes: [tokenFor()], containers: mounting })).toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, API token projected']);
    // A token for Vault is not one the API server takes; a volume no container mounts gives the pods nothing.
    expect(edgesOf({ volumes: [tokenFor('vault')], containers: mounting })).toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, no API token']);
    expect(edgesOf({ volumes: [tokenFor()] })).toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, no API token']);
    expect(edgesOf({})).toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, no API token']);
    expect(edgesOf({ volumes: [tokenFor()], automountServiceAccountToken: true })).toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, API token mounted']);
  });

  test('Secrets and ConfigMaps read by env (named by variable), envFrom (with the prefix), volumes and pull Secrets (also the ServiceAccount\'s)', () => {
    const manifests = [
      secretReader({
        serviceAccountName: 'api',
        initContainers: [{ name: 'migrate', image: 'm:1', env: [{ name: 'DB_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } }] }],
        containers: [{
          name: 'api',
          image: 'api:1',
          env: [
            { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'db', key: 'user' } } },
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'flags', key: 'mode' } } },
          ],
          envFrom: [{ secretRef: { name: 's3' } }, { prefix: 'S3_', secretRef: { name: 's3' } }, { configMapRef: { name: 'settings' } }],
          volumeMounts: [{ name: 'tls', mountPath: '/tls' }],
        }],
        volumes: [{ name: 'tls', secret: { secretName: 'api-tls' } }],
      }),
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, imagePullSecrets: [{ name: 'pull' }] },
    ];
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'shop'));
    expect(sorted(diagram.edges)).toEqual(sorted([
      'Deployment shop/api --> Secret shop/db: env DB_URL, DB_USER',
      'Deployment shop/api --> ConfigMap shop/flags: env MODE',
      'Deployment shop/api --> Secret shop/s3: env from every key',
      'Deployment shop/api --> Secret shop/s3: env from every key, prefix S3_',
      'Deployment shop/api --> ConfigMap shop/settings: env from every key',
      'Deployment shop/api --> Secret shop/api-tls: mounts /tls',
      'Deployment shop/api --> ServiceAccount shop/api: runs as, API token mounted',
      'ServiceAccount shop/api --> Secret shop/pull: pulls images with',
    ]));
    // Left out with configVolumes: false; the identity stays.
    const without = parseDiagram(TopologyDiagram.ofManifests(manifests, 'shop', { configVolumes: false }));
    expect(without.edges).toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, API token mounted']);
  });

  test('whether the pods get an API token: the pod\'s say, else the ServiceAccount\'s (true unless it says false), else unsaid', () => {
    const account = (automount?: boolean) => ({
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
    });
    const runsAs = (manifests: any[]) => parseDiagram(TopologyDiagram.ofManifests(manifests, 'shop')).edges.filter((e) => e.includes('runs as'));
    expect(runsAs([secretReader({ serviceAccountName: 'api', automountServiceAccountToken: false }), account(true)]))
      .toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, no API token']);
    expect(runsAs([secretReader({ serviceAccountName: 'api', automountServiceAccountToken: true }), account(false)]))
      .toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, API token mounted']);
    expect(runsAs([secretReader({ serviceAccountName: 'api' }), account(false)])).toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, no API token']);
    expect(runsAs([secretReader({ serviceAccountName: 'api' }), account()])).toEqual(['Deployment shop/api --> ServiceAccount shop/api: runs as, API token mounted']);
    // A ServiceAccount made elsewhere: a dashed box, and what it says about tokens is not known.
    const elsewhere = parseDiagram(TopologyDiagram.ofManifests([secretReader({ serviceAccount: 'legacy' })], 'shop'));
    expect(elsewhere.edges).toEqual(['Deployment shop/api --> ServiceAccount shop/legacy: runs as']);
    expect(elsewhere.external).toEqual(new Set(['ServiceAccount shop/legacy']));
    // No ServiceAccount named: the namespace's default, not drawn.
    expect(runsAs([secretReader({})])).toEqual([]);
  });

  test('bindings: every subject → the binding → the role; ServiceAccounts of other namespaces, users and groups; roles made elsewhere', () => {
    const binding = (kind: string, name: string, namespace: string | undefined, roleRef: Record<string, string>, subjects: unknown) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, roleRef, subjects,
    });
    const manifests = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'nodes-reader' },
        rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
      },
      binding('RoleBinding', 'api', 'shop', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api-elsewhere' }, [
        { kind: 'ServiceAccount', name: 'api' }, // the binding's namespace
        { kind: 'ServiceAccount', name: 'collector', namespace: 'monitoring' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'shop-admins' },
      ]),
      binding('ClusterRoleBinding', 'nodes', undefined, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nodes-reader' }, [
        { kind: 'ServiceAccount', name: 'api', namespace: 'shop' },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane@example.com' },
        { kind: 'ServiceAccount' }, // no name: skipped
        'not a subject',
      ]),
      // Not a list of subjects, no roleRef: the node, no edges.
      binding('RoleBinding', 'broken', 'shop', undefined as any, 'x'),
      // Another group's kind of the same name is not RBAC.
      { apiVersion: 'example.com/v1', kind: 'RoleBinding', metadata: { name: 'other', namespace: 'shop' }, subjects: [{ kind: 'ServiceAccount', name: 'api' }] },
    ];
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'rbac'));
    expect(missingNodes(diagram, manifests)).toEqual([]);
    expect(sorted(diagram.edges)).toEqual(sorted([
      'ServiceAccount shop/api --> RoleBinding shop/api',
      'ServiceAccount monitoring/collector --> RoleBinding shop/api',
      'Group shop-admins --> RoleBinding shop/api',
      'RoleBinding shop/api --> Role shop/api-elsewhere',
      'ServiceAccount shop/api --> ClusterRoleBinding nodes',
      'User jane@example.com --> ClusterRoleBinding nodes',
      'ClusterRoleBinding nodes --> ClusterRole nodes-reader, read nodes',
    ]));
    expect(sorted(diagram.external)).toEqual(['Group shop-admins', 'Role shop/api-elsewhere', 'ServiceAccount monitoring/collector', 'User jane@example.com']);
    // Objects of two namespaces: each in its frame; cluster-wide objects, users and groups outside.
    expect(diagram.groupOf.get('ServiceAccount_monitoring_collector')).toBe('namespace monitoring');
    expect(diagram.groupOf.has('ClusterRoleBinding_nodes')).toBe(false);
    expect(diagram.groupOf.has('User_jane_example_com')).toBe(false);
  });

  test('ExternalSecrets: the store → the ExternalSecret → the Secret it makes (target.name, else its own name), or merges into', () => {
    const externalSecret = (name: string, spec: Record<string, unknown>, apiVersion = 'external-secrets.io/v1') => ({
      apiVersion, kind: 'ExternalSecret', metadata: { name, namespace: 'shop' }, spec,
    });
    const manifests = [
      externalSecret('db', { secretStoreRef: { kind: 'SecretStore', name: 'vault' }, target: { name: 'db-password' }, data: [{ secretKey: 'password', remoteRef: { key: 'db' } }] }),
      // No target name: the Secret is named after the ExternalSecret; no kind: a SecretStore.
      externalSecret('api-keys', { secretStoreRef: { name: 'aws' }, dataFrom: [{ extract: { key: 'api' } }] }),
      // Stores per entry, beside the default one; an older API version.
      externalSecret('mixed', {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        data: [{ secretKey: 'a', remoteRef: { key: 'a' }, sourceRef: { storeRef: { kind: 'ClusterSecretStore', name: 'gcp' } } }],
        dataFrom: [{ extract: { key: 'b' }, sourceRef: { storeRef: { name: 'local' } } }, { extract: { key: 'c' }, sourceRef: { generatorRef: { kind: 'Password', name: 'p' } } }],
      }, 'external-secrets.io/v1beta1'),
      externalSecret('merged', { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, target: { name: 'app-config', creationPolicy: 'Merge' } }),
      externalSecret('none', { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, target: { name: 'nothing', creationPolicy: 'None' } }),
      externalSecret('other', { secretStoreRef: { name: 'x' } }, 'example.com/v1'),
      secretReader({ containers: [{ name: 'api', image: 'api:1', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-password', key: 'password' } } }] }] }),
    ];
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'shop'));
    expect(sorted(diagram.edges)).toEqual(sorted([
      'SecretStore shop/vault --> ExternalSecret shop/db',
      'ExternalSecret shop/db --> Secret shop/db-password: makes',
      'Deployment shop/api --> Secret shop/db-password: env DB_PASSWORD',
      'SecretStore shop/aws --> ExternalSecret shop/api-keys',
      'ExternalSecret shop/api-keys --> Secret shop/api-keys: makes',
      'ClusterSecretStore vault --> ExternalSecret shop/mixed',
      'ClusterSecretStore gcp --> ExternalSecret shop/mixed',
      'SecretStore shop/local --> ExternalSecret shop/mixed',
      'ExternalSecret shop/mixed --> Secret shop/mixed: makes',
      'ClusterSecretStore vault --> ExternalSecret shop/merged',
      'ExternalSecret shop/merged --> Secret shop/app-config: merges into',
      'ClusterSecretStore vault --> ExternalSecret shop/none',
    ]));
    // Secrets that the ExternalSecrets make are the chart's, even when a pod named one first; the one merged into is made elsewhere.
    expect(sorted(diagram.external)).toEqual([
      'ClusterSecretStore gcp', 'ClusterSecretStore vault', 'Secret shop/app-config', 'SecretStore shop/aws', 'SecretStore shop/local', 'SecretStore shop/vault',
    ]);
  });

  test('a Secret\'s data is never drawn: not its values, not an ExternalSecret\'s template, not a literal env value', () => {
    const manifests = [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { password: 'c2VjcmV0LWRhdGE=' }, stringData: { token: 'secret-string-data' } },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'pull', namespace: 'shop' },
        spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, target: { template: { data: { '.dockerconfigjson': 'secret-template-data' } } } },
      },
      secretReader({
        containers: [{
          name: 'api',
          image: 'api:1',
          env: [{ name: 'LITERAL', value: 'secret-literal' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
        }],
      }),
    ];
    const markdown = TopologyDiagram.ofManifests(manifests, 'shop');
    expect(parseDiagram(markdown).edges).toContain('Deployment shop/api --> Secret shop/db: env DB_PASSWORD');
    expect(markdown).not.toMatch(/c2VjcmV0|secret-(string|template|literal)|LITERAL/);
  });

  test('the legend names the identity only when the picture draws one', () => {
    const legend = (manifests: any[]) => TopologyDiagram.ofManifests(manifests, 't').split('\n').at(-2);
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' } };
    // A ServiceAccount alone: its namespace's frame, no arrow.
    expect(legend([account])).toBe('Frames: the namespaces.');
    expect(legend([account, secretReader({ serviceAccountName: 'api' })])).toBe('Frames: the namespaces. Lines under a name: its replicas, and what scales, '
      + `guards, watches, alerts on or charts it. ${LEGEND_WITH_IDENTITY}`);
    expect(legend([secretReader({ volumes: [{ name: 'v', configMap: { name: 'c' } }] })])).toBe('Frames: the namespaces. Lines under a name: its replicas, '
      + 'and what scales, guards, watches, alerts on or charts it. Solid arrows: traffic, and the storage and configuration that pods use. Dashed boxes: '
      + 'referenced, but not in this chart.');
  });

  test('the legend explains each shape, frame and line style the picture uses, and nothing else', () => {
    const sentences = (markdown: string) => markdown.split('\n').at(-2)!.split(/(?<=\.) (?=[A-Z])/).map((x) => x.split(':')[0]);
    expect(sentences(TopologyDiagram.ofChart(webShop()))).toEqual([
      'Frames', 'Rounded', 'Cylinders', 'Lines under a name', 'Solid arrows', 'Dotted arrows', 'Dashed boxes',
    ]);
    expect(sentences(TopologyDiagram.ofChart(blueGreen()))).toEqual(['Frames', 'Rounded', 'Lines under a name', 'Solid arrows']);
    const blocked = [
      secretReader({ containers: [{ name: 'api', image: 'api:1', env: [{ name: 'DB_HOST', value: 'db.shop.svc' }, { name: 'DB_PORT', value: '5432' }] }] }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'shop' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'shop', labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1', ports: [{ containerPort: 5432 }] }] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'db', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'db' } } } },
    ];
    expect(sentences(TopologyDiagram.ofManifests(blocked, 'shop'))).toEqual(['Frames', 'Lines under a name', 'Solid arrows', 'Dotted arrows', 'Crossed arrows']);
  });
});

describe('KEDA: a ScaledObject scales its workload like an HPA; its TriggerAuthentication reads a Secret', () => {
  test('a worker scaled from 0 to 30 on its RabbitMQ queue and its CPU; the connection string from an ExternalSecret, to the pods and to KEDA', () => {
    const chart = queueWorker();
    const manifests = synth(chart);
    const markdown = TopologyDiagram.ofChart(chart);
    const diagram = parseDiagram(markdown);
    expect(missingNodes(diagram, manifests)).toEqual([]);
    expect(sorted(diagram.edges)).toEqual(sorted([
      // The ScaledObject is drawn as the HPA is: a dotted edge to what it scales, with the replicas and what its triggers measure.
      'ScaledObject jobs/worker -.-> Deployment jobs/worker: scales 0 to 30 on rabbitmq queue length and cpu utilization',
      // The credentials KEDA uses, drawn as a pod's Secrets are: the TriggerAuthentication reads the Secret the ExternalSecret makes.
      'ScaledObject jobs/worker --> TriggerAuthentication jobs/rabbitmq: authenticates with',
      'TriggerAuthentication jobs/rabbitmq --> Secret jobs/rabbitmq: parameter host',
      'Deployment jobs/worker --> Secret jobs/rabbitmq: env RABBITMQ_URL',
      'ExternalSecret jobs/rabbitmq --> Secret jobs/rabbitmq: makes',
      'ClusterSecretStore vault --> ExternalSecret jobs/rabbitmq',
    ]));
    expect(sorted(diagram.external)).toEqual(['ClusterSecretStore vault']);
    expect(markdown.split('\n')).toEqual(expect.arrayContaining([
      '  ScaledObject_jobs_worker -.->|"scales 0 to 30 on rabbitmq queue length and cpu utilization"| Deployment_jobs_worker',
      '  ScaledObject_jobs_worker -->|"authenticates with"| TriggerAuthentication_jobs_rabbitmq',
      '  TriggerAuthentication_jobs_rabbitmq -->|"parameter host"| Secret_jobs_rabbitmq',
    ]));
    expect(markdown).toMatchSnapshot();
  });

  const scaledObject = (name: string, spec: Record<string, unknown>, apiVersion = 'keda.sh/v1alpha1') => ({
    apiVersion, kind: 'ScaledObject', metadata: { name, namespace: 'jobs' }, spec,
  });
  const triggerAuthentication = (name: string, spec: Record<string, unknown>, apiVersion = 'keda.sh/v1alpha1') => ({
    apiVersion, kind: 'TriggerAuthentication', metadata: { name, namespace: 'jobs' }, spec,
  });

  test('the target: a Deployment unless scaleTargetRef names a kind; KEDA\'s defaults of 0 and 100 replicas; each trigger in a few words', () => {
    const manifests = [
      scaledObject('defaults', { scaleTargetRef: { name: 'a' } }),
      scaledObject('stateful', {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'b' },
        minReplicaCount: 1,
        maxReplicaCount: 5,
        triggers: [
          { type: 'kafka', metadata: { lagThreshold: '10' } },
          { type: 'prometheus', metadata: { query: 'sum(x)' } },
          { type: 'rabbitmq', metadata: { mode: 'MessageRate' } },
          { type: 'memory', metricType: 'AverageValue', metadata: { value: '512Mi' } },
        ],
      }),
      scaledObject('others', {
        scaleTargetRef: { name: 'c' },
        maxReplicaCount: 3,
        // A scaler the picture has no words for goes by its type; the same words once; an entry without a type is left out.
        triggers: [{ type: 'cron', metadata: {} }, { type: 'aws-sqs-queue' }, { type: 'redis' }, { type: 'redis' }, { type: 'rabbitmq' }, {}, 'junk'],
      }),
      scaledObject('no-target', { triggers: [{ type: 'cpu' }] }),
      // Not KEDA's: nothing drawn.
      scaledObject('other-group', { scaleTargetRef: { name: 'd' } }, 'example.com/v1'),
    ];
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'jobs'));
    expect(sorted(diagram.edges)).toEqual(sorted([
      'ScaledObject jobs/defaults -.-> Deployment jobs/a: scales 0 to 100',
      'ScaledObject jobs/stateful -.-> StatefulSet jobs/b: scales 1 to 5 on kafka consumer lag, prometheus query, rabbitmq message rate and memory',
      'ScaledObject jobs/others -.-> Deployment jobs/c: scales 0 to 3 on cron schedule, aws-sqs-queue queue length, redis and rabbitmq',
    ]));
  });

  test('TriggerAuthentications: the Secrets and ConfigMaps they read, with the parameters; a ScaledObject\'s, also a ClusterTriggerAuthentication', () => {
    const manifests = [
      scaledObject('worker', {
        scaleTargetRef: { name: 'worker' },
        triggers: [
          { type: 'rabbitmq', metadata: { mode: 'QueueLength' }, authenticationRef: { name: 'rabbitmq' } },
          { type: 'kafka', authenticationRef: { name: 'kafka', kind: 'ClusterTriggerAuthentication' } },
          { type: 'prometheus', authenticationRef: { name: 'missing' } },
        ],
      }),
      triggerAuthentication('rabbitmq', {
        secretTargetRef: [{ parameter: 'host', name: 'rabbitmq', key: 'url' }],
        configMapTargetRef: [{ parameter: 'vhost', name: 'rabbitmq-settings', key: 'vhost' }],
      }),
      triggerAuthentication('kafka-local', {
        secretTargetRef: [
          { parameter: 'username', name: 'kafka', key: 'user' },
          { parameter: 'password', name: 'kafka', key: 'password' },
          { name: 'no-parameter', key: 'x' },
          { parameter: 'no-name', key: 'y' },
        ],
      }),
      triggerAuthentication('other-group', { secretTargetRef: [{ parameter: 'p', name: 's', key: 'k' }] }, 'example.com/v1'),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rabbitmq', namespace: 'jobs' } },
    ];
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'jobs'));
    expect(sorted(diagram.edges)).toEqual(sorted([
      'ScaledObject jobs/worker -.-> Deployment jobs/worker: scales 0 to 100 on rabbitmq queue length, kafka consumer lag and prometheus query',
      'ScaledObject jobs/worker --> TriggerAuthentication jobs/rabbitmq: authenticates with',
      'ScaledObject jobs/worker --> ClusterTriggerAuthentication kafka: authenticates with',
      'ScaledObject jobs/worker --> TriggerAuthentication jobs/missing: authenticates with',
      'TriggerAuthentication jobs/rabbitmq --> Secret jobs/rabbitmq: parameter host',
      'TriggerAuthentication jobs/rabbitmq --> ConfigMap jobs/rabbitmq-settings: parameter vhost',
      'TriggerAuthentication jobs/kafka-local --> Secret jobs/kafka: parameters password, username',
      'TriggerAuthentication jobs/kafka-local --> Secret jobs/no-parameter',
    ]));
    expect(sorted(diagram.external)).toEqual([
      'ClusterTriggerAuthentication kafka', 'ConfigMap jobs/rabbitmq-settings', 'Deployment jobs/worker', 'Secret jobs/kafka', 'Secret jobs/no-parameter',
      'TriggerAuthentication jobs/missing',
    ]);
  });
});

describe('GRPCRoutes: drawn as HTTPRoutes are, the method matches where an HTTPRoute\'s paths are', () => {
  test('a gRPC service behind a Gateway: a URL per method match (/<service>/<method>, * for what the match leaves open) → GRPCRoute → Service', () => {
    const chart = grpcService();
    const manifests = synth(chart);
    const markdown = TopologyDiagram.ofChart(chart);
    const diagram = parseDiagram(markdown);
    expect(missingNodes(diagram, manifests)).toEqual([]);
    expect(sorted(diagram.edges.filter((e) => e.includes('GRPCRoute')))).toEqual(sorted([
      // One node for the host; the method matches on the edge (a regular expression as written: not normalized, which
      // would read `\.` as `/`).
      'https://grpc.example.com --> GRPCRoute orders/orders: /shop.v1.Admin/Drain, /shop.v1.Orders/*, /shop\\.v1\\..*/Watch.*',
      'Gateway gateways/public --> GRPCRoute orders/orders: listener grpc',
      'GRPCRoute orders/orders --> Service orders/orders: port 9000',
    ]));
    expect(diagram.edges).toContain('Service orders/orders --> Deployment orders/orders');
    expect(markdown.split('\n')).toEqual(expect.arrayContaining([
      '  Host_grpc_example_com(["https://grpc.example.com"])',
      '  Host_grpc_example_com -->|"/shop.v1.Admin/Drain, /shop.v1.Orders/*, /shop\\.v1\\..*/Watch.*"| GRPCRoute_orders_orders',
    ]));
    expect(markdown).toMatchSnapshot();
  });

  test('a method without a service, a match without a method, no matches: the host\'s URL for the latter two', () => {
    const route = (name: string, rules: unknown[]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: { name, namespace: 'shop' },
      spec: { hostnames: ['grpc.example.com', 'GRPC.Example.org'], rules },
    });
    const manifests = [
      route('method-only', [{ matches: [{ method: { method: 'Check' } }], backendRefs: [{ name: 'a' }] }]),
      route('headers-only', [{ matches: [{ headers: [{ name: 'x-tenant', value: 'a' }] }], backendRefs: [{ name: 'b' }] }]),
      route('everything', [{ backendRefs: [{ name: 'c' }] }]),
    ];
    const diagram = parseDiagram(TopologyDiagram.ofManifests(manifests, 'shop'));
    expect(sorted(diagram.edges.filter((e) => e.startsWith('https://')))).toEqual(sorted([
      'https://grpc.example.com --> GRPCRoute shop/method-only: /*/Check',
      // The host lower-cased as in any URL of the picture.
      'https://grpc.example.org --> GRPCRoute shop/method-only: /*/Check',
      'https://grpc.example.com --> GRPCRoute shop/headers-only: /',
      'https://grpc.example.org --> GRPCRoute shop/headers-only: /',
      'https://grpc.example.com --> GRPCRoute shop/everything: /',
      'https://grpc.example.org --> GRPCRoute shop/everything: /',
    ]));
  });
});

describe('host paths', () => {
  test('a path on the node that pods mount: a cylinder outside the namespaces, one per path, with the mount paths', () => {
    const daemon = (name: string, paths: string[]) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: 'logs', labels: { 'app.kubernetes.io/name': name } },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [{ name, image: 'agent:1', volumeMounts: paths.map((p, i) => ({ name: `v${i}`, mountPath: `/host${p}`, readOnly: true })) }],
            volumes: paths.map((p, i) => ({ name: `v${i}`, hostPath: { path: p, type: 'Directory' } })),
          },
        },
      },
    });
    const markdown = TopologyDiagram.ofManifests([daemon('agent', ['/var/log', '/var/lib/agent']), daemon('other', ['/var/log'])], 'logs');
    const diagram = parseDiagram(markdown);
    expect(diagram.edges.filter((e) => e.includes('host path')).sort()).toEqual([
      'DaemonSet logs/agent --> host path /var/lib/agent: mounts /host/var/lib/agent',
      'DaemonSet logs/agent --> host path /var/log: mounts /host/var/log',
      'DaemonSet logs/other --> host path /var/log: mounts /host/var/log',
    ]);
    expect(markdown).toContain('  HostPath__var_log[("host path /var/log")]\n');
    expect(diagram.groupOf.has('HostPath__var_log')).toBe(false);
    expect(detailsOf(diagram, 'DaemonSet logs/agent')).toEqual(['a pod per node']);
  });
});

describe('above the budget of one Mermaid block', () => {
  /** `n` applications of a Deployment (two ConfigMap volumes) and a Service each, the first connecting to the second, blocked. */
  const many = (n: number) => {
    const manifests: any[] = [];
    for (let i = 0; i < n; i++) {
      const name = `app-${String(i).padStart(3, '0')}`;
      const labels = { 'app.kubernetes.io/name': name };
      const env = i === 0 ? [{ name: 'NEXT_HOST', value: 'app-001.shop.svc.cluster.local' }, { name: 'NEXT_PORT', value: '80' }] : [];
      manifests.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'shop', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [{ name: 'app', image: 'app:1', env, ports: [{ containerPort: 8080 }], volumeMounts: [{ name: 'a', mountPath: '/a' }, { name: 'b', mountPath: '/b' }] }],
              volumes: [{ name: 'a', configMap: { name: `${name}-a` } }, { name: 'b', configMap: { name: `${name}-b` } }],
            },
          },
        },
      }, { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', labels }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
    }
    manifests.push(
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'app-001' } } } },
      // Of no application, connected to none.
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loose', namespace: 'shop' } },
    );
    return manifests;
  };

  test('an overview (applications, the flows between them, crossed when blocked), a block per application, and the objects of no application', () => {
    const manifests = many(140);
    const markdown = TopologyDiagram.ofManifests(manifests, 'shop');
    const blocks = parseDiagrams(markdown);
    expect(markdown).toMatch(/^The whole picture is above the size that renders well \(\d+ characters and 422 edges in one Mermaid block; the budget is 40000 characters and 400 edges\): an overview/m);
    expect(blocks.map((b) => b.title)).toEqual(['Overview', ...manifests.filter((m) => m.kind === 'Service').map((m) => `Application ${m.metadata.name} (namespace shop)`), 'Objects of no application']);
    expect(blocks[0].diagram.edges).toEqual(['application app-000 --x application app-001: blocked by NetworkPolicy shop/deny']);
    expect(blocks[1].diagram.edges.sort()).toEqual([
      'Deployment shop/app-000 --> ConfigMap shop/app-000-a: mounts /a',
      'Deployment shop/app-000 --> ConfigMap shop/app-000-b: mounts /b',
      'Deployment shop/app-000 --x Service shop/app-001: blocked by NetworkPolicy shop/deny',
      'Service shop/app-000 --> Deployment shop/app-000',
    ]);
    expect([...blocks.at(-1)!.diagram.nodes.values()]).toEqual(['ConfigMap shop/loose']);
    // Every object is in some block; the legend covers what any block uses.
    for (const m of manifests) {
      const shown = blocks.some((b) => missingNodes(b.diagram, [m]).length === 0);
      expect({ m: describeManifest(m), shown }).toEqual({ m: describeManifest(m), shown: true });
    }
    expect(markdown.split('\n').at(-2)).toContain('Crossed arrows: a connection that a NetworkPolicy blocks.');
    // Below the budget: one block, no overview.
    expect(parseDiagrams(TopologyDiagram.ofManifests(many(10), 'shop')).map((b) => b.title)).toEqual([undefined]);
  });

  test('synthesis warns, and names an application that is still above the budget on its own', () => {
    const chart = new Chart(Testing.app(), 'big', { namespace: 'shop' });
    new AppIdentity(chart, 'Identity', { name: 'big' });
    // One application (app-000) that reads 452 ConfigMaps: its own block is above the budget too.
    const big = many(1)[0];
    const volumes = big.spec.template.spec.volumes;
    big.spec.template.spec.volumes = [...volumes, ...Array.from({ length: 450 }, (_, i) => ({ name: `v${i}`, configMap: { name: `config-${i}` } }))];
    new ApiObject(chart, 'Big', big);
    const markdown = topologyFileOf(chart, chart.toJson())!;
    expect(parseDiagrams(markdown).map((b) => b.title)).toEqual(['Overview', 'Application app-000 (namespace shop)']);
    expect(Warnings.of(chart).filter((w) => w.includes('topology picture'))).toEqual([expect.stringMatching(
      /^big: the topology picture is \d+ characters and 452 edges, above the budget .*then one picture per application; still above it: Application app-000 \(namespace shop\) \(split the chart, or leave details out with TopologyDiagram's options\)\.$/,
    )]);
  });
});
