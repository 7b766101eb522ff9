/**
 * The works-when-applied rules of the plugin on monitoring: probe-module, probe-target-unique, monitor-selects,
 * alert-matches, version-label. Each failure yields exactly the expected finding; the fixed manifests none.
 */
import { check, cleanApp, cleanContainer, deployment, LABELS, lines, service } from './support';
import { RULES } from '../../src/plugin';

const MONITORING_RULES = ['probe-module', 'probe-target-unique', 'monitor-selects', 'alert-matches', 'version-label'];
const DIGEST = 'sha256:6e63b5a5bab688f0681da02507ed315b960b608112af6992c07c7e18a6e882c0';
const DB_LABELS = { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' };

/** The findings of the monitoring rules, as lines. */
function monitoring(manifests: unknown[]): string[] {
  return lines(findings(manifests));
}

function findings(manifests: unknown[]) {
  return check(manifests).findings.filter((f) => MONITORING_RULES.includes(f.rule));
}

/** The one finding of the monitoring rules (fails when there is not exactly one). */
function only(manifests: unknown[]) {
  const found = findings(manifests);
  expect(lines(found)).toHaveLength(1);
  return found[0];
}

function probe(name: string, module: string, targets: string[], namespace = 'shop', spec: Record<string, any> = {}): Record<string, any> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Probe',
    metadata: { name, namespace },
    spec: { module, prober: { url: 'blackbox.monitoring.svc:9115' }, targets: { staticConfig: { static: targets } }, ...spec },
  };
}

/** A MySQL StatefulSet `shop/mysql` behind the Service `mysql` (port 3306, named after its protocol unless given). */
function mysql(port: Record<string, any> = { name: 'mysql', port: 3306, targetPort: 3306 }): Array<Record<string, any>> {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'mysql', namespace: 'shop' },
      spec: {
        replicas: 1,
        serviceName: 'mysql',
        selector: { matchLabels: DB_LABELS },
        template: {
          metadata: { labels: DB_LABELS },
          spec: { containers: [cleanContainer({ name: 'mysql', image: 'mysql:8.4.3', ports: [{ containerPort: 3306 }], readinessProbe: { tcpSocket: { port: 3306 } } })] },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mysql', namespace: 'shop', labels: DB_LABELS }, spec: { selector: DB_LABELS, ports: [port] } },
  ];
}

function serviceMonitor(spec: Record<string, any> = {}, metadata: Record<string, any> = {}): Record<string, any> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'web', namespace: 'shop', labels: LABELS, ...metadata },
    spec: { selector: { matchLabels: LABELS }, endpoints: [{ port: 'metrics' }], ...spec },
  };
}

function podMonitor(spec: Record<string, any> = {}): Record<string, any> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: LABELS }, podMetricsEndpoints: [{ port: 'metrics' }], ...spec },
  };
}

/** A container `web` that serves http (8080) and metrics (9090). */
function webContainer(overrides: Record<string, any> = {}): Record<string, any> {
  return cleanContainer({ ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }], ...overrides });
}

/** A Service `shop/<name>` that carries the application's labels, with an http and a metrics port. */
function labelledService(name = 'web', selector: Record<string, string> = LABELS): Record<string, any> {
  return service({ selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }] }, { name, labels: LABELS });
}

/** The web application in two release tracks: `web` and `web-canary` (with a track label), behind the Service `web`. */
function canaryApp(canaryImage = 'registry.example.com/shop/web:2.4.0-rc1'): Array<Record<string, any>> {
  return [
    deployment({ pod: { containers: [webContainer()] } }),
    deployment({
      metadata: { name: 'web-canary' },
      spec: { replicas: 1, selector: { matchLabels: { ...LABELS, track: 'canary' } } },
      podMetadata: { labels: { ...LABELS, track: 'canary' } },
      pod: { containers: [webContainer({ image: canaryImage })] },
    }),
    labelledService(),
  ];
}

function prometheusRule(rules: Array<Record<string, any>>, labels: Record<string, string> = LABELS, namespace = 'shop'): Record<string, any> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'web-alerts', namespace, labels },
    spec: { groups: [{ name: 'web.rules', rules }] },
  };
}

const alert = (name: string, expr: string) => ({ alert: name, expr, for: '5m', labels: { severity: 'warning' } });

test('the monitoring rules are works-when-applied rules with the severities of docs/validation.md', () => {
  expect(Object.fromEntries(RULES.filter((r) => MONITORING_RULES.includes(r.id)).map((r) => [r.id, `${r.family} ${r.severity}`]))).toEqual({
    'probe-module': 'works-when-applied error',
    'probe-target-unique': 'works-when-applied warning',
    'monitor-selects': 'works-when-applied error',
    'alert-matches': 'works-when-applied error',
    'version-label': 'works-when-applied warning',
  });
});

test('the clean application, and manifests without monitoring objects, break none of them', () => {
  expect(monitoring(cleanApp())).toEqual([]);
  expect(monitoring([...canaryApp('registry.example.com/shop/web:1.2.3'), ...mysql()])).toEqual([]);
});

describe('probe-module', () => {
  test('an HTTP module against the MySQL port of a Service (named mysql) is reported; a TCP module with host:port passes', () => {
    const finding = only([...mysql(), probe('mysql', 'http_2xx', ['http://mysql.shop.svc.cluster.local:3306/'])]);
    expect(lines([finding])).toEqual(['probe-module Probe mysql spec.targets.staticConfig.static[0]']);
    expect(finding.severity).toBe('error');
    expect(finding.message).toBe('the module "http_2xx" probes HTTP "http://mysql.shop.svc.cluster.local:3306/" with the HTTP prober, '
      + 'but port 3306 of Service shop/mysql speaks MySQL (its name "mysql"): an HTTP request gets no HTTP response there');
    expect(finding.fix).toContain('a TCP module (tcp_connect) with the target "mysql.shop.svc.cluster.local:3306"');
    expect(monitoring([...mysql(), probe('mysql', 'tcp_connect', ['mysql.shop.svc.cluster.local:3306'])])).toEqual([]);
  });

  test('the form of the target: URLs for http..., host:port for tcp... and grpc...', () => {
    const tcp = only([...cleanApp(), probe('web', 'tcp_connect', ['http://web.shop.svc.cluster.local/'])]);
    expect(tcp.message).toBe('the module "tcp_connect" runs the TCP prober, which takes host:port (no scheme, no path), not "http://web.shop.svc.cluster.local/"');
    expect(tcp.fix).toContain('"web.shop.svc.cluster.local:80"');
    const http = only([...cleanApp(), probe('web', 'http_2xx', ['shop.example.com:443'])]);
    expect(http.message).toBe('the module "http_2xx" runs the HTTP prober, which takes http:// or https:// URLs, not "shop.example.com:443"');
    const grpc = only([...cleanApp(), probe('web', 'grpc_health', ['https://api.example.com/'])]);
    expect(grpc.message).toContain('runs the gRPC prober, which takes host:port');
    expect(monitoring([...cleanApp(), probe('web', 'http_2xx', ['https://shop.example.com/', 'http://web.shop.svc:80/healthz'])])).toEqual([]);
  });

  test('appProtocol decides before the name; the scheme must fit TLS', () => {
    const grpcPort = service({ ports: [{ name: 'http', port: 80, targetPort: 'http', appProtocol: 'grpc' }] });
    expect(only([deployment(), grpcPort, probe('web', 'http_2xx', ['http://web.shop.svc.cluster.local/'])]).message)
      .toContain('speaks gRPC (its appProtocol "grpc")');
    expect(monitoring([deployment(), grpcPort, probe('web', 'grpc', ['web.shop.svc.cluster.local:80'])])).toEqual([]);
    expect(only([...cleanApp(), probe('web', 'http_2xx', ['https://web.shop.svc.cluster.local:80/'])]).message)
      .toContain('speaks HTTP (its name "http"): a TLS handshake with a plain HTTP port fails');
    const tls = service({ ports: [{ name: 'https', port: 443, targetPort: 'http' }] });
    expect(only([deployment(), tls, probe('web', 'http_2xx', ['http://web.shop.svc.cluster.local:443/'])]).fix)
      .toContain('the URL "https://web.shop.svc.cluster.local:443/"');
    expect(monitoring([deployment(), tls, probe('web', 'http_2xx', ['https://web.shop.svc.cluster.local/'])])).toEqual([]);
  });

  test('without a telling Service port: the container port it targets, then the probe that checks it', () => {
    // The Service port has no name: the container port "http" tells.
    const unnamed = service({ ports: [{ port: 80, targetPort: 'http' }] });
    expect(only([deployment(), unnamed, probe('web', 'grpc', ['web.shop.svc.cluster.local:80'])]).message)
      .toContain('speaks HTTP (the name "http" of the port of container "web" of Deployment shop/web it targets): a gRPC health check needs a gRPC server');
    // Neither has a name: the gRPC readiness probe of the port tells.
    const grpcContainer = cleanContainer({ ports: [{ containerPort: 9000 }], readinessProbe: { grpc: { port: 9000 } } });
    const grpcServer = deployment({ pod: { containers: [grpcContainer] } });
    const byNumber = service({ ports: [{ port: 9000, targetPort: 9000 }] });
    expect(only([grpcServer, byNumber, probe('web', 'http_2xx', ['http://web.shop.svc.cluster.local:9000/'])]).message)
      .toContain('speaks gRPC (the readinessProbe (grpc) of container "web" of Deployment shop/web that checks the port it targets)');
    expect(monitoring([grpcServer, byNumber, probe('web', 'grpc', ['web.shop.svc.cluster.local:9000'])])).toEqual([]);
  });

  test('no finding when the protocol is not known, the Service or its port is not in the manifests, or a TCP connect', () => {
    const opaque = deployment({ pod: { containers: [cleanContainer({ ports: [{ containerPort: 8080 }], readinessProbe: { exec: { command: ['true'] } } })] } });
    const web = service({ ports: [{ name: 'web', port: 80, targetPort: 8080 }] });
    expect(monitoring([opaque, web, probe('web', 'grpc', ['web.shop.svc.cluster.local:80'])])).toEqual([]);
    expect(monitoring([...cleanApp(), probe('web', 'grpc', ['api.other.svc.cluster.local:80', 'web.shop.svc.cluster.local:81'])])).toEqual([]);
    expect(monitoring([...mysql(), probe('mysql', 'tcp_connect', ['mysql.shop.svc:3306']), probe('web', 'tcp_connect', ['web.shop.svc:80'])])).toEqual([]);
    expect(monitoring([...cleanApp(), probe('dns', 'icmp', ['10.0.0.1'])])).toEqual([]);
  });

  test('a UDP port cannot be probed over TCP', () => {
    const dns = mysql({ name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' });
    expect(only([...dns, probe('dns', 'tcp_connect', ['mysql.shop.svc:53'])]).message).toContain('speaks UDP (its protocol UDP)');
  });
});

describe('probe-target-unique', () => {
  test('the same target twice in one Probe, after normalizing case, default port and trailing slash', () => {
    const finding = only([probe('public', 'http_2xx', ['https://Shop.Example.com:443/', 'HTTPS://shop.example.com'])]);
    expect(lines([finding])).toEqual(['probe-target-unique Probe public spec.targets.staticConfig.static[1]']);
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('"HTTPS://shop.example.com" is the same target as static[0], probed with the same module "http_2xx"');
    expect(monitoring([probe('public', 'http_2xx', ['https://shop.example.com/', 'https://shop.example.com/healthz'])])).toEqual([]);
  });

  test('across the Probes of a namespace, with the same module and exporter only', () => {
    const first = probe('public', 'http_2xx', ['https://shop.example.com/']);
    expect(monitoring([first, probe('again', 'http_2xx', ['https://shop.example.com'])])).toEqual([
      'probe-target-unique Probe again spec.targets.staticConfig.static[0]',
    ]);
    expect(only([first, probe('again', 'http_2xx', ['https://shop.example.com'])]).message).toContain('the same target as Probe shop/public (static[0])');
    expect(monitoring([
      first,
      probe('status', 'http_2xx_status', ['https://shop.example.com/']),
      probe('other-namespace', 'http_2xx', ['https://shop.example.com/'], 'other'),
      probe('other-exporter', 'http_2xx', ['https://shop.example.com/'], 'shop', { prober: { url: 'blackbox.eu.example.com:9115' } }),
    ])).toEqual([]);
  });
});

describe('monitor-selects', () => {
  test('a ServiceMonitor that selects Services by labels they do not carry (the pods\' labels) is reported', () => {
    const finding = only([deployment({ pod: { containers: [webContainer()] } }), service({ ports: [{ name: 'metrics', port: 9090 }] }), serviceMonitor()]);
    expect(lines([finding])).toEqual(['monitor-selects ServiceMonitor web spec.selector']);
    expect(finding.message).toBe('selects no Service of the manifests in namespace shop (selector app.kubernetes.io/name=web, app.kubernetes.io/instance=web): '
      + 'nothing is scraped; Service shop/web selects pods with these labels, but the ServiceMonitor selects Services by the Service\'s own labels');
    expect(finding.fix).toContain('put the selected labels on Service shop/web');
    expect(monitoring([deployment({ pod: { containers: [webContainer()] } }), labelledService(), serviceMonitor()])).toEqual([]);
  });

  test('an endpoint port that the selected Services do not have; a targetPort that the pods do not name', () => {
    const app = [deployment({ pod: { containers: [webContainer()] } }), labelledService()];
    const byPort = only([...app, serviceMonitor({ endpoints: [{ port: 'metric' }] })]);
    expect(lines([byPort])).toEqual(['monitor-selects ServiceMonitor web spec.endpoints[0].port']);
    expect(byPort.message).toBe('scrapes port "metric", which no Service it selects (Service shop/web) has: nothing is scraped');
    expect(byPort.fix).toContain('http (80), metrics (9090)');
    expect(monitoring([...app, serviceMonitor({ endpoints: [{ targetPort: 'prometheus' }] })])).toEqual([
      'monitor-selects ServiceMonitor web spec.endpoints[0].targetPort',
    ]);
    expect(monitoring([...app, serviceMonitor({ endpoints: [{ targetPort: 'metrics' }, { targetPort: 9091 }, { port: 'http' }] })])).toEqual([]);
  });

  test('only the namespaces that the manifests hold are judged', () => {
    const app = [deployment({ pod: { containers: [webContainer()] } }), labelledService()];
    // Looks in a namespace the manifests do not hold: cannot be known.
    expect(monitoring([...app, serviceMonitor({ namespaceSelector: { matchNames: ['payments'] } })])).toEqual([]);
    // Alone in `monitoring` (nothing else of that namespace is in the manifests), selecting there.
    expect(monitoring([serviceMonitor({}, { namespace: 'monitoring' })])).toEqual([]);
    // From `monitoring`, into `shop`, which the manifests hold: judged.
    const intoShop = serviceMonitor({ namespaceSelector: { matchNames: ['shop'] }, selector: { matchLabels: { app: 'nothing' } } },
      { namespace: 'monitoring' });
    expect(monitoring([...app, intoShop])).toEqual(['monitor-selects ServiceMonitor web spec.selector']);
    // any: a match in one namespace is enough; no match at all may be elsewhere.
    expect(monitoring([...app, serviceMonitor({ namespaceSelector: { any: true } }, { namespace: 'monitoring' })])).toEqual([]);
    expect(monitoring([...app, serviceMonitor({ namespaceSelector: { any: true }, selector: { matchLabels: { app: 'nothing' } } })])).toEqual([]);
  });

  test('a PodMonitor that selects no pods, or names a port they do not declare', () => {
    const app = [deployment({ pod: { containers: [webContainer()] } })];
    const none = only([...app, podMonitor({ selector: { matchLabels: { 'app.kubernetes.io/name': 'wbe' } } })]);
    expect(lines([none])).toEqual(['monitor-selects PodMonitor web spec.selector']);
    expect(none.message).toBe('selects no pod of the manifests in namespace shop (selector app.kubernetes.io/name=wbe): nothing is scraped');
    const port = only([...app, podMonitor({ podMetricsEndpoints: [{ port: 'prometheus' }] })]);
    expect(lines([port])).toEqual(['monitor-selects PodMonitor web spec.podMetricsEndpoints[0].port']);
    expect(port.fix).toBe('name one of their container ports: http, metrics');
    expect(monitoring([...app, podMonitor()])).toEqual([]);
  });
});

describe('alert-matches', () => {
  const appWith = (...rules: Array<Record<string, any>>) => [...canaryApp('registry.example.com/shop/web:1.2.3'), serviceMonitor(), prometheusRule(rules)];

  test('an alert on the pods of one release track misses the canary\'s (the issue); every track matched passes', () => {
    const expr = 'increase(kube_pod_container_status_restarts_total{namespace="shop", pod=~"web-[a-z0-9]+-[a-z0-9]{5}", container="web"}[15m]) > 3';
    const finding = only(appWith(alert('WebPodRestarting', expr)));
    expect(lines([finding])).toEqual(['alert-matches PrometheusRule web-alerts spec.groups[0].rules[0].expr']);
    expect(finding.message).toBe('alert "WebPodRestarting": kube_pod_container_status_restarts_total{namespace="shop", pod=~"web-[a-z0-9]+-[a-z0-9]{5}", container="web"} '
      + 'does not match the pods of Deployment shop/web-canary (e.g. web-canary-7d9f8b6c5d-x2x4z), of the application it watches '
      + '(app.kubernetes.io/name=web, app.kubernetes.io/instance=web)');
    expect(finding.fix).toBe('match the pods of every workload of the application, e.g. pod=~"web(-canary)?-[a-z0-9]+-[a-z0-9]+"');
    const fixed = 'increase(kube_pod_container_status_restarts_total{namespace="shop", pod=~"web(-canary)?-[a-z0-9]+-[a-z0-9]+", container="web"}[15m]) > 3';
    expect(monitoring(appWith(alert('WebPodRestarting', fixed)))).toEqual([]);
    // Two selectors, one per track, pass too.
    const perTrack = 'kube_pod_container_status_ready{pod=~"web-[a-z0-9]+-[a-z0-9]{5}"} == 0 or kube_pod_container_status_ready{pod=~\'web-canary-.+\'} == 0';
    expect(monitoring(appWith(alert('WebNotReady', perTrack)))).toEqual([]);
  });

  test('regular expressions are anchored: a pattern of the name alone matches no pod', () => {
    const finding = only(appWith(alert('WebDown', 'kube_pod_status_ready{namespace="shop", pod=~"web", condition="true"} == 0')));
    expect(finding.message).toContain('alert "WebDown": the selector kube_pod_status_ready{namespace="shop", pod=~"web", condition="true"} matches no pod of namespace shop '
      + '(its pods are named like web-7d9f8b6c5d-x2x4z (Deployment web), web-canary-7d9f8b6c5d-x2x4z (Deployment web-canary))');
    expect(finding.fix).toContain('pod=~"web(-canary)?-[a-z0-9]+-[a-z0-9]+" (a regular expression matches the whole name)');
    expect(monitoring(appWith(alert('WebDown', 'kube_pod_status_ready{namespace="shop", pod=~"web.*", condition="true"} == 0')))).toEqual([]);
  });

  test('a container matcher must match a container of the pods', () => {
    const finding = only(appWith(alert('WebOom', 'kube_pod_container_status_last_terminated_reason{namespace="shop", pod=~"web.*", container="app", reason="OOMKilled"} > 0')));
    expect(finding.message).toContain('matches no container of the pods of namespace shop (their containers: web)');
    expect(finding.fix).toContain('container=~"web"');
  });

  test('the sample pod names of each controller', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'import', namespace: 'jobs' }, spec: { template: { spec: { containers: [cleanContainer({ name: 'import' })] } } } };
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'jobs' }, spec: { jobTemplate: { spec: job.spec } } };
    const daemon = { ...deployment({ metadata: { name: 'agent', namespace: 'jobs' } }), kind: 'DaemonSet' };
    const rule = (expr: string) => prometheusRule([alert('A', expr)], {}, 'jobs');
    const passes = [
      'up{namespace="jobs", pod=~"import-[a-z0-9]{5}"}', 'up{namespace="jobs", pod=~"report-[0-9]+-[a-z0-9]{5}"}', 'up{namespace="jobs", pod=~"agent-[a-z0-9]{5}"}',
    ];
    for (const expr of passes) {
      expect(monitoring([job, cron, daemon, rule(expr)])).toEqual([]);
    }
    expect(monitoring([...mysql(), prometheusRule([alert('A', 'up{namespace="shop", pod=~"mysql-[0-9]+"}')], {})])).toEqual([]);
    expect(monitoring([...mysql(), prometheusRule([alert('A', 'up{namespace="shop", pod=~"mysql-[a-z0-9]+-[a-z0-9]{5}"}')], {})]))
      .toEqual(['alert-matches PrometheusRule web-alerts spec.groups[0].rules[0].expr']);
    expect(monitoring([job, cron, daemon, rule('up{namespace="jobs", pod=~"report-[a-z0-9]{5}"}')])).toHaveLength(1);
  });

  test('the pods of a long name are named as the API server cuts them: 58 characters, then 5 random ones', () => {
    const name = `orders-${'x'.repeat(46)}`; // 53 characters: the ReplicaSet's name and its dash do not fit
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `i${'x'.repeat(59)}`, namespace: 'jobs' }, spec: { template: { spec: { containers: [cleanContainer({ name: 'import' })] } } } };
    const web = deployment({ metadata: { name, namespace: 'jobs' } });
    const rule = (expr: string) => prometheusRule([alert('A', expr)], {}, 'jobs');
    const finding = only([web, job, rule(`up{namespace="jobs", pod=~"${name}-[a-z0-9]{1,10}-[a-z0-9]{5}"}`)]);
    expect(finding.message).toContain(`(its pods are named like ${name}-7d9fx2x4z (Deployment ${name}), i${'x'.repeat(57)}x2x4z (Job i${'x'.repeat(59)}))`);
    expect(monitoring([web, job, rule(`up{namespace="jobs", pod=~"${name}-(?:[a-z0-9]{1,3}-|[a-z0-9]{4})[a-z0-9]{5}"}`)])).toEqual([]);
    expect(monitoring([web, job, rule(`up{namespace="jobs", pod=~"i${'x'.repeat(57)}[a-z0-9]{5}"}`)])).toEqual([]);
  });

  test('a matcher on the object label of kube-state-metrics must name an object of the namespace: deployment, statefulset, job_name, persistentvolumeclaim', () => {
    const withTemplate = mysql();
    withTemplate[0].spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }];
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', namespace: 'shop' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [cleanContainer({ name: 'backup' })] } } } } },
    };
    const rules = (expr: string) => monitoring([...withTemplate, cron, prometheusRule([alert('A', expr)], DB_LABELS)]);
    const finding = only([...withTemplate, cron, prometheusRule([alert('MysqlUnavailable', 'kube_deployment_status_replicas_available{namespace="shop", deployment="mysql"} < 1')], DB_LABELS)]);
    expect(finding.message).toBe('alert "MysqlUnavailable": the selector kube_deployment_status_replicas_available{namespace="shop", deployment="mysql"} matches no '
      + 'Deployment of namespace shop by its `deployment` label (there is none)');
    expect(finding.fix).toBe('select the namespace the objects are in');
    // The StatefulSet by its label, its claims by their template's names, the CronJob's Jobs by its name and the time.
    for (const passing of [
      'kube_statefulset_status_replicas_ready{namespace="shop", statefulset="mysql"} < 1',
      'kubelet_volume_stats_used_bytes{namespace="shop", persistentvolumeclaim=~"data-mysql-[0-9]+"} > 0',
      'kube_job_failed{namespace="shop", job_name=~"backup-[0-9]+", condition="true"} > 0',
      'kube_deployment_status_replicas_available{namespace="shop", deployment!="web"} < 1',
      'kube_deployment_status_replicas_available{namespace="elsewhere", deployment="web"} < 1',
    ]) {
      expect([passing, rules(passing)]).toEqual([passing, []]);
    }
    const claims = only([...withTemplate, cron, prometheusRule([alert('A', 'kubelet_volume_stats_used_bytes{namespace="shop", persistentvolumeclaim="mysql-data"} > 0')], DB_LABELS)]);
    expect(claims.message).toContain('matches no PersistentVolumeClaim or StatefulSet of namespace shop by its `persistentvolumeclaim` label (theirs: data-mysql-0)');
    expect(claims.fix).toBe('match the persistentvolumeclaim of the objects, e.g. persistentvolumeclaim=~"data-mysql-[0-9]+"');
    const jobs = only([...withTemplate, cron, prometheusRule([alert('A', 'kube_job_failed{namespace="shop", job_name="backup"} > 0')], DB_LABELS)]);
    expect(jobs.message).toContain('matches no Job or Job of a CronJob of namespace shop by its `job_name` label (theirs: backup-29000000)');
  });

  test('a job or service matcher misses a Service of the application that a ServiceMonitor scrapes', () => {
    const twoServices = [...canaryApp('registry.example.com/shop/web:1.2.3'), labelledService('web-canary', { ...LABELS, track: 'canary' }), serviceMonitor()];
    const finding = only([...twoServices, prometheusRule([alert('WebTargetDown', 'up{namespace="shop", job="web"} == 0')])]);
    expect(finding.message).toBe('alert "WebTargetDown": up{namespace="shop", job="web"} does not match the series of Service shop/web-canary '
      + '(scraped by ServiceMonitor shop/web, job "web-canary"), of the application it watches (app.kubernetes.io/name=web, app.kubernetes.io/instance=web)');
    expect(finding.fix).toBe('match the scrape targets of every ServiceMonitor of the application, e.g. job=~"web(-canary)?"');
    expect(monitoring([...twoServices, prometheusRule([alert('WebTargetDown', 'up{namespace="shop", job=~"web|web-canary"} == 0')])])).toEqual([]);
    // The job label from spec.jobLabel.
    const byJobLabel = [...twoServices.slice(0, -1), serviceMonitor({ jobLabel: 'app.kubernetes.io/name' })];
    expect(monitoring([...byJobLabel, prometheusRule([alert('WebTargetDown', 'up{namespace="shop", job="web"} == 0')])])).toEqual([]);
    // An alert on the Probes' jobs does not ask for the ServiceMonitor's targets.
    const probes = [probe('web-service', 'http_2xx', ['http://web.shop.svc:80/']), probe('web-public', 'http_2xx', ['https://shop.example.com/'])];
    for (const p of probes) p.metadata.labels = LABELS;
    expect(monitoring([...twoServices, ...probes, prometheusRule([alert('WebProbeFailing', 'probe_success{job=~"probe/shop/web-service|probe/shop/web-public"} == 0')])])).toEqual([]);
    expect(monitoring([...twoServices, ...probes, prometheusRule([alert('WebProbeFailing', 'probe_success{job="probe/shop/web-service"} == 0')])])).toEqual([
      'alert-matches PrometheusRule web-alerts spec.groups[0].rules[0].expr',
    ]);
  });

  test('what the manifests cannot know is not judged: other namespaces, other labels, recording rules, rules of no application', () => {
    expect(monitoring(appWith(
      alert('Other', 'up{namespace="payments", pod=~"api-.*"} == 0'),
      alert('Kubelet', 'kube_node_status_condition{condition="Ready", status="true", node=~"worker-.*"} == 0'),
      { record: 'web:restarts', expr: 'sum(kube_pod_container_status_restarts_total{namespace="shop", pod="nothing"})' },
    ))).toEqual([]);
    // Without the application's labels, only the pods of the named namespace count: the stable track alone passes.
    const unlabelled = [...canaryApp('registry.example.com/shop/web:1.2.3'), prometheusRule([alert('A', 'up{namespace="shop", pod=~"web-[a-z0-9]+-[a-z0-9]+"}')], {})];
    expect(monitoring(unlabelled)).toEqual([]);
  });
});

describe('version-label', () => {
  const labelled = (version: string, image: string, more: Array<Record<string, any>> = []) => deployment({
    metadata: { name: 'web-canary', labels: { ...LABELS, 'app.kubernetes.io/version': version } },
    podMetadata: { labels: { ...LABELS, 'app.kubernetes.io/version': version } },
    pod: { containers: [cleanContainer({ image }), ...more] },
  });

  test('a canary that runs web:2.4.0-rc1 labelled 2.3.1 is reported, on the object and on its pod template', () => {
    const found = findings([labelled('2.3.1', 'registry.example.com/shop/web:2.4.0-rc1')]);
    expect(lines(found)).toEqual([
      'version-label Deployment web-canary metadata.labels["app.kubernetes.io/version"]',
      'version-label Deployment web-canary spec.template.metadata.labels["app.kubernetes.io/version"]',
    ]);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toBe('app.kubernetes.io/version is "2.3.1", but no container runs that version: web runs registry.example.com/shop/web:2.4.0-rc1');
    expect(found[0].fix).toContain('"2.4.0-rc1"');
    expect(monitoring([labelled('2.4.0-rc1', 'registry.example.com/shop/web:2.4.0-rc1')])).toEqual([]);
  });

  test('a leading v and a -suffix of the tag are tolerated; any container may be the one', () => {
    expect(monitoring([labelled('1.27.3', 'nginx:1.27.3-alpine')])).toEqual([]);
    expect(monitoring([labelled('v1.2.3', 'registry.example.com:5000/web:1.2.3')])).toEqual([]);
    expect(monitoring([labelled('1.2.3', 'web:v1.2.3')])).toEqual([]);
    expect(monitoring([labelled('1.27.3', 'web:0.3.2', [cleanContainer({ name: 'proxy', image: 'nginx:1.27.3-alpine', ports: undefined, readinessProbe: undefined })])])).toEqual([]);
    expect(monitoring([labelled('1.27', 'nginx:1.27.3')])).toHaveLength(2);
  });

  test('images pinned only by a digest are not judged; a tag with a digest is', () => {
    expect(monitoring([labelled('2.3.1', `registry.example.com/shop/web@${DIGEST}`)])).toEqual([]);
    expect(monitoring([labelled('2.3.1', 'web:2.4.0', [cleanContainer({ name: 'proxy', image: `envoy@${DIGEST}`, ports: undefined, readinessProbe: undefined })])])).toEqual([]);
    expect(monitoring([labelled('2.3.1', `registry.example.com/shop/web:2.4.0@${DIGEST}`)])).toHaveLength(2);
  });

  test('a Pod is judged once, by its own labels', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'shop', labels: { 'app.kubernetes.io/version': '1.0.0' } }, spec: { containers: [cleanContainer({ image: 'busybox:1.36.1' })] } };
    expect(monitoring([pod])).toEqual(['version-label Pod debug metadata.labels["app.kubernetes.io/version"]']);
  });
});
