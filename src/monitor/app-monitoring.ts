import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AlertRules, AlertRulesOptions } from './alert-rules';
import { AppDashboard, AppDashboardOptions } from './app-dashboard';
import { checkApplicationParts } from './application-parts';
import { BlackboxProbe, BlackboxProber } from './blackbox-probe';
import { ContainerProbes, ContainerProbesProps, DefaultProbesOptions, ProbeScheme } from './health-probe';
import { LogCollection, LogFilesOptions, LogHintsOptions } from './log-collection';
import { MetricsScrape, MetricsScrapeOptions, ScrapeScheme } from './metrics-scrape';
import { MonitoredApplication, WorkloadKind } from './monitored-application';
import { mainContainerPorts, normalizeUrl, podNamePattern, workloadKindOf } from './monitoring-names';
import { ALERT_RULES_OPTIONS, METRICS_OPTIONS } from './option-names';
import { checkList, checkObject, checkProps, inputError, refusedAs } from '../core/errors';
import { MonitoringMode } from '../core/monitoring-mode';
import { PlatformDefaults } from '../core/platform-defaults';
import { volumeSpecOf } from '../core/plus-internals';
import { escapeRegex } from '../core/promql';
import { addWarningWhile } from '../core/warnings';
import { AppService, AppServicePort } from '../expose/app-service';
import { AppPublication } from '../publish/app-publication';
import { AppWorkload } from '../workload/app-workload';
import { podVolumesOf } from '../workload/pod-volumes';
import { ScheduledWorkload } from '../workload/scheduled-workload';
import { StatefulWorkload } from '../workload/stateful-workload';

/**
 * The parts of an application's monitoring that {@link AppMonitoring} makes, for switching one off.
 */
export enum MonitoringPart {
  /** The default probes of the main container (probes given in `probes` are always added). */
  DEFAULT_PROBES = 'default-probes',
  /** The black-box checks of the Service and of the published URLs. */
  BLACKBOX = 'blackbox',
  /** The PrometheusRule. */
  ALERTS = 'alerts',
  /** The dashboard ConfigMap. */
  DASHBOARD = 'dashboard',
}

/**
 * How Prometheus scrapes the application's own metrics.
 */
export interface AppMetricsOptions extends MetricsScrapeOptions {
  /**
   * The name of the application's request counter (e.g. `http_requests_total`), for the dashboard's request rate.
   *
   * @default - no request rate panel
   */
  readonly requestCounter?: string;
}

/** The options of `alerts` and `metrics`, as the props of AppMonitoring name them. */
const ALERTS_PROPS: Readonly<Record<string, string>> = Object.fromEntries(ALERT_RULES_OPTIONS.map((option) => [option, `alerts.${option}`]));
const METRICS_PROPS: Readonly<Record<string, string>> = Object.fromEntries(METRICS_OPTIONS.map((option) => [option, `metrics.${option}`]));

/**
 * The black-box checks of the application.
 */
export interface AppBlackboxOptions {
  /**
   * The name of the Service port that the in-cluster check requests (a TCP port).
   *
   * @default - the Service's first TCP port that is not the metrics port (or the metrics port when it is the only one)
   */
  readonly servicePortName?: string;

  /**
   * The path that the in-cluster check requests, when it is an HTTP check (the port speaks HTTP).
   *
   * @default - the path of the HTTP readiness probe of that port, or "/"
   */
  readonly servicePath?: string;

  /**
   * The path that the check of the published URLs requests on each published host, instead of the published paths: an
   * API published at `/api` often answers its bare prefix with 404, and a check of `https://shop.example.com/api` would
   * fail from the first day; `publicPath: '/api/health'` checks `https://shop.example.com/api/health`.
   *
   * @default - the published URLs as they are (each host with each published path)
   */
  readonly publicPath?: string;

  /**
   * More URLs to check from outside, besides the publication's (a URL that is one of them is checked once).
   *
   * @default - none
   */
  readonly extraUrls?: string[];

  /**
   * The blackbox exporter module of the checks. It must fit what it checks: an HTTP module (`http...`) the published
   * URLs and a Service port that speaks HTTP(S); a TCP module (`tcp_connect`, `tls_connect`...) `host:port` of any
   * TCP Service port and of the published hosts; a gRPC module (`grpc...`) `host:port` of a Service port that speaks
   * gRPC. What a port speaks is read from its `appProtocol`, the readiness probe of its container port, and its
   * name (see the docs of the monitor step).
   *
   * @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md
   * @default - by what is checked: the platform default `blackboxModule` (built in: "http_2xx") for the published
   * URLs and an HTTP(S) Service port, "tcp_connect" for `host:port` of another TCP Service port
   */
  readonly module?: string;

  /**
   * The address (host:port) of the blackbox exporter.
   *
   * @default - the platform default `blackboxExporterAddress`
   */
  readonly proberAddress?: string;

  /**
   * How often the targets are checked.
   *
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
}

/**
 * Where the logs of the application go.
 */
export interface AppLogOptions {
  /**
   * Hints for the node's log collector.
   *
   * @default - none
   */
  readonly hints?: LogHintsOptions;

  /**
   * For an application that writes log files instead of its standard output: the files to ship by a sidecar.
   *
   * @default - the application logs to its standard output
   */
  readonly files?: LogFilesOptions;
}

/**
 * How an application is monitored, apart from what it is (the options that the patterns take as `monitoring`).
 */
export interface AppMonitoringOptions {
  /**
   * The probes of the main container (or of the container named in them).
   *
   * @default - for a long-running workload that declares a port, `ContainerProbes.defaults` (readiness on the
   * main port); none for jobs
   */
  readonly probes?: ContainerProbesProps;

  /**
   * Options of the default probes (when `probes` is not given).
   *
   * @default - a TCP readiness check of the main port, no startup probe
   */
  readonly defaultProbes?: DefaultProbesOptions;

  /**
   * How Prometheus scrapes the application's own metrics.
   *
   * @default - the application is not scraped
   */
  readonly metrics?: AppMetricsOptions;

  /**
   * The black-box checks.
   *
   * @default - a check of the Service and one of the published URLs (when there are), if the platform defaults
   * name a blackbox exporter (`blackboxExporterAddress`) and the cluster has the Prometheus operator (the platform
   * default `monitoringMode` is not ANNOTATIONS or NONE)
   */
  readonly blackbox?: AppBlackboxOptions;

  /**
   * The alert rules.
   *
   * @default - the rules that fit the application, with the default thresholds, if the cluster has the Prometheus
   * operator (the platform default `monitoringMode` is not ANNOTATIONS or NONE)
   */
  readonly alerts?: AlertRulesOptions;

  /**
   * The dashboard.
   *
   * @default - a dashboard with the default title
   */
  readonly dashboard?: AppDashboardOptions;

  /**
   * The logs.
   *
   * @default - logs on standard output, no hints
   */
  readonly logs?: AppLogOptions;

  /**
   * Parts that are not made.
   *
   * @default - none: every part that fits the application
   */
  readonly switchOff?: MonitoringPart[];
}

/**
 * Properties of an {@link AppMonitoring}.
 */
export interface AppMonitoringProps extends AppMonitoringOptions {
  /** The workload watched. */
  readonly workload: AppWorkload;

  /**
   * More workloads of the application, of the same kind: the tracks of a blue/green or canary release. The
   * alerts and the dashboard cover their pods too, whichever track is active; the probes go on `workload` only
   * (give the others theirs with `ContainerProbes.addTo`).
   *
   * @default - none
   */
  readonly otherWorkloads?: AppWorkload[];

  /**
   * The Service of the workload: scraped through (ServiceMonitor) and checked from inside the cluster.
   *
   * @default - none
   */
  readonly service?: AppService;

  /**
   * More Services of the application: the preview Service of a blue/green release, the canary's Service. The
   * ServiceMonitor scrapes through them too (it selects every Service of the application), and the TargetDown alert
   * and the dashboard cover their targets.
   *
   * @default - none
   */
  readonly otherServices?: AppService[];

  /**
   * The publication of the application, whose URLs are checked from outside.
   *
   * @default - none
   */
  readonly publication?: AppPublication;
}

/**
 * The monitoring of one application, from inside and from outside: probes on its containers, Prometheus scraping of
 * its metrics, black-box checks of its Service and its published URLs, a PrometheusRule with the alerts that fit
 * what it is, a Grafana dashboard, and the way of its logs. Each part is also a construct of its own
 * ({@link ContainerProbes}, {@link MetricsScrape}, {@link BlackboxProbe}, {@link AlertRules}, {@link AppDashboard},
 * {@link LogCollection}) for an application put together otherwise.
 */
export class AppMonitoring extends Construct {
  /** What the alerts and the dashboard know about the application. */
  public readonly application: MonitoredApplication;
  /** The scrape of the application's metrics, if any. */
  public readonly metrics?: MetricsScrape;
  /** The in-cluster check of the Service, if any. */
  public readonly serviceCheck?: BlackboxProbe;
  /** The Service port that the in-cluster check requests, if there is one. */
  public readonly serviceCheckPort?: AppServicePort;
  /** The check of the published URLs from outside, if any. */
  public readonly publicCheck?: BlackboxProbe;
  /** The alert rules, unless switched off. */
  public readonly alerts?: AlertRules;
  /** The dashboard, unless switched off. */
  public readonly dashboard?: AppDashboard;
  /** The name of the log-shipping sidecar, if any. */
  public readonly logSidecar?: string;

  constructor(scope: Construct, id: string, props: AppMonitoringProps) {
    super(scope, id);
    checkMonitoringProps(this, checkProps(this, props, 'the props of the monitoring: at least the workload'));
    const workload = props.workload;
    const off = new Set(props.switchOff ?? []);
    for (const part of off) {
      if (!Object.values(MonitoringPart).includes(part)) {
        throw inputError(this, 'switchOff', part, 'it is not a part of the monitoring', `some of ${Object.values(MonitoringPart).join(', ')}`);
      }
    }
    const kind = workloadKindOf(workload);
    const others = props.otherWorkloads ?? [];
    others.forEach((other, i) => {
      if (workloadKindOf(other) !== kind || other.identity.name !== workload.identity.name || other === workload) {
        throw inputError(this, `otherWorkloads[${i}]`, other.name, `it is not another ${kind} of the application ${workload.identity.name}`,
          `the other tracks of ${workload.identity.name}, each a ${kind}`);
      }
    });
    const isJob = kind === WorkloadKind.JOB || kind === WorkloadKind.CRON_JOB;
    const services: Array<[string, AppService | undefined]> = [['service', props.service]];
    (props.otherServices ?? []).forEach((other, i) => services.push([`otherServices[${i}]`, other]));
    for (const [prop, service] of services) {
      if (service && service.identity && service.identity.name !== workload.identity.name) {
        throw inputError(this, prop, service.name, `it is the Service of ${service.identity.name}, not of ${workload.identity.name}`,
          `the Service of ${workload.name}`);
      }
    }

    // Logs first: a log sidecar is one of the containers the probes and the dashboard see.
    if (props.logs?.hints) {
      LogCollection.addHints(workload, props.logs.hints);
    }
    if (props.logs?.files) {
      this.logSidecar = LogCollection.shipFiles(workload, props.logs.files);
    }

    // Probes.
    let probes = props.probes;
    if (probes === undefined && props.defaultProbes !== undefined && off.has(MonitoringPart.DEFAULT_PROBES)) {
      throw inputError(this, 'defaultProbes', props.defaultProbes, 'the default probes are switched off', 'no defaultProbes, or no MonitoringPart.DEFAULT_PROBES in switchOff');
    }
    if (probes === undefined && !off.has(MonitoringPart.DEFAULT_PROBES) && !isJob
      && (props.defaultProbes !== undefined || mainContainerPorts(workload).length > 0)) {
      probes = ContainerProbes.defaults(workload, props.defaultProbes);
    }
    if (probes !== undefined) {
      ContainerProbes.addTo(workload, probes);
    }

    // Metrics.
    if (props.metrics) {
      // The scrape takes every metrics option but the request counter, which is the dashboard's.
      const { requestCounter: _dashboardOnly, ...scrape } = props.metrics;
      // A refusal of the scrape names the option written (`metrics.portName`), at this construct.
      this.metrics = refusedAs(this, METRICS_PROPS, () => new MetricsScrape(this, 'Metrics', {
        ...scrape,
        workload,
        service: props.service,
        otherWorkloads: props.otherWorkloads,
        otherServices: props.otherServices,
      }), (path) => path === `${this.node.path}/Metrics`);
    }

    // Black-box checks and alert rules are Prometheus operator resources: made by default when the cluster has the
    // operator (as far as the platform defaults tell), and black-box checks when there is an exporter to ask.
    const defaults = PlatformDefaults.of(this);
    const operator = defaults.monitoringMode !== MonitoringMode.ANNOTATIONS && defaults.monitoringMode !== MonitoringMode.NONE;
    const blackboxJobs: string[] = [];
    const b = props.blackbox ?? {};
    const checks = props.blackbox !== undefined || (operator && defaults.blackboxExporterAddress !== undefined);
    if (off.has(MonitoringPart.BLACKBOX) && props.blackbox !== undefined) {
      throw inputError(this, 'blackbox', props.blackbox, 'the black-box checks are switched off', 'no blackbox options, or no MonitoringPart.BLACKBOX in switchOff');
    }
    if (!off.has(MonitoringPart.BLACKBOX) && checks) {
      const common = { applicationName: workload.identity.name, proberAddress: b.proberAddress, interval: b.interval };
      const given = b.module === undefined ? undefined : BlackboxProbe.proberOf(b.module);
      if (b.module !== undefined && given === undefined) {
        throw inputError(this, 'blackbox.module', b.module, 'its name does not tell which prober it runs, which decides what the checks request',
          'a module named after its prober (http..., tcp..., tls..., grpc...), or a BlackboxProbe of your own with `prober`');
      }
      if (props.service && props.service.ports.length > 0) {
        const service = props.service;
        const port = b.servicePortName !== undefined ? service.portOf(b.servicePortName) : defaultCheckedPort(service, props.metrics?.portName);
        if (port !== undefined) {
          // The preview or canary Services too, one target each: a broken canary fails its own check.
          const check = this.serviceCheckOf(workload, probes, service, port, props.metrics, b, given, props.otherServices ?? []);
          this.serviceCheck = new BlackboxProbe(this, 'ServiceCheck', { ...common, ...check, name: `${service.name}-service` });
          this.serviceCheckPort = port;
          blackboxJobs.push(this.serviceCheck.jobName);
        }
      } else if (b.servicePortName !== undefined || b.servicePath !== undefined) {
        const prop = b.servicePortName !== undefined ? 'blackbox.servicePortName' : 'blackbox.servicePath';
        throw inputError(this, prop, b.servicePortName ?? b.servicePath, 'there is no Service with ports to check', 'the application\'s Service in `service`');
      }
      (b.extraUrls ?? []).forEach((url, i) => {
        if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+(\/\S*)?$/i.test(url)) {
          throw inputError(this, `blackbox.extraUrls[${i}]`, url, 'it is not an http(s) URL', 'a URL such as "https://status.example.com/shop"');
        }
      });
      if (b.publicPath !== undefined && (typeof b.publicPath !== 'string' || !/^\/\S*$/.test(b.publicPath))) {
        throw inputError(this, 'blackbox.publicPath', b.publicPath, 'it is not an absolute URL path', 'a path starting with "/", e.g. "/api/health"');
      }
      if (b.publicPath !== undefined && props.publication === undefined) {
        throw inputError(this, 'blackbox.publicPath', b.publicPath, 'the application is not published', 'no publicPath, or a publication');
      }
      // The published URLs, or each published host with the path given.
      const published = b.publicPath === undefined ? props.publication?.urls ?? []
        : [...new Set((props.publication?.urls ?? []).map((u) => `${new URL(u).origin}${b.publicPath}`))];
      const urls = [...published, ...(b.extraUrls ?? [])];
      if (urls.length > 0) {
        const prober = given ?? BlackboxProber.HTTP;
        if (prober !== BlackboxProber.HTTP && prober !== BlackboxProber.TCP) {
          throw inputError(this, 'blackbox.module', b.module, `the published URLs are checked over HTTP (the URLs) or TCP (their host:port), and the module runs the ${prober} prober`,
            'an HTTP module (http...) or a TCP module (tcp..., tls...)');
        }
        // Each URL once, as the first spelling of it (`https://Shop.example.com:443` is `https://shop.example.com/`).
        const targets = uniqueBy(prober === BlackboxProber.HTTP ? urls : urls.map(hostPortOfUrl),
          prober === BlackboxProber.HTTP ? normalizeUrl : (t) => t.toLowerCase());
        this.publicCheck = new BlackboxProbe(this, 'PublicCheck', { ...common, module: b.module, prober, name: `${workload.identity.name}-public`, targets });
        blackboxJobs.push(this.publicCheck.jobName);
      }
    }

    const all = [workload, ...others];
    this.application = Object.freeze({
      name: workload.identity.name,
      namespace: workload.namespace,
      workloadKind: kind,
      workloadName: workload.name,
      workloadNames: others.length > 0 ? all.map((w) => w.name) : undefined,
      podNamePattern: all.map(podNamePattern).join('|'),
      containerNames: union(all.map((w) => w.containerNames)),
      initContainerNames: union(all.map((w) => w.initContainerNames)),
      claimNamePatterns: union(all.map(claimNamePatterns)),
      blackboxJobs,
      scrapeTargetMatchers: this.metrics?.targetMatchers,
      requestCounter: props.metrics?.requestCounter,
      longestRunInterval: workload instanceof ScheduledWorkload ? workload.schedule.longestInterval() : undefined,
      containersRestart: workload.workload.restartPolicy === kplus.RestartPolicy.NEVER ? false : undefined,
    });

    if (off.has(MonitoringPart.ALERTS) && props.alerts !== undefined) {
      throw inputError(this, 'alerts', props.alerts, 'the alerts are switched off', 'no alerts options, or no MonitoringPart.ALERTS in switchOff');
    }
    if (!off.has(MonitoringPart.ALERTS) && (operator || props.alerts !== undefined)) {
      // A refusal of the rules names the option written (`alerts.thresholds.unavailableFor`), at this construct.
      this.alerts = refusedAs(this, ALERTS_PROPS, () => new AlertRules(this, 'Alerts', { application: this.application, ...props.alerts }),
        (path) => path === `${this.node.path}/Alerts`);
    }
    if (off.has(MonitoringPart.DASHBOARD) && props.dashboard !== undefined) {
      throw inputError(this, 'dashboard', props.dashboard, 'the dashboard is switched off', 'no dashboard options, or no MonitoringPart.DASHBOARD in switchOff');
    }
    if (!off.has(MonitoringPart.DASHBOARD)) {
      this.dashboard = new AppDashboard(this, 'Dashboard', { application: this.application, ...props.dashboard });
    }
    if (this.alerts || this.dashboard) {
      // The alerts and the dashboard select the containers the pods have now: a container added later is not watched.
      const watched = new Set(this.application.containerNames);
      addWarningWhile(this, `the alerts and the dashboard watch the containers ${[...watched].join(', ')}, and a container was added to the pods after `
        + 'the monitoring was made (a sidecar of addSidecar or LogCollection.shipFiles), so its restarts, CPU and memory are not watched: ship log files '
        + 'with the monitoring\'s logs option (a pattern\'s monitoring: { logs: { files } }), or add the sidecar before the monitoring',
      () => all.some((w) => w.containerNames.some((c) => !watched.has(c))));
    }
  }

  /** The module, prober and target of the in-cluster check of a Service port, refused when the module does not fit the port. */
  private serviceCheckOf(
    workload: AppWorkload, probes: ContainerProbesProps | undefined, service: AppService, port: AppServicePort,
    metrics: AppMetricsOptions | undefined, b: AppBlackboxOptions, given: BlackboxProber | undefined, others: readonly AppService[],
  ): { module?: string; prober: BlackboxProber; targets: string[] } {
    const services = [service, ...others.filter((o) => o.ports.some((p) => p.name === port.name))];
    if (!isTcp(port)) {
      throw inputError(this, 'blackbox.servicePortName', port.name, `it is a ${port.protocol} port, which the black-box checks cannot request`,
        `a TCP port of the Service ${service.name}: ${service.ports.filter(isTcp).map((p) => p.name).join(', ') || '(none)'}`);
    }
    const protocol = portProtocol(workload, probes, port, metrics);
    const http = protocol === PortProtocol.HTTP || protocol === PortProtocol.HTTPS;
    const prober = given ?? (http ? BlackboxProber.HTTP : BlackboxProber.TCP);
    const grpc = protocol === PortProtocol.GRPC;
    if (!(prober === BlackboxProber.TCP || (prober === BlackboxProber.HTTP && http) || (prober === BlackboxProber.GRPC && grpc))) {
      const declare = prober === BlackboxProber.HTTP ? ' (a port is HTTP: appProtocol "http", a name "http" or "http-<suffix>", or an HTTP readiness probe)'
        : prober === BlackboxProber.GRPC ? ' (a port is gRPC: appProtocol "grpc", a name "grpc" or "grpc-<suffix>", or a gRPC readiness probe)' : '';
      throw inputError(this, 'blackbox.module', b.module,
        `it runs the ${prober} prober, and the port ${port.name} of the Service ${service.name} speaks ${protocol}${declare}`,
        `a module that fits a port that speaks ${protocol}: ${http ? 'an HTTP module (http...) or ' : grpc ? 'a gRPC module (grpc...) or ' : ''}a TCP module (tcp_connect, tls_connect...)`);
    }
    if (prober !== BlackboxProber.HTTP) {
      if (b.servicePath !== undefined) {
        throw inputError(this, 'blackbox.servicePath', b.servicePath, `the check of the port ${port.name} (${protocol}) is a ${prober} check of host:port, which has no path`,
          'no servicePath, or a port that speaks HTTP');
      }
      return { module: b.module ?? 'tcp_connect', prober, targets: services.map((s) => s.address(port.name)) };
    }
    const path = b.servicePath ?? httpReadinessPath(workload, probes, port.name, service) ?? '/';
    if (!path.startsWith('/')) {
      throw inputError(this, 'blackbox.servicePath', path, 'it does not start with "/"', 'a path such as "/healthz"');
    }
    return { module: b.module, prober, targets: services.map((s) => `${s.url(port.name, protocol === PortProtocol.HTTPS ? 'https' : 'http')}${path}`) };
  }
}

/** What a Service port speaks, as far as the declarations tell. */
enum PortProtocol {
  HTTP = 'HTTP',
  HTTPS = 'HTTPS',
  GRPC = 'gRPC',
  /** TCP, of another or an unknown application protocol. */
  TCP = 'TCP',
}

/** The `appProtocol` values of the ports that speak HTTP(S) and gRPC (any other says: not HTTP). */
const APP_PROTOCOLS: Record<string, PortProtocol> = {
  'http': PortProtocol.HTTP,
  'kubernetes.io/ws': PortProtocol.HTTP,
  'https': PortProtocol.HTTPS,
  'kubernetes.io/wss': PortProtocol.HTTPS,
  'grpc': PortProtocol.GRPC,
};

/** Port names that say the protocol: `http`, `https`, `grpc`, alone or before `-` and a suffix (`http-admin`). */
const PROTOCOL_NAME = /^(https?|grpc)(-|$)/;

/**
 * What a TCP Service port speaks, from what is declared, in this order: its `appProtocol` (`http`,
 * `kubernetes.io/ws`; `https`, `kubernetes.io/wss`; `grpc`; anything else is TCP); the readiness probe of the main
 * container when it checks the container port behind it (an HTTP GET: HTTP or HTTPS by its scheme; gRPC); the
 * metrics port that is scraped (HTTP or HTTPS by the scrape's scheme); the name of the port or of its container port
 * (`http`, `https`, `grpc`, or one of them and `-suffix`). Otherwise TCP.
 */
function portProtocol(
  workload: AppWorkload, probes: ContainerProbesProps | undefined, port: AppServicePort, metrics: AppMetricsOptions | undefined,
): PortProtocol {
  if (port.appProtocol !== undefined) {
    return APP_PROTOCOLS[port.appProtocol.toLowerCase()] ?? PortProtocol.TCP;
  }
  const target = port.targetPortName ?? port.name;
  const readiness = probes?.readiness;
  if (readiness && (probes?.container ?? workload.mainContainerName) === workload.mainContainerName
    && (readiness._action.portName ?? mainContainerPorts(workload)[0]) === target) {
    if (readiness.kind === 'http') {
      return readiness._action.scheme === ProbeScheme.HTTPS ? PortProtocol.HTTPS : PortProtocol.HTTP;
    }
    if (readiness.kind === 'grpc') {
      return PortProtocol.GRPC;
    }
  }
  if (metrics !== undefined && (metrics.portName === port.name || metrics.portName === target)) {
    return metrics.scheme === ScrapeScheme.HTTPS ? PortProtocol.HTTPS : PortProtocol.HTTP;
  }
  for (const name of [port.name, target]) {
    const found = PROTOCOL_NAME.exec(name)?.[1];
    if (found !== undefined) {
      return found === 'https' ? PortProtocol.HTTPS : found === 'http' ? PortProtocol.HTTP : PortProtocol.GRPC;
    }
  }
  return PortProtocol.TCP;
}

function isTcp(port: AppServicePort): boolean {
  return (port.protocol ?? kplus.Protocol.TCP) === kplus.Protocol.TCP;
}

/** The port the in-cluster check requests by default: the first TCP port that is not the metrics port, else the metrics port. */
function defaultCheckedPort(service: AppService, metricsPortName: string | undefined): AppServicePort | undefined {
  const tcp = service.ports.filter(isTcp);
  return tcp.find((p) => p.name !== metricsPortName) ?? tcp[0];
}

/** `host:port` of an http(s) URL, the port by its scheme when the URL has none. */
function hostPortOfUrl(url: string): string {
  const [, scheme, authority] = /^(https?):\/\/([^/?#]+)/i.exec(url)!;
  return /:[0-9]+$/.test(authority) ? authority : `${authority}:${scheme.toLowerCase() === 'https' ? 443 : 80}`;
}

/** The items, each once by its key, in the order they first appear. */
function uniqueBy(items: string[], key: (item: string) => string): string[] {
  const keys = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    return keys.has(k) ? false : (keys.add(k), true);
  });
}

/**
 * Refuses the props of an untyped caller that are of the wrong shape (a workload that is not one, `switchOff:
 * 'alerts'`, `blackbox: null`, `extraUrls: 'https://...'`), before they are read.
 */
function checkMonitoringProps(scope: Construct, props: AppMonitoringProps): void {
  checkApplicationParts(scope, props);
  checkList(scope, 'switchOff', props.switchOff, `a list of some of ${Object.values(MonitoringPart).join(', ')}`, 'string');
  for (const [prop, accepted] of OPTION_OBJECTS) {
    checkObject(scope, prop, props[prop], accepted);
  }
  checkList(scope, 'blackbox.extraUrls', props.blackbox?.extraUrls, 'a list of URLs, e.g. ["https://status.example.com/shop"]', 'string');
}

/** The option objects of the monitoring, and what each takes. */
const OPTION_OBJECTS: ReadonlyArray<readonly [keyof AppMonitoringOptions, string]> = [
  ['probes', 'the probes of the main container: { readiness?, liveness?, startup? }'],
  ['defaultProbes', 'the options of the default probes: { readinessPath?, portName?, slowStart? }'],
  ['metrics', 'the scrape of the metrics: { portName, path?, ... }'],
  ['blackbox', 'the options of the black-box checks: { servicePortName?, servicePath?, extraUrls?, ... }'],
  ['alerts', 'the options of the alert rules: { thresholds?, disable?, ... }'],
  ['dashboard', 'the options of the dashboard: { title?, ... }'],
  ['logs', 'the options of the logs: { hints?, files? }'],
];

/** The path of the HTTP readiness probe of the main container, when it checks the container port behind the Service port. */
function httpReadinessPath(
  workload: AppWorkload, probes: ContainerProbesProps | undefined, servicePortName: string, service: AppService,
): string | undefined {
  const readiness = probes?.readiness;
  if (!readiness || readiness.kind !== 'http' || (probes?.container ?? workload.mainContainerName) !== workload.mainContainerName) {
    return undefined;
  }
  const port = service.ports.find((p) => p.name === servicePortName);
  const target = port?.targetPortName ?? port?.name;
  const probed = readiness._action.portName ?? mainContainerPorts(workload)[0];
  return probed === target ? readiness._action.path : undefined;
}

/** The claims the workload writes: per-replica claims of a StatefulSet, and the claims its pods mount. */
function claimNamePatterns(workload: AppWorkload): string[] {
  const replicaClaims = workload instanceof StatefulWorkload ? workload.replicaClaimNames : [];
  const patterns = replicaClaims.map((claim) => `${escapeRegex(claim)}-${escapeRegex(workload.name)}-[0-9]+`);
  for (const volume of podVolumesOf(workload.workload)) {
    const claim = volumeSpecOf(volume).persistentVolumeClaim?.claimName;
    if (claim !== undefined && !replicaClaims.includes(claim) && !patterns.includes(escapeRegex(claim))) {
      patterns.push(escapeRegex(claim));
    }
  }
  return patterns;
}

/** The items of the lists, each once, in the order they first appear. */
function union(lists: string[][]): string[] {
  // The lists are short (the containers and claims of a few workloads): a scan costs less than a Set.
  const items: string[] = [];
  for (const list of lists) {
    for (const item of list) {
      if (!items.includes(item)) {
        items.push(item);
      }
    }
  }
  return items;
}
