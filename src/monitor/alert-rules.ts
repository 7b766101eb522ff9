import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { MonitoredApplication, WorkloadKind } from './monitored-application';
import { promDuration, promString, workloadNamesOf } from './monitoring-names';
import { checkLabelMatchers, checkRegex, LABEL_MATCHERS_ACCEPTED, LabelMatcher } from './promql-checks';
import {
  PrometheusRule, PrometheusRuleSpecGroupsRules, PrometheusRuleSpecGroupsRulesExpr,
} from '../../imports/monitoring.coreos.com';
import { RecommendedLabel } from '../core/app-identity';
import { checkInteger, checkObject, checkSerializableKey, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { checkLabelMap } from '../core/label-keys';
import { PlatformDefaults } from '../core/platform-defaults';
import { escapeRegex } from '../core/promql';

/**
 * The severity of an alert: the `severity` label that Alertmanager routes by.
 *
 * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
 */
export enum AlertSeverity {
  /** Something is degraded or will be soon: look at it during working hours. */
  WARNING = 'warning',
  /** Users are affected now: page someone. */
  CRITICAL = 'critical',
  /** Worth knowing, not worth acting on. */
  INFO = 'info',
}

/**
 * An alert that {@link AlertRules} can derive from what an application is. Each one can be switched off
 * (`disable`) and given another severity (`severities`).
 *
 * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
 */
export enum AlertKind {
  /** Containers of the application restarted more than `thresholds.restarts` times in `thresholds.restartWindow`. Always derived. */
  POD_RESTARTING = 'PodRestarting',
  /** A container of the application waits in `CrashLoopBackOff`. Always derived. */
  POD_CRASH_LOOPING = 'PodCrashLooping',
  /** A Deployment, StatefulSet or DaemonSet has had fewer available (ready) replicas than desired for `thresholds.unavailableFor`. */
  REPLICAS_UNAVAILABLE = 'ReplicasUnavailable',
  /** A Job (or a Job of a CronJob) failed: it used up its retries (`backoffLimit`) or passed its deadline. */
  JOB_FAILED = 'JobFailed',
  /** A CronJob has not completed a Job successfully for `thresholds.cronJobMaxAge`. */
  CRON_JOB_NOT_SUCCEEDING = 'CronJobNotSucceeding',
  /** A PersistentVolumeClaim of the application is fuller than `thresholds.volumeUsedRatio`. Derived when it has claims. */
  VOLUME_FILLING_UP = 'VolumeFillingUp',
  /** A black-box probe of the application has failed for `thresholds.probeFailingFor`. Derived when it is probed. */
  PROBE_FAILING = 'ProbeFailing',
  /** A scrape target of the application has been down for `thresholds.targetDownFor`. Derived when it is scraped. */
  TARGET_DOWN = 'TargetDown',
}

/**
 * The thresholds of the derived alerts. Durations are whole minutes (at least one), written in the rules as
 * Prometheus durations in their largest whole unit (`90m`, `2h`, `1d`).
 *
 * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
 */
export interface AlertThresholds {
  /**
   * The number of container restarts in `restartWindow` above which `PodRestarting` fires (an integer of at least 1).
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default 3 - more than 3 restarts in the window fire the alert
   */
  readonly restarts?: number;

  /**
   * The window that container restarts are counted in, for `PodRestarting`.
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default Duration.minutes(15)
   */
  readonly restartWindow?: Duration;

  /**
   * How long replicas must stay unavailable before `ReplicasUnavailable` fires (its `for`).
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default Duration.minutes(10)
   */
  readonly unavailableFor?: Duration;

  /**
   * How long a CronJob may go without a successful Job before `CronJobNotSucceeding` fires (since it was made, when
   * it has never succeeded).
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default - the longest time between two runs of the schedule (`application.longestRunInterval`) plus two hours,
   * so that a run may end two hours late: 26 hours for a daily job, 170 hours for a weekly one; 26 hours
   * when the application does not say
   */
  readonly cronJobMaxAge?: Duration;

  /**
   * The used fraction of a volume (greater than 0, less than 1) above which `VolumeFillingUp` fires.
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default 0.85
   */
  readonly volumeUsedRatio?: number;

  /**
   * How long a black-box probe must keep failing before `ProbeFailing` fires (its `for`).
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default Duration.minutes(5)
   */
  readonly probeFailingFor?: Duration;

  /**
   * How long a scrape target must stay down before `TargetDown` fires (its `for`).
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default Duration.minutes(5)
   */
  readonly targetDownFor?: Duration;
}

/**
 * How an application's alerts are made (the options that {@link AppMonitoring} and the patterns take as `alerts`).
 */
export interface AlertRulesOptions {
  /**
   * The name of the PrometheusRule (a DNS-1123 subdomain).
   *
   * @see https://prometheus-operator.dev/docs/developer/alerting/
   * @default - `<application>-alerts`
   */
  readonly name?: string;

  /**
   * The thresholds of the rules.
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default - the default of each threshold (see `AlertThresholds`)
   */
  readonly thresholds?: AlertThresholds;

  /**
   * Derived rules to switch off, one by one. A kind that is not derived for this application is refused (it would
   * change nothing), and so is switching off every rule.
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default - every derived rule is made
   */
  readonly disable?: AlertKind[];

  /**
   * The severity of some kinds, keyed by the `AlertKind` value (e.g. `{ PodRestarting: AlertSeverity.INFO }`). A kind
   * that is not made for this application (not derived, or disabled) is refused.
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default - critical for ReplicasUnavailable, JobFailed, ProbeFailing and TargetDown; warning for the others
   */
  readonly severities?: { [kind: string]: AlertSeverity };

  /**
   * The labels that the cluster's Prometheus selects PrometheusRules by (its `ruleSelector`). They replace the
   * platform default; `app.kubernetes.io/name: <application>` is always added.
   *
   * @see https://prometheus-operator.dev/docs/developer/alerting/
   * @default - the platform default `prometheusSelectorLabels` (none when it is not set)
   */
  readonly labels?: { [key: string]: string };

  /**
   * More labels of every alert, for Alertmanager's routing (e.g. `{ team: 'shop' }`). They cannot replace
   * `severity`, `application` or `namespace`.
   *
   * @see https://prometheus.io/docs/alerting/latest/configuration/#route
   * @default - none
   */
  readonly alertLabels?: { [key: string]: string };

  /**
   * The URL of the runbook of each alert (`runbook_url` annotation), an http(s) URL where `{alert}`, `{application}`
   * and `{namespace}` are replaced.
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default - the platform default `runbookUrlTemplate`; no `runbook_url` when it is not set
   */
  readonly runbookUrlTemplate?: string;
}

/**
 * Properties of an {@link AlertRules}.
 */
export interface AlertRulesProps extends AlertRulesOptions {
  /**
   * The application to alert on: what it is decides which rules are derived.
   *
   * @see https://prometheus-operator.dev/docs/developer/alerting/
   */
  readonly application: MonitoredApplication;
}

/** The default severities. */
const CRITICAL_BY_DEFAULT = new Set<AlertKind>([
  AlertKind.REPLICAS_UNAVAILABLE, AlertKind.JOB_FAILED, AlertKind.PROBE_FAILING, AlertKind.TARGET_DOWN,
]);
const PLACEHOLDERS = ['{alert}', '{application}', '{namespace}'];
const RUNBOOK_ACCEPTED = 'an http(s) URL with optional {alert}, {application} and {namespace} placeholders, e.g. "https://runbooks.example.com/{alert}"';
/** How late a CronJob's run may end before its next one is late too: two hours (see `cronJobMaxAge`). */
const LATE_RUN_MINUTES = 120;
const DURATION_UNITS: Array<[string, string, number]> = [['d', 'day', 1440], ['h', 'hour', 60], ['m', 'minute', 1]];
/** The metric and label names of the replica comparison of each replicated kind (kube-state-metrics). */
const REPLICA_METRICS: { [kind: string]: { label: string; current: string; desired: string; what: string } } = {
  [WorkloadKind.DEPLOYMENT]: {
    label: 'deployment', current: 'kube_deployment_status_replicas_available', desired: 'kube_deployment_spec_replicas', what: 'available replicas',
  },
  [WorkloadKind.STATEFUL_SET]: {
    label: 'statefulset', current: 'kube_statefulset_status_replicas_ready', desired: 'kube_statefulset_replicas', what: 'ready replicas',
  },
  [WorkloadKind.DAEMON_SET]: {
    label: 'daemonset', current: 'kube_daemonset_status_number_available', desired: 'kube_daemonset_status_desired_number_scheduled', what: 'available pods',
  },
};

/** A derived rule, before its labels and annotations. */
interface RuleDraft {
  readonly kind: AlertKind;
  readonly expr: string;
  readonly for?: string;
  readonly summary: string;
  readonly description: string;
}

/** The thresholds with their defaults applied, durations in minutes. */
interface ResolvedThresholds {
  readonly restarts: number;
  readonly restartWindow: number;
  readonly unavailableFor: number;
  readonly cronJobMaxAge: number;
  readonly volumeUsedRatio: number;
  readonly probeFailingFor: number;
  readonly targetDownFor: number;
}

/**
 * A PrometheusRule of alerts for one application, derived from what the application is: restarts and crash loops
 * for every application; unavailable replicas for Deployments, StatefulSets and DaemonSets; failed Jobs for Jobs and
 * CronJobs; CronJobs without a recent success; volumes filling up when it has claims; failing black-box probes
 * when it is probed; scrape targets down when it is scraped.
 *
 * Every expression is scoped to the application's namespace; alert names start with the application's name in
 * PascalCase (`shop-api` makes `ShopApiPodRestarting`), so that the alerts of different applications never mix.
 *
 * @see https://prometheus-operator.dev/docs/developer/alerting/
 *
 * @example
 * new AlertRules(this, 'Alerts', {
 *   application: {
 *     name: 'shop-api',
 *     namespace: 'shop',
 *     workloadKind: WorkloadKind.DEPLOYMENT,
 *     workloadName: 'shop-api',
 *     podNamePattern: 'shop-api-[a-z0-9]+-[a-z0-9]{5}',
 *   },
 *   thresholds: { restarts: 5 },
 *   disable: [AlertKind.POD_CRASH_LOOPING],
 * });
 */
export class AlertRules extends Construct {
  /** The PrometheusRule. */
  public readonly prometheusRule: PrometheusRule;

  /** The names of the alerts made, in the order of the rules, e.g. `["ShopApiPodRestarting", ...]`. */
  public readonly alerts: string[];

  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    const app = props.application;
    const scrapeTargetMatchers = this.checkApplication(app);
    const name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name ?? `${app.name}-alerts`);
    const thresholds = this.resolveThresholds(checkObject(this, 'thresholds', props.thresholds,
      'the thresholds of the rules, e.g. { restarts: 5, unavailableFor: Duration.minutes(15) }') ?? {}, app);
    const defaults = PlatformDefaults.of(this);

    const derived = this.derive(app, thresholds, scrapeTargetMatchers);
    const derivedKinds = derived.map((d) => d.kind);
    const disabled = this.checkDisable(props.disable ?? [], derivedKinds, app);
    const drafts = derived.filter((d) => !disabled.has(d.kind));
    if (drafts.length === 0) {
      throw inputError(this, 'disable', props.disable, 'it switches off every rule derived for the application',
        'at least one rule left on; for no alerts at all, do not make AlertRules');
    }
    const severities = this.checkSeverities(props.severities ?? {}, derivedKinds, disabled);

    const template = props.runbookUrlTemplate ?? defaults.runbookUrlTemplate;
    if (template !== undefined) {
      this.checkRunbookTemplate(props.runbookUrlTemplate !== undefined ? 'runbookUrlTemplate' : 'platformDefaults.runbookUrlTemplate', template);
    }
    const labels = this.resolveLabels(props.labels, defaults.prometheusSelectorLabels, app.name);

    const alertLabels = this.checkAlertLabels(props.alertLabels ?? {});
    const prefix = pascalCase(app.name);
    const rules: PrometheusRuleSpecGroupsRules[] = drafts.map((d) => {
      const alert = `${prefix}${d.kind}`;
      const annotations: { [key: string]: string } = { summary: d.summary, description: d.description };
      if (template !== undefined) {
        annotations.runbook_url = template
          .split('{alert}').join(alert)
          .split('{application}').join(app.name)
          .split('{namespace}').join(app.namespace);
      }
      return {
        alert,
        expr: PrometheusRuleSpecGroupsRulesExpr.fromString(d.expr),
        for: d.for,
        labels: {
          ...alertLabels, severity: severities.get(d.kind) ?? defaultSeverity(d.kind), application: app.name, namespace: app.namespace,
        },
        annotations,
      };
    });
    this.alerts = rules.map((r) => r.alert!);

    this.prometheusRule = new PrometheusRule(this, 'Resource', {
      metadata: { name, namespace: app.namespace, labels },
      spec: { groups: [{ name: `${app.name}.rules`, rules }] },
    });
  }

  private checkAlertLabels(labels: { [key: string]: string }): { [key: string]: string } {
    for (const [key, value] of Object.entries(labels)) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key) || key.startsWith('__')) {
        throw inputError(this, 'alertLabels', key, 'it is not a Prometheus label name', 'letters, digits and underscores, not starting with a digit or "__"');
      }
      if (['severity', 'application', 'namespace'].includes(key)) {
        throw inputError(this, 'alertLabels', key, 'every alert has that label already', 'other label names (severities are set by `severities`)');
      }
      checkSerializableKey(this, 'alertLabels', key, 'a Prometheus label name');
      if (typeof value !== 'string' || value === '') {
        throw inputError(this, `alertLabels.${key}`, value, 'it is not a non-empty string', 'a label value such as "shop"');
      }
    }
    return { ...labels };
  }

  /** Refuses an application that is not well formed; returns its scrape target matchers, parsed (when it has them). */
  private checkApplication(app: MonitoredApplication): LabelMatcher[] | undefined {
    if (app === undefined || app === null || typeof app !== 'object') {
      throw inputError(this, 'application', app, 'it is not given', 'a MonitoredApplication');
    }
    if (Construct.isConstruct(app)) {
      throw inputError(this, 'application', app, 'it is a construct, not a MonitoredApplication (the names and patterns the rules select by)',
        'a MonitoredApplication; for a workload of the library, AppMonitoring (or a pattern\'s `monitoring`) derives one, as its `application`');
    }
    FormatRule.DNS1123_LABEL.check(this, 'application.name', app.name);
    FormatRule.DNS1123_LABEL.check(this, 'application.namespace', app.namespace);
    const kinds = Object.values(WorkloadKind) as string[];
    if (!kinds.includes(app.workloadKind)) {
      throw inputError(this, 'application.workloadKind', app.workloadKind, 'it is not a workload kind',
        `one of ${kinds.map((k) => JSON.stringify(k)).join(', ')}`);
    }
    FormatRule.DNS1123_SUBDOMAIN.check(this, 'application.workloadName', app.workloadName);
    (app.workloadNames ?? []).forEach((n, i) => FormatRule.DNS1123_SUBDOMAIN.check(this, `application.workloadNames[${i}]`, n));
    checkRegex(this, 'application.podNamePattern', app.podNamePattern, 'a regular expression (RE2) of the pod names, e.g. "web-[a-z0-9]+-[a-z0-9]{5}"');
    (app.containerNames ?? []).forEach((c, i) => FormatRule.DNS1123_LABEL.check(this, `application.containerNames[${i}]`, c));
    (app.initContainerNames ?? []).forEach((c, i) => FormatRule.DNS1123_LABEL.check(this, `application.initContainerNames[${i}]`, c));
    (app.claimNamePatterns ?? []).forEach((p, i) =>
      checkRegex(this, `application.claimNamePatterns[${i}]`, p, 'a regular expression (RE2) of claim names, e.g. "data-mysql-[0-9]+"'));
    if (app.containersRestart !== undefined && typeof app.containersRestart !== 'boolean') {
      throw inputError(this, 'application.containersRestart', app.containersRestart, 'it is not a boolean', 'true (the default) or false');
    }
    (app.blackboxJobs ?? []).forEach((j, i) =>
      checkNonEmpty(this, `application.blackboxJobs[${i}]`, j, 'the job label of a black-box probe'));
    return app.scrapeTargetMatchers === undefined ? undefined : this.checkScrapeTargetMatchers(app.scrapeTargetMatchers, app.namespace);
  }

  private checkScrapeTargetMatchers(matchers: string, namespace: string): LabelMatcher[] {
    const prop = 'application.scrapeTargetMatchers';
    const accepted = `${LABEL_MATCHERS_ACCEPTED}, without braces`;
    checkNonEmpty(this, prop, matchers, accepted);
    // Braces inside the quoted values are regular expressions (`pod=~"web-[a-z0-9]{5}"`); outside, they end the selector.
    if (/[{}]/.test(matchers.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""'))) {
      throw inputError(this, prop, matchers, 'it has "{" or "}" (the matchers go inside the braces of `up{...}`)', accepted);
    }
    const parsed = checkLabelMatchers(this, prop, matchers, accepted);
    for (const m of parsed.filter((l) => l.name === 'namespace')) {
      if (m.op !== '=' || m.value !== namespace) {
        throw inputError(this, prop, matchers, `it has the matcher \`namespace${m.op}${promString(m.value)}\`, which does not select the application's namespace "${namespace}" alone`,
          `${accepted}, with no namespace matcher or namespace="${namespace}"`);
      }
    }
    return parsed;
  }

  private resolveThresholds(t: AlertThresholds, app: MonitoredApplication): ResolvedThresholds {
    const restarts = checkInteger(this, 'thresholds.restarts', t.restarts ?? 3, { min: 1, what: 'a number of restarts: an integer' });
    const ratio = t.volumeUsedRatio ?? 0.85;
    if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio <= 0 || ratio >= 1) {
      const problem = typeof ratio !== 'number' || !Number.isFinite(ratio) ? 'it is not a finite number' : ratio <= 0 ? 'it is not above 0' : 'it is not below 1';
      throw inputError(this, 'thresholds.volumeUsedRatio', ratio, problem, 'a fraction of the volume greater than 0 and less than 1, e.g. 0.85 for 85%');
    }
    return {
      restarts,
      restartWindow: this.minutes('thresholds.restartWindow', t.restartWindow ?? Duration.minutes(15)),
      unavailableFor: this.minutes('thresholds.unavailableFor', t.unavailableFor ?? Duration.minutes(10)),
      cronJobMaxAge: t.cronJobMaxAge !== undefined ? this.minutes('thresholds.cronJobMaxAge', t.cronJobMaxAge)
        : app.longestRunInterval !== undefined ? this.minutes('application.longestRunInterval', app.longestRunInterval) + LATE_RUN_MINUTES
          : 26 * 60,
      volumeUsedRatio: ratio,
      probeFailingFor: this.minutes('thresholds.probeFailingFor', t.probeFailingFor ?? Duration.minutes(5)),
      targetDownFor: this.minutes('thresholds.targetDownFor', t.targetDownFor ?? Duration.minutes(5)),
    };
  }

  /** The whole minutes of a duration of at least a minute. */
  private minutes(prop: string, duration: Duration): number {
    const accepted = 'a duration in whole minutes of at least one minute, e.g. Duration.minutes(10) or Duration.hours(1)';
    if (!(duration instanceof Duration)) {
      throw inputError(this, prop, duration, 'it is not a Duration', accepted);
    }
    const millis = duration.toMilliseconds({ integral: false }); // fractional: refused below
    if (!Number.isFinite(millis)) {
      throw inputError(this, prop, millis / 1000, 'it is not a finite duration', accepted);
    }
    if (millis < 60_000) {
      throw inputError(this, prop, `${millis / 1000}s`, 'it is under a minute', accepted);
    }
    if (millis % 60_000 !== 0) {
      throw inputError(this, prop, `${millis / 1000}s`, 'it is not a whole number of minutes', accepted);
    }
    return millis / 60_000;
  }

  private checkDisable(disable: AlertKind[], derived: AlertKind[], app: MonitoredApplication): Set<AlertKind> {
    if (!Array.isArray(disable)) {
      throw inputError(this, 'disable', disable, 'it is not a list', 'a list of AlertKind values');
    }
    disable.forEach((kind, i) => {
      const prop = `disable[${i}]`;
      checkKind(this, prop, kind);
      if (!derived.includes(kind)) {
        throw inputError(this, prop, kind,
          `no ${kind} rule is derived for the application (${whyNot(kind, app)}), so switching it off would change nothing`,
          `one of the derived kinds: ${derived.map((k) => JSON.stringify(k)).join(', ')}`);
      }
    });
    return new Set(disable);
  }

  private checkSeverities(
    severities: { [kind: string]: AlertSeverity }, derived: AlertKind[], disabled: Set<AlertKind>,
  ): Map<AlertKind, AlertSeverity> {
    const accepted = Object.values(AlertSeverity) as string[];
    const made = derived.filter((k) => !disabled.has(k));
    const result = new Map<AlertKind, AlertSeverity>();
    for (const [kind, severity] of Object.entries(severities)) {
      const prop = `severities[${JSON.stringify(kind)}]`;
      checkKind(this, 'severities', kind, 'it is not an AlertKind value');
      if (!made.includes(kind as AlertKind)) {
        throw inputError(this, 'severities', kind,
          `no ${kind} rule is made for the application (${disabled.has(kind as AlertKind) ? 'it is disabled' : 'it is not derived'}), so its severity would change nothing`,
          `one of the kinds made: ${made.map((k) => JSON.stringify(k)).join(', ')}`);
      }
      if (!accepted.includes(severity)) {
        throw inputError(this, prop, severity, 'it is not a severity', `one of ${accepted.map((s) => JSON.stringify(s)).join(', ')}`);
      }
      result.set(kind as AlertKind, severity);
    }
    return result;
  }

  private checkRunbookTemplate(prop: string, template: string): void {
    if (typeof template !== 'string' || !/^https?:\/\/\S+$/.test(template)) {
      throw inputError(this, prop, template, 'it is not an http(s) URL', RUNBOOK_ACCEPTED);
    }
    const unknown = (template.match(/\{[^}]*\}/g) ?? []).filter((p) => !PLACEHOLDERS.includes(p));
    if (unknown.length > 0) {
      throw inputError(this, prop, template, `it has the unknown placeholder ${unknown[0]}`, RUNBOOK_ACCEPTED);
    }
  }

  private resolveLabels(
    given: { [key: string]: string } | undefined, platform: { [key: string]: string } | undefined, application: string,
  ): { [key: string]: string } {
    // A copy (a spread keeps a `__proto__` key as a label); the keys of `given` are checked below.
    const labels: { [key: string]: string } = { ...(checkLabelMap(this, 'labels', given) ?? platform ?? {}) };
    const own = labels[RecommendedLabel.NAME];
    if (given !== undefined && own !== undefined && own !== application) {
      throw inputError(this, `labels[${JSON.stringify(RecommendedLabel.NAME)}]`, own, `the PrometheusRule is labelled with the application's name "${application}"`,
        `no ${RecommendedLabel.NAME} label, or "${application}"`);
    }
    labels[RecommendedLabel.NAME] = application;
    return labels;
  }

  /** The rules that apply to the application, in the order of `AlertKind`. */
  private derive(app: MonitoredApplication, t: ResolvedThresholds, scrapeTargetMatchers: LabelMatcher[] | undefined): RuleDraft[] {
    const ns = `namespace=${promString(app.namespace)}`;
    const containers = (app.containerNames ?? []).length > 0
      ? `, container=~${promString(app.containerNames!.map(escapeRegex).join('|'))}` : '';
    const pods = `${ns}, pod=~${promString(app.podNamePattern)}${containers}`;
    const name = app.name;
    const drafts: RuleDraft[] = [];

    // A Job's pods with restartPolicy Never are replaced, never restarted: these two could not fire (JobFailed watches them).
    const restarts = app.containersRestart ?? true;
    // Init containers and native sidecars restart and wait in series of their own.
    const init = (app.initContainerNames ?? []).length > 0;
    const restartIncrease = (metric: string) => `increase(${metric}{${pods}}[${promDuration(t.restartWindow * 60)}])`;
    const crashLooping = (metric: string) => `${metric}{reason="CrashLoopBackOff", ${pods}}`;
    drafts.push(...!restarts ? [] : [{
      kind: AlertKind.POD_RESTARTING,
      expr: init
        ? `(${restartIncrease('kube_pod_container_status_restarts_total')} or ${restartIncrease('kube_pod_init_container_status_restarts_total')}) > ${t.restarts}`
        : `${restartIncrease('kube_pod_container_status_restarts_total')} > ${t.restarts}`,
      summary: `Containers of ${name} are restarting`,
      description: `{{ $labels.pod }} of ${name} restarted {{ $value | printf "%.0f" }} times in ${wordsDuration(t.restartWindow)} `
        + `(container {{ $labels.container }}, namespace ${app.namespace}; more than ${t.restarts} fires this alert).`,
    }, {
      kind: AlertKind.POD_CRASH_LOOPING,
      expr: `max by (pod, container) (${crashLooping('kube_pod_container_status_waiting_reason')}${init
        ? ` or ${crashLooping('kube_pod_init_container_status_waiting_reason')}` : ''}) == 1`,
      summary: `A container of ${name} is crash looping`,
      description: `Container {{ $labels.container }} of {{ $labels.pod }} (${name}, namespace ${app.namespace}) is waiting in CrashLoopBackOff: `
        + 'it keeps exiting soon after it starts.',
    }]);

    const replicas = REPLICA_METRICS[app.workloadKind];
    if (replicas) {
      const names = workloadNamesOf(app);
      const several = names.length > 1;
      const selector = several
        ? `{${ns}, ${replicas.label}=~${promString(names.map(escapeRegex).join('|'))}}`
        : `{${ns}, ${replicas.label}=${promString(app.workloadName)}}`;
      drafts.push({
        kind: AlertKind.REPLICAS_UNAVAILABLE,
        expr: `${replicas.current}${selector} < ${replicas.desired}${selector}`,
        for: promDuration(t.unavailableFor * 60),
        summary: `${app.workloadKind} of ${name} has unavailable replicas`,
        description: `${app.workloadKind} ${several ? `{{ $labels.${replicas.label} }}` : app.workloadName} (${name}, namespace ${app.namespace}) `
          + `has had only {{ $value }} ${replicas.what}, fewer than desired, for ${wordsDuration(t.unavailableFor)}.`,
      });
    }

    if (app.workloadKind === WorkloadKind.JOB || app.workloadKind === WorkloadKind.CRON_JOB) {
      const cron = app.workloadKind === WorkloadKind.CRON_JOB;
      const jobs = cron ? `job_name=~${promString(`${escapeRegex(app.workloadName)}-[0-9]+`)}` : `job_name=${promString(app.workloadName)}`;
      // The Job's Failed condition (its retries used up, or its deadline passed), not its failed pods: a Job that retried
      // and then succeeded did its work. Of a CronJob, the latest Job only: the CronJob keeps a failed Job (its
      // failedJobsHistoryLimit) until a newer one fails, and the alert would fire for nights after the runs succeed again.
      const failed = `kube_job_failed{${ns}, ${jobs}, condition="true"} > 0`;
      const created = `kube_job_created{${ns}, ${jobs}}`;
      drafts.push({
        kind: AlertKind.JOB_FAILED,
        expr: cron ? `${failed} and on (namespace, job_name) (${created} == on (namespace) group_left () max by (namespace) (${created}))` : failed,
        summary: `A Job of ${name} failed`,
        description: cron
          ? `Job {{ $labels.job_name }}, the latest run of CronJob ${app.workloadName} (${name}, namespace ${app.namespace}), failed: it used up its `
            + 'retries or passed its deadline.'
          : `Job ${app.workloadName} (${name}, namespace ${app.namespace}) failed: it used up its retries or passed its deadline.`,
      });
    }

    if (app.workloadKind === WorkloadKind.CRON_JOB) {
      // A CronJob that never succeeded has no last success: its age stands in for it. A suspended one runs no Job on
      // purpose (`suspend: true`, or `kubectl patch` to pause it): it is not paged for.
      const cronJob = `{${ns}, cronjob=${promString(app.workloadName)}}`;
      drafts.push({
        kind: AlertKind.CRON_JOB_NOT_SUCCEEDING,
        expr: `time() - (kube_cronjob_status_last_successful_time${cronJob} or kube_cronjob_created${cronJob}) > ${t.cronJobMaxAge * 60}`
          + ` unless on (namespace, cronjob) kube_cronjob_spec_suspend${cronJob} == 1`,
        summary: `CronJob of ${name} has not succeeded for ${wordsDuration(t.cronJobMaxAge)}`,
        description: `CronJob ${app.workloadName} (${name}, namespace ${app.namespace}) last completed a Job successfully (or was made, if it never did) `
          + `{{ $value | humanizeDuration }} ago, more than ${wordsDuration(t.cronJobMaxAge)}.`,
      });
    }

    if ((app.claimNamePatterns ?? []).length > 0) {
      const claims = `{${ns}, persistentvolumeclaim=~${promString(app.claimNamePatterns!.join('|'))}}`;
      const percent = `${Math.round(t.volumeUsedRatio * 10000) / 100}%`;
      drafts.push({
        kind: AlertKind.VOLUME_FILLING_UP,
        expr: `kubelet_volume_stats_used_bytes${claims} / kubelet_volume_stats_capacity_bytes${claims} > ${t.volumeUsedRatio}`,
        summary: `A volume of ${name} is more than ${percent} full`,
        description: `PersistentVolumeClaim {{ $labels.persistentvolumeclaim }} of ${name} (namespace ${app.namespace}) is `
          + `{{ $value | humanizePercentage }} full, above ${percent}.`,
      });
    }

    if ((app.blackboxJobs ?? []).length > 0) {
      drafts.push({
        kind: AlertKind.PROBE_FAILING,
        expr: `probe_success{${ns}, job=~${promString(app.blackboxJobs!.map(escapeRegex).join('|'))}} == 0`,
        for: promDuration(t.probeFailingFor * 60),
        summary: `A black-box probe of ${name} is failing`,
        description: `Probe {{ $labels.job }} of {{ $labels.instance }} (${name}, namespace ${app.namespace}) has failed `
          + `for ${wordsDuration(t.probeFailingFor)}.`,
      });
    }

    if (app.scrapeTargetMatchers !== undefined && scrapeTargetMatchers !== undefined) {
      const matchers = app.scrapeTargetMatchers.trim().replace(/,\s*$/, '');
      const hasNamespace = scrapeTargetMatchers.some((m) => m.name === 'namespace');
      drafts.push({
        kind: AlertKind.TARGET_DOWN,
        expr: `up{${hasNamespace ? matchers : `${ns}, ${matchers}`}} == 0`,
        for: promDuration(t.targetDownFor * 60),
        summary: `A scrape target of ${name} is down`,
        description: `Prometheus has not been able to scrape {{ $labels.instance }} (job {{ $labels.job }}) of ${name} `
          + `(namespace ${app.namespace}) for ${wordsDuration(t.targetDownFor)}.`,
      });
    }
    return drafts;
  }
}

function defaultSeverity(kind: AlertKind): AlertSeverity {
  return CRITICAL_BY_DEFAULT.has(kind) ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
}

function checkKind(scope: Construct, prop: string, kind: string, problem = 'it is not an AlertKind'): void {
  const kinds = Object.values(AlertKind) as string[];
  if (!kinds.includes(kind)) {
    throw inputError(scope, prop, kind, problem, `one of ${kinds.map((k) => JSON.stringify(k)).join(', ')}`);
  }
}

function checkNonEmpty(scope: Construct, prop: string, value: string, accepted: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw inputError(scope, prop, value, typeof value !== 'string' ? 'it is not a string' : 'it is empty', accepted);
  }
}

/** Why a kind is not derived for an application, for an error message. */
function whyNot(kind: AlertKind, app: MonitoredApplication): string {
  switch (kind) {
    case AlertKind.POD_RESTARTING:
    case AlertKind.POD_CRASH_LOOPING: return 'its containers are not restarted (containersRestart: false, a Job\'s pods with restartPolicy Never)';
    case AlertKind.REPLICAS_UNAVAILABLE: return `it is a ${app.workloadKind}, not a Deployment, StatefulSet or DaemonSet`;
    case AlertKind.JOB_FAILED: return `it is a ${app.workloadKind}, not a Job or CronJob`;
    case AlertKind.CRON_JOB_NOT_SUCCEEDING: return `it is a ${app.workloadKind}, not a CronJob`;
    case AlertKind.VOLUME_FILLING_UP: return 'it has no claimNamePatterns';
    case AlertKind.PROBE_FAILING: return 'it has no blackboxJobs';
    default: return 'it has no scrapeTargetMatchers';
  }
}

/** `shop-api` -> `ShopApi`. */
function pascalCase(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter((p) => p !== '').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}


/** Minutes in words, in the largest whole unit: `15 minutes`, `1 hour`, `26 hours`. */
function wordsDuration(minutes: number): string {
  const [, word, size] = DURATION_UNITS.find(([, , s]) => minutes % s === 0)!;
  const count = minutes / size;
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

