import { createHash } from 'crypto';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { MonitoredApplication, WorkloadKind } from './monitored-application';
import { promString, workloadNamesOf } from './monitoring-names';
import { checkLabelMatchers, checkRegex } from './promql-checks';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { checkLabelMap } from '../core/label-keys';
import { PlatformDefaults } from '../core/platform-defaults';
import { escapeRegex } from '../core/promql';
import { Warnings } from '../core/warnings';

/** The version of Grafana's dashboard JSON model that the dashboard is written in. */
const SCHEMA_VERSION = 39;

/**
 * The most data a ConfigMap holds: Kubernetes refuses a ConfigMap whose values are larger than 1 MiB.
 */
const MAX_CONFIG_MAP_BYTES = 1048576;

/** The annotation that Grafana's dashboard sidecar reads the folder from (its `folderAnnotation`). */
const FOLDER_ANNOTATION = 'grafana_folder';

/** The template variable (and its reference) that selects the Prometheus data source by default. */
const DATASOURCE_VARIABLE = 'datasource';
const DATASOURCE_REFERENCE = '${datasource}';

/** A Grafana uid (of a dashboard or a data source): at most 40 letters, digits, "-" and "_". */
const GRAFANA_UID = /^[a-zA-Z0-9_-]{1,40}$/;
const MAX_UID_LENGTH = 40;

/** A Prometheus metric name. */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The width and height of a panel, in grid units (a row is 24 units wide). */
const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;
const GRID_COLUMNS = 24;

/**
 * How an application's dashboard is made (the options that {@link AppMonitoring} and the patterns take as `dashboard`).
 */
export interface AppDashboardOptions {
  /**
   * The name of the ConfigMap that holds the dashboard: a DNS-1123 subdomain.
   *
   * @default - `<application>-dashboard`, e.g. `web-dashboard`
   * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
   */
  readonly name?: string;

  /**
   * The title of the dashboard in Grafana.
   *
   * @default - `<application> (<namespace>)`, e.g. `web (shop)`
   * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
   */
  readonly title?: string;

  /**
   * The labels of the ConfigMap, which Grafana's dashboard sidecar selects dashboards by; they replace the
   * platform default. `app.kubernetes.io/name: <application>` is always added.
   *
   * @default - the platform default `dashboardLabels` (built in: `{ grafana_dashboard: '1' }`); none, with a
   * warning, when that setting is switched off
   * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
   */
  readonly labels?: { [key: string]: string };

  /**
   * The Grafana folder of the dashboard, written in the `grafana_folder` annotation that the sidecar reads
   * (its `folderAnnotation` setting).
   *
   * @default - no annotation: the sidecar's default folder
   * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
   */
  readonly folder?: string;

  /**
   * The uid of the Prometheus data source that every panel queries.
   *
   * @default - `${datasource}`: a `datasource` template variable of type prometheus, which starts on the
   * default Prometheus data source and can be switched in the dashboard
   * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
   */
  readonly datasource?: string;
}

/**
 * Properties of an {@link AppDashboard}.
 */
export interface AppDashboardProps extends AppDashboardOptions {
  /**
   * The application the dashboard shows: its namespace, workload, pods, containers, probes and scrape targets.
   *
   * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
   */
  readonly application: MonitoredApplication;
}

/** One query of a panel. */
interface Query {
  readonly expr: string;
  readonly legendFormat: string;
}

/** A panel before it is placed. */
interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  readonly queries: Query[];
}

/**
 * A Grafana dashboard of one application, in a ConfigMap that Grafana's dashboard sidecar picks up (by its
 * labels, into the folder of its `grafana_folder` annotation).
 *
 * Its time series panels query Prometheus, every selector scoped to the application's namespace and pods (or
 * its workload, its black-box probe jobs, its scrape targets):
 *
 * 1. Replicas (Deployment, StatefulSet, DaemonSet) or Job pods (Job, CronJob), from kube-state-metrics.
 * 2. Container restarts, per pod.
 * 3. CPU usage per pod, with the requests and limits.
 * 4. Memory (working set) per pod, with the requests and limits.
 * 5. Probe success, when the application has black-box probes.
 * 6. Request rate, when the application has a request counter.
 * 7. Scrape targets up, when the application is scraped.
 *
 * The dashboard's uid is derived from the namespace and the application, so that it stays the same from one
 * synthesis to the next (links and bookmarks keep working).
 *
 * Refused at synth time: an invalid name, label, folder, title or data source uid; an application whose
 * namespace, workload name, container names or request counter are invalid; a dashboard larger than 1 MiB.
 *
 * @example
 * new AppDashboard(this, 'Dashboard', {
 *   application: {
 *     name: 'web', namespace: 'shop', workloadKind: WorkloadKind.DEPLOYMENT, workloadName: 'web',
 *     podNamePattern: 'web-[a-z0-9]+-[a-z0-9]{5}', requestCounter: 'http_requests_total',
 *   },
 *   folder: 'Shop',
 * });
 *
 * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */
export class AppDashboard extends Construct {
  /** The cdk8s-plus-34 ConfigMap (child id `Resource`) that holds the dashboard under the key `<application>.json`. */
  public readonly configMap: kplus.ConfigMap;

  /** The dashboard JSON model (a copy: changing it does not change the ConfigMap). */
  public readonly dashboard: any;

  /** The uid of the dashboard: derived from the namespace and the application, at most 40 characters. */
  public readonly uid: string;

  constructor(scope: Construct, id: string, props: AppDashboardProps) {
    super(scope, id);
    const app = props.application;
    checkApplication(this, app);

    const name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name ?? `${app.name}-dashboard`);
    const key = FormatRule.CONFIG_KEY.check(this, 'application.name', `${app.name}.json`);
    const title = props.title ?? `${app.name} (${app.namespace})`;
    if (typeof title !== 'string' || title.trim() === '') {
      throw inputError(this, 'title', title, 'it is empty', 'a title for the dashboard, e.g. "web (shop)"');
    }
    const labels = checkLabelMap(this, 'labels', props.labels) ?? PlatformDefaults.of(this).dashboardLabels ?? {};
    if (Object.keys(labels).length === 0) {
      Warnings.add(this, 'the dashboard ConfigMap has no labels for Grafana\'s dashboard sidecar (which selects ConfigMaps by label), so it will not pick it up; '
        + 'give labels, or set the platform default dashboardLabels');
    }
    if (props.folder !== undefined && (typeof props.folder !== 'string' || props.folder.trim() === '')) {
      throw inputError(this, 'folder', props.folder, 'it is empty', 'the name of a Grafana folder, e.g. "Shop", or no folder');
    }
    if (props.datasource !== undefined && (typeof props.datasource !== 'string' || !GRAFANA_UID.test(props.datasource))) {
      throw inputError(this, 'datasource', props.datasource, describeUidProblem(props.datasource),
        'the uid of a Grafana data source: 1 to 40 letters, digits, "-" and "_" (e.g. "prometheus"), or no datasource for a data source variable');
    }

    this.uid = dashboardUid(app.namespace, app.name);
    const model = dashboardModel(app, this.uid, title, props.datasource);
    const json = JSON.stringify(model, null, 2);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_CONFIG_MAP_BYTES) {
      throw inputError(this, 'application', app,
        `its dashboard is ${bytes} bytes of JSON, more than the ${MAX_CONFIG_MAP_BYTES} bytes (1 MiB) a ConfigMap can hold`,
        'an application whose dashboard fits in 1 MiB: shorter podNamePattern, containerNames, blackboxJobs and scrapeTargetMatchers');
    }

    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: {
        name,
        namespace: app.namespace,
        labels: { ...labels, 'app.kubernetes.io/name': app.name },
        annotations: props.folder !== undefined ? { [FOLDER_ANNOTATION]: props.folder } : undefined,
      },
      data: { [key]: json },
    });
    this.dashboard = JSON.parse(json);
  }
}

/**
 * Refuses the parts of an application that would make an invalid query, name or key.
 */
function checkApplication(scope: Construct, app: MonitoredApplication): void {
  if (app === undefined || app === null || typeof app !== 'object') {
    throw inputError(scope, 'application', app, 'it is not an application', 'a MonitoredApplication');
  }
  const appName = app.name;
  const labelProblem = appName === '' ? 'it is empty' : FormatRule.LABEL_VALUE.problemWith(appName);
  if (labelProblem !== undefined) {
    throw inputError(scope, 'application.name', appName, labelProblem, `a non-empty ${FormatRule.LABEL_VALUE.ruleName}: ${FormatRule.LABEL_VALUE.accepted}`);
  }
  FormatRule.DNS1123_LABEL.check(scope, 'application.namespace', app.namespace);
  const kinds = Object.values(WorkloadKind) as string[];
  if (!kinds.includes(app.workloadKind)) {
    throw inputError(scope, 'application.workloadKind', app.workloadKind, 'it is not a workload kind',
      `one of ${kinds.map((k) => JSON.stringify(k)).join(', ')}`);
  }
  FormatRule.DNS1123_SUBDOMAIN.check(scope, 'application.workloadName', app.workloadName);
  (app.workloadNames ?? []).forEach((n, i) => FormatRule.DNS1123_SUBDOMAIN.check(scope, `application.workloadNames[${i}]`, n));
  checkRegex(scope, 'application.podNamePattern', app.podNamePattern,
    'a regular expression (RE2) that matches the names of the application\'s pods, e.g. "web-[a-z0-9]+-[a-z0-9]{5}"');
  (app.claimNamePatterns ?? []).forEach((p, i) =>
    checkRegex(scope, `application.claimNamePatterns[${i}]`, p, 'a regular expression (RE2) of claim names, e.g. "data-mysql-[0-9]+"'));
  (app.containerNames ?? []).forEach((c, i) => FormatRule.DNS1123_LABEL.check(scope, `application.containerNames[${i}]`, c));
  (app.blackboxJobs ?? []).forEach((j, i) => {
    if (typeof j !== 'string' || j === '') {
      throw inputError(scope, `application.blackboxJobs[${i}]`, j, 'it is empty', 'the job label of a black-box probe (the jobName of its Probe)');
    }
  });
  if (app.requestCounter !== undefined && (typeof app.requestCounter !== 'string' || !METRIC_NAME.test(app.requestCounter))) {
    throw inputError(scope, 'application.requestCounter', app.requestCounter, 'it is not a Prometheus metric name',
      'a metric name matching ^[a-zA-Z_:][a-zA-Z0-9_:]*$, e.g. "http_requests_total"');
  }
  if (app.scrapeTargetMatchers !== undefined) {
    checkLabelMatchers(scope, 'application.scrapeTargetMatchers', app.scrapeTargetMatchers);
  }
}

function describeUidProblem(value: unknown): string {
  if (typeof value !== 'string') {
    return 'it is not a string';
  }
  if (value === '') {
    return 'it is empty';
  }
  if (value.length > MAX_UID_LENGTH) {
    return `it is ${value.length} characters long, more than ${MAX_UID_LENGTH}`;
  }
  return 'it contains characters other than letters, digits, "-" and "_"';
}

/**
 * The uid of an application's dashboard: readable (namespace and application, cut to fit) and unique (a hash of
 * both), at most 40 characters of letters, digits, "-" and "_".
 */
function dashboardUid(namespace: string, application: string): string {
  const hash = createHash('sha256').update(`${namespace}/${application}`).digest('hex').slice(0, 8);
  const readable = `${namespace}-${application}`.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, MAX_UID_LENGTH - hash.length - 1);
  return `${readable}-${hash}`;
}


/**
 * The panels of an application, in order.
 */
function panelsOf(app: MonitoredApplication): PanelSpec[] {
  const ns = `namespace=${promString(app.namespace)}`;
  const pods = `${ns}, pod=~${promString(app.podNamePattern)}`;
  const containerNames = app.containerNames ?? [];
  const containers = containerNames.length > 0
    ? `${pods}, container=~${promString(containerNames.map(escapeRegex).join('|'))}`
    : `${pods}, container!=""`;
  // Init containers and native sidecars have kube-state-metrics series of their own (kube_pod_init_container_*), as
  // the alerts read them: a sidecar's restarts, requests and limits are drawn with the other containers'.
  const init = (app.initContainerNames ?? []).length > 0;
  const kube = (series: string, labels: string, around = (selector: string) => selector) => {
    const of = (metric: string) => around(`${metric}{${labels}}`);
    return init ? `${of(`kube_pod_${series}`)} or ${of(`kube_pod_init_${series}`)}` : of(`kube_pod_${series}`);
  };

  const panels: PanelSpec[] = [
    replicaPanel(app, ns),
    {
      title: 'Container restarts',
      description: 'Container restarts per pod over the rate interval (kube-state-metrics).',
      unit: 'short',
      min: 0,
      queries: [{
        expr: `sum by (pod) (${kube('container_status_restarts_total', containers, (selector) => `increase(${selector}[$__rate_interval])`)})`,
        legendFormat: '{{pod}}',
      }],
    },
    {
      title: 'CPU',
      description: 'CPU usage per pod (cAdvisor), with the CPU requests and limits of its containers (kube-state-metrics).',
      unit: 'cores',
      min: 0,
      queries: [
        { expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${containers}}[$__rate_interval]))`, legendFormat: '{{pod}}' },
        { expr: `sum by (pod) (${kube('container_resource_requests', `resource="cpu", ${containers}`)})`, legendFormat: '{{pod}} request' },
        { expr: `sum by (pod) (${kube('container_resource_limits', `resource="cpu", ${containers}`)})`, legendFormat: '{{pod}} limit' },
      ],
    },
    {
      title: 'Memory',
      description: 'Working set memory per pod (cAdvisor), with the memory requests and limits of its containers (kube-state-metrics).',
      unit: 'bytes',
      min: 0,
      queries: [
        { expr: `sum by (pod) (container_memory_working_set_bytes{${containers}})`, legendFormat: '{{pod}}' },
        { expr: `sum by (pod) (${kube('container_resource_requests', `resource="memory", ${containers}`)})`, legendFormat: '{{pod}} request' },
        { expr: `sum by (pod) (${kube('container_resource_limits', `resource="memory", ${containers}`)})`, legendFormat: '{{pod}} limit' },
      ],
    },
  ];
  const blackboxJobs = app.blackboxJobs ?? [];
  if (blackboxJobs.length > 0) {
    panels.push({
      title: 'Probe success',
      description: 'The share of successful black-box probes of the application (blackbox exporter).',
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: [{ expr: `avg(probe_success{${ns}, job=~${promString(blackboxJobs.map(escapeRegex).join('|'))}})`, legendFormat: 'success' }],
    });
  }
  if (app.requestCounter !== undefined) {
    panels.push({
      title: 'Request rate',
      description: `Requests per second, from the counter ${app.requestCounter} of the application's pods.`,
      unit: 'reqps',
      min: 0,
      queries: [{ expr: `sum(rate(${app.requestCounter}{${pods}}[$__rate_interval]))`, legendFormat: 'requests' }],
    });
  }
  if (app.scrapeTargetMatchers !== undefined) {
    panels.push({
      title: 'Scrape targets up',
      description: 'Whether Prometheus scrapes each target of the application (1) or fails to (0).',
      unit: 'none',
      min: 0,
      max: 1,
      queries: [{ expr: `up{${app.scrapeTargetMatchers}}`, legendFormat: '{{instance}}' }],
    });
  }
  return panels;
}

/**
 * The replicas (or Job pods) of the application's workload, from kube-state-metrics.
 */
function replicaPanel(app: MonitoredApplication, ns: string): PanelSpec {
  const name = promString(app.workloadName);
  const base = { unit: 'short', min: 0 };
  switch (app.workloadKind) {
    case WorkloadKind.STATEFUL_SET:
      return {
        ...base,
        title: 'Replicas',
        description: `Ready and desired replicas of the StatefulSet ${app.workloadName}.`,
        queries: [
          { expr: `kube_statefulset_status_replicas_ready{${ns}, statefulset=${name}}`, legendFormat: 'ready' },
          { expr: `kube_statefulset_replicas{${ns}, statefulset=${name}}`, legendFormat: 'desired' },
        ],
      };
    case WorkloadKind.DAEMON_SET:
      return {
        ...base,
        title: 'Replicas',
        description: `Available pods of the DaemonSet ${app.workloadName}, and the number of nodes that should run one.`,
        queries: [
          { expr: `kube_daemonset_status_number_available{${ns}, daemonset=${name}}`, legendFormat: 'available' },
          { expr: `kube_daemonset_status_desired_number_scheduled{${ns}, daemonset=${name}}`, legendFormat: 'desired' },
        ],
      };
    case WorkloadKind.JOB:
      return {
        ...base,
        title: 'Job pods',
        description: `Active and succeeded pods of the Job ${app.workloadName}.`,
        queries: [
          { expr: `kube_job_status_active{${ns}, job_name=${name}}`, legendFormat: 'active' },
          { expr: `kube_job_status_succeeded{${ns}, job_name=${name}}`, legendFormat: 'succeeded' },
        ],
      };
    case WorkloadKind.CRON_JOB: {
      const jobs = promString(`${escapeRegex(app.workloadName)}-[0-9]+`);
      return {
        ...base,
        title: 'Job pods',
        description: `Active and failed pods of the Jobs of the CronJob ${app.workloadName} (the Jobs its history keeps).`,
        queries: [
          { expr: `sum(kube_job_status_active{${ns}, job_name=~${jobs}})`, legendFormat: 'active' },
          { expr: `sum(kube_job_status_failed{${ns}, job_name=~${jobs}})`, legendFormat: 'failed' },
        ],
      };
    }
    default: {
      const names = workloadNamesOf(app);
      if (names.length > 1) {
        const tracks = promString(names.map(escapeRegex).join('|'));
        return {
          ...base,
          title: 'Replicas',
          description: `Available and desired replicas of the Deployments ${names.join(', ')}.`,
          queries: [
            { expr: `kube_deployment_status_replicas_available{${ns}, deployment=~${tracks}}`, legendFormat: '{{deployment}} available' },
            { expr: `kube_deployment_spec_replicas{${ns}, deployment=~${tracks}}`, legendFormat: '{{deployment}} desired' },
          ],
        };
      }
      return {
        ...base,
        title: 'Replicas',
        description: `Available and desired replicas of the Deployment ${app.workloadName}.`,
        queries: [
          { expr: `kube_deployment_status_replicas_available{${ns}, deployment=${name}}`, legendFormat: 'available' },
          { expr: `kube_deployment_spec_replicas{${ns}, deployment=${name}}`, legendFormat: 'desired' },
        ],
      };
    }
  }
}

/**
 * The dashboard JSON model of an application.
 */
function dashboardModel(app: MonitoredApplication, uid: string, title: string, datasourceUid: string | undefined): any {
  const datasource = { type: 'prometheus', uid: datasourceUid ?? DATASOURCE_REFERENCE };
  const panels = panelsOf(app).map((spec, i) => ({
    id: i + 1,
    type: 'timeseries',
    title: spec.title,
    description: spec.description,
    datasource,
    gridPos: {
      h: PANEL_HEIGHT,
      w: PANEL_WIDTH,
      x: (i * PANEL_WIDTH) % GRID_COLUMNS,
      y: Math.floor((i * PANEL_WIDTH) / GRID_COLUMNS) * PANEL_HEIGHT,
    },
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        ...(spec.min !== undefined ? { min: spec.min } : {}),
        ...(spec.max !== undefined ? { max: spec.max } : {}),
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'none' },
    },
    targets: spec.queries.map((q, j) => ({
      refId: String.fromCharCode(65 + j),
      datasource,
      editorMode: 'code',
      expr: q.expr,
      legendFormat: q.legendFormat,
      range: true,
    })),
  }));
  const templating = datasourceUid === undefined
    ? [{
      name: DATASOURCE_VARIABLE,
      label: 'Data source',
      type: 'datasource',
      query: 'prometheus',
      current: {},
      hide: 0,
      includeAll: false,
      multi: false,
      options: [],
      refresh: 1,
      regex: '',
      skipUrlSync: false,
    }]
    : [];
  // Every track of a release (`web-canary, web-stable`), not the one whose name sorts first.
  const workloads = workloadNamesOf(app);
  return {
    uid,
    title,
    description: `${app.workloadKind}${workloads.length > 1 ? 's' : ''} ${workloads.map((n) => `${app.namespace}/${n}`).join(', ')}, made by cdk8s-appflow.`,
    tags: ['cdk8s-appflow', app.namespace, app.name],
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    editable: true,
    graphTooltip: 1,
    timezone: '',
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    annotations: { list: [] },
    links: [],
    templating: { list: templating },
    panels,
  };
}
