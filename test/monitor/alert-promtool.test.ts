/**
 * The derived alerts, run by Prometheus' own rule engine (`promtool test rules`, from Debian's `prometheus` package,
 * which .ci/run installs) on the series that kube-state-metrics would export: each fires on what it watches and stays
 * quiet otherwise.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { ContainerImage, CronSchedule, ScheduledJob } from '../../src';
import { only, synth } from '../support/synth';

/** The PrometheusRule of a nightly CronJob `nightly-report` in namespace `shop`, as the pattern makes it. */
function nightlyReportRules(): any {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  new ScheduledJob(chart, 'Report', {
    name: 'nightly-report',
    image: ContainerImage.fromReference('registry.example.com/shop/report:1.0.0'),
    schedule: CronSchedule.daily(),
    resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) },
  });
  return only(synth(chart), 'PrometheusRule');
}

interface Series {
  readonly series: string;
  readonly values: string;
}

/** Runs promtool on the rules and one test case; returns its output when it fails, '' when the case passes. */
function promtool(rule: any, input: Series[], alertname: string, expected: Array<Record<string, string>>, value = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-promtool-'));
  try {
    fs.writeFileSync(path.join(dir, 'rules.yaml'), Yaml.stringify({ groups: rule.spec.groups }));
    const alert = rule.spec.groups[0].rules.find((r: any) => r.alert === alertname);
    const render = (text: string, labels: Record<string, string>) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k) => labels[k] ?? '')
      .replace('{{ $value | humanizeDuration }}', value);
    fs.writeFileSync(path.join(dir, 'test.yaml'), Yaml.stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: input,
        alert_rule_test: [{
          eval_time: '10m',
          alertname,
          exp_alerts: expected.map((series) => ({
            exp_labels: { ...series, ...alert.labels },
            exp_annotations: Object.fromEntries(Object.entries(alert.annotations as Record<string, string>).map(([k, v]) => [k, render(v, series)])),
          })),
        }],
      }],
    }));
    const run = spawnSync('promtool', ['test', 'rules', 'test.yaml'], { cwd: dir, encoding: 'utf-8' });
    if (run.error) {
      throw new Error(`promtool could not run (${run.error.message}): install Debian's prometheus package (apt-get install prometheus), as .ci/run does`);
    }
    return run.status === 0 ? '' : `${run.stdout}${run.stderr}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('JobFailed of a CronJob: its latest Job only', () => {
  const rule = nightlyReportRules();
  const job = (name: string, created: number, failed: boolean): Series[] => [
    { series: `kube_job_created{namespace="shop", job_name="${name}"}`, values: `${created}x15` },
    { series: `kube_job_failed{namespace="shop", job_name="${name}", condition="true"}`, values: `${failed ? 1 : 0}x15` },
  ];
  const firing = (name: string) => ({ namespace: 'shop', job_name: name, condition: 'true' });

  test('the latest run failed: it fires, for that Job', () => {
    expect(promtool(rule, [...job('nightly-report-100', 100, true)], 'NightlyReportJobFailed', [firing('nightly-report-100')])).toBe('');
  });

  test('a failed run that the CronJob keeps, and a later run that succeeded: quiet', () => {
    expect(promtool(rule, [...job('nightly-report-100', 100, true), ...job('nightly-report-200', 200, false)], 'NightlyReportJobFailed', [])).toBe('');
  });

  test('an older run that succeeded, and a later run that failed: it fires for the later one', () => {
    expect(promtool(rule, [...job('nightly-report-100', 100, false), ...job('nightly-report-200', 200, true)], 'NightlyReportJobFailed',
      [firing('nightly-report-200')])).toBe('');
  });

  test('the check can fail: expecting the wrong Job is a promtool failure', () => {
    expect(promtool(rule, [...job('nightly-report-100', 100, true)], 'NightlyReportJobFailed', [firing('nightly-report-999')])).toMatch(/FAILED/);
  });
});

describe('CronJobNotSucceeding: not while the CronJob is suspended', () => {
  const rule = nightlyReportRules();
  const cronJob = 'namespace="shop", cronjob="nightly-report"';
  // The last success 100,000 s before the start: 100,600 s ago at the evaluation (10 minutes in), above 26 hours.
  const lastSuccess = { series: `kube_cronjob_status_last_successful_time{${cronJob}}`, values: '-100000x15' };
  const suspended = (on: boolean) => ({ series: `kube_cronjob_spec_suspend{${cronJob}}`, values: `${on ? 1 : 0}x15` });
  const firing = [{ namespace: 'shop', cronjob: 'nightly-report' }];

  test('no success for more than 26 hours: it fires, with or without the suspend series', () => {
    expect(promtool(rule, [lastSuccess, suspended(false)], 'NightlyReportCronJobNotSucceeding', firing, '1d 3h 56m 40s')).toBe('');
    expect(promtool(rule, [lastSuccess], 'NightlyReportCronJobNotSucceeding', firing, '1d 3h 56m 40s')).toBe('');
  });

  test('suspended on purpose: quiet', () => {
    expect(promtool(rule, [lastSuccess, suspended(true)], 'NightlyReportCronJobNotSucceeding', [])).toBe('');
  });
});
