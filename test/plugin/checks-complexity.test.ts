import { checkManifests } from '../../src/plugin/engine';

/*
 * The checks find what relates objects by indexes (by application, namespace, label, kind), not by a scan of all the
 * objects for each one: the work grows with the number of applications, not with its square. Counted, not timed:
 * twice the applications must cost about twice the calls.
 */

/** What the applications have besides their Deployment, Service, ServiceMonitor and PrometheusRule. */
interface Variant {
  /** The Service and the ServiceMonitor select nothing: the rules' paths that explain why. */
  readonly selectsNothing?: boolean;
  /** A NetworkPolicy of the application's pods that lets Prometheus in. */
  readonly networkPolicy?: boolean;
}

/** An application in namespace shop: a Deployment, its Service, a ServiceMonitor and a PrometheusRule. */
function application(i: number, options: Variant = {}): unknown[] {
  const name = `web-${i}`;
  const labels = { 'app.kubernetes.io/name': name };
  const selector = options.selectsNothing ? { ...labels, tier: 'none' } : labels;
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'shop', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name, image: 'web:1.0', ports: [{ name: 'metrics', containerPort: 9090 }] }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', labels }, spec: { selector, ports: [{ name: 'metrics', port: 9090, targetPort: 'metrics' }] } },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name, namespace: 'shop', labels },
      spec: { selector: { matchLabels: selector }, endpoints: [{ port: 'metrics' }] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name, namespace: 'shop', labels },
      spec: {
        groups: [{
          name,
          rules: [
            { alert: 'Restarting', expr: `increase(kube_pod_container_status_restarts_total{namespace="shop", pod=~"${name}-.*"}[15m]) > 3` },
            { alert: 'Down', expr: `up{namespace="shop", service="${name}"} == 0` },
          ],
        }],
      },
    },
    ...options.networkPolicy ? [{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: 'shop' },
      spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 9090 }] }] },
    }] : [],
  ];
}

/** Prometheus runs in namespace monitoring: the flows of its scraping are checked. */
const CLUSTER = { prometheus: { namespace: 'monitoring' } };

/** How many times `count` counts while the checks run on n applications. */
function counted(n: number, install: (count: (k?: number) => void) => () => void, options: Variant = {}): number {
  const documents = Array.from({ length: n }, (_, i) => application(i, options)).flat();
  let calls = 0;
  const uninstall = install((k = 1) => { calls += k; });
  try {
    checkManifests([{ file: 'apps.yaml', documents }], { annotationExemptions: false, cluster: CLUSTER });
  } finally {
    uninstall();
  }
  return calls;
}

/** Counts the calls of Set.prototype.has (an application's objects were a Set, asked about every workload and target). */
function setLookups(count: (k?: number) => void): () => void {
  const has = Set.prototype.has; // eslint-disable-line @typescript-eslint/unbound-method
  Set.prototype.has = function (this: Set<unknown>, value: unknown) {
    count();
    return has.call(this, value);
  };
  return () => { Set.prototype.has = has; };
}

/** Counts the elements that Array.prototype.filter goes through. */
function filteredElements(count: (k?: number) => void): () => void {
  const filter = Array.prototype.filter; // eslint-disable-line @typescript-eslint/unbound-method
  Array.prototype.filter = function (this: unknown[], ...args: any[]) {
    count(this.length);
    return filter.apply(this, args as any);
  } as typeof filter;
  return () => { Array.prototype.filter = filter; };
}

test('alert-matches finds the workloads and scrape targets of each rule\'s application by index, not by a scan of all of them', () => {
  const [half, full] = [counted(50, setLookups), counted(100, setLookups)];
  expect(half).toBeGreaterThan(0);
  // A scan of every workload and target for each PrometheusRule made it 3.5 times.
  expect(full / half).toBeLessThan(2.2);
});

test('a Service and a ServiceMonitor that select nothing are explained from the indexes, not by a scan of every pod or Service', () => {
  const [half, full] = [counted(50, filteredElements, { selectsNothing: true }), counted(100, filteredElements, { selectsNothing: true })];
  expect(half).toBeGreaterThan(0);
  // Scans of every pod (service-selects-pods) and every Service (monitor-selects) for each one made it 3.5 times.
  expect(full / half).toBeLessThan(2.2);
});

test('the NetworkPolicies that isolate the pods of a flow are found by the labels of the pods, not by a scan of all the namespace\'s', () => {
  const [half, full] = [counted(50, filteredElements, { networkPolicy: true }), counted(100, filteredElements, { networkPolicy: true })];
  expect(half).toBeGreaterThan(0);
  // A scan of every policy of the namespace for each flow made it 3.5 times.
  expect(full / half).toBeLessThan(2.2);
});

test('the fixture finds what the counted paths are for', () => {
  const documents = [...application(0, { selectsNothing: true }), ...application(1)];
  const rules = checkManifests([{ file: 'apps.yaml', documents }], { annotationExemptions: false }).findings.map((f) => `${f.rule} ${f.resource.kind}/${f.resource.name}`);
  expect(rules).toEqual(expect.arrayContaining(['service-selects-pods Service/web-0', 'monitor-selects ServiceMonitor/web-0']));
  expect(rules.filter((r) => r.includes('web-1') && /selects|alert-matches/.test(r))).toEqual([]);
  // A policy that lets Prometheus in from its namespace only on another port blocks the scraping: the flows are checked.
  const [blocking] = application(2, { networkPolicy: true }).slice(-1) as any[];
  blocking.spec.ingress[0].ports = [{ port: 8080 }];
  const flows = checkManifests([{ file: 'apps.yaml', documents: [...application(2), blocking, ...application(3, { networkPolicy: true })] }], { cluster: CLUSTER })
    .findings.filter((f) => f.rule.startsWith('flow/')).map((f) => `${f.rule} ${f.resource.kind}/${f.resource.name}`);
  expect(flows).toEqual(['flow/prometheus ServiceMonitor/web-2']);
});
