/**
 * The works-when-applied rules of the plugin that prove identity, traffic and Jobs: object-unique, flow/*,
 * address-resolves, job-completes. Each failure yields exactly the expected finding; the fixed manifests none.
 */
import { check, cleanApp, cleanContainer, deployment, ingress, LABELS, lines, rulesOf, service } from './support';
import { buildReport, checkManifests, ClusterComponents } from '../../src/plugin';

const CLUSTER: ClusterComponents = {
  ingressController: { namespace: 'ingress-nginx' },
  prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  blackboxExporter: { namespace: 'monitoring' },
};

const DB_LABELS = { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'db' };

/** A NetworkPolicy of `shop` that isolates the pods of `selector` and admits what `rules` say (its ingress rules). */
function policy(name: string, selector: Record<string, string>, rules: unknown[], extra: Record<string, any> = {}): Record<string, any> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'shop' },
    spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress: rules, ...extra },
  };
}

const fromNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

/** Only the works-when-applied findings, as lines. */
function applied(manifests: unknown[], cluster: ClusterComponents = CLUSTER): string[] {
  const ids = ['object-unique', 'flow/ingress', 'flow/prometheus', 'flow/blackbox', 'flow/connection', 'address-resolves', 'job-completes'];
  return lines(check(manifests, { cluster }).findings.filter((f) => ids.includes(f.rule)));
}

describe('object-unique', () => {
  test('two different objects of one identity: a finding on the second, naming both sources', () => {
    const result = check([...cleanApp(), deployment({ spec: { replicas: 3 } })]);
    expect(lines(result.findings.filter((f) => f.rule === 'object-unique'))).toEqual(['object-unique Deployment web metadata.name']);
    const finding = result.findings.find((f) => f.rule === 'object-unique')!;
    expect(finding.message).toBe('Deployment shop/web is written twice, differently: by dist/app.k8s.yaml#0 and by dist/app.k8s.yaml#4; '
      + 'on the cluster they are one object, and the one applied last overwrites the other');
    expect(finding.fix).toBe('give one of them another name (for an application: another `name`, which also renames the objects derived from it), '
      + 'or put it in another namespace');
  });

  test('a cluster-scoped object (a Namespace): the fix offers no other namespace', () => {
    const namespace = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } });
    const finding = check([namespace({ team: 'a' }), namespace({ team: 'b' })]).findings.find((f) => f.rule === 'object-unique')!;
    expect(finding.fix).toBe('give one of them another name (for an application: another `name`, which also renames the objects derived from it)');
  });

  test('across files, and across API versions of one group', () => {
    const a = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' }, spec: { maxReplicas: 3 } };
    const b = { ...a, apiVersion: 'autoscaling/v2', spec: { maxReplicas: 4 } };
    const result = checkFiles([['one.yaml', [a]], ['two.yaml', [b]]]);
    expect(lines(result.findings.filter((f) => f.rule === 'object-unique'))).toEqual(['object-unique HorizontalPodAutoscaler web metadata.name']);
  });

  test('the same object twice, another namespace, another kind or a generateName are no clash', () => {
    const other = deployment({ metadata: { namespace: 'other' } });
    const job = (n: string) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-', namespace: 'shop' }, spec: { n } });
    expect(applied([...cleanApp(), deployment(), other, job('a'), job('b')], {})).toEqual([]);
  });

  test('the items of a List count as objects', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [deployment({ spec: { replicas: 5 } })] };
    expect(applied([...cleanApp(), list], {})).toEqual(['object-unique Deployment web metadata.name']);
  });
});

describe('flow/ingress', () => {
  test('a NetworkPolicy that admits only the app\'s own namespace blocks the ingress controller', () => {
    const blocked = [...cleanApp(), policy('web', LABELS, [{ from: [fromNamespace('shop')], ports: [{ port: 'http' }] }])];
    expect(applied(blocked)).toEqual(['flow/ingress Ingress web spec.rules[0].http.paths[0].backend']);
    const finding = check(blocked, { cluster: CLUSTER }).findings.find((f) => f.rule === 'flow/ingress')!;
    expect(finding.message).toBe('traffic of Ingress shop/web (host shop.example.com) to Service shop/web: the ingress controller (namespace ingress-nginx) '
      + 'cannot reach the pods of Deployment shop/web on port 8080 (http)/TCP, blocked by NetworkPolicy shop/web (ingress: spec.ingress[0] does not admit '
      + 'the ingress controller (namespace ingress-nginx))');
    expect(finding.fix).toContain('namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: "ingress-nginx" } }');
    expect(finding.fix).toContain('port: "http"');
  });

  test('admitted by namespace, by a Namespace object\'s label, on the named or the numbered port, or by a second policy', () => {
    expect(applied([...cleanApp(), policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')], ports: [{ port: 'http' }] }])])).toEqual([]);
    expect(applied([...cleanApp(), policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')], ports: [{ port: 8080 }] }])])).toEqual([]);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx', labels: { role: 'ingress' } } };
    expect(applied([...cleanApp(), ns, policy('web', LABELS, [{ from: [{ namespaceSelector: { matchLabels: { role: 'ingress' } } }] }])])).toEqual([]);
    expect(applied([...cleanApp(), policy('deny', {}, []), policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')] }])])).toEqual([]);
  });

  test('the wrong port, a deny-all policy, a pod selector the controller cannot be proved to match, an ipBlock: blocked', () => {
    const cases = [
      policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')], ports: [{ port: 'metrics' }] }]),
      policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')], ports: [{ port: 8080, protocol: 'UDP' }] }]),
      policy('deny', {}, []),
      policy('web', LABELS, [{ from: [{ ...fromNamespace('ingress-nginx'), podSelector: { matchLabels: { app: 'nginx' } } }] }]),
      policy('web', LABELS, [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }]),
    ];
    for (const p of cases) {
      expect(applied([...cleanApp(), p])).toEqual(['flow/ingress Ingress web spec.rules[0].http.paths[0].backend']);
    }
    const messages = cases.map((p) => check([...cleanApp(), p], { cluster: CLUSTER }).findings.find((f) => f.rule === 'flow/ingress')!.message);
    expect(messages[0]).toContain('spec.ingress[0] does not admit port 8080 (http)/TCP)');
    expect(messages[1]).toContain('does not admit port 8080 (http)/TCP (a NetworkPolicy names the pods\' container ports, not the ports of a Service)');
    expect(messages[2]).toContain('it has no ingress rule: it lets nothing in');
    expect(messages[3]).toContain('known by their namespace only');
    expect(messages[4]).toContain('an ipBlock never proves a flow between pods');
  });

  test('every track behind the Service in one finding; the fix selects the pods by their stable labels, quoted', () => {
    const track = (name: string, version: string, track_: string) => deployment({
      metadata: { name },
      podMetadata: { labels: { ...LABELS, 'app.kubernetes.io/version': version, 'cdk8s-appflow/track': track_, 'cdk8s.io/metadata.addr': `shop-${name}-c81a5815` } },
      spec: { selector: { matchLabels: { ...LABELS, 'cdk8s-appflow/track': track_ } } },
    });
    const manifests = [track('web-stable', '16.3', 'stable'), track('web-canary', '16.4', 'canary'), service(), ingress(), policy('deny', {}, [])];
    const findings = check(manifests, { cluster: CLUSTER }).findings.filter((f) => f.rule === 'flow/ingress');
    expect(findings.length).toBe(1);
    expect(findings[0].message).toContain('the pods of Deployment shop/web-stable on port 8080 (http)/TCP, blocked by NetworkPolicy shop/deny');
    expect(findings[0].message).toContain('; nor the pods of Deployment shop/web-canary on port 8080 (http)/TCP, blocked by NetworkPolicy shop/deny');
    expect(findings[0].fix).toBe('add to the ingress rules of a NetworkPolicy that selects the pods of Deployment shop/web-stable: - from: [{ namespaceSelector: '
      + '{ matchLabels: { kubernetes.io/metadata.name: "ingress-nginx" } }, podSelector: {} }] ports: [{ protocol: TCP, port: "http" }] (or say where the '
      + 'component runs: the plugin property cluster.*, or for AppSynthesis the platform defaults ingressControllerNamespace, gatewayNamespace and monitoringNamespace); '
      + 'and add to the ingress rules of a NetworkPolicy that selects the pods of Deployment shop/web-canary: - from: [{ namespaceSelector: '
      + '{ matchLabels: { kubernetes.io/metadata.name: "ingress-nginx" } }, podSelector: {} }] ports: [{ protocol: TCP, port: "http" }] (or say where the '
      + 'component runs: the plugin property cluster.*, or for AppSynthesis the platform defaults ingressControllerNamespace, gatewayNamespace and monitoringNamespace)');
  });

  test('the fix of a connection selects the client pods by their stable labels, with quoted values', () => {
    const client = deployment({
      podMetadata: { labels: { ...LABELS, 'app.kubernetes.io/version': '16.3', 'cdk8s.io/metadata.addr': 'shop-Web-c81a5815' } },
      pod: { containers: [cleanContainer({ env: [{ name: 'API_URL', value: 'http://api.shop.svc.cluster.local:80' }] })] },
    });
    const apiLabels = { app: 'api' };
    const api = deployment({ metadata: { name: 'api' }, podMetadata: { labels: apiLabels }, spec: { selector: { matchLabels: apiLabels } } });
    const apiService = service({ selector: apiLabels }, { name: 'api' });
    const finding = check([client, api, apiService, policy('api', apiLabels, [])]).findings.find((f) => f.rule === 'flow/connection')!;
    expect(finding.fix).toBe('add to the ingress rules of a NetworkPolicy that selects the pods of Deployment shop/api: - from: [{ podSelector: { matchLabels: '
      + '{ app.kubernetes.io/name: "web", app.kubernetes.io/instance: "web" } } }] ports: [{ protocol: TCP, port: "http" }]');
  });

  test('with the controller\'s pod labels, a podSelector on them admits it', () => {
    const cluster = { ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } };
    const p = policy('web', LABELS, [{ from: [{ ...fromNamespace('ingress-nginx'), podSelector: { matchLabels: { app: 'nginx' } } }] }]);
    expect(applied([...cleanApp(), p], cluster)).toEqual([]);
  });

  test('a podSelector without a namespaceSelector admits pods of the policy\'s namespace only', () => {
    const cluster = { ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } };
    const p = policy('web', LABELS, [{ from: [{ podSelector: { matchLabels: { app: 'nginx' } } }] }]);
    expect(applied([...cleanApp(), p], cluster)).toEqual(['flow/ingress Ingress web spec.rules[0].http.paths[0].backend']);
  });

  /** An HTTPRoute to the Service web. */
  const route = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { parentRefs: [{ name: 'gw', namespace: 'gateways' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
  };

  test('an HTTPRoute backend is proved too; without cluster.ingressController nothing is checked', () => {
    const p = policy('web', LABELS, [{ from: [fromNamespace('shop')] }]);
    expect(applied([deployment(), service(), route, p])).toEqual(['flow/ingress HTTPRoute web spec.rules[0].backendRefs[0]']);
    expect(applied([deployment(), service(), route, p], {})).toEqual([]);
  });

  test('the traffic of routes comes from the Gateway\'s data plane (cluster.gateway), that of Ingresses from the ingress controller', () => {
    const split: ClusterComponents = { ...CLUSTER, gateway: { namespace: 'envoy-gateway-system' } };
    // A policy that admits only the ingress controller: the route's traffic is blocked, the Ingress's is not.
    const fromController = policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')] }]);
    expect(applied([deployment(), service(), route, ingress(), fromController], split)).toEqual(['flow/ingress HTTPRoute web spec.rules[0].backendRefs[0]']);
    const blocked = check([deployment(), service(), route, fromController], { cluster: split }).findings.find((f) => f.rule === 'flow/ingress')!;
    expect(blocked.message).toContain('the Gateway\'s data plane (namespace envoy-gateway-system)');
    // Admitting both: nothing; without cluster.gateway, the ingress controller sends the routes' traffic too.
    const fromBoth = policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx'), fromNamespace('envoy-gateway-system')] }]);
    expect(applied([deployment(), service(), route, ingress(), fromBoth], split)).toEqual([]);
    expect(applied([deployment(), service(), route, ingress(), fromController])).toEqual([]);
    // The Gateway's data plane alone: the Ingress's traffic is not checked, and the summary says which setting would check the routes'.
    expect(applied([deployment(), service(), route, ingress(), fromController], { gateway: { namespace: 'envoy-gateway-system' } }))
      .toEqual(['flow/ingress HTTPRoute web spec.rules[0].backendRefs[0]']);
    expect(check([deployment(), service(), route, fromController], { cluster: {} }).notFlowChecked)
      .toEqual([{ kind: 'ingress', flows: 1, setting: 'cluster.gateway' }]);
  });
});

describe('flow/prometheus and flow/blackbox', () => {
  const metricsService = service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }] });
  const web = deployment({ pod: { containers: [cleanContainer({ ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }] })] } });
  const monitor = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: LABELS }, endpoints: [{ port: 'metrics' }] },
  };
  const labelledService = { ...metricsService, metadata: { ...metricsService.metadata, labels: LABELS } };

  test('a ServiceMonitor\'s port that the policy does not open to Prometheus', () => {
    const p = policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')], ports: [{ port: 'http' }] }]);
    expect(applied([web, labelledService, monitor, p])).toEqual(['flow/prometheus ServiceMonitor web spec.endpoints[0]']);
    const fixed = policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')], ports: [{ port: 'http' }] }, { from: [fromNamespace('monitoring')], ports: [{ port: 'metrics' }] }]);
    expect(applied([web, labelledService, monitor, fixed])).toEqual([]);
  });

  test('without the namespace of the ingress controller or of Prometheus, their flows into isolated pods are not checked, and the result says so', () => {
    const p = policy('web', LABELS, [{ from: [fromNamespace('shop')] }]);
    const manifests = [web, labelledService, monitor, ingress(), p];
    const result = check(manifests);
    expect(result.findings.filter((f) => f.rule.startsWith('flow/'))).toEqual([]);
    expect(result.notFlowChecked).toEqual([
      { kind: 'ingress', flows: 1, setting: 'cluster.ingressController' },
      { kind: 'prometheus', flows: 1, setting: 'cluster.prometheus' },
    ]);
    expect(buildReport(result, { profile: 'restricted', failOn: 'error', disabledRules: [] }).summary['Not flow-checked']).toBe(
      '1 flow of the ingress controller into pods a NetworkPolicy isolates: set cluster.ingressController.namespace; '
      + '1 flow of Prometheus into pods a NetworkPolicy isolates: set cluster.prometheus.namespace');
    // Given, checked (and blocked here); without a policy, nothing to check; a rule switched off is not reported.
    expect(check(manifests, { cluster: CLUSTER }).notFlowChecked).toEqual([]);
    expect(check([web, labelledService, monitor, ingress()]).notFlowChecked).toEqual([]);
    expect(check(manifests, { disabledRules: ['flow/ingress'] }).notFlowChecked.map((u) => u.kind)).toEqual(['prometheus']);
  });

  test('a PodMonitor and a prometheus.io/scrape annotation', () => {
    const podMonitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: LABELS }, podMetricsEndpoints: [{ port: 'metrics' }] },
    };
    const p = policy('web', LABELS, [{ from: [fromNamespace('shop')] }]);
    expect(applied([web, podMonitor, p])).toEqual(['flow/prometheus PodMonitor web spec.podMetricsEndpoints[0]']);
    const annotated = deployment({ podMetadata: { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' } } });
    expect(applied([annotated, p])).toEqual(['flow/prometheus Deployment web spec.template.metadata.annotations["prometheus.io/port"]']);
  });

  test('a Probe of an in-cluster Service port: the exporter of cluster.blackboxExporter, or of prober.url', () => {
    const probe = (prober: string) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Probe',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { module: 'http_2xx', prober: { url: prober }, targets: { staticConfig: { static: ['http://web.shop.svc.cluster.local:80/healthz'] } } },
    });
    const p = policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')] }]);
    expect(applied([web, metricsService, probe('blackbox.monitoring.svc:9115'), p])).toEqual(['flow/blackbox Probe web spec.targets.staticConfig.static[0]']);
    expect(applied([web, metricsService, probe('blackbox.observability.svc:9115'), p], {})).toEqual(['flow/blackbox Probe web spec.targets.staticConfig.static[0]']);
    expect(applied([web, metricsService, probe('blackbox.example.com:9115'), p], {})).toEqual([]);
    const open = policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')] }, { from: [fromNamespace('monitoring')], ports: [{ port: 'http' }] }]);
    expect(applied([web, metricsService, probe('blackbox.monitoring.svc:9115'), open])).toEqual([]);
  });

  test('a Probe whose prober.url names a Service in another namespace than cluster.blackboxExporter\'s is probed from there', () => {
    const probe = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Probe',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { module: 'http_2xx', prober: { url: 'blackbox.probes.svc:9115' }, targets: { staticConfig: { static: ['http://web.shop.svc.cluster.local:80/healthz'] } } },
    };
    // The policy admits the namespace of the prober's Service, not the configured one: the probe flows.
    const fromProbes = policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')] }, { from: [fromNamespace('probes')], ports: [{ port: 'http' }] }]);
    expect(applied([web, metricsService, probe, fromProbes])).toEqual([]);
    // Admitting the configured namespace instead does not let the probe in.
    const fromMonitoring = policy('web', LABELS, [{ from: [fromNamespace('ingress-nginx')] }, { from: [fromNamespace('monitoring')], ports: [{ port: 'http' }] }]);
    const result = check([web, metricsService, probe, fromMonitoring], { cluster: CLUSTER }).findings.filter((f) => f.rule === 'flow/blackbox');
    expect(result.map((f) => f.message)).toEqual([expect.stringContaining('the blackbox exporter (namespace probes, from prober.url blackbox.probes.svc:9115) cannot reach')]);
  });
});

describe('flow/connection and address-resolves', () => {
  const db = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: DB_LABELS },
      template: { metadata: { labels: DB_LABELS }, spec: { containers: [cleanContainer({ name: 'db', ports: [{ name: 'mysql', containerPort: 3306 }] })] } },
    },
  };
  const dbService = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'shop' }, spec: { selector: DB_LABELS, ports: [{ name: 'mysql', port: 3306, targetPort: 'mysql' }] } };
  const client = (host: string, extra: Record<string, any> = {}) => deployment({
    pod: { containers: [cleanContainer({ env: [{ name: 'DB_HOST', value: host }, { name: 'DB_PORT', value: '3306' }] })], ...extra },
  });
  const dbPolicy = (from: unknown[]) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'db', namespace: 'shop' },
    spec: { podSelector: { matchLabels: DB_LABELS }, policyTypes: ['Ingress'], ingress: [{ from, ports: [{ port: 'mysql' }] }] },
  });

  test('a client whose address names a Service of the manifests, blocked by the target\'s policy', () => {
    const blocked = [client('db.shop.svc.cluster.local'), db, dbService, dbPolicy([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'admin' } } }])];
    expect(applied(blocked)).toEqual(['flow/connection Deployment web spec.template.spec.containers[0].env[0]']);
    const message = check(blocked).findings.find((f) => f.rule === 'flow/connection')!.message;
    expect(message).toContain('the connection of DB_HOST to Service shop/db port mysql: the pods of Deployment shop/web cannot reach the pods of StatefulSet shop/db on port 3306 (mysql)/TCP');
    expect(applied([client('db.shop.svc.cluster.local'), db, dbService, dbPolicy([{ podSelector: { matchLabels: LABELS } }])])).toEqual([]);
    expect(applied([client('mysql://db.shop.svc:3306/orders'), db, dbService, dbPolicy([{ podSelector: { matchLabels: LABELS } }])])).toEqual([]);
  });

  test('egress restricted at the client: the target port and DNS must be let out', () => {
    const egress = (rules: unknown[]) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-egress', namespace: 'shop' },
      spec: { podSelector: { matchLabels: LABELS }, policyTypes: ['Egress'], egress: rules },
    });
    const toDb = { to: [{ podSelector: { matchLabels: DB_LABELS } }], ports: [{ port: 3306 }] };
    const toDns = { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] };
    const base = [client('db.shop.svc.cluster.local'), db, dbService];
    expect(applied([...base, egress([toDb])])).toEqual(['flow/connection Deployment web spec.template.spec']);
    expect(applied([...base, egress([toDns])])).toEqual(['flow/connection Deployment web spec.template.spec.containers[0].env[0]']);
    expect(applied([...base, egress([toDb, toDns])])).toEqual([]);
  });

  test('an address of a namespace of the manifests that names no Service of it', () => {
    const result = check([client('dbx.shop.svc.cluster.local'), db, dbService]);
    expect(lines(result.findings.filter((f) => f.rule === 'address-resolves'))).toEqual(['address-resolves Deployment web spec.template.spec.containers[0].env[0].value']);
    expect(result.findings.find((f) => f.rule === 'address-resolves')!.fix).toContain('one of: db');
    // A namespace the manifests do not hold is not judged.
    expect(applied([client('db.payments.svc.cluster.local'), db, dbService])).toEqual([]);
  });

  test('an address that the pod asks the node\'s DNS for: on the node\'s network with ClusterFirst, or dnsPolicy Default', () => {
    const findings = (extra: Record<string, any>, host = 'db.shop.svc.cluster.local') => check([client(host, extra), db, dbService]).findings
      .filter((f) => f.rule === 'address-resolves');
    const onHost = findings({ hostNetwork: true });
    expect(lines(onHost)).toEqual(['address-resolves Deployment web spec.template.spec.containers[0].env[0].value']);
    expect(onHost[0].message).toBe('DB_HOST names the Service shop/db, but the pod is on the node\'s network with dnsPolicy ClusterFirst (the default), '
      + 'which then falls back to the node\'s DNS: it does not resolve the cluster\'s Service names');
    expect(onHost[0].fix).toBe('set dnsPolicy: ClusterFirstWithHostNet (with this library, dns: { policy: DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET })');
    expect(findings({ hostNetwork: true, dnsPolicy: 'ClusterFirst' })[0].message).toMatch(/with dnsPolicy ClusterFirst, which then falls back/);
    // A namespace the manifests do not hold too: no name of the cluster resolves.
    expect(lines(findings({ hostNetwork: true }, 'loki-gateway.loki.svc.cluster.local'))).toHaveLength(1);
    expect(findings({ dnsPolicy: 'Default' }).map((f) => [f.message.replace(/^.*, but /, ''), f.fix])).toEqual([[
      'the pod resolves names with the node\'s DNS (dnsPolicy: Default): it does not resolve the cluster\'s Service names',
      'set dnsPolicy: ClusterFirst (the default)',
    ]]);
    expect(findings({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' })).toEqual([]);
  });
});

describe('job-completes', () => {
  const job = (containers: unknown[], annotations: Record<string, string> = {}) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'backup', namespace: 'shop' },
    spec: { ttlSecondsAfterFinished: 600, template: { metadata: { annotations }, spec: { restartPolicy: 'Never', containers } } },
  });

  test('a second container not declared to exit: a finding naming it', () => {
    const result = check([job([cleanContainer({ name: 'backup' }), cleanContainer({ name: 'proxy' })])]);
    expect(lines(result.findings.filter((f) => f.rule === 'job-completes'))).toEqual(['job-completes Job backup spec.template.spec.containers']);
    expect(result.findings.find((f) => f.rule === 'job-completes')!.message).toContain('proxy is a sidecar that is not declared to exit on its own');
  });

  test('declared sidecars, a single container and native sidecars complete', () => {
    expect(applied([job([cleanContainer({ name: 'backup' }), cleanContainer({ name: 'proxy' })], { 'cdk8s-appflow/exits-on-its-own': 'proxy' })])).toEqual([]);
    expect(applied([job([cleanContainer({ name: 'backup' })])])).toEqual([]);
    const native = job([cleanContainer({ name: 'backup' })]);
    native.spec.template.spec = { ...native.spec.template.spec, initContainers: [cleanContainer({ name: 'proxy', restartPolicy: 'Always' })] } as any;
    expect(applied([native])).toEqual([]);
  });

  test('a CronJob\'s Job too', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [cleanContainer({ name: 'a' }), cleanContainer({ name: 'b' })] } } } } },
    };
    expect(applied([cron])).toEqual(['job-completes CronJob nightly spec.jobTemplate.spec.template.spec.containers']);
  });
});

test('the rules can be disabled by their family prefix and exempted by object', () => {
  const blocked = [...cleanApp(), policy('web', LABELS, [{ from: [fromNamespace('shop')] }])];
  expect(rulesOf(check(blocked, { cluster: CLUSTER, disabledRules: ['flow/*'] }))).not.toContain('flow/ingress');
  const exempted = check(blocked, { cluster: CLUSTER, exemptions: [{ rule: 'flow/ingress', kind: 'Ingress', name: 'web', reason: 'published through the mesh gateway' }] });
  expect(lines(exempted.findings.filter((f) => f.rule === 'flow/ingress'))).toEqual(['flow/ingress Ingress web spec.rules[0].http.paths[0].backend (exempted)']);
});

function checkFiles(files: Array<[string, unknown[]]>) {
  return checkManifests(files.map(([file, documents]) => ({ file, documents })));
}

describe('route-unique', () => {
  const routes = (manifests: unknown[]) => lines(check(manifests).findings.filter((f) => f.rule === 'route-unique'));
  const ing = (name: string, namespace: string, host: string, path = '/', extra: Record<string, any> = {}) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace, ...extra.metadata },
    spec: { ingressClassName: extra.className ?? 'nginx', rules: [{ host, http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }] },
  });
  const route = (name: string, namespace: string, matches?: unknown[], sectionName?: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'gateways', ...(sectionName ? { sectionName } : {}) }],
      hostnames: ['shop.example.com'],
      rules: [{ ...(matches ? { matches } : {}), backendRefs: [{ name, port: 80 }] }],
    },
  });

  test('two Ingresses of one class on the same host and path, or two routes on one listener: a finding on the second, naming the first', () => {
    const result = check([ing('web', 'shop', 'shop.example.com'), ing('blog', 'blog', 'shop.example.com')]);
    expect(lines(result.findings.filter((f) => f.rule === 'route-unique'))).toEqual(['route-unique Ingress blog spec.rules[0].http.paths[0]']);
    expect(result.findings.find((f) => f.rule === 'route-unique')!.message).toBe('the path / of host shop.example.com (ingress class nginx) is claimed by Ingress '
      + 'shop/web too (spec.rules[0].http.paths[0]): the controller gives it to one of them (ingress-nginx refuses the second Ingress; otherwise the oldest '
      + 'object wins), and the other application never gets its traffic');
    expect(routes([route('web', 'shop'), route('blog', 'blog', [{ path: { type: 'PathPrefix', value: '/' } }])])).toEqual(['route-unique HTTPRoute blog spec.rules[0].matches[0]']);
  });

  test('not counted: another path, host or class, an ingress-nginx canary, another listener, a match on a header', () => {
    expect(routes([ing('web', 'shop', 'shop.example.com'), ing('blog', 'blog', 'shop.example.com', '/blog')])).toEqual([]);
    expect(routes([ing('web', 'shop', 'shop.example.com'), ing('blog', 'blog', 'blog.example.com')])).toEqual([]);
    expect(routes([ing('web', 'shop', 'shop.example.com'), ing('blog', 'blog', 'shop.example.com', '/', { className: 'traefik' })])).toEqual([]);
    const canary = ing('web-canary', 'shop', 'shop.example.com', '/', { metadata: { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true' } } });
    expect(routes([ing('web', 'shop', 'shop.example.com'), canary])).toEqual([]);
    expect(routes([route('web', 'shop', undefined, 'https'), route('blog', 'blog', undefined, 'http')])).toEqual([]);
    expect(routes([route('web', 'shop'), route('beta', 'shop', [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-beta', value: '1' }] }])])).toEqual([]);
  });
});
