/**
 * Property tests of bad input: ContainerProbes and HealthProbe, MetricsScrape, BlackboxProbe, AlertRules,
 * AppDashboard, LogCollection and AppMonitoring. Besides the strict validator, every PromQL expression of the
 * alert rules and the dashboards must parse (Prometheus's own grammar, test/support/promql.ts): an expression that
 * does not is invalid output too. See test/property/harness.ts.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  absolutePath, count, duration, hostileString, labelKey, labelValue, map, mostly, name, optional, portName, urlPath, validName, wrongType,
} from './arbitraries';
import { assertOutcomes, propertyTimeout, synthOrRefuse, UnexpectedOutcome } from './harness';
import { containerImage } from './pod-arbitraries';
import {
  AlertKind, AlertRules, AlertSeverity, AppDashboard, AppIdentity, AppMonitoring, AppPublication, AppService, AppWorkload, BatchWorkload,
  BlackboxProbe,
  ContainerImage, ContainerProbes, CronSchedule, DaemonWorkload, HealthProbe, MetricsScrape, MonitoredApplication, MonitoringMode, MonitoringPart,
  PlatformDefaults, ProbeScheme, ScheduledWorkload, ScrapeScheme, StatefulWorkload, StatelessWorkload, WorkloadKind,
} from '../../src';
import { promqlErrors } from '../support/promql';

const IMAGE = ContainerImage.fromReference('nginx:1.27.3');

/**
 * Every PromQL expression of the output (PrometheusRule rules, dashboard panels) parses; throws an
 * UnexpectedOutcome naming the expression otherwise.
 */
function checkPromql(manifests: any[]): void {
  const expressions: Array<{ where: string; expr: string }> = [];
  for (const m of manifests) {
    if (m.kind === 'PrometheusRule') {
      for (const group of m.spec?.groups ?? []) {
        for (const rule of group.rules ?? []) {
          expressions.push({ where: `PrometheusRule ${m.metadata.name} ${rule.alert ?? rule.record}`, expr: String(rule.expr) });
        }
      }
    }
    if (m.kind === 'ConfigMap') {
      for (const [key, value] of Object.entries<string>(m.data ?? {})) {
        if (!key.endsWith('.json')) {
          continue;
        }
        const dashboard = JSON.parse(value);
        for (const panel of dashboard.panels ?? []) {
          for (const target of panel.targets ?? []) {
            expressions.push({ where: `dashboard ${m.metadata.name} panel "${panel.title}"`, expr: String(target.expr) });
          }
        }
      }
    }
  }
  const broken = expressions.map((e) => ({ ...e, errors: [...parseErrors(e.expr), ...regexErrors(e.expr)] })).filter((e) => e.errors.length > 0);
  if (broken.length > 0) {
    throw new UnexpectedOutcome(`INVALID OUTPUT: PromQL that Prometheus cannot parse:\n${broken.map((b) =>
      `  ${b.where}: ${b.expr}\n    ${b.errors.join('\n    ')}`).join('\n')}`);
  }
}

/**
 * The syntax errors of an expression. lezer-promql cannot parse an identifier that names a property of
 * `Object.prototype` (`constructor`, `__proto__`, `toString`...: its keyword table is a plain object), which
 * Prometheus accepts as a metric name: such identifiers are renamed outside string literals first.
 */
function parseErrors(expr: string): string[] {
  const renamed = expr.replace(/"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*/g, (m) => (m in Object.prototype ? `${m}_` : m));
  return promqlErrors(renamed);
}

/**
 * The regular expressions of the `=~` and `!~` matchers of an expression that do not compile. Prometheus compiles
 * them (RE2) when it parses the expression; JavaScript's RegExp stands in for RE2, which it matches on everything the
 * arbitraries generate (unbalanced brackets and parentheses, a lone "*", a trailing backslash).
 */
function regexErrors(expr: string): string[] {
  const errors: string[] = [];
  for (const match of expr.matchAll(/[=!]~\s*("(?:[^"\\]|\\.)*")/g)) {
    let regex: string;
    try {
      regex = JSON.parse(match[1]);
    } catch {
      continue; // not a JSON string: the PromQL parser reports it
    }
    if (!compiles(regex)) {
      errors.push(`the regular expression ${match[1]} does not compile`);
    }
  }
  return errors;
}

function compiles(regex: string): boolean {
  try {
    new RegExp(`^(?:${regex})$`);
    return true;
  } catch {
    return false;
  }
}

/** A duration of probe timing. */
const probeTiming = fc.record({
  initialDelay: optional(duration(0, 300), 0.3),
  period: optional(duration(1, 60), 0.3),
  timeout: optional(duration(1, 30), 0.3),
  failureThreshold: optional(count(1, 10), 0.3),
  successThreshold: optional(count(1, 3), 0.2),
}, { requiredKeys: [] });

const probe = fc.oneof(
  fc.record({
    kind: fc.constant('http'),
    path: urlPath,
    portName: optional(mostly(fc.constantFrom('http', 'admin'), portName, 4), 0.4),
    scheme: optional(mostly(fc.constantFrom(...Object.values(ProbeScheme)), fc.constant('https') as fc.Arbitrary<any>), 0.2),
    headers: optional(map(mostly(fc.constantFrom('Host', 'X-Probe'), hostileString, 4), fc.string({ maxLength: 6 }), 2), 0.2),
    timing: probeTiming,
  }),
  fc.record({ kind: fc.constant('tcp'), portName: optional(mostly(fc.constantFrom('http', 'admin'), portName, 4), 0.4), timing: probeTiming }),
  fc.record({
    kind: fc.constant('exec'),
    command: mostly(fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 3 }), fc.oneof(fc.constant([]), wrongType), 10),
    timing: probeTiming,
  }),
  fc.record({
    kind: fc.constant('grpc'),
    portName: optional(mostly(fc.constantFrom('grpc', 'http'), portName, 4), 0.4),
    service: optional(fc.string({ maxLength: 6 }), 0.3),
    timing: probeTiming,
  }),
);

function probeOf(spec: any): HealthProbe {
  switch (spec.kind) {
    case 'http': return HealthProbe.httpGet(spec.path, { portName: spec.portName, scheme: spec.scheme, headers: spec.headers, ...spec.timing });
    case 'tcp': return HealthProbe.tcp({ portName: spec.portName, ...spec.timing });
    case 'exec': return HealthProbe.exec(spec.command, spec.timing);
    default: return HealthProbe.grpc({ portName: spec.portName, service: spec.service, ...spec.timing });
  }
}

const probes = fc.record({
  container: optional(mostly(fc.constantFrom('web', 'proxy'), hostileString, 4), 0.2),
  readiness: optional(probe, 0.7),
  liveness: optional(probe, 0.5),
  startup: optional(probe, 0.3),
  allowLivenessLikeReadiness: optional(fc.boolean(), 0.2),
}, { requiredKeys: [] });

const workloadKind = fc.constantFrom('stateless', 'stateful', 'daemon', 'batch', 'scheduled');

/** A workload of a kind, with ports http, admin and grpc (or none) and a sidecar "proxy". */
function workloadOf(chart: any, kind: string, ports: boolean): AppWorkload {
  const props = {
    identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
    container: {
      image: IMAGE,
      ports: ports ? [{ name: 'http', number: 8080 }, { name: 'admin', number: 9000 }, { name: 'grpc', number: 9090 }] : undefined,
    },
    sidecars: [{ name: 'proxy', image: IMAGE, ports: [{ name: 'proxy', number: 8443 }] }],
  };
  switch (kind) {
    case 'stateful': return new StatefulWorkload(chart, 'Web', props);
    case 'daemon': return new DaemonWorkload(chart, 'Web', props);
    case 'batch': return new BatchWorkload(chart, 'Web', props);
    case 'scheduled': return new ScheduledWorkload(chart, 'Web', { ...props, schedule: CronSchedule.daily() });
    default: return new StatelessWorkload(chart, 'Web', props);
  }
}

describe('ContainerProbes and HealthProbe', () => {
  const RUNS = 120;

  test('probes of every kind, or the defaults: valid probes on the container, or a refusal', () => {
    const arbitrary = fc.record({
      kind: workloadKind,
      ports: mostly(fc.constant(true), fc.constant(false), 6),
      probes: fc.oneof(
        { weight: 3, arbitrary: probes.map((p) => ({ given: p })) },
        {
          weight: 1,
          arbitrary: fc.record({ readinessPath: optional(urlPath), portName: optional(portName), slowStart: optional(duration(10, 600), 0.3) },
            { requiredKeys: [] })
            .map((d) => ({ defaults: d })),
        },
      ),
      twice: optional(fc.boolean(), 0.1),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ chart }) => {
      const workload = workloadOf(chart, input.kind, input.ports);
      const props = 'given' in input.probes
        ? {
          ...input.probes.given,
          readiness: input.probes.given.readiness && probeOf(input.probes.given.readiness),
          liveness: input.probes.given.liveness && probeOf(input.probes.given.liveness),
          startup: input.probes.given.startup && probeOf(input.probes.given.startup),
        }
        : ContainerProbes.defaults(workload, input.probes.defaults);
      ContainerProbes.addTo(workload, props);
      if (input.twice) {
        ContainerProbes.addTo(workload, props);
      }
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

const relabeling = fc.record({
  sourceLabels: optional(fc.array(mostly(fc.constantFrom('__meta_kubernetes_pod_name', 'job', '__address__'), hostileString, 6), { maxLength: 2 }), 0.5),
  targetLabel: optional(mostly(fc.constantFrom('pod', 'instance', 'team'), hostileString, 6), 0.5),
  regex: optional(mostly(fc.constantFrom('(.*)', 'web-.*'), fc.constantFrom('(', '[a-', '*')), 0.3),
  replacement: optional(fc.string({ maxLength: 6 }), 0.3),
  action: optional(mostly(fc.constantFrom('replace', 'keep', 'drop', 'labelmap', 'Replace'), fc.constantFrom('REPLACE', 'bogus', 'KeepEqual', 'kEEp')), 0.5),
}, { requiredKeys: [] });

const scrapeOptions = fc.record({
  portName: mostly(fc.constantFrom('http', 'admin'), portName, 8),
  mode: optional(mostly(fc.constantFrom(...Object.values(MonitoringMode)), fc.constant('prometheus') as fc.Arbitrary<any>), 0.4),
  path: optional(urlPath, 0.3),
  interval: optional(duration(10, 300), 0.3),
  scrapeTimeout: optional(duration(1, 10), 0.3),
  scheme: optional(mostly(fc.constantFrom(...Object.values(ScrapeScheme)), fc.constant('HTTPS') as fc.Arbitrary<any>), 0.3),
  tlsServerName: optional(mostly(fc.constantFrom('web.shop.svc'), hostileString), 0.15),
  insecureSkipVerify: optional(fc.boolean(), 0.15),
  relabelings: optional(fc.array(relabeling, { maxLength: 2 }), 0.3),
  name: optional(name, 0.3),
}, { requiredKeys: ['portName'] });

describe('MetricsScrape and BlackboxProbe', () => {
  const RUNS = 120;

  test('MetricsScrape in every mode: a valid ServiceMonitor, PodMonitor or scrape annotations, or a refusal', () => {
    const arbitrary = fc.record({
      kind: workloadKind, service: fc.boolean(), options: scrapeOptions, selector: optional(map(labelKey, labelValue, 1), 0.3),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ chart }) => {
      if (input.selector) {
        PlatformDefaults.set(chart, { prometheusSelectorLabels: input.selector });
      }
      const workload = workloadOf(chart, input.kind, true);
      const service = input.service ? new AppService(chart, 'Service', { workload, ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] }) : undefined;
      new MetricsScrape(chart, 'Metrics', { ...input.options, workload, service });
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('BlackboxProbe: a valid Probe, or a refusal', () => {
    const arbitrary = fc.record({
      name: mostly(name, wrongType, 20),
      targets: mostly(fc.array(mostly(fc.constantFrom('https://shop.example.com/', 'http://web.shop.svc.cluster.local:80/healthz'),
        fc.oneof(hostileString, fc.constantFrom('shop.example.com', 'ftp://x', 'https://', 'https://a b/'))), { minLength: 1, maxLength: 2 }), fc.oneof(fc.constant([]), wrongType), 15),
      applicationName: optional(labelValue, 0.5),
      module: optional(mostly(fc.constantFrom('http_2xx', 'tcp_connect'), hostileString, 6), 0.4),
      proberAddress: optional(mostly(fc.constantFrom('blackbox.monitoring.svc:9115', 'bb:9115'), hostileString, 6), 0.7),
      interval: optional(duration(10, 300), 0.3),
    }, { requiredKeys: ['name', 'targets'] });
    const counts = assertOutcomes(arbitrary, RUNS, (props) => synthOrRefuse(({ chart }) => {
      new BlackboxProbe(chart, 'Probe', props);
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

/** A regular expression of names, usually a plain one; sometimes not a regular expression at all. */
const pattern = mostly(fc.constantFrom('web-[a-z0-9]+-[a-z0-9]{5}', 'db-[0-9]+', 'web-.*'), fc.oneof(hostileString, fc.constantFrom('(', '"', '\\', '`', '}', '[a-', '*')), 6);

const monitoredApplication: fc.Arbitrary<MonitoredApplication> = fc.record({
  name: mostly(validName, hostileString, 10),
  namespace: mostly(fc.constantFrom('shop', 'default', 'monitoring'), hostileString, 10),
  workloadKind: mostly(fc.constantFrom(...Object.values(WorkloadKind)), fc.constant('ReplicaSet') as fc.Arbitrary<any>, 15),
  workloadName: mostly(validName, hostileString, 10),
  workloadNames: optional(fc.array(mostly(validName, hostileString, 10), { maxLength: 2 }), 0.2),
  podNamePattern: pattern,
  containerNames: optional(fc.array(mostly(validName, hostileString, 10), { maxLength: 2 }), 0.4),
  claimNamePatterns: optional(fc.array(pattern, { maxLength: 2 }), 0.3),
  blackboxJobs: optional(fc.array(mostly(validName, hostileString, 6), { maxLength: 2 }), 0.3),
  scrapeTargetMatchers: optional(mostly(fc.constantFrom('service="web"', 'namespace="shop", service="web"', 'job=~"web.*"', 'pod!=""'),
    fc.oneof(hostileString, fc.constantFrom('service="web', 'service=web', 'namespace="other"', '{service="web"}', 'service="web",', 'a="}"', 'job=~"("'))), 0.4),
  requestCounter: optional(mostly(fc.constantFrom('http_requests_total', 'requests:rate5m'), hostileString, 6), 0.3),
}, { requiredKeys: ['name', 'namespace', 'workloadKind', 'workloadName', 'podNamePattern'] });

describe('AlertRules and AppDashboard', () => {
  const RUNS = 150;

  test('AlertRules of any application: a valid PrometheusRule whose expressions parse, or a refusal', () => {
    const minutes = mostly(fc.integer({ min: 1, max: 1440 }).map((m) => Duration.minutes(m)), duration(0, 120), 6);
    const arbitrary = fc.record({
      application: mostly(monitoredApplication, wrongType, 30),
      name: optional(name, 0.2),
      thresholds: optional(fc.record({
        restarts: optional(count(1, 10), 0.3),
        restartWindow: optional(minutes, 0.2),
        unavailableFor: optional(minutes, 0.2),
        cronJobMaxAge: optional(minutes, 0.2),
        volumeUsedRatio: optional(mostly(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.constantFrom(0, 1, 1.5, -0.5, NaN, Infinity)), 0.3),
        probeFailingFor: optional(minutes, 0.2),
        targetDownFor: optional(minutes, 0.2),
      }, { requiredKeys: [] }), 0.4),
      disable: optional(fc.array(mostly(fc.constantFrom(...Object.values(AlertKind)), hostileString as fc.Arbitrary<any>), { maxLength: 2 }), 0.2),
      severities: optional(map(mostly(fc.constantFrom(...Object.values(AlertKind)), hostileString, 6),
        mostly(fc.constantFrom(...Object.values(AlertSeverity)), fc.constant('page') as fc.Arbitrary<any>), 1), 0.2),
      labels: optional(map(labelKey, labelValue, 2), 0.3),
      alertLabels: optional(map(mostly(fc.constantFrom('team', 'tier'), hostileString, 4), mostly(fc.constantFrom('shop', 'web'), hostileString, 4), 2), 0.3),
      runbookUrlTemplate: optional(mostly(fc.constantFrom('https://runbooks.example.com/{alert}', 'https://wiki/{namespace}/{application}'),
        fc.oneof(hostileString, fc.constantFrom('https://runbooks/{unknown}', 'ftp://x'))), 0.3),
    }, { requiredKeys: ['application'] });
    const counts = assertOutcomes(arbitrary, RUNS, (props) => synthOrRefuse(({ chart }) => {
      new AlertRules(chart, 'Alerts', props);
    }, { checkOutput: checkPromql }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('AppDashboard of any application: a valid ConfigMap whose queries parse, or a refusal', () => {
    const arbitrary = fc.record({
      application: mostly(monitoredApplication, wrongType, 30),
      name: optional(name, 0.2),
      title: optional(mostly(fc.constantFrom('Web (shop)', 'Ünïcode 🙂'), fc.oneof(hostileString, wrongType)), 0.3),
      labels: optional(map(labelKey, labelValue, 2), 0.3),
      folder: optional(mostly(fc.constantFrom('Shop', 'Team A'), hostileString, 4), 0.3),
      datasource: optional(mostly(fc.constantFrom('prometheus', 'P1809F7CD0C75ACF3'), hostileString, 4), 0.3),
    }, { requiredKeys: ['application'] });
    const counts = assertOutcomes(arbitrary,
      RUNS, (props) => synthOrRefuse(({ chart }) => {
        new AppDashboard(chart, 'Dashboard', props);
      }, { checkOutput: checkPromql }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

describe('AppMonitoring and LogCollection', () => {
  const RUNS = 100;

  test('the monitoring of a workload, every part on or off: valid probes, monitors, rules, dashboard and sidecar, or a refusal', () => {
    const arbitrary = fc.record({
      kind: workloadKind,
      service: fc.boolean(),
      published: fc.boolean(),
      defaults: fc.record({
        monitoringMode: optional(fc.constantFrom(...Object.values(MonitoringMode)), 0.3),
        blackboxExporterAddress: optional(fc.constant('blackbox.monitoring.svc:9115'), 0.4),
      }, { requiredKeys: [] }),
      options: fc.record({
        probes: optional(probes.map((p) => ({
          ...p,
          readiness: p.readiness && probeOf(p.readiness),
          liveness: p.liveness && probeOf(p.liveness),
          startup: p.startup && probeOf(p.startup),
        })), 0.2),
        defaultProbes: optional(fc.record({
          readinessPath: optional(urlPath), portName: optional(portName, 0.2), slowStart: optional(duration(10, 600), 0.2),
        }, { requiredKeys: [] }), 0.2),
        metrics: optional(scrapeOptions.map((o) => ({ ...o, mode: undefined, relabelings: undefined })), 0.4),
        blackbox: optional(fc.record({
          servicePortName: optional(mostly(fc.constantFrom('http', 'admin'), portName, 4), 0.3),
          servicePath: optional(urlPath, 0.3),
          extraUrls: optional(fc.array(mostly(fc.constant('https://status.example.com/'), hostileString, 4), { maxLength: 1 }), 0.2),
          proberAddress: optional(fc.constant('bb:9115'), 0.5),
        }, { requiredKeys: [] }), 0.3),
        logs: optional(fc.record({
          hints: optional(fc.record({ parser: optional(mostly(fc.constantFrom('json', 'cri'), hostileString, 4)), exclude: optional(fc.boolean()) }, { requiredKeys: [] })),
          files: optional(fc.record({
            directory: absolutePath,
            files: optional(mostly(fc.constantFrom('*.log', 'app-?.log'), hostileString, 4), 0.4),
            image: optional(containerImage, 0.2),
            runAsUser: optional(count(1, 65534), 0.2),
            name: optional(mostly(fc.constantFrom('logs', 'shipper'), fc.oneof(hostileString, fc.constant('proxy'))), 0.3),
          }, { requiredKeys: ['directory'] })),
        }, { requiredKeys: [] }), 0.3),
        switchOff: optional(fc.array(mostly(fc.constantFrom(...Object.values(MonitoringPart)), hostileString as fc.Arbitrary<any>), { maxLength: 2 }),
          0.3),
      }, { requiredKeys: [] }),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ chart }) => {
      PlatformDefaults.set(chart, input.defaults);
      const workload = workloadOf(chart, input.kind, true);
      const service = input.service ? new AppService(chart, 'Service', { workload, ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] }) : undefined;
      const publication = input.published && service
        ? new AppPublication(chart, 'Publication', { name: 'web', service, hosts: ['shop.example.com'] }) : undefined;
      new AppMonitoring(chart, 'Monitoring', { ...input.options, workload, service, publication });
    }, { checkOutput: checkPromql }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});
