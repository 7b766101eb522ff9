import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { BatchAndCronChart } from '../../examples/batch-and-cron/chart';
import { FooBlueGreenChart, FooCanaryChart } from '../../examples/blue-green-canary/chart';
import { FullStackChart } from '../../examples/full-stack/chart';
import { HelloWebChart } from '../../examples/hello-web/chart';
import { LockedImageChart } from '../../examples/locked-image/chart';
import { LogAgentChart } from '../../examples/log-agent/chart';
import { MysqlStatefulChart } from '../../examples/mysql-stateful/chart';
import { NginxWebChart } from '../../examples/nginx-web/chart';
import { RollingUpdateChart } from '../../examples/rolling-update/chart';
import { SidecarProxyChart } from '../../examples/sidecar-proxy/chart';
import {
  AlertKind, AlertRules, AlertSeverity, AppIdentity, AppMonitoring, AppMonitoringProps, AppPublication, AppService, BatchWorkload, BlackboxProber,
  ContainerImage, CronSchedule, DaemonWorkload, HealthProbe, KubernetesVersion, LogCollection, ManifestYaml, MonitoringMode, MonitoringPart,
  PersistentClaim, PlatformDefaults, ProbeScheme, ReplicaStorage, ScheduledWorkload, StatefulWorkload, StatelessWorkload, StorageVolume, Warnings,
  WorkloadKind,
} from '../../src';
import { checkCharts } from '../../src/plugin';
import { promqlErrors } from '../support/promql';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/web:2.0.0');
const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) };
const PLATFORM = {
  blackboxExporterAddress: 'blackbox-exporter.monitoring.svc:9115',
  prometheusSelectorLabels: { release: 'kube-prometheus' },
  runbookUrlTemplate: 'https://runbooks.example.com/{alert}',
};

function chartFor(namespace: string, defaults: Record<string, unknown> = PLATFORM) {
  const app = Testing.app();
  PlatformDefaults.set(app, defaults);
  return new Chart(app, namespace, { namespace });
}

function webApp(defaults: Record<string, unknown> = PLATFORM) {
  const chart = chartFor('shop', defaults);
  const identity = new AppIdentity(chart, 'Identity', { name: 'web', partOf: 'shop' });
  const workload = new StatelessWorkload(chart, 'Web', {
    identity, container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }], resources },
  });
  const service = new AppService(chart, 'Service', { workload, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] });
  const publication = new AppPublication(chart, 'Publication', { name: 'web', hosts: ['shop.example.com'], service });
  return { chart, workload, service, publication };
}

function monitoringYaml(chart: Chart): string {
  return ManifestYaml.ofManifests(synth(chart).filter((m) => m.apiVersion === 'monitoring.coreos.com/v1'));
}

describe('a web application with a metrics port and a public URL', () => {
  function monitored(props: Partial<AppMonitoringProps> = {}) {
    const parts = webApp();
    const monitoring = new AppMonitoring(parts.chart, 'Monitoring', {
      workload: parts.workload,
      service: parts.service,
      publication: parts.publication,
      defaultProbes: { readinessPath: '/ready', slowStart: Duration.minutes(2) },
      metrics: { portName: 'metrics', requestCounter: 'http_requests_total' },
      ...props,
    });
    return { ...parts, monitoring, manifests: synth(parts.chart) };
  }

  test('probes, a ServiceMonitor, two blackbox Probes, a PrometheusRule and a dashboard ConfigMap', () => {
    const { manifests, monitoring } = monitored();
    const container = only(manifests, 'Deployment').spec.template.spec.containers[0];
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' } });
    expect(container.startupProbe).toEqual({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 10, failureThreshold: 12 });
    expect(container.livenessProbe).toBeUndefined();

    expect(only(manifests, 'ServiceMonitor').spec.endpoints[0].port).toBe('metrics');

    const probes = manifests.filter((m) => m.kind === 'Probe');
    expect(probes.map((p) => [p.metadata.name, p.spec.targets.staticConfig.static])).toEqual([
      // In the cluster: the Service's first non-metrics port, on the readiness path.
      ['web-service', ['http://web.shop.svc.cluster.local:80/ready']],
      // From outside: the published URL.
      ['web-public', ['http://shop.example.com/']],
    ]);

    const rule = only(manifests, 'PrometheusRule');
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual(monitoring.alerts!.alerts);
    expect(monitoring.alerts!.alerts).toEqual(['WebPodRestarting', 'WebPodCrashLooping', 'WebReplicasUnavailable', 'WebProbeFailing', 'WebTargetDown']);
    const probeFailing = rule.spec.groups[0].rules.find((r: any) => r.alert === 'WebProbeFailing');
    expect(probeFailing.expr).toContain('job=~"web-service|web-public"');
    const targetDown = rule.spec.groups[0].rules.find((r: any) => r.alert === 'WebTargetDown');
    expect(targetDown.expr).toContain('namespace="shop", service="web"');
    expect(targetDown.annotations.runbook_url).toBe('https://runbooks.example.com/WebTargetDown');

    const dashboard = only(manifests, 'ConfigMap');
    expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
    const json = JSON.parse(Object.values(dashboard.data)[0] as string);
    expect(JSON.stringify(json)).toContain('http_requests_total');
  });

  test('what the alerts and the dashboard know about it', () => {
    const { monitoring } = monitored();
    expect(monitoring.application).toEqual({
      name: 'web',
      namespace: 'shop',
      workloadKind: WorkloadKind.DEPLOYMENT,
      workloadName: 'web',
      podNamePattern: 'web-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}',
      containerNames: ['web'],
      initContainerNames: [],
      claimNamePatterns: [],
      blackboxJobs: ['web-service', 'web-public'],
      scrapeTargetMatchers: 'namespace="shop", service="web"',
      requestCounter: 'http_requests_total',
    });
  });

  test('snapshot of the monitoring resources', () => {
    const { chart } = monitored();
    expect(monitoringYaml(chart)).toMatchSnapshot();
  });

  test('probes of its own, more URLs, another service port and path, alert options', () => {
    const { manifests } = monitored({
      probes: { readiness: HealthProbe.tcp({ portName: 'http' }), liveness: HealthProbe.httpGet('/live', { portName: 'http', period: Duration.seconds(30) }) },
      defaultProbes: undefined,
      blackbox: { servicePath: '/healthz', extraUrls: ['https://status.example.com/shop'], interval: Duration.minutes(1) },
      alerts: { disable: [AlertKind.TARGET_DOWN], severities: { [AlertKind.PROBE_FAILING]: AlertSeverity.WARNING }, labels: { prometheus: 'shop' }, alertLabels: { team: 'shop' } },
    });
    const container = only(manifests, 'Deployment').spec.template.spec.containers[0];
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/live', port: 'http' }, periodSeconds: 30 });
    const probes = manifests.filter((m) => m.kind === 'Probe');
    expect(probes[0].spec.targets.staticConfig.static).toEqual(['http://web.shop.svc.cluster.local:80/healthz']);
    expect(probes[1].spec.targets.staticConfig.static).toEqual(['http://shop.example.com/', 'https://status.example.com/shop']);
    expect(probes.map((p) => p.spec.interval)).toEqual(['1m', '1m']);
    const rules = only(manifests, 'PrometheusRule').spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).not.toContain('WebTargetDown');
    expect(rules.find((r: any) => r.alert === 'WebProbeFailing').labels).toEqual({ severity: 'warning', team: 'shop', application: 'web', namespace: 'shop' });
    expect(only(manifests, 'PrometheusRule').metadata.labels).toEqual({ 'prometheus': 'shop', 'app.kubernetes.io/name': 'web' });
  });

  test('the in-cluster check takes "/" when the readiness probe is not an HTTP check of that port', () => {
    const { manifests } = monitored({ defaultProbes: undefined });
    expect(manifests.filter((m) => m.kind === 'Probe')[0].spec.targets.staticConfig.static).toEqual(['http://web.shop.svc.cluster.local:80/']);
    expect(only(manifests, 'Deployment').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
  });

  test('each part can be switched off', () => {
    const { manifests, monitoring } = monitored({
      defaultProbes: undefined,
      switchOff: [MonitoringPart.DEFAULT_PROBES, MonitoringPart.BLACKBOX, MonitoringPart.ALERTS, MonitoringPart.DASHBOARD],
    });
    expect(only(manifests, 'Deployment').spec.template.spec.containers[0].readinessProbe).toBeUndefined();
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'Ingress', 'PodDisruptionBudget', 'Service', 'ServiceMonitor']);
    expect(manifests.filter((m) => ['Probe', 'PrometheusRule', 'ConfigMap'].includes(m.kind))).toEqual([]);
    expect(monitoring.alerts).toBeUndefined();
    expect(monitoring.dashboard).toBeUndefined();
    expect(monitoring.serviceCheck).toBeUndefined();
    expect(monitoring.publicCheck).toBeUndefined();
  });

  test('without a blackbox exporter in the platform defaults, no black-box checks', () => {
    const parts = webApp({});
    const monitoring = new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service: parts.service, publication: parts.publication });
    expect(monitoring.serviceCheck).toBeUndefined();
    expect(monitoring.publicCheck).toBeUndefined();
    expect(monitoring.application.blackboxJobs).toEqual([]);
    const manifests = synth(parts.chart);
    expect(manifests.filter((m) => m.kind === 'Probe')).toEqual([]);
    expect(only(manifests, 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert)).not.toContain('WebProbeFailing');
  });

  test('a cluster without the Prometheus operator (annotations mode): no operator resources unless asked for', () => {
    const parts = webApp({ ...PLATFORM, monitoringMode: MonitoringMode.ANNOTATIONS });
    const monitoring = new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service: parts.service, metrics: { portName: 'metrics' } });
    expect(monitoring.alerts).toBeUndefined();
    expect(monitoring.serviceCheck).toBeUndefined();
    expect(synth(parts.chart).filter((m) => m.apiVersion === 'monitoring.coreos.com/v1')).toEqual([]);
    expect(only(synth(parts.chart), 'Deployment').spec.template.metadata.annotations['prometheus.io/scrape']).toBe('true');
  });

  test('annotations mode from the platform: no ServiceMonitor, the pods carry the scrape annotations', () => {
    const parts = webApp({ ...PLATFORM, monitoringMode: MonitoringMode.ANNOTATIONS });
    new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service: parts.service, metrics: { portName: 'metrics' }, alerts: {} });
    const manifests = synth(parts.chart);
    expect(manifests.filter((m) => m.kind === 'ServiceMonitor' || m.kind === 'PodMonitor')).toEqual([]);
    expect(only(manifests, 'Deployment').spec.template.metadata.annotations['prometheus.io/port']).toBe('9090');
    const targetDown = only(manifests, 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'WebTargetDown');
    expect(targetDown.expr).toContain('pod=~"web-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}"');
  });

  test('logs: collector hints and a shipping sidecar that the alerts and dashboard count', () => {
    const parts = webApp();
    const monitoring = new AppMonitoring(parts.chart, 'Monitoring', {
      workload: parts.workload,
      service: parts.service,
      switchOff: [MonitoringPart.BLACKBOX],
      logs: { hints: { parser: 'json' }, files: { directory: '/var/log/web' } },
    });
    expect(monitoring.logSidecar).toBe('logs');
    expect(monitoring.application.containerNames).toEqual(['web', 'logs']);
    const pod = only(synth(parts.chart), 'Deployment').spec.template;
    expect(pod.metadata.annotations['fluentbit.io/parser']).toBe('json');
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['web', 'logs']);
  });
});

test('native sidecars and init containers: the restart and crash-loop alerts read their series of kube-state-metrics too', () => {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  PlatformDefaults.set(chart, { kubernetesVersion: KubernetesVersion.V1_30 });
  const workload = new StatelessWorkload(chart, 'Web', {
    identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
    container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }] },
    sidecars: [{ name: 'exporter', image: IMAGE, ports: [{ name: 'metrics', number: 9090 }] }],
  });
  expect(workload.nativeSidecars).toBe(true);
  expect(workload.initContainerNames).toEqual(['exporter']);
  const monitoring = new AppMonitoring(chart, 'Monitoring', { workload, switchOff: [MonitoringPart.BLACKBOX, MonitoringPart.DASHBOARD] });
  expect(monitoring.application.initContainerNames).toEqual(['exporter']);
  const rules = only(synth(chart), 'PrometheusRule').spec.groups[0].rules;
  const pods = 'namespace="shop", pod=~"web-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}", container=~"web|exporter"';
  expect(rules.find((r: any) => r.alert === 'WebPodRestarting').expr).toBe(`(increase(kube_pod_container_status_restarts_total{${pods}}[15m]) `
    + `or increase(kube_pod_init_container_status_restarts_total{${pods}}[15m])) > 3`);
  expect(rules.find((r: any) => r.alert === 'WebPodCrashLooping').expr).toBe('max by (pod, container) (kube_pod_container_status_waiting_reason'
    + `{reason="CrashLoopBackOff", ${pods}} or kube_pod_init_container_status_waiting_reason{reason="CrashLoopBackOff", ${pods}}) == 1`);
  expect(rules.flatMap((r: any) => promqlErrors(r.expr))).toEqual([]);
  // The works-when-applied checks find the selectors of both series fit the pods.
  expect(checkCharts([chart]).findings.filter((f) => f.rule === 'alert-matches')).toEqual([]);
});

test('a sidecar added after the monitoring is not watched: a warning says so, and how to ship log files instead', () => {
  const parts = webApp();
  const monitoring = new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service: parts.service, switchOff: [MonitoringPart.BLACKBOX] });
  const warned = () => Warnings.of(parts.chart).filter((w) => w.startsWith('shop/Monitoring: the alerts and the dashboard watch'));
  expect(warned()).toEqual([]);
  LogCollection.shipFiles(parts.workload, { directory: '/var/log/web' });
  expect(monitoring.application.containerNames).toEqual(['web']);
  expect(warned()).toEqual(['shop/Monitoring: the alerts and the dashboard watch the containers web, and a container was added to the pods after the '
    + 'monitoring was made (a sidecar of addSidecar or LogCollection.shipFiles), so its restarts, CPU and memory are not watched: ship log files with the '
    + 'monitoring\'s logs option (a pattern\'s monitoring: { logs: { files } }), or add the sidecar before the monitoring']);
  // Without alerts and dashboard, nothing selects the containers.
  const quiet = webApp();
  new AppMonitoring(quiet.chart, 'Monitoring', { workload: quiet.workload, service: quiet.service, switchOff: [MonitoringPart.BLACKBOX, MonitoringPart.ALERTS, MonitoringPart.DASHBOARD] });
  LogCollection.shipFiles(quiet.workload, { directory: '/var/log/web' });
  expect(Warnings.of(quiet.chart).filter((w) => w.includes('watch the containers'))).toEqual([]);
});

test('every alert expression and dashboard query parses as PromQL, in each scrape mode', () => {
  const exprs: string[] = [];
  for (const mode of [MonitoringMode.SERVICE_MONITOR, MonitoringMode.POD_MONITOR, MonitoringMode.ANNOTATIONS]) {
    const parts = webApp();
    new AppMonitoring(parts.chart, 'Monitoring', {
      workload: parts.workload, service: parts.service, publication: parts.publication, metrics: { portName: 'metrics', mode, requestCounter: 'http_requests_total' },
    });
    const manifests = synth(parts.chart);
    exprs.push(...only(manifests, 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.expr));
    const dashboard = JSON.parse(Object.values(only(manifests, 'ConfigMap').data)[0] as string);
    exprs.push(...dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr)));
  }
  expect(exprs.length).toBeGreaterThan(30);
  expect(exprs.map((e) => [e, promqlErrors(e)])).toEqual(exprs.map((e) => [e, []]));
});

describe('a batch job', () => {
  test('a PodMonitor and job-failure alerts; no default probes, no black-box checks', () => {
    const chart = chartFor('reports');
    const identity = new AppIdentity(chart, 'Identity', { name: 'nightly' });
    const workload = new BatchWorkload(chart, 'Job', { identity, container: { image: IMAGE, ports: [{ name: 'metrics', number: 9091 }], resources } });
    const monitoring = new AppMonitoring(chart, 'Monitoring', { workload, metrics: { portName: 'metrics' } });
    const manifests = synth(chart);
    expect(only(manifests, 'PodMonitor').spec.podMetricsEndpoints[0].port).toBe('metrics');
    expect(only(manifests, 'Job').spec.template.spec.containers[0].readinessProbe).toBeUndefined();
    expect(manifests.filter((m) => m.kind === 'Probe')).toEqual([]);
    expect(monitoring.alerts!.alerts).toContain('NightlyJobFailed');
    expect(monitoring.alerts!.alerts).not.toContain('NightlyReplicasUnavailable');
    // Its pods (restartPolicy Never) are replaced, never restarted: no rule that could not fire.
    expect(monitoring.application.containersRestart).toBe(false);
    expect(monitoring.alerts!.alerts).not.toContain('NightlyPodRestarting');
    expect(monitoring.alerts!.alerts).not.toContain('NightlyPodCrashLooping');
    const jobFailed = only(manifests, 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'NightlyJobFailed');
    expect(jobFailed.expr).toContain('kube_job_failed');
    expect(jobFailed.expr).toContain('namespace="reports"');
    expect(monitoringYaml(chart)).toMatchSnapshot();
  });

  test('a CronJob gets an alert when it stops succeeding on schedule', () => {
    const chart = chartFor('reports');
    const identity = new AppIdentity(chart, 'Identity', { name: 'cleanup' });
    const workload = new ScheduledWorkload(chart, 'Cleanup', { identity, schedule: CronSchedule.expression('0 3 * * *'), container: { image: IMAGE, resources } });
    const monitoring = new AppMonitoring(chart, 'Monitoring', { workload });
    expect(monitoring.application.workloadKind).toBe(WorkloadKind.CRON_JOB);
    expect(monitoring.alerts!.alerts).toEqual(expect.arrayContaining(['CleanupJobFailed', 'CleanupCronJobNotSucceeding']));
    expect(synth(chart).filter((m) => m.kind === 'PodMonitor' || m.kind === 'ServiceMonitor')).toEqual([]);
  });
});

test('a daemon: its pods by their DaemonSet names, its replicas against the scheduled ones, a PodMonitor', () => {
  const chart = chartFor('monitoring');
  const identity = new AppIdentity(chart, 'Identity', { name: 'node-agent' });
  const workload = new DaemonWorkload(chart, 'Agent', { identity, container: { image: IMAGE, ports: [{ name: 'metrics', number: 9100 }], resources } });
  const monitoring = new AppMonitoring(chart, 'Monitoring', { workload, metrics: { portName: 'metrics' } });
  expect(monitoring.application.workloadKind).toBe(WorkloadKind.DAEMON_SET);
  expect(monitoring.application.podNamePattern).toBe('node-agent-[bcdfghjklmnpqrstvwxz2456789]{5}');
  const manifests = synth(chart);
  expect(only(manifests, 'PodMonitor').metadata.name).toBe('node-agent');
  const replicas = only(manifests, 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'NodeAgentReplicasUnavailable');
  expect(replicas.expr).toContain('kube_daemonset_status_desired_number_scheduled{namespace="monitoring", daemonset="node-agent"}');
});

describe('a stateful application with storage', () => {
  test('claims per replica and claims mounted are watched for filling up', () => {
    const chart = chartFor('data');
    const identity = new AppIdentity(chart, 'Identity', { name: 'db' });
    const workload = new StatefulWorkload(chart, 'Db', { identity, container: { image: IMAGE, ports: [{ name: 'mysql', number: 3306 }], resources } });
    ReplicaStorage.addTo(workload, { name: 'data', mountPath: '/var/lib/mysql', size: Size.gibibytes(10) });
    const backups = new PersistentClaim(chart, 'Backups', { name: 'db-backups', size: Size.gibibytes(50) });
    StorageVolume.fromClaim('backups', backups).mountIn(workload, '/backups');
    const monitoring = new AppMonitoring(chart, 'Monitoring', { workload, alerts: { thresholds: { volumeUsedRatio: 0.9 } } });
    expect(monitoring.application.podNamePattern).toBe('db-[0-9]+');
    expect(monitoring.application.claimNamePatterns).toEqual(['data-db-[0-9]+', 'db-backups']);
    const rule = only(synth(chart), 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'DbVolumeFillingUp');
    expect(rule.expr).toContain('data-db-[0-9]+|db-backups');
    expect(rule.expr).toContain('0.9');
    // A TCP readiness check of the first port by default.
    expect(only(synth(chart), 'StatefulSet').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'mysql' } });
  });
});

describe('refused', () => {
  test('black-box checks asked for without a blackbox exporter', () => {
    const parts = webApp({});
    expect(() => new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service: parts.service, blackbox: { servicePath: '/healthz' } })).toThrow(
      /shop\/Monitoring\/ServiceCheck: invalid proberAddress \(undefined\): there is no blackbox exporter to probe with\. Expected the platform default blackboxExporterAddress .*, or proberAddress/);
  });

  test.each<[string, (p: ReturnType<typeof webApp>) => Partial<AppMonitoringProps>, RegExp]>([
    ['the Service of another application', (p) => {
      const other = new StatelessWorkload(p.chart, 'Api', { identity: new AppIdentity(p.chart, 'ApiIdentity', { name: 'api' }), container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }], resources } });
      return { service: new AppService(p.chart, 'ApiService', { workload: other, ports: [{ name: 'http', port: 80 }] }) };
    }, /shop\/Monitoring: invalid service "api": it is the Service of api, not of web\. Expected the Service of web\./],
    ['an unknown part to switch off', () => ({ switchOff: ['logs' as MonitoringPart] }), /invalid switchOff "logs": it is not a part of the monitoring\. Expected some of default-probes, blackbox, alerts, dashboard\./],
    ['options of a part switched off', () => ({ switchOff: [MonitoringPart.ALERTS], alerts: { disable: [AlertKind.TARGET_DOWN] } }),
      /invalid alerts \{"disable":\["TargetDown"\]\}: the alerts are switched off/],
    ['dashboard options with the dashboard switched off', () => ({ switchOff: [MonitoringPart.DASHBOARD], dashboard: { title: 'Web' } }), /invalid dashboard \{"title":"Web"\}: the dashboard is switched off/],
    ['black-box options with the checks switched off', () => ({ switchOff: [MonitoringPart.BLACKBOX], blackbox: { servicePath: '/' } }), /invalid blackbox \{"servicePath":"\/"\}: the black-box checks are switched off/],
    ['default probe options with the default probes switched off', () => ({ switchOff: [MonitoringPart.DEFAULT_PROBES], defaultProbes: { readinessPath: '/ready' } }),
      /invalid defaultProbes \{"readinessPath":"\/ready"\}: the default probes are switched off/],
    ['a service check path without a Service', () => ({ service: undefined, blackbox: { servicePath: '/healthz' } }),
      /invalid blackbox\.servicePath "\/healthz": there is no Service with ports to check/],
    ['a service check port without a Service', () => ({ service: undefined, blackbox: { servicePortName: 'http' } }),
      /^shop\/Monitoring: invalid blackbox\.servicePortName "http": there is no Service with ports to check\. Expected the application's Service in `service`\.$/],
    ['a relative service check path', () => ({ blackbox: { servicePath: 'healthz' } }), /invalid blackbox\.servicePath "healthz": it does not start with "\/"/],
    ['a service check port the Service lacks', () => ({ blackbox: { servicePortName: 'https' } }), /invalid address\(portName\) "https": the Service has no port of that name/],
    ['a metrics port the Service lacks', () => ({ metrics: { portName: 'prom' } }), /^shop\/Monitoring: invalid metrics\.portName "prom": the Service web has no port of that name/],
    ['a probe on an undeclared port', () => ({ probes: { readiness: HealthProbe.tcp({ portName: 'admin' }) } }), /shop\/Web: invalid probes\.readiness\.portName "admin"/],
  ])('%s', (_what, make, message) => {
    const parts = webApp();
    expect(() => new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service: parts.service, ...make(parts) })).toThrow(message);
  });
});

describe('the application AppMonitoring derives for its alerts', () => {
  test('is a read-only view', () => {
    const parts = webApp();
    const { application } = new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service: parts.service, metrics: { portName: 'metrics' } });
    expect(Object.isFrozen(application)).toBe(true);
  });

  // AlertRules checks every application the same way, the one AppMonitoring derives too: a plain copy of it passes
  // the checks and makes the same rules.
  test('passes every check as a plain copy, with the same rules, in every example', () => {
    const app = Testing.app();
    for (const [id, Example] of Object.entries({
      'batch-and-cron': BatchAndCronChart,
      'foo-bluegreen': FooBlueGreenChart,
      'foo-canary': FooCanaryChart,
      'full-stack': FullStackChart,
      'hello-web': HelloWebChart,
      'locked-image': LockedImageChart,
      'log-agent': LogAgentChart,
      'mysql-stateful': MysqlStatefulChart,
      'nginx-web': NginxWebChart,
      'rolling-update': RollingUpdateChart,
      'sidecar-proxy': SidecarProxyChart,
    })) {
      new Example(app, id);
    }
    const monitorings = app.node.findAll().filter((c): c is AppMonitoring => c instanceof AppMonitoring && c.alerts !== undefined);
    expect(monitorings.length).toBeGreaterThanOrEqual(5);
    const rulesOf = (rules: AlertRules) => rules.prometheusRule.toJson().spec.groups[0].rules;
    for (const monitoring of monitorings) {
      const copy = new AlertRules(new Chart(Testing.app(), 'copy'), 'Alerts', { application: { ...monitoring.application } });
      const trusted = new AlertRules(new Chart(Testing.app(), 'trusted'), 'Alerts', { application: monitoring.application });
      expect([monitoring.node.path, rulesOf(copy)]).toEqual([monitoring.node.path, rulesOf(trusted)]);
    }
  });

  test.each<[string, MonitoringMode]>([
    ['a ServiceMonitor', MonitoringMode.SERVICE_MONITOR], ['a PodMonitor', MonitoringMode.POD_MONITOR], ['scrape annotations', MonitoringMode.ANNOTATIONS],
  ])('passes every check as a plain copy, with the same rules: a web application scraped by %s', (_what, mode) => {
    const parts = webApp();
    const claim = new PersistentClaim(parts.chart, 'Uploads', { name: 'uploads', size: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
    StorageVolume.fromClaim('uploads', claim).mountIn(parts.workload, '/srv/uploads');
    const monitoring = new AppMonitoring(parts.chart, 'Monitoring', {
      workload: parts.workload, service: parts.service, publication: parts.publication, metrics: { portName: 'metrics', mode },
    });
    const copy = new AlertRules(parts.chart, 'Copy', { name: 'copy', application: { ...monitoring.application } });
    expect(copy.alerts).toEqual(monitoring.alerts!.alerts);
    expect(copy.prometheusRule.toJson().spec).toEqual(monitoring.alerts!.prometheusRule.toJson().spec);
  });

  test('still refuses scrape targets in another namespace than the workload (a Service of another chart)', () => {
    const parts = webApp();
    const elsewhere = new Chart(parts.chart.node.scope as App, 'elsewhere', { namespace: 'elsewhere' });
    const service = new AppService(elsewhere, 'Service', { workload: parts.workload, ports: [{ name: 'metrics', port: 9090 }] });
    expect(() => new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service, metrics: { portName: 'metrics' } })).toThrow(
      /shop\/Monitoring\/Alerts: invalid application\.scrapeTargetMatchers .*: it has the matcher `namespace="elsewhere"`, which does not select the application's namespace "shop" alone/);
  });
});

describe('black-box checks fit the protocol of what they check', () => {
  /** A database on a port that is not HTTP, with its Service. */
  function database(ports: Array<{ name: string; port: number; appProtocol?: string; protocol?: kplus.Protocol }> = [{ name: 'mysql', port: 3306 }]) {
    const chart = chartFor('data');
    const identity = new AppIdentity(chart, 'Identity', { name: 'mysql' });
    const workload = new StatefulWorkload(chart, 'Mysql', {
      identity, container: { image: IMAGE, ports: ports.map((p) => ({ name: p.name, number: p.port, protocol: p.protocol })), resources },
    });
    const service = new AppService(chart, 'Service', { workload, ports });
    return { chart, workload, service };
  }
  const probesOf = (chart: Chart) => synth(chart).filter((m) => m.kind === 'Probe').map((p) => `${p.metadata.name}: ${p.spec.module} ${p.spec.targets.staticConfig.static.join(' ')}`);

  test('a MySQL port: a tcp_connect check of host:port, not http_2xx of an http:// URL', () => {
    const { chart, workload, service } = database();
    const monitoring = new AppMonitoring(chart, 'Monitoring', { workload, service });
    expect(probesOf(chart)).toEqual(['mysql-service: tcp_connect mysql.data.svc.cluster.local:3306']);
    expect(monitoring.serviceCheck?.prober).toBe(BlackboxProber.TCP);
    expect(monitoring.serviceCheckPort?.name).toBe('mysql');
  });

  test('an HTTP port: an http_2xx check of its URL; a TCP module given: host:port of the port and of the published hosts', () => {
    const plain = webApp();
    new AppMonitoring(plain.chart, 'Monitoring', { workload: plain.workload, service: plain.service, publication: plain.publication });
    expect(probesOf(plain.chart)).toEqual(['web-service: http_2xx http://web.shop.svc.cluster.local:80/', 'web-public: http_2xx http://shop.example.com/']);
    const tcp = webApp();
    new AppMonitoring(tcp.chart, 'Monitoring', {
      workload: tcp.workload, service: tcp.service, publication: tcp.publication, blackbox: { module: 'tcp_connect', extraUrls: ['https://shop.example.com/api'] },
    });
    expect(probesOf(tcp.chart)).toEqual(['web-service: tcp_connect web.shop.svc.cluster.local:80', 'web-public: tcp_connect shop.example.com:80 shop.example.com:443']);
  });

  test.each<[string, Array<{ name: string; port: number; appProtocol?: string }>, string]>([
    ['appProtocol http makes any port HTTP', [{ name: 'web', port: 8080, appProtocol: 'http' }], 'http_2xx http://mysql.data.svc.cluster.local:8080/'],
    ['appProtocol https: an https URL', [{ name: 'web', port: 8443, appProtocol: 'https' }], 'http_2xx https://mysql.data.svc.cluster.local:8443/'],
    ['another appProtocol wins over the name', [{ name: 'http', port: 3306, appProtocol: 'mysql' }], 'tcp_connect mysql.data.svc.cluster.local:3306'],
    ['a name http-<suffix>', [{ name: 'http-admin', port: 8080 }], 'http_2xx http://mysql.data.svc.cluster.local:8080/'],
    ['a gRPC port: tcp_connect by default', [{ name: 'grpc', port: 9000 }], 'tcp_connect mysql.data.svc.cluster.local:9000'],
    ['the first TCP port: a UDP port is not checked', [{ name: 'dns', port: 53, protocol: kplus.Protocol.UDP } as any, { name: 'mysql', port: 3306 }],
      'tcp_connect mysql.data.svc.cluster.local:3306'],
  ])('%s', (_what, ports, check) => {
    const { chart, workload, service } = database(ports);
    new AppMonitoring(chart, 'Monitoring', { workload, service });
    expect(probesOf(chart)).toEqual([`mysql-service: ${check}`]);
  });

  test('the readiness probe tells: an HTTPS GET makes an https check on its path; a gRPC probe lets a gRPC module check host:port', () => {
    const https = database([{ name: 'api', port: 8443 }]);
    new AppMonitoring(https.chart, 'Monitoring', {
      workload: https.workload, service: https.service, probes: { readiness: HealthProbe.httpGet('/ready', { portName: 'api', scheme: ProbeScheme.HTTPS }) },
    });
    expect(probesOf(https.chart)).toEqual(['mysql-service: http_2xx https://mysql.data.svc.cluster.local:8443/ready']);
    const grpc = database([{ name: 'api', port: 9000 }]);
    new AppMonitoring(grpc.chart, 'Monitoring', {
      workload: grpc.workload, service: grpc.service, probes: { readiness: HealthProbe.grpc({ portName: 'api' }) }, blackbox: { module: 'grpc_plain' },
    });
    expect(probesOf(grpc.chart)).toEqual(['mysql-service: grpc_plain mysql.data.svc.cluster.local:9000']);
  });

  test('publicPath: the check of the published URLs requests that path on each published host, not the bare published paths', () => {
    const parts = webApp();
    new AppMonitoring(parts.chart, 'Monitoring', {
      workload: parts.workload, service: parts.service, publication: parts.publication, blackbox: { publicPath: '/api/health' },
    });
    expect(probesOf(parts.chart)[1]).toBe('web-public: http_2xx http://shop.example.com/api/health');
    const other = webApp();
    expect(refusalOf(() => new AppMonitoring(other.chart, 'Monitoring', {
      workload: other.workload, service: other.service, publication: other.publication, blackbox: { publicPath: 'health' },
    }))).toMatchObject({ prop: 'blackbox.publicPath', value: 'health', problem: 'it is not an absolute URL path' });
    const unpublished = webApp();
    expect(refusalOf(() => new AppMonitoring(unpublished.chart, 'Monitoring', {
      workload: unpublished.workload, service: unpublished.service, blackbox: { publicPath: '/health' },
    }))).toMatchObject({ prop: 'blackbox.publicPath', problem: 'the application is not published' });
  });

  test('a published URL given again in extraUrls (written otherwise) is checked once', () => {
    const parts = webApp();
    new AppMonitoring(parts.chart, 'Monitoring', {
      workload: parts.workload,
      service: parts.service,
      publication: parts.publication,
      blackbox: { extraUrls: ['HTTP://Shop.Example.com:80', 'https://status.example.com/shop', 'http://shop.example.com/'] },
    });
    expect(probesOf(parts.chart)[1]).toBe('web-public: http_2xx http://shop.example.com/ https://status.example.com/shop');
  });

  test.each<[string, () => ReturnType<typeof database>, Partial<AppMonitoringProps>, RegExp]>([
    ['http_2xx on a MySQL port', () => database(), { blackbox: { module: 'http_2xx' } },
      /data\/Monitoring: invalid blackbox\.module "http_2xx": it runs the http prober, and the port mysql of the Service mysql speaks TCP \(a port is HTTP: appProtocol "http", a name "http" or "http-<suffix>", or an HTTP readiness probe\)\. Expected a module that fits a port that speaks TCP: a TCP module \(tcp_connect, tls_connect\.\.\.\)\./],
    ['http_2xx on a port declared mysql by appProtocol', () => database([{ name: 'http', port: 3306, appProtocol: 'mysql' }]), { blackbox: { module: 'http_2xx' } },
      /invalid blackbox\.module "http_2xx": it runs the http prober, and the port http of the Service mysql speaks TCP/],
    ['a gRPC module on an HTTP port', () => database([{ name: 'http', port: 8080 }]), { blackbox: { module: 'grpc' } },
      /invalid blackbox\.module "grpc": it runs the grpc prober, and the port http of the Service mysql speaks HTTP .*Expected a module that fits a port that speaks HTTP: an HTTP module \(http\.\.\.\) or a TCP module/],
    ['an ICMP module', () => database(), { blackbox: { module: 'icmp' } }, /invalid blackbox\.module "icmp": it runs the icmp prober, and the port mysql of the Service mysql speaks TCP\./],
    ['a module whose name does not tell its prober', () => database(), { blackbox: { module: 'mysql_login' } },
      /invalid blackbox\.module "mysql_login": its name does not tell which prober it runs/],
    ['a path for a TCP check', () => database(), { blackbox: { servicePath: '/healthz' } },
      /invalid blackbox\.servicePath "\/healthz": the check of the port mysql \(TCP\) is a tcp check of host:port, which has no path\. Expected no servicePath, or a port that speaks HTTP\./],
    ['a UDP port', () => database([{ name: 'mysql', port: 3306 }, { name: 'stats', port: 8125, protocol: kplus.Protocol.UDP }]), { blackbox: { servicePortName: 'stats' } },
      /invalid blackbox\.servicePortName "stats": it is a UDP port, which the black-box checks cannot request\. Expected a TCP port of the Service mysql: mysql\./],
    ['an extra URL that is not a URL', () => database(), { blackbox: { extraUrls: ['status.example.com'] } }, /invalid blackbox\.extraUrls\[0\] "status\.example\.com": it is not an http\(s\) URL/],
  ])('refused: %s', (_what, make, props, message) => {
    const { chart, workload, service } = make();
    expect(() => new AppMonitoring(chart, 'Monitoring', { workload, service, ...props })).toThrow(message);
  });

  test('refused: a gRPC or ICMP module for the published URLs', () => {
    const parts = webApp();
    expect(() => new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, publication: parts.publication, blackbox: { module: 'grpc' } })).toThrow(
      /invalid blackbox\.module "grpc": the published URLs are checked over HTTP \(the URLs\) or TCP \(their host:port\), and the module runs the grpc prober/);
  });
});

describe('untyped JavaScript input: an input error, never a TypeError', () => {
  test.each<[string, (p: ReturnType<typeof webApp>) => Record<string, unknown>, RegExp]>([
    ['no workload', () => ({ workload: undefined }), /^shop\/Monitoring: invalid workload \(undefined\): it is not a workload of cdk8s-appflow\./],
    ['a workload that is a string', () => ({ workload: 'web' }), /^shop\/Monitoring: invalid workload "web": it is not a workload of cdk8s-appflow\./],
    ['otherWorkloads as an object', () => ({ otherWorkloads: {} }), /^shop\/Monitoring: invalid otherWorkloads \{\}: it is an object, not a list\./],
    ['another workload that is not one', () => ({ otherWorkloads: [{ name: 'web-canary' }] }), /^shop\/Monitoring: invalid otherWorkloads\[0\] \{"name":"web-canary"\}: it is not a workload/],
    ['switchOff as a string', () => ({ switchOff: 'alerts' }), /^shop\/Monitoring: invalid switchOff "alerts": it is a string, not a list\. Expected a list of some of /],
    ['probes that are null', () => ({ probes: null }), /^shop\/Monitoring: invalid probes null: it is null, not an object\./],
    ['blackbox that is null', () => ({ blackbox: null }), /^shop\/Monitoring: invalid blackbox null: it is null, not an object\./],
    ['alerts as a list', () => ({ alerts: [] }), /^shop\/Monitoring: invalid alerts \[\]: it is a list, not an object\./],
    ['dashboard as a string', () => ({ dashboard: 'Web' }), /^shop\/Monitoring: invalid dashboard "Web": it is a string, not an object\./],
    ['logs that are null', () => ({ logs: null }), /^shop\/Monitoring: invalid logs null: it is null, not an object\./],
    ['extraUrls as a string', () => ({ blackbox: { extraUrls: 'https://status.example.com' } }),
      /^shop\/Monitoring: invalid blackbox\.extraUrls "https:\/\/status\.example\.com": it is a string, not a list\./],
  ])('%s', (_what, make, message) => {
    const parts = webApp();
    expect(() => new AppMonitoring(parts.chart, 'Monitoring', { workload: parts.workload, service: parts.service, ...make(parts) } as any)).toThrow(message);
  });

  test.each([undefined, null, 'web'])('props %j', (props) => {
    expect(() => new AppMonitoring(webApp().chart, 'Monitoring', props as any))
      .toThrow(/^shop\/Monitoring: invalid props .*Expected the props of the monitoring: at least the workload\.$/);
  });
});
