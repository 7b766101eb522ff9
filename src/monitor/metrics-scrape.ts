import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { checkApplicationParts } from './application-parts';
import { podNamePattern, promDuration, promString } from './monitoring-names';
import { checkRegex } from './promql-checks';
import {
  PodMonitor, PodMonitorSpecPodMetricsEndpointsRelabelingsAction, PodMonitorSpecPodMetricsEndpointsScheme, ServiceMonitor,
  ServiceMonitorSpecEndpointsRelabelingsAction, ServiceMonitorSpecEndpointsScheme,
} from '../../imports/monitoring.coreos.com';
import { RecommendedLabel } from '../core/app-identity';
import { checkList, checkProps, checkSeconds, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { MonitoringMode } from '../core/monitoring-mode';
import { PlatformDefaults } from '../core/platform-defaults';
import { escapeRegex } from '../core/promql';
import { AppService } from '../expose/app-service';
import { AppWorkload } from '../workload/app-workload';
import { StatefulWorkload } from '../workload/stateful-workload';

/** The scheme of a scrape. */
export enum ScrapeScheme {
  /** Plain HTTP. */
  HTTP = 'http',
  /** HTTPS. */
  HTTPS = 'https',
}

/**
 * A relabeling of the scraped targets (Prometheus `relabel_config`).
 *
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config
 */
export interface MetricsRelabeling {
  /** The labels whose values are joined and matched. @default - none */
  readonly sourceLabels?: string[];
  /** The label written. @default - none */
  readonly targetLabel?: string;
  /** The regular expression matched. @default "(.*)" */
  readonly regex?: string;
  /** The replacement. @default "$1" */
  readonly replacement?: string;
  /** The action: replace, keep, drop, labelmap, labeldrop, labelkeep, ... @default "replace" */
  readonly action?: string;
  /** The modulus of the hash of the source labels' values (`hashmod`, which needs one). @default - none */
  readonly modulus?: number;
}

/**
 * How an application's metrics are scraped (the options that {@link AppMonitoring} and the patterns take as `metrics`).
 */
export interface MetricsScrapeOptions {
  /**
   * The name of the port that serves the metrics: a port of the Service (ServiceMonitor) or a container port
   * (PodMonitor, annotations).
   */
  readonly portName: string;

  /**
   * How Prometheus finds the metrics.
   *
   * @default - the platform default `monitoringMode` (its SERVICE_MONITOR means a PodMonitor for an application without
   * a Service); without one, a ServiceMonitor when there is a Service and a PodMonitor otherwise
   */
  readonly mode?: MonitoringMode;

  /**
   * The path of the metrics.
   *
   * @default "/metrics"
   */
  readonly path?: string;

  /**
   * How often Prometheus scrapes.
   *
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;

  /**
   * How long a scrape may take (not longer than the interval).
   *
   * @default Duration.seconds(10)
   */
  readonly scrapeTimeout?: Duration;

  /**
   * The scheme.
   *
   * @default ScrapeScheme.HTTP
   */
  readonly scheme?: ScrapeScheme;

  /**
   * The server name of the TLS certificate (HTTPS).
   *
   * @default - the target's address
   */
  readonly tlsServerName?: string;

  /**
   * Whether the TLS certificate is not verified (HTTPS).
   *
   * @default false
   */
  readonly insecureSkipVerify?: boolean;

  /**
   * Relabelings of the targets.
   *
   * @default - none
   */
  readonly relabelings?: MetricsRelabeling[];

  /**
   * The name of the ServiceMonitor or PodMonitor.
   *
   * @default - the application's name
   */
  readonly name?: string;
}

/**
 * Properties of a {@link MetricsScrape}.
 */
export interface MetricsScrapeProps extends MetricsScrapeOptions {
  /** The workload whose metrics are scraped. */
  readonly workload: AppWorkload;

  /**
   * The Service that the ServiceMonitor scrapes through.
   *
   * @default - none: a PodMonitor (or the annotations)
   */
  readonly service?: AppService;

  /**
   * More workloads of the application, of the same kind: the tracks of a blue/green or canary release. Their pods
   * are scraped too (the PodMonitor selects the pods of every track; the annotations go on each), and the scrape
   * targets (`targetMatchers`) cover them.
   *
   * @default - none
   */
  readonly otherWorkloads?: AppWorkload[];

  /**
   * More Services of the application with the metrics port: the preview Service of a blue/green release, the canary's
   * Service. The ServiceMonitor selects every Service of the application, so it scrapes through them too; the scrape
   * targets (`targetMatchers`) cover them.
   *
   * @default - none
   */
  readonly otherServices?: AppService[];
}

/**
 * Prometheus scraping of an application's own metrics, in one of three ways: a ServiceMonitor (through its
 * Service), a PodMonitor (for workloads without a Service, such as jobs and daemons), or the
 * `prometheus.io/scrape|port|path` pod annotations for clusters without the Prometheus operator. The monitors carry
 * the platform default `prometheusSelectorLabels`, which the cluster's Prometheus selects them by.
 *
 * @see https://prometheus-operator.dev/docs/developer/getting-started/
 */
export class MetricsScrape extends Construct {
  /** The ServiceMonitor, in that mode. */
  public readonly serviceMonitor?: ServiceMonitor;
  /** The PodMonitor, in that mode. */
  public readonly podMonitor?: PodMonitor;
  /** How Prometheus finds the metrics. */
  public readonly mode: MonitoringMode;
  /**
   * The PromQL label matchers of the scrape targets in `up` (for the TargetDown alert): of every Service (ServiceMonitor),
   * of the PodMonitor's job, or of the pods of every workload (annotations); undefined in NONE mode.
   */
  public readonly targetMatchers?: string;

  constructor(scope: Construct, id: string, props: MetricsScrapeProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the scrape: { workload, service?, portName, ... }');
    const defaults = PlatformDefaults.of(this);
    const workload = checkApplicationParts(this, props);
    // The platform default SERVICE_MONITOR says "the Prometheus operator's monitors": an application without a Service
    // (a daemon, a job) is scraped by a PodMonitor. Only a ServiceMonitor asked for by the application needs a Service.
    const platformMode = defaults.monitoringMode === MonitoringMode.SERVICE_MONITOR && !props.service
      ? MonitoringMode.POD_MONITOR : defaults.monitoringMode;
    this.mode = props.mode ?? platformMode ?? (props.service ? MonitoringMode.SERVICE_MONITOR : MonitoringMode.POD_MONITOR);
    if (!Object.values(MonitoringMode).includes(this.mode)) {
      throw inputError(this, 'mode', this.mode, 'it is not a monitoring mode', `one of ${Object.values(MonitoringMode).join(', ')}`);
    }
    const name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name ?? workload.identity.name);
    FormatRule.PORT_NAME.check(this, 'portName', props.portName);
    const path = props.path ?? '/metrics';
    if (!path.startsWith('/')) {
      throw inputError(this, 'path', path, 'it does not start with "/"', 'a path such as "/metrics"');
    }
    const interval = checkSeconds(this, 'interval', props.interval ?? Duration.seconds(30), { min: 1 });
    const timeout = checkSeconds(this, 'scrapeTimeout', props.scrapeTimeout ?? Duration.seconds(10), { min: 1 });
    if (interval < timeout) {
      throw inputError(this, 'interval', `${interval}s`, `it is shorter than the scrape timeout (${timeout}s): scrapes would overlap`,
        'an interval at least as long as the scrape timeout');
    }
    if (props.scheme !== ScrapeScheme.HTTPS && (props.tlsServerName !== undefined || props.insecureSkipVerify !== undefined)) {
      throw inputError(this, 'scheme', props.scheme ?? 'http', 'TLS options are given for a plain HTTP scrape', 'ScrapeScheme.HTTPS with TLS options');
    }
    // The CRDs accept an action in lowercase or in Prometheus's camel case only: any case is read, lowercase is written.
    const actions = Object.values(ServiceMonitorSpecEndpointsRelabelingsAction) as string[];
    checkList(this, 'relabelings', props.relabelings, 'a list of relabelings, e.g. [{ sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" }]', 'object');
    const relabelings = props.relabelings?.map((r, i) => {
      if (r.action !== undefined && (typeof r.action !== 'string' || !actions.includes(r.action.toLowerCase()))) {
        throw inputError(this, `relabelings[${i}].action`, r.action, 'it is not a relabeling action', `one of ${actions.join(', ')} (in any case)`);
      }
      checkRelabeling(this, `relabelings[${i}]`, r);
      return { ...r, action: r.action?.toLowerCase() };
    });
    // The platform's selector labels, then the application's; never a release track's (a switch must not touch it).
    const platformLabels = Object.entries(defaults.prometheusSelectorLabels ?? {}).filter(([key]) => key !== RecommendedLabel.TRACK);
    // The labels of the application as its Service has them (a release's Service carries the version users reach), else
    // as the workload has them.
    const owner = props.service?.identity ?? workload.identity;
    const labels: Record<string, string> = { ...Object.fromEntries(platformLabels), ...owner.sharedLabels };
    const tls = props.scheme === ScrapeScheme.HTTPS ? { serverName: props.tlsServerName, insecureSkipVerify: props.insecureSkipVerify } : undefined;
    const namespace = workload.namespace;
    const workloads = [workload, ...(props.otherWorkloads ?? [])];
    workloads.forEach((other, i) => {
      if (i > 0 && (other.identity.name !== workload.identity.name || other === workload || other.namespace !== namespace)) {
        throw inputError(this, `otherWorkloads[${i - 1}]`, other.name, `it is not another workload of the application ${workload.identity.name} in ${namespace}`,
          `the other tracks of ${workload.identity.name}`);
      }
    });

    switch (this.mode) {
      case MonitoringMode.SERVICE_MONITOR: {
        const service = props.service;
        if (!service) {
          throw inputError(this, 'service', undefined, 'a ServiceMonitor scrapes through a Service, and none is given',
            'the application\'s Service, or MonitoringMode.POD_MONITOR');
        }
        if (!service.ports.some((p) => p.name === props.portName)) {
          throw inputError(this, 'portName', props.portName, `the Service ${service.name} has no port of that name`,
            `one of its ports: ${service.ports.map((p) => p.name).join(', ') || '(none)'}`);
        }
        const services = [service, ...(props.otherServices ?? [])];
        services.forEach((other, i) => {
          if (i > 0 && (other.identity?.name !== service.identity?.name || other.namespace !== service.namespace || services.indexOf(other) !== i
            || !other.ports.some((p) => p.name === props.portName))) {
            throw inputError(this, `otherServices[${i - 1}]`, other.name,
              `it is not another Service of the application ${service.identity?.name} in ${service.namespace} with the port ${props.portName}`,
              `the preview or canary Service of ${service.identity?.name}`);
          }
        });
        const selector = service.identity!.sharedSelectorLabels;
        // Not through a StatefulSet's headless Service, which lists the same pods with the same labels and ports (each
        // pod would be scraped twice), unless it is the one given.
        const headless = workloads.some((w) => w instanceof StatefulWorkload)
          && !services.some((x) => x.service.metadata.getLabel(StatefulWorkload.HEADLESS_LABEL) !== undefined)
          ? [{ key: StatefulWorkload.HEADLESS_LABEL, operator: 'DoesNotExist' }] : undefined;
        this.serviceMonitor = new ServiceMonitor(this, 'Resource', {
          metadata: { name, labels },
          spec: {
            selector: { matchLabels: selector, matchExpressions: headless },
            namespaceSelector: { matchNames: [service.namespace] },
            endpoints: [{
              port: props.portName,
              path,
              interval: promDuration(interval),
              scrapeTimeout: promDuration(timeout),
              scheme: props.scheme === ScrapeScheme.HTTPS ? ServiceMonitorSpecEndpointsScheme.HTTPS : undefined,
              tlsConfig: tls,
              relabelings: relabelings?.map((r) => ({ ...r, action: r.action as ServiceMonitorSpecEndpointsRelabelingsAction | undefined })),
            }],
          },
        });
        this.targetMatchers = services.length > 1
          ? `namespace=${promString(service.namespace)}, service=~${promString(services.map((x) => escapeRegex(x.name)).join('|'))}`
          : `namespace=${promString(service.namespace)}, service=${promString(service.name)}`;
        break;
      }
      case MonitoringMode.POD_MONITOR: {
        workloads.forEach((w) => this.checkContainerPort(w, props.portName));
        this.podMonitor = new PodMonitor(this, 'Resource', {
          metadata: { name, labels },
          spec: {
            // The pods of every track (a release switch must not change it).
            selector: { matchLabels: workload.identity.sharedSelectorLabels },
            namespaceSelector: { matchNames: [namespace] },
            podMetricsEndpoints: [{
              port: props.portName,
              path,
              interval: promDuration(interval),
              scrapeTimeout: promDuration(timeout),
              scheme: props.scheme === ScrapeScheme.HTTPS ? PodMonitorSpecPodMetricsEndpointsScheme.HTTPS : undefined,
              tlsConfig: tls,
              relabelings: relabelings?.map((r) => ({
                ...r, action: r.action as PodMonitorSpecPodMetricsEndpointsRelabelingsAction | undefined,
              })),
            }],
          },
        });
        this.targetMatchers = `namespace=${promString(namespace)}, job=${promString(`${namespace}/${name}`)}`;
        break;
      }
      case MonitoringMode.ANNOTATIONS: {
        for (const w of workloads) {
          this.checkContainerPort(w, props.portName);
          const metadata = w.workload.podMetadata;
          metadata.addAnnotation('prometheus.io/scrape', 'true');
          metadata.addAnnotation('prometheus.io/port', String(w.containerPorts[props.portName]));
          metadata.addAnnotation('prometheus.io/path', path);
          if (props.scheme === ScrapeScheme.HTTPS) {
            metadata.addAnnotation('prometheus.io/scheme', 'https');
          }
        }
        this.targetMatchers = `namespace=${promString(namespace)}, pod=~${promString(workloads.map(podNamePattern).join('|'))}`;
        break;
      }
      default:
        this.targetMatchers = undefined;
    }
  }

  private checkContainerPort(workload: AppWorkload, portName: string): void {
    const ports = workload.containerPorts;
    if (!(portName in ports)) {
      throw inputError(this, 'portName', portName, `the workload ${workload.name} declares no container port of that name, so the pods have no metrics port to scrape`,
        `one of its container ports: ${Object.keys(ports).join(', ') || '(none)'}`);
    }
  }
}

/** The actions that write a label, and so need `targetLabel` (Prometheus' relabel.Config.Validate). */
const WRITING_ACTIONS = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];

/**
 * Refuses a relabeling that Prometheus refuses to load (relabel.Config.Validate), which makes the operator drop the
 * whole monitor: no target, no `up`, and no alert that it is gone.
 */
function checkRelabeling(scope: Construct, prop: string, r: MetricsRelabeling): void {
  const action = (r.action ?? 'replace').toLowerCase();
  checkList(scope, `${prop}.sourceLabels`, r.sourceLabels, 'a list of label names, e.g. ["__meta_kubernetes_pod_node_name"]', 'string');
  if (r.regex !== undefined) {
    checkRegex(scope, `${prop}.regex`, r.regex, 'a regular expression (RE2) that Prometheus compiles, anchored at both ends, e.g. "web-.*"');
  }
  if (WRITING_ACTIONS.includes(action) && (typeof r.targetLabel !== 'string' || r.targetLabel === '')) {
    throw inputError(scope, `${prop}.targetLabel`, r.targetLabel, `the action ${action} writes a label, and none is named`, 'the label to write, e.g. "node"');
  }
  if (action === 'hashmod' && (!Number.isInteger(r.modulus) || r.modulus! < 1)) {
    throw inputError(scope, `${prop}.modulus`, r.modulus, 'the action hashmod takes the hash modulo it, and it is not a whole number above zero',
      'a whole number above zero, e.g. 4 to shard over four Prometheus servers');
  }
  if (action !== 'hashmod' && r.modulus !== undefined) {
    throw inputError(scope, `${prop}.modulus`, r.modulus, `the action ${action} takes no modulus`, 'no modulus, or the action hashmod');
  }
  const only = action === 'labeldrop' || action === 'labelkeep' ? ['sourceLabels', 'targetLabel', 'replacement'] as const : [];
  for (const field of only.filter((f) => r[f] !== undefined)) {
    throw inputError(scope, `${prop}.${field}`, r[field], `the action ${action} matches label names by its regex alone`, `no ${field}, only regex`);
  }
  if ((action === 'keepequal' || action === 'dropequal') && (r.sourceLabels ?? []).length === 0) {
    throw inputError(scope, `${prop}.sourceLabels`, r.sourceLabels, `the action ${action} compares the source labels with the target label, and there are none`,
      'the labels whose values are compared');
  }
}
