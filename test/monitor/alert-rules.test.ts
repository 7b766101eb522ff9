import { Chart, Duration, Testing } from 'cdk8s';
import { AppflowInputError } from '../../src/core/errors';
import { PlatformDefaults } from '../../src/core/platform-defaults';
import { AlertKind, AlertRules, AlertRulesProps, AlertSeverity, AlertThresholds } from '../../src/monitor/alert-rules';
import { MonitoredApplication, WorkloadKind } from '../../src/monitor/monitored-application';
import { ManifestYaml } from '../../src/testing';
import { promqlErrors } from '../support/promql';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const SHOP_API: MonitoredApplication = {
  name: 'shop-api',
  namespace: 'shop',
  workloadKind: WorkloadKind.DEPLOYMENT,
  workloadName: 'shop-api',
  podNamePattern: 'shop-api-[a-z0-9]+-[a-z0-9]{5}',
  claimNamePatterns: ['uploads-shop-api', 'cache-shop-api-[0-9]+'],
  blackboxJobs: ['shop-api-http', 'shop-api-public'],
  scrapeTargetMatchers: 'service="shop-api"',
};

const PODS = 'namespace="shop", pod=~"shop-api-[a-z0-9]+-[a-z0-9]{5}"';

function chartOf(): Chart {
  return new Chart(Testing.app(), 'shop', { namespace: 'shop' });
}

function make(props: Partial<AlertRulesProps> = {}, chart: Chart = chartOf()) {
  const rules = new AlertRules(chart, 'Alerts', { application: SHOP_API, ...props });
  const manifest = () => only(synth(chart), 'PrometheusRule');
  const rule = (alert: string) => {
    const found = manifest().spec.groups[0].rules.filter((r: any) => r.alert === alert);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return { chart, rules, manifest, rule };
}


/** Every expression of every rule of a chart's PrometheusRules. */
function exprsOf(chart: Chart): string[] {
  return synth(chart).filter((m) => m.kind === 'PrometheusRule')
    .flatMap((m) => m.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.expr)));
}

describe('a Deployment with claims, black-box probes and scrape targets', () => {
  test('six rules, one group, labels for the Prometheus selector and the application', () => {
    const { rules, manifest, chart } = make();
    expect(rules.alerts).toEqual([
      'ShopApiPodRestarting', 'ShopApiPodCrashLooping', 'ShopApiReplicasUnavailable',
      'ShopApiVolumeFillingUp', 'ShopApiProbeFailing', 'ShopApiTargetDown',
    ]);
    const m = manifest();
    expect(m.metadata).toEqual({ name: 'shop-api-alerts', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'shop-api' } });
    expect(m.spec.groups).toHaveLength(1);
    expect(m.spec.groups[0].name).toBe('shop-api.rules');
    expect(m.spec.groups[0].rules.map((r: any) => r.alert)).toEqual(rules.alerts);
    expect(rules.prometheusRule.node.id).toBe('Resource');
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('the expressions, exactly', () => {
    const { rule } = make();
    expect(rule('ShopApiPodRestarting').expr).toBe(`increase(kube_pod_container_status_restarts_total{${PODS}}[15m]) > 3`);
    expect(rule('ShopApiPodCrashLooping').expr).toBe(
      `max by (pod, container) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", ${PODS}}) == 1`);
    expect(rule('ShopApiReplicasUnavailable').expr).toBe('kube_deployment_status_replicas_available{namespace="shop", deployment="shop-api"}'
      + ' < kube_deployment_spec_replicas{namespace="shop", deployment="shop-api"}');
    const claims = '{namespace="shop", persistentvolumeclaim=~"uploads-shop-api|cache-shop-api-[0-9]+"}';
    expect(rule('ShopApiVolumeFillingUp').expr).toBe(`kubelet_volume_stats_used_bytes${claims} / kubelet_volume_stats_capacity_bytes${claims} > 0.85`);
    expect(rule('ShopApiProbeFailing').expr).toBe('probe_success{namespace="shop", job=~"shop-api-http|shop-api-public"} == 0');
    expect(rule('ShopApiTargetDown').expr).toBe('up{namespace="shop", service="shop-api"} == 0');
  });

  test('for, labels and annotations of a rule', () => {
    const { rule } = make();
    expect(rule('ShopApiPodRestarting')).toEqual({
      alert: 'ShopApiPodRestarting',
      expr: expect.any(String),
      labels: { severity: 'warning', application: 'shop-api', namespace: 'shop' },
      annotations: {
        summary: 'Containers of shop-api are restarting',
        description: '{{ $labels.pod }} of shop-api restarted {{ $value | printf "%.0f" }} times in 15 minutes'
          + ' (container {{ $labels.container }}, namespace shop; more than 3 fires this alert).',
      },
    });
    expect(rule('ShopApiPodRestarting').for).toBeUndefined();
    expect(rule('ShopApiPodCrashLooping').for).toBeUndefined();
    expect(rule('ShopApiVolumeFillingUp').for).toBeUndefined();
    expect(rule('ShopApiReplicasUnavailable').for).toBe('10m');
    expect(rule('ShopApiProbeFailing').for).toBe('5m');
    expect(rule('ShopApiTargetDown').for).toBe('5m');
    expect(rule('ShopApiReplicasUnavailable').labels.severity).toBe('critical');
    expect(rule('ShopApiProbeFailing').labels.severity).toBe('critical');
    expect(rule('ShopApiTargetDown').labels.severity).toBe('critical');
    expect(rule('ShopApiVolumeFillingUp').labels.severity).toBe('warning');
    expect(rule('ShopApiVolumeFillingUp').annotations.summary).toBe('A volume of shop-api is more than 85% full');
    expect(rule('ShopApiReplicasUnavailable').annotations.description).toBe(
      'Deployment shop-api (shop-api, namespace shop) has had only {{ $value }} available replicas, fewer than desired, for 10 minutes.');
  });

  test('containers named: restarts and crash loops of those containers only', () => {
    const { rule } = make({ application: { ...SHOP_API, containerNames: ['api', 'envoy'] } });
    expect(rule('ShopApiPodRestarting').expr).toBe(
      `increase(kube_pod_container_status_restarts_total{${PODS}, container=~"api|envoy"}[15m]) > 3`);
    expect(rule('ShopApiPodCrashLooping').expr).toContain(`{reason="CrashLoopBackOff", ${PODS}, container=~"api|envoy"}`);
  });

  test('a scrape target matcher of the application\'s namespace is kept, not repeated', () => {
    const { rule } = make({ application: { ...SHOP_API, scrapeTargetMatchers: 'namespace="shop", job="shop-api-metrics"' } });
    expect(rule('ShopApiTargetDown').expr).toBe('up{namespace="shop", job="shop-api-metrics"} == 0');
  });

  test('scrape target matchers with a regular expression of pod names, braces included', () => {
    const { rule } = make({ application: { ...SHOP_API, scrapeTargetMatchers: 'namespace="shop", pod=~"shop-api-[a-z0-9]+-[a-z0-9]{5}"' } });
    expect(rule('ShopApiTargetDown').expr).toBe('up{namespace="shop", pod=~"shop-api-[a-z0-9]+-[a-z0-9]{5}"} == 0');
  });

  test('only the pod and replica rules for a Deployment with nothing else', () => {
    const { rules } = make({
      application: { ...SHOP_API, workloadKind: WorkloadKind.DEPLOYMENT, claimNamePatterns: [], blackboxJobs: [], scrapeTargetMatchers: undefined },
    });
    expect(rules.alerts).toEqual(['ShopApiPodRestarting', 'ShopApiPodCrashLooping', 'ShopApiReplicasUnavailable']);
  });
});

describe('derived from the workload kind', () => {
  const base = { claimNamePatterns: undefined, blackboxJobs: undefined, scrapeTargetMatchers: undefined };

  test('a Job: JobFailed by its name, no ReplicasUnavailable', () => {
    const { rules, rule } = make({
      application: { ...SHOP_API, ...base, name: 'db-migrate', workloadKind: WorkloadKind.JOB, workloadName: 'db-migrate', podNamePattern: 'db-migrate-[a-z0-9]{5}' },
    });
    expect(rules.alerts).toEqual(['DbMigratePodRestarting', 'DbMigratePodCrashLooping', 'DbMigrateJobFailed']);
    expect(rule('DbMigrateJobFailed').expr).toBe('kube_job_failed{namespace="shop", job_name="db-migrate", condition="true"} > 0');
    expect(rule('DbMigrateJobFailed').labels.severity).toBe('critical');
    expect(rule('DbMigrateJobFailed').annotations.description).toBe('Job db-migrate (db-migrate, namespace shop) failed: it used up its retries or passed its deadline.');
  });

  test('a CronJob: JobFailed for its Jobs, CronJobNotSucceeding', () => {
    const { rules, rule } = make({
      application: {
        ...SHOP_API,
        ...base,
        name: 'nightly-report',
        workloadKind: WorkloadKind.CRON_JOB,
        workloadName: 'nightly-report',
        podNamePattern: 'nightly-report-[0-9]+-[a-z0-9]{5}',
      },
    });
    expect(rules.alerts).toEqual(['NightlyReportPodRestarting', 'NightlyReportPodCrashLooping', 'NightlyReportJobFailed', 'NightlyReportCronJobNotSucceeding']);
    // Its latest Job only: the CronJob keeps a failed Job until a newer one fails (test/monitor/alert-promtool.test.ts runs it).
    const jobs = 'namespace="shop", job_name=~"nightly-report-[0-9]+"';
    expect(rule('NightlyReportJobFailed').expr).toBe(`kube_job_failed{${jobs}, condition="true"} > 0 and on (namespace, job_name) `
      + `(kube_job_created{${jobs}} == on (namespace) group_left () max by (namespace) (kube_job_created{${jobs}}))`);
    // A CronJob that never succeeded counts from when it was made.
    expect(rule('NightlyReportCronJobNotSucceeding').expr).toBe('time() - (kube_cronjob_status_last_successful_time{namespace="shop", cronjob="nightly-report"} '
      + 'or kube_cronjob_created{namespace="shop", cronjob="nightly-report"}) > 93600 '
      + 'unless on (namespace, cronjob) kube_cronjob_spec_suspend{namespace="shop", cronjob="nightly-report"} == 1');
    expect(rule('NightlyReportCronJobNotSucceeding').for).toBeUndefined();
    expect(rule('NightlyReportCronJobNotSucceeding').labels.severity).toBe('warning');
    expect(rule('NightlyReportCronJobNotSucceeding').annotations.summary).toBe('CronJob of nightly-report has not succeeded for 26 hours');
  });

  test('containers that are never restarted (a Job\'s pods with restartPolicy Never): no PodRestarting or PodCrashLooping, and disabling them is refused', () => {
    const application = { ...SHOP_API, name: 'import', workloadKind: WorkloadKind.JOB, workloadName: 'import', podNamePattern: 'import-.+', containersRestart: false };
    expect(make({ application }).rules.alerts).toEqual(['ImportJobFailed', 'ImportVolumeFillingUp', 'ImportProbeFailing', 'ImportTargetDown']);
    expect(() => make({ application, disable: [AlertKind.POD_RESTARTING] })).toThrow(/its containers are not restarted \(containersRestart: false/);
    expect(() => make({ application: { ...application, containersRestart: 'no' as any } }))
      .toThrow('shop/Alerts: invalid application.containersRestart "no": it is not a boolean. Expected true (the default) or false.');
  });

  test('a StatefulSet: ready replicas against replicas', () => {
    const { rules, rule } = make({
      application: { ...SHOP_API, ...base, name: 'postgres', workloadKind: WorkloadKind.STATEFUL_SET, workloadName: 'postgres', podNamePattern: 'postgres-[0-9]+' },
    });
    expect(rules.alerts).toEqual(['PostgresPodRestarting', 'PostgresPodCrashLooping', 'PostgresReplicasUnavailable']);
    expect(rule('PostgresReplicasUnavailable').expr).toBe(
      'kube_statefulset_status_replicas_ready{namespace="shop", statefulset="postgres"} < kube_statefulset_replicas{namespace="shop", statefulset="postgres"}');
  });

  test('a DaemonSet: available pods against desired scheduled pods', () => {
    const { rules, rule } = make({
      application: { ...SHOP_API, ...base, name: 'log-agent', workloadKind: WorkloadKind.DAEMON_SET, workloadName: 'log-agent', podNamePattern: 'log-agent-[a-z0-9]{5}' },
    });
    expect(rules.alerts).toEqual(['LogAgentPodRestarting', 'LogAgentPodCrashLooping', 'LogAgentReplicasUnavailable']);
    expect(rule('LogAgentReplicasUnavailable').expr).toBe('kube_daemonset_status_number_available{namespace="shop", daemonset="log-agent"}'
      + ' < kube_daemonset_status_desired_number_scheduled{namespace="shop", daemonset="log-agent"}');
  });

  test('two applications in one chart: alert names and group names do not collide', () => {
    const chart = chartOf();
    const a = new AlertRules(chart, 'A', { application: SHOP_API });
    const b = new AlertRules(chart, 'B', { application: { ...SHOP_API, name: 'shop-web', workloadName: 'shop-web', podNamePattern: 'shop-web-.+' } });
    expect(a.alerts.filter((x) => b.alerts.includes(x))).toEqual([]);
    const groups = synth(chart).filter((m) => m.kind === 'PrometheusRule').map((m) => m.spec.groups[0].name).sort();
    expect(groups).toEqual(['shop-api.rules', 'shop-web.rules']);
  });
});

describe('every expression is PromQL', () => {
  test('the check finds a broken expression', () => {
    expect(promqlErrors('up{namespace="shop"} == 0')).toEqual([]);
    expect(promqlErrors('up{namespace="shop" == 0')).not.toEqual([]);
    expect(promqlErrors('increase(kube_pod_container_status_restarts_total{namespace="shop"}[15m) > 3')).not.toEqual([]);
    expect(promqlErrors('max by pod, container (up) == 1')).not.toEqual([]);
  });

  test('the expressions of every kind of workload, with every option', () => {
    const chart = chartOf();
    const kinds = Object.values(WorkloadKind);
    for (const kind of kinds) {
      new AlertRules(chart, kind, {
        application: {
          ...SHOP_API,
          name: kind.toLowerCase(),
          workloadKind: kind,
          workloadName: kind.toLowerCase(),
          podNamePattern: `${kind.toLowerCase()}-\\d+-.*`,
          containerNames: ['main', 'sidecar'],
          blackboxJobs: ['a.b', 'c(d)'],
          claimNamePatterns: ['data\\.x', 'y-[0-9]+'],
        },
        thresholds: { restartWindow: Duration.hours(1), cronJobMaxAge: Duration.days(2), volumeUsedRatio: 0.925 },
      });
    }
    const exprs = exprsOf(chart);
    // 5 kinds x (2 pod rules + probes + volumes + targets) + 3 replicated + 2 job + 1 cron job.
    expect(exprs).toHaveLength(5 * 5 + 3 + 2 + 1);
    for (const expr of exprs) {
      expect({ expr, errors: promqlErrors(expr) }).toEqual({ expr, errors: [] });
      expect(expr).not.toContain('\n');
      expect(expr).toContain('namespace="shop"');
    }
    // Backslashes of the regular expressions are escaped in the PromQL strings; literal names are quoted as regexes.
    expect(exprs).toContain('probe_success{namespace="shop", job=~"a\\\\.b|c\\\\(d\\\\)"} == 0');
    expect(exprs.find((e) => e.startsWith('increase(') && e.includes('pod=~"job-'))).toBe(
      'increase(kube_pod_container_status_restarts_total{namespace="shop", pod=~"job-\\\\d+-.*", container=~"main|sidecar"}[1h]) > 3');
  });
});

describe('thresholds', () => {
  test('overridden', () => {
    const { rule } = make({
      application: { ...SHOP_API },
      thresholds: {
        restarts: 5,
        restartWindow: Duration.minutes(90),
        unavailableFor: Duration.hours(2),
        volumeUsedRatio: 0.9,
        probeFailingFor: Duration.minutes(3),
        targetDownFor: Duration.days(1),
      },
    });
    expect(rule('ShopApiPodRestarting').expr).toBe(`increase(kube_pod_container_status_restarts_total{${PODS}}[90m]) > 5`);
    expect(rule('ShopApiPodRestarting').annotations.description).toContain('times in 90 minutes');
    expect(rule('ShopApiReplicasUnavailable').for).toBe('2h');
    expect(rule('ShopApiReplicasUnavailable').annotations.description).toContain('for 2 hours.');
    expect(rule('ShopApiVolumeFillingUp').expr).toMatch(/ > 0\.9$/);
    expect(rule('ShopApiVolumeFillingUp').annotations.summary).toBe('A volume of shop-api is more than 90% full');
    expect(rule('ShopApiProbeFailing').for).toBe('3m');
    expect(rule('ShopApiTargetDown').for).toBe('1d');
    expect(rule('ShopApiTargetDown').annotations.description).toContain('for 1 day.');
  });

  test('the CronJob maximum age, in seconds in the expression', () => {
    const { rule } = make({
      application: { ...SHOP_API, name: 'report', workloadKind: WorkloadKind.CRON_JOB, workloadName: 'report', podNamePattern: 'report-.+' },
      thresholds: { cronJobMaxAge: Duration.hours(8) },
    });
    expect(rule('ReportCronJobNotSucceeding').expr).toMatch(/cronjob="report"\}\) > 28800 unless /);
    expect(rule('ReportCronJobNotSucceeding').annotations.description).toContain('more than 8 hours.');
  });

  test('the CronJob maximum age by default: the longest time between two runs, plus two hours; the given one wins', () => {
    const application = { ...SHOP_API, name: 'report', workloadKind: WorkloadKind.CRON_JOB, workloadName: 'report', podNamePattern: 'report-.+' };
    const weekly = make({ application: { ...application, longestRunInterval: Duration.days(7) } }).rule('ReportCronJobNotSucceeding');
    expect(weekly.expr).toMatch(/\) > 612000 unless /);
    expect(weekly.annotations.summary).toBe('CronJob of report has not succeeded for 170 hours');
    expect(make({ application: { ...application, longestRunInterval: Duration.days(7) }, thresholds: { cronJobMaxAge: Duration.days(10) } })
      .rule('ReportCronJobNotSucceeding').expr).toMatch(/\) > 864000 unless /);
    expect(() => make({ application: { ...application, longestRunInterval: Duration.seconds(90) } })).toThrow('shop/Alerts: invalid '
      + 'application.longestRunInterval "90s": it is not a whole number of minutes. Expected a duration in whole minutes of at least one minute, e.g. '
      + 'Duration.minutes(10) or Duration.hours(1).');
  });
});

describe('disable and severities', () => {
  test('disabled rules are not made', () => {
    const { rules, manifest } = make({ disable: [AlertKind.POD_CRASH_LOOPING, AlertKind.TARGET_DOWN] });
    expect(rules.alerts).toEqual(['ShopApiPodRestarting', 'ShopApiReplicasUnavailable', 'ShopApiVolumeFillingUp', 'ShopApiProbeFailing']);
    expect(manifest().spec.groups[0].rules.map((r: any) => r.alert)).toEqual(rules.alerts);
  });

  test('severities overridden per kind, the others keep their default', () => {
    const { rule } = make({ severities: { [AlertKind.POD_RESTARTING]: AlertSeverity.INFO, [AlertKind.TARGET_DOWN]: AlertSeverity.WARNING } });
    expect(rule('ShopApiPodRestarting').labels.severity).toBe('info');
    expect(rule('ShopApiTargetDown').labels.severity).toBe('warning');
    expect(rule('ShopApiProbeFailing').labels.severity).toBe('critical');
    expect(rule('ShopApiPodCrashLooping').labels.severity).toBe('warning');
  });
});

describe('platform defaults, name and labels', () => {
  function withPlatform() {
    const app = Testing.app();
    PlatformDefaults.set(app, {
      runbookUrlTemplate: 'https://runbooks.example.com/{namespace}/{alert}',
      prometheusSelectorLabels: { release: 'kps' },
    });
    return new Chart(app, 'shop', { namespace: 'shop' });
  }

  test('the runbook URL and the selector labels from the platform default', () => {
    const { manifest, rule } = make({}, withPlatform());
    expect(manifest().metadata.labels).toEqual({ 'release': 'kps', 'app.kubernetes.io/name': 'shop-api' });
    expect(rule('ShopApiTargetDown').annotations.runbook_url).toBe('https://runbooks.example.com/shop/ShopApiTargetDown');
    expect(rule('ShopApiPodRestarting').annotations.runbook_url).toBe('https://runbooks.example.com/shop/ShopApiPodRestarting');
  });

  test('no runbook URL without a template', () => {
    const { manifest } = make();
    for (const r of manifest().spec.groups[0].rules) {
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'summary']);
    }
  });

  test('the props replace the platform defaults', () => {
    const { manifest, rule } = make({
      name: 'shop-api-paging',
      labels: { prometheus: 'apps' },
      runbookUrlTemplate: 'http://wiki.example.com/runbooks/{application}#{alert}',
    }, withPlatform());
    expect(manifest().metadata.name).toBe('shop-api-paging');
    expect(manifest().metadata.labels).toEqual({ 'prometheus': 'apps', 'app.kubernetes.io/name': 'shop-api' });
    expect(rule('ShopApiProbeFailing').annotations.runbook_url).toBe('http://wiki.example.com/runbooks/shop-api#ShopApiProbeFailing');
  });

  test('labels of every alert, for routing', () => {
    const { manifest } = make({ alertLabels: { team: 'shop', pager: 'shop_oncall' } });
    for (const r of manifest().spec.groups[0].rules) {
      expect(r.labels).toMatchObject({ team: 'shop', pager: 'shop_oncall', application: 'shop-api', namespace: 'shop' });
    }
  });
});

describe('refused', () => {
  test.each<[Partial<AlertRulesProps>, RegExp]>([
    [{ thresholds: { restarts: 0 } }, /^shop\/Alerts: invalid thresholds\.restarts 0: it is below 1\. Expected a number of restarts: an integer of at least 1\.$/],
    [{ thresholds: 'x' as AlertThresholds }, /^shop\/Alerts: invalid thresholds "x": it is a string, not an object\. Expected the thresholds of the rules, e\.g\. \{ restarts: 5/],
    [{ labels: ['team'] as unknown as Record<string, string> }, /^shop\/Alerts: invalid labels \["team"\]: it is a list, not an object\./],
    [{ thresholds: { restarts: 2.5 } }, /^shop\/Alerts: invalid thresholds\.restarts 2\.5: it is not a whole number\./],
    [{ thresholds: { volumeUsedRatio: 0 } }, /^shop\/Alerts: invalid thresholds\.volumeUsedRatio 0: it is not above 0\. Expected a fraction of the volume greater than 0 and less than 1/],
    [{ thresholds: { volumeUsedRatio: 1 } }, /invalid thresholds\.volumeUsedRatio 1: it is not below 1\./],
    [{ thresholds: { volumeUsedRatio: 85 } }, /invalid thresholds\.volumeUsedRatio 85: it is not below 1\./],
    [{ thresholds: { restartWindow: Duration.seconds(30) } }, /^shop\/Alerts: invalid thresholds\.restartWindow "30s": it is under a minute\. Expected a duration in whole minutes of at least one minute/],
    [{ thresholds: { unavailableFor: Duration.seconds(90) } }, /invalid thresholds\.unavailableFor "90s": it is not a whole number of minutes\./],
    [{ thresholds: { probeFailingFor: Duration.millis(61500) } }, /invalid thresholds\.probeFailingFor "61\.5s": it is not a whole number of minutes\. Expected a duration in whole minutes/],
    [{ thresholds: { targetDownFor: Duration.seconds(0) } }, /invalid thresholds\.targetDownFor "0s": it is under a minute\./],
    [{ thresholds: { cronJobMaxAge: Duration.seconds(3630) } }, /invalid thresholds\.cronJobMaxAge "3630s": it is not a whole number of minutes\./],
    [{ name: 'Shop_Alerts' }, /^shop\/Alerts: invalid name "Shop_Alerts": .*Expected a DNS-1123 subdomain/],
    [{ disable: ['PodRestart' as AlertKind] }, /^shop\/Alerts: invalid disable\[0\] "PodRestart": it is not an AlertKind\. Expected one of "PodRestarting", "PodCrashLooping",/],
    [{ disable: [AlertKind.JOB_FAILED] },
      /^shop\/Alerts: invalid disable\[0\] "JobFailed": no JobFailed rule is derived for the application \(it is a Deployment, not a Job or CronJob\), so switching it off would change nothing\. Expected one of the derived kinds: "PodRestarting", "PodCrashLooping", "ReplicasUnavailable", "VolumeFillingUp", "ProbeFailing", "TargetDown"\.$/],
    [{ disable: [AlertKind.CRON_JOB_NOT_SUCCEEDING] }, /invalid disable\[0\] "CronJobNotSucceeding": no CronJobNotSucceeding rule is derived for the application \(it is a Deployment, not a CronJob\)/],
    [{ disable: Object.values(AlertKind).filter((k) => k !== AlertKind.JOB_FAILED && k !== AlertKind.CRON_JOB_NOT_SUCCEEDING) },
      /invalid disable \[.*: it switches off every rule derived for the application\. Expected at least one rule left on/],
    [{ severities: { PodRestart: AlertSeverity.INFO } }, /^shop\/Alerts: invalid severities "PodRestart": it is not an AlertKind value\. Expected one of "PodRestarting",/],
    [{ severities: { PodRestarting: 'page' as AlertSeverity } }, /^shop\/Alerts: invalid severities\["PodRestarting"\] "page": it is not a severity\. Expected one of "warning", "critical", "info"\.$/],
    [{ severities: { JobFailed: AlertSeverity.INFO } }, /invalid severities "JobFailed": no JobFailed rule is made for the application \(it is not derived\), so its severity would change nothing/],
    [{ disable: [AlertKind.TARGET_DOWN], severities: { TargetDown: AlertSeverity.INFO } }, /invalid severities "TargetDown": no TargetDown rule is made for the application \(it is disabled\)/],
    [{ runbookUrlTemplate: 'runbooks.example.com/{alert}' }, /^shop\/Alerts: invalid runbookUrlTemplate "runbooks\.example\.com\/\{alert\}": it is not an http\(s\) URL\. Expected an http\(s\) URL with optional \{alert\}, \{application\} and \{namespace\} placeholders/],
    [{ runbookUrlTemplate: 'ftp://runbooks.example.com/{alert}' }, /invalid runbookUrlTemplate "ftp:.*": it is not an http\(s\) URL/],
    [{ runbookUrlTemplate: 'https://runbooks.example.com/{alertname}' }, /invalid runbookUrlTemplate ".*": it has the unknown placeholder \{alertname\}/],
    [{ labels: { 'Bad Key': 'x' } }, /invalid labels "Bad Key"/],
    [{ alertLabels: { 'team.name': 'shop' } }, /^shop\/Alerts: invalid alertLabels "team\.name": it is not a Prometheus label name\./],
    [{ alertLabels: { __name__: 'x' } }, /invalid alertLabels "__name__": it is not a Prometheus label name/],
    [{ alertLabels: { severity: 'page' } }, /invalid alertLabels "severity": every alert has that label already\. Expected other label names/],
    [{ alertLabels: { team: '' } }, /invalid alertLabels\.team "": it is not a non-empty string/],
    [{ labels: { 'app.kubernetes.io/name': 'other' } }, /invalid labels\["app\.kubernetes\.io\/name"\] "other": the PrometheusRule is labelled with the application's name "shop-api"/],
    [{ application: { ...SHOP_API, name: 'Shop API' } }, /^shop\/Alerts: invalid application\.name "Shop API"/],
    [{ application: { ...SHOP_API, namespace: '' } }, /invalid application\.namespace ""/],
    [{ application: { ...SHOP_API, workloadKind: 'ReplicaSet' as WorkloadKind } }, /invalid application\.workloadKind "ReplicaSet": it is not a workload kind/],
    [{ application: { ...SHOP_API, podNamePattern: '' } }, /invalid application\.podNamePattern "": it is empty/],
    [{ application: { ...SHOP_API, workloadNames: ['shop-api', 'Shop_API'] } }, /^shop\/Alerts: invalid application\.workloadNames\[1\] "Shop_API"/],
    [{ application: { ...SHOP_API, blackboxJobs: ['ok', ' '] } }, /invalid application\.blackboxJobs\[1\] " ": it is empty/],
    [{ application: { ...SHOP_API, scrapeTargetMatchers: 'up{service="web"}' } }, /invalid application\.scrapeTargetMatchers "up\{service=\\"web\\"\}": it has "\{" or "\}"/],
    [{ application: { ...SHOP_API, scrapeTargetMatchers: 'namespace="other", service="web"' } },
      /invalid application\.scrapeTargetMatchers ".*": it has the matcher `namespace="other"`, which does not select the application's namespace "shop" alone/],
  ])('%#', (props, message) => {
    expect(() => make(props)).toThrow(message);
  });

  /** The AppflowInputError of AlertRules made with the application changed. */
  const applicationRefusal = (change: Partial<MonitoredApplication>) => refusalOf(() => make({ application: { ...SHOP_API, ...change } }));

  test.each([
    ['(', 'unterminated group'],
    ['web-(?=[a-z])', 'at character 5, the lookaround (?=: RE2 has no lookarounds'],
    ['(web)-\\1', 'at character 7, the backreference \\1: RE2 has no backreferences'],
    ['web-[a-z', 'a "[" has no closing "]"'],
  ])('a podNamePattern or claimNamePatterns that is not an RE2 regular expression: %j', (pattern, why) => {
    expect(applicationRefusal({ podNamePattern: pattern })).toMatchObject({
      constructPath: 'shop/Alerts',
      prop: 'application.podNamePattern',
      value: pattern,
      problem: `it is not a regular expression that Prometheus compiles (RE2): ${why}`,
      accepted: 'a regular expression (RE2) of the pod names, e.g. "web-[a-z0-9]+-[a-z0-9]{5}"',
    });
    expect(applicationRefusal({ claimNamePatterns: ['data-[0-9]+', pattern] })).toMatchObject({
      prop: 'application.claimNamePatterns[1]',
      value: pattern,
      problem: `it is not a regular expression that Prometheus compiles (RE2): ${why}`,
      accepted: 'a regular expression (RE2) of claim names, e.g. "data-mysql-[0-9]+"',
    });
  });

  test.each([
    ['مرحبا', 'at character 1 ("مرحبا"), a label name is expected (letters, digits and "_", not starting with a digit)'],
    ['service="web', 'at character 9, the value has no closing quote'],
    ['service=web', 'at character 9 ("web"), a double-quoted value is expected after service='],
    ['service=\'web\'', 'at character 9 ("\'web\'"), a double-quoted value is expected after service='],
    ['service="web" job="x"', 'at character 15 ("job=\\"x\\""), a "," is expected between two matchers'],
    ['job=~"("', 'the regular expression of job=~ is not one that Prometheus compiles (RE2): unterminated group'],
    ['service="\\q"', 'at character 10, the escape \\q is not one of Go\'s (\\a \\b \\f \\n \\r \\t \\v \\\\ \\" \\xHH \\ooo \\uHHHH \\UHHHHHHHH)'],
  ])('scrapeTargetMatchers that are not PromQL label matchers: %j', (matchers, why) => {
    const error = applicationRefusal({ scrapeTargetMatchers: matchers });
    expect(error).toMatchObject({ constructPath: 'shop/Alerts', prop: 'application.scrapeTargetMatchers', value: matchers, problem: `it is not PromQL label matchers: ${why}` });
    expect(error.accepted).toMatch(/^PromQL label matchers: `name op "value"` separated by commas, .*, without braces$/);
  });

  test('scrapeTargetMatchers that match the metric name are refused: the rule selects up{...}', () => {
    expect(applicationRefusal({ scrapeTargetMatchers: '__name__="up", service="web"' })).toMatchObject({
      prop: 'application.scrapeTargetMatchers',
      problem: 'it matches the metric name (__name__), which the selector `up{...}` sets already (Prometheus refuses a second one)',
    });
  });

  test('label matchers with escapes, regular expressions, a trailing comma, and "namespace" only inside a value, are accepted', () => {
    const { rule } = make({ application: { ...SHOP_API, scrapeTargetMatchers: ' job=~"shop-api-(?i)METRICS|x{2}", note!="namespace=\\"other\\"", ' } });
    const expr = rule('ShopApiTargetDown').expr;
    expect(expr).toBe('up{namespace="shop", job=~"shop-api-(?i)METRICS|x{2}", note!="namespace=\\"other\\""} == 0');
    expect(promqlErrors(expr)).toEqual([]);
    expect(make({ application: { ...SHOP_API, scrapeTargetMatchers: 'namespace  =  "shop",service="shop-api"' } }).rule('ShopApiTargetDown').expr)
      .toBe('up{namespace  =  "shop",service="shop-api"} == 0');
  });

  test('a runbook template from the platform defaults is named as such', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { runbookUrlTemplate: 'https://runbooks.example.com/{team}/{alert}' });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    expect(() => new AlertRules(chart, 'Alerts', { application: SHOP_API }))
      .toThrow(/invalid platformDefaults\.runbookUrlTemplate ".*": it has the unknown placeholder \{team\}/);
  });

  test('the error carries its facts', () => {
    let error: unknown;
    try {
      make({ thresholds: { restarts: -1 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppflowInputError);
    expect(error).toMatchObject({ constructPath: 'shop/Alerts', prop: 'thresholds.restarts', value: -1 });
  });
});

describe('refused: keys cdk8s cannot serialize, and durations cdk8s cannot convert', () => {
  test('a label "constructor" of the PrometheusRule', () => {
    expect(refusalOf(() => make({ labels: { release: 'prometheus', constructor: 'x' } }))).toMatchObject({
      constructPath: 'shop/Alerts',
      prop: 'labels',
      value: 'constructor',
      problem: 'cdk8s cannot write a map with this key (its serialization reads obj.constructor.name of every object)',
      accepted: 'a label key other than "constructor", which cdk8s cannot serialize in a map (a cdk8s bug)',
    });
  });

  test('an alert label "constructor" (a valid Prometheus label name)', () => {
    expect(refusalOf(() => make({ alertLabels: { team: 'shop', constructor: 'x' } }))).toMatchObject({
      constructPath: 'shop/Alerts',
      prop: 'alertLabels',
      value: 'constructor',
      problem: 'cdk8s cannot write a map with this key (its serialization reads obj.constructor.name of every object)',
      accepted: 'a Prometheus label name other than "constructor", which cdk8s cannot serialize in a map (a cdk8s bug)',
    });
  });

  test.each([
    ['NaN seconds', Duration.seconds(NaN), NaN, 'it is not a finite duration'],
    ['infinite seconds', Duration.seconds(Infinity), Infinity, 'it is not a finite duration'],
    ['a minute and half a millisecond', Duration.millis(60_000.5), '60.0005s', 'it is not a whole number of minutes'],
  ])('a threshold of %s', (_, unavailableFor, value, problem) => {
    expect(refusalOf(() => make({ thresholds: { unavailableFor } }))).toMatchObject({
      constructPath: 'shop/Alerts',
      prop: 'thresholds.unavailableFor',
      value,
      problem,
      accepted: 'a duration in whole minutes of at least one minute, e.g. Duration.minutes(10) or Duration.hours(1)',
    });
  });
});
