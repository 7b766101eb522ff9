import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertRules, AlertRulesOptions } from './alert-rules';
import { AppDashboard, AppDashboardOptions } from './app-dashboard';
import { BlackboxProbe } from './blackbox-probe';
import { ContainerProbes, ContainerProbesProps, DefaultProbesOptions } from './health-probe';
import { LogCollection, LogFilesOptions, LogHintsOptions } from './log-collection';
import { MetricsScrape, MetricsScrapeOptions } from './metrics-scrape';
import { MonitoredApplication, WorkloadKind } from './monitored-application';
import { derivedApplication, escapeRegex, mainContainerPorts, podNamePattern, workloadKindOf } from './monitoring-names';
import { inputError } from '../core/errors';
import { MonitoringMode, PlatformDefaults } from '../core/platform-defaults';
import { withProps } from '../core/props';
import { AppService } from '../expose/app-service';
import { AppPublication } from '../publish/app-publication';
import { AppWorkload } from '../workload/app-workload';
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

/**
 * The black-box checks of the application.
 */
export interface AppBlackboxOptions {
  /**
   * The Service port that the in-cluster check requests.
   *
   * @default - the Service's first port that is not the metrics port
   */
  readonly servicePort?: string;

  /**
   * The path that the in-cluster check requests.
   *
   * @default - the path of the HTTP readiness probe, or "/"
   */
  readonly servicePath?: string;

  /**
   * More URLs to check from outside, besides the publication's.
   *
   * @default - none
   */
  readonly extraUrls?: string[];

  /**
   * The blackbox exporter module.
   *
   * @default - the platform default `blackboxModule` ("http_2xx")
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
    if (props.service && props.service.identity && props.service.identity.name !== workload.identity.name) {
      throw inputError(this, 'service', props.service.name, `it is the Service of ${props.service.identity.name}, not of ${workload.identity.name}`,
        `the Service of ${workload.name}`);
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
      throw inputError(this, 'defaultProbes', 'given', 'the default probes are switched off', 'no defaultProbes, or no MonitoringPart.DEFAULT_PROBES in switchOff');
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
      this.metrics = new MetricsScrape(this, 'Metrics', withProps(scrape, { workload, service: props.service }));
    }

    // Black-box checks and alert rules are Prometheus operator resources: made by default when the cluster has the
    // operator (as far as the platform defaults tell), and black-box checks when there is an exporter to ask.
    const defaults = PlatformDefaults._read(this);
    const operator = defaults.monitoringMode !== MonitoringMode.ANNOTATIONS && defaults.monitoringMode !== MonitoringMode.NONE;
    const blackboxJobs: string[] = [];
    const b = props.blackbox ?? {};
    const checks = props.blackbox !== undefined || (operator && defaults.blackboxExporterAddress !== undefined);
    if (off.has(MonitoringPart.BLACKBOX) && props.blackbox !== undefined) {
      throw inputError(this, 'blackbox', 'given', 'the black-box checks are switched off', 'no blackbox options, or no MonitoringPart.BLACKBOX in switchOff');
    }
    if (!off.has(MonitoringPart.BLACKBOX) && checks) {
      const common = { application: workload.identity.name, module: b.module, proberAddress: b.proberAddress, interval: b.interval };
      if (props.service && props.service.ports.length > 0) {
        const port = b.servicePort ?? (props.service.ports.find((p) => p.name !== props.metrics?.port) ?? props.service.ports[0]).name;
        const path = b.servicePath ?? httpReadinessPath(workload, probes, port, props.service) ?? '/';
        if (!path.startsWith('/')) {
          throw inputError(this, 'blackbox.servicePath', path, 'it does not start with "/"', 'a path such as "/healthz"');
        }
        const target = `${props.service.url(port)}${path}`;
        this.serviceCheck = new BlackboxProbe(this, 'ServiceCheck', { ...common, name: `${props.service.name}-service`, targets: [target] });
        blackboxJobs.push(this.serviceCheck.jobName);
      } else if (b.servicePort !== undefined || b.servicePath !== undefined) {
        throw inputError(this, 'blackbox.servicePort', b.servicePort ?? b.servicePath, 'there is no Service with ports to check', 'the application\'s Service in `service`');
      }
      const urls = [...(props.publication?.urls ?? []), ...(b.extraUrls ?? [])];
      if (urls.length > 0) {
        this.publicCheck = new BlackboxProbe(this, 'PublicCheck', { ...common, name: `${workload.identity.name}-public`, targets: urls });
        blackboxJobs.push(this.publicCheck.jobName);
      }
    }

    const all = [workload, ...others];
    this.application = derivedApplication({
      application: workload.identity.name,
      namespace: workload.namespace,
      workloadKind: kind,
      workloadName: workload.name,
      workloadNames: others.length > 0 ? all.map((w) => w.name) : undefined,
      podNamePattern: all.map(podNamePattern).join('|'),
      containerNames: union(all.map((w) => w.containerNames)),
      claimNamePatterns: union(all.map(claimNamePatterns)),
      blackboxJobs,
      scrapeTargetMatchers: this.metrics?.targetMatchers,
      requestCounter: props.metrics?.requestCounter,
    });

    if (off.has(MonitoringPart.ALERTS) && props.alerts !== undefined) {
      throw inputError(this, 'alerts', 'given', 'the alerts are switched off', 'no alerts options, or no MonitoringPart.ALERTS in switchOff');
    }
    if (!off.has(MonitoringPart.ALERTS) && (operator || props.alerts !== undefined)) {
      this.alerts = new AlertRules(this, 'Alerts', withProps({ application: this.application }, props.alerts ?? {}));
    }
    if (off.has(MonitoringPart.DASHBOARD) && props.dashboard !== undefined) {
      throw inputError(this, 'dashboard', 'given', 'the dashboard is switched off', 'no dashboard options, or no MonitoringPart.DASHBOARD in switchOff');
    }
    if (!off.has(MonitoringPart.DASHBOARD)) {
      this.dashboard = new AppDashboard(this, 'Dashboard', { application: this.application, ...props.dashboard });
    }
  }
}

/** The path of the HTTP readiness probe of the main container, when it checks the container port behind the Service port. */
function httpReadinessPath(
  workload: AppWorkload, probes: ContainerProbesProps | undefined, servicePort: string, service: AppService,
): string | undefined {
  const readiness = probes?.readiness;
  if (!readiness || readiness.kind !== 'http' || (probes?.container ?? workload.mainContainerName) !== workload.mainContainerName) {
    return undefined;
  }
  const port = service.ports.find((p) => p.name === servicePort);
  const target = port?.targetPort ?? port?.name;
  const probed = readiness._action.port ?? mainContainerPorts(workload)[0];
  return probed === target ? readiness._action.path : undefined;
}

/** The claims the workload writes: per-replica claims of a StatefulSet, and the claims its pods mount. */
function claimNamePatterns(workload: AppWorkload): string[] {
  const replicaClaims = workload instanceof StatefulWorkload ? workload.replicaClaimNames : [];
  const patterns = replicaClaims.map((claim) => `${escapeRegex(claim)}-${escapeRegex(workload.name)}-[0-9]+`);
  // The pod's volumes, and the volumes that its containers mount (cdk8s-plus-27 adds those to the pod at synth).
  const pod = workload.workload;
  const volumes = [...pod.volumes];
  for (const containers of [pod.containers, pod.initContainers]) {
    for (const container of containers) {
      for (const mount of container.mounts) {
        volumes.push(mount.volume);
      }
    }
  }
  for (const volume of volumes) {
    const claim = volume._toKube().persistentVolumeClaim?.claimName;
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
