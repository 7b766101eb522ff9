import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, AppService, BatchWorkload, ContainerImage, DaemonWorkload, ManifestYaml, MetricsScrape, MetricsScrapeProps, MonitoringMode,
  PlatformDefaults, ScrapeScheme, StatefulWorkload, StatelessWorkload,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/web:2.0.0');
const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) };

function shop(defaults: Record<string, unknown> = { prometheusSelectorLabels: { release: 'kube-prometheus' } }) {
  const app = Testing.app();
  PlatformDefaults.set(app, defaults);
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'web', partOf: 'shop' });
  const workload = new StatelessWorkload(chart, 'Web', {
    identity, container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }], resources },
  });
  const service = new AppService(chart, 'Service', { workload, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] });
  return { chart, workload, service };
}

function monitoringObjects(chart: Chart): string {
  return ManifestYaml.ofManifests(synth(chart).filter((m) => m.apiVersion === 'monitoring.coreos.com/v1'));
}

describe('ServiceMonitor', () => {
  test('the platform default SERVICE_MONITOR: a ServiceMonitor with a Service, a PodMonitor for an application without one', () => {
    const { chart, workload, service } = shop({ monitoringMode: MonitoringMode.SERVICE_MONITOR });
    expect(new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics' }).mode).toBe(MonitoringMode.SERVICE_MONITOR);
    expect(new MetricsScrape(chart, 'PodMetrics', { workload, name: 'web-pods', portName: 'metrics' }).mode).toBe(MonitoringMode.POD_MONITOR);
    expect(synth(chart).filter((m) => m.apiVersion === 'monitoring.coreos.com/v1').map((m) => m.kind).sort()).toEqual(['PodMonitor', 'ServiceMonitor']);
  });

  test('through the Service port by name, with the platform selector label', () => {
    const { chart, workload, service } = shop();
    const scrape = new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics' });
    expect(scrape.mode).toBe(MonitoringMode.SERVICE_MONITOR);
    expect(scrape.targetMatchers).toBe('namespace="shop", service="web"');
    const monitor = only(synth(chart), 'ServiceMonitor');
    expect(monitor.metadata.labels).toMatchObject({ 'release': 'kube-prometheus', 'app.kubernetes.io/name': 'web' });
    // It selects the Service by the Service's labels.
    const svc = only(synth(chart), 'Service');
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) {
      expect(svc.metadata.labels[key]).toBe(value);
    }
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['shop'] });
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }]);
  });

  test('path, interval, timeout, TLS and relabelings (snapshot)', () => {
    const { chart, workload, service } = shop();
    new MetricsScrape(chart, 'Metrics', {
      workload,
      service,
      portName: 'metrics',
      path: '/admin/metrics',
      interval: Duration.minutes(1),
      scrapeTimeout: Duration.seconds(20),
      scheme: ScrapeScheme.HTTPS,
      tlsServerName: 'web.shop.svc',
      insecureSkipVerify: false,
      relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }, { regex: 'pod_template_hash', action: 'labeldrop' }],
    });
    const endpoint = only(synth(chart), 'ServiceMonitor').spec.endpoints[0];
    expect(endpoint).toMatchObject({ scheme: 'https', tlsConfig: { serverName: 'web.shop.svc', insecureSkipVerify: false }, interval: '1m', scrapeTimeout: '20s' });
    expect(monitoringObjects(chart)).toMatchSnapshot();
  });
});

describe('relabeling actions', () => {
  test('are read in any case and written in the lowercase that the CRDs accept, in a ServiceMonitor and a PodMonitor', () => {
    const relabelings = [
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'REPLACE' },
      { regex: 'pod_template_hash', action: 'LabelDrop' },
      { sourceLabels: ['job'], regex: 'web', action: 'kEEp' },
      { targetLabel: 'team', replacement: 'shop' },
    ];
    const expected = [
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' },
      { regex: 'pod_template_hash', action: 'labeldrop' },
      { sourceLabels: ['job'], regex: 'web', action: 'keep' },
      { targetLabel: 'team', replacement: 'shop' },
    ];
    const serviceMonitor = shop();
    new MetricsScrape(serviceMonitor.chart, 'Metrics', { workload: serviceMonitor.workload, service: serviceMonitor.service, portName: 'metrics', relabelings });
    expect(only(synth(serviceMonitor.chart), 'ServiceMonitor').spec.endpoints[0].relabelings).toEqual(expected);
    const podMonitor = shop();
    new MetricsScrape(podMonitor.chart, 'Metrics', { workload: podMonitor.workload, mode: MonitoringMode.POD_MONITOR, portName: 'metrics', relabelings });
    expect(only(synth(podMonitor.chart), 'PodMonitor').spec.podMetricsEndpoints[0].relabelings).toEqual(expected);
  });

  test('an action that is not one, in any case, or not a string, is refused', () => {
    const { chart, workload, service } = shop();
    const refusal = (action: any) => {
      try {
        new MetricsScrape(chart, `Metrics${String(action)}`, { workload, service, portName: 'metrics', relabelings: [{ action }] });
      } catch (e) {
        return e;
      }
      throw new Error('expected a refusal');
    };
    const accepted = 'one of replace, keep, drop, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase, keepequal, dropequal (in any case)';
    expect(refusal('REPLACE_ALL')).toMatchObject({ prop: 'relabelings[0].action', value: 'REPLACE_ALL', problem: 'it is not a relabeling action', accepted });
    expect(refusal(42)).toMatchObject({ prop: 'relabelings[0].action', value: 42, problem: 'it is not a relabeling action', accepted });
  });

  // Prometheus refuses to load these (relabel.Config.Validate), and the operator drops the whole monitor with them.
  test.each<[string, Record<string, unknown>, string, unknown, string]>([
    ['replace without a target label', { sourceLabels: ['__meta_kubernetes_pod_node_name'] }, 'relabelings[0].targetLabel', undefined,
      'the action replace writes a label, and none is named'],
    ['hashmod without a modulus', { sourceLabels: ['__address__'], targetLabel: '__tmp_hash', action: 'hashmod' }, 'relabelings[0].modulus', undefined,
      'the action hashmod takes the hash modulo it, and it is not a whole number above zero'],
    ['a modulus for another action', { sourceLabels: ['job'], regex: 'web', action: 'keep', modulus: 4 }, 'relabelings[0].modulus', 4,
      'the action keep takes no modulus'],
    ['labeldrop with a target label', { regex: 'pod_template_hash', action: 'labeldrop', targetLabel: 'x' }, 'relabelings[0].targetLabel', 'x',
      'the action labeldrop matches label names by its regex alone'],
    ['keepequal without source labels', { targetLabel: 'pod', action: 'keepequal' }, 'relabelings[0].sourceLabels', undefined,
      'the action keepequal compares the source labels with the target label, and there are none'],
    ['a regex with a lookahead', { sourceLabels: ['__name__'], regex: '(?!go_).*', action: 'keep' }, 'relabelings[0].regex', '(?!go_).*',
      'it is not a regular expression that Prometheus compiles (RE2): at character 1, the lookaround (?!: RE2 has no lookarounds'],
    ['source labels that are not a list', { sourceLabels: 'job', regex: 'web', action: 'keep' }, 'relabelings[0].sourceLabels', 'job', 'it is a string, not a list'],
  ])('%s is refused', (_, relabeling, prop, value, problem) => {
    const { chart, workload, service } = shop();
    expect(refusalOf(() => new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics', relabelings: [relabeling] })))
      .toMatchObject({ constructPath: 'shop/Metrics', prop, value, problem });
  });

  test('hashmod with its modulus is written, to shard the targets', () => {
    const { chart, workload, service } = shop();
    const relabelings = [{ sourceLabels: ['__address__'], targetLabel: '__tmp_hash', action: 'hashmod', modulus: 4 }, { sourceLabels: ['__tmp_hash'], regex: '0', action: 'keep' }];
    new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics', relabelings });
    expect(only(synth(chart), 'ServiceMonitor').spec.endpoints[0].relabelings).toEqual(relabelings);
  });
});

describe('PodMonitor', () => {
  test('the default without a Service: a daemon, selected by its pod labels', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'node-agent', { namespace: 'monitoring' });
    const identity = new AppIdentity(chart, 'Identity', { name: 'node-agent' });
    const workload = new DaemonWorkload(chart, 'Agent', {
      identity, container: { image: IMAGE, ports: [{ name: 'metrics', number: 9100 }], resources },
    });
    const scrape = new MetricsScrape(chart, 'Metrics', { workload, portName: 'metrics' });
    expect(scrape.mode).toBe(MonitoringMode.POD_MONITOR);
    expect(scrape.targetMatchers).toBe('namespace="monitoring", job="monitoring/node-agent"');
    const monitor = only(synth(chart), 'PodMonitor');
    const pod = only(synth(chart), 'DaemonSet').spec.template.metadata.labels;
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) {
      expect(pod[key]).toBe(value);
    }
    expect(monitoringObjects(chart)).toMatchSnapshot();
  });

  test('a batch job', () => {
    const chart = new Chart(Testing.app(), 'reports', { namespace: 'reports' });
    const identity = new AppIdentity(chart, 'Identity', { name: 'nightly' });
    const workload = new BatchWorkload(chart, 'Job', { identity, container: { image: IMAGE, ports: [{ name: 'metrics', number: 9091 }], resources } });
    new MetricsScrape(chart, 'Metrics', { workload, portName: 'metrics' });
    expect(only(synth(chart), 'PodMonitor').spec.podMetricsEndpoints[0].port).toBe('metrics');
  });

  test('chosen by the platform default even with a Service', () => {
    const { chart, workload, service } = shop({ monitoringMode: MonitoringMode.POD_MONITOR });
    new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics' });
    expect(synth(chart).filter((m) => m.kind === 'ServiceMonitor')).toEqual([]);
    expect(only(synth(chart), 'PodMonitor').metadata.name).toBe('web');
  });
});

describe('annotations', () => {
  test('prometheus.io/scrape|port|path on the pods, no custom resource', () => {
    const { chart, workload, service } = shop({ monitoringMode: MonitoringMode.ANNOTATIONS });
    const scrape = new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics', path: '/stats', scheme: ScrapeScheme.HTTPS });
    expect(scrape.targetMatchers).toBe('namespace="shop", pod=~"web-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}"');
    const manifests = synth(chart);
    expect(manifests.filter((m) => m.apiVersion === 'monitoring.coreos.com/v1')).toEqual([]);
    expect(only(manifests, 'Deployment').spec.template.metadata.annotations).toEqual({
      'cdk8s-appflow/security-profile': 'restricted',
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9090',
      'prometheus.io/path': '/stats',
      'prometheus.io/scheme': 'https',
    });
  });

  test('the mode given wins over the platform default', () => {
    const { chart, workload, service } = shop({ monitoringMode: MonitoringMode.ANNOTATIONS });
    new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics', mode: MonitoringMode.SERVICE_MONITOR });
    expect(only(synth(chart), 'ServiceMonitor').metadata.name).toBe('web');
  });

  test('NONE makes nothing', () => {
    const { chart, workload, service } = shop();
    const scrape = new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics', mode: MonitoringMode.NONE });
    expect(scrape.targetMatchers).toBeUndefined();
    expect(synth(chart).filter((m) => m.apiVersion === 'monitoring.coreos.com/v1')).toEqual([]);
  });
});

test('the other Services of the application (preview, canary) are covered by the scrape targets; other applications\' refused', () => {
  const { chart, workload, service } = shop();
  const preview = new AppService(chart, 'Preview', { workload, name: 'web-preview', ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] });
  const scrape = new MetricsScrape(chart, 'Metrics', { workload, service, otherServices: [preview], portName: 'metrics' });
  expect(scrape.targetMatchers).toBe('namespace="shop", service=~"web|web-preview"');
  const api = new AppService(chart, 'Api', { identity: new AppIdentity(chart, 'ApiIdentity', { name: 'api' }), ports: [{ name: 'metrics', port: 9090 }] });
  expect(() => new MetricsScrape(chart, 'Other', { workload, service, otherServices: [api], portName: 'metrics', name: 'other' })).toThrow(
    /shop\/Other: invalid otherServices\[0\] "api": it is not another Service of the application web in shop with the port metrics/);
  const noMetrics = new AppService(chart, 'Http', { workload, name: 'web-http', ports: [{ name: 'http', port: 80 }] });
  expect(() => new MetricsScrape(chart, 'Third', { workload, service, otherServices: [noMetrics], portName: 'metrics', name: 'third' })).toThrow(
    /invalid otherServices\[0\] "web-http": it is not another Service of the application web in shop with the port metrics/);
});

test('a StatefulSet\'s headless Service (same pods, labels and ports) is left out of the ServiceMonitor: each pod is scraped once', () => {
  const chart = new Chart(Testing.app(), 'data', { namespace: 'data' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'mysql' });
  const workload = new StatefulWorkload(chart, 'Mysql', {
    identity, container: { image: IMAGE, ports: [{ name: 'mysql', number: 3306 }, { name: 'metrics', number: 9104 }], resources },
  });
  const service = new AppService(chart, 'Service', { workload });
  const scrape = new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics' });
  const manifests = synth(chart);
  const selector = only(manifests, 'ServiceMonitor').spec.selector;
  const selected = manifests.filter((m) => m.kind === 'Service'
    && Object.entries(selector.matchLabels).every(([k, v]) => m.metadata.labels[k] === v)
    && selector.matchExpressions.every((e: any) => e.operator === 'DoesNotExist' && !(e.key in m.metadata.labels)));
  expect(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name).sort()).toEqual(['mysql', 'mysql-headless']);
  expect(selected.map((m) => m.metadata.name)).toEqual(['mysql']);
  expect(scrape.targetMatchers).toBe('namespace="data", service="mysql"');
});

describe('refused', () => {
  test.each<[string, Partial<MetricsScrapeProps>, RegExp]>([
    ['a ServiceMonitor on a Service port that does not exist', { portName: 'prom' },
      /shop\/Metrics: invalid portName "prom": the Service web has no port of that name\. Expected one of its ports: http, metrics\./],
    ['a ServiceMonitor without a Service', { service: undefined, mode: MonitoringMode.SERVICE_MONITOR },
      /invalid service \(undefined\): a ServiceMonitor scrapes through a Service, and none is given/],
    ['a scrape interval shorter than the timeout', { interval: Duration.seconds(5), scrapeTimeout: Duration.seconds(10) },
      /shop\/Metrics: invalid interval "5s": it is shorter than the scrape timeout \(10s\): scrapes would overlap\. Expected an interval at least as long as the scrape timeout\./],
    ['a PodMonitor for a workload without that metrics port', { mode: MonitoringMode.POD_MONITOR, portName: 'prom' },
      /invalid portName "prom": the workload web declares no container port of that name, so the pods have no metrics port to scrape\. Expected one of its container ports: http, metrics\./],
    ['annotations without that metrics port', { mode: MonitoringMode.ANNOTATIONS, portName: 'prom' }, /invalid portName "prom": the workload web declares no container port/],
    ['a relative path', { path: 'metrics' }, /invalid path "metrics": it does not start with "\/"/],
    ['TLS options on plain HTTP', { insecureSkipVerify: true }, /invalid scheme "http": TLS options are given for a plain HTTP scrape/],
    ['an unknown mode', { mode: 'prometheus' as MonitoringMode }, /invalid mode "prometheus": it is not a monitoring mode/],
    ['an unknown relabeling action', { relabelings: [{ targetLabel: 'node' }, { action: 'rename' }] },
      /invalid relabelings\[1\]\.action "rename": it is not a relabeling action\. Expected one of replace, keep, drop, /],
    ['a port name that is not one', { portName: 'Metrics_Port' }, /invalid portName "Metrics_Port"/],
  ])('%s', (_what, props, message) => {
    const { chart, workload, service } = shop();
    expect(() => new MetricsScrape(chart, 'Metrics', { workload, service, portName: 'metrics', ...props })).toThrow(message);
  });
});
