import { Testing } from 'cdk8s';
import { BatchAndCronChart } from './chart';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function synth() {
  const chart = new BatchAndCronChart(Testing.app(), 'batch-and-cron');
  const manifests = Testing.synth(chart);
  const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
  return { chart, manifests, find };
}

test('the data import: a Job with 3 retries, stopped after 2 hours, deleted 2 days after it finishes', () => {
  const { find } = synth();
  const job = find('Job', 'data-import');
  expect(job.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 7200, ttlSecondsAfterFinished: 172800 });
  expect(job.spec.template.spec.restartPolicy).toBe('Never');
  expect(job.spec.template.spec.containers[0].image).toBe('registry.example.com/shop/import:1.2.0');
  // Scraped while it runs, by a PodMonitor (a job has no Service).
  expect(find('PodMonitor', 'data-import').spec.podMetricsEndpoints[0].port).toBe('metrics');
});

test('the nightly report: a CronJob at 03:30 Paris time, never two at once, skipped when 30 minutes late', () => {
  const { find } = synth();
  const cronJob = find('CronJob', 'nightly-report');
  expect(cronJob.spec).toMatchObject({
    schedule: '30 3 * * *',
    timeZone: 'Europe/Paris',
    concurrencyPolicy: 'Forbid',
    startingDeadlineSeconds: 1800,
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  });
  expect(cronJob.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600 });
  expect(cronJob.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
});

test('the alerts that fit jobs, routed to the team, and no probes', () => {
  const { chart, manifests, find } = synth();
  expect(chart.dataImport.monitoring?.alerts?.alerts).toEqual(expect.arrayContaining(['DataImportJobFailed']));
  expect(chart.dataImport.monitoring?.alerts?.alerts).not.toContain('DataImportReplicasUnavailable');
  expect(chart.nightlyReport.monitoring?.alerts?.alerts).toEqual(expect.arrayContaining(['NightlyReportJobFailed', 'NightlyReportCronJobNotSucceeding']));
  const rules = (name: string) => find('PrometheusRule', name).spec.groups[0].rules as any[];
  const rule = (name: string, alert: string) => rules(name).find((r) => r.alert === alert);
  expect(rule('data-import-alerts', 'DataImportJobFailed').labels).toMatchObject({ severity: 'critical', team: 'shop-data' });
  expect(rule('nightly-report-alerts', 'NightlyReportJobFailed').labels).toMatchObject({ severity: 'warning', team: 'shop-data' });
  expect(rule('nightly-report-alerts', 'NightlyReportJobFailed').expr).toContain('job_name=~"nightly-report-[0-9]+"');
  expect(rule('nightly-report-alerts', 'NightlyReportCronJobNotSucceeding')).toMatchObject({
    expr: 'time() - (kube_cronjob_status_last_successful_time{namespace="batch-and-cron", cronjob="nightly-report"} '
      + 'or kube_cronjob_created{namespace="batch-and-cron", cronjob="nightly-report"}) > 93600 '
      + 'unless on (namespace, cronjob) kube_cronjob_spec_suspend{namespace="batch-and-cron", cronjob="nightly-report"} == 1',
    labels: { severity: 'critical', team: 'shop-data' },
  });
  // No probes: the pods run to completion (even the import, which declares a port).
  const containers = [find('Job', 'data-import').spec.template.spec, find('CronJob', 'nightly-report').spec.jobTemplate.spec.template.spec]
    .flatMap((pod) => pod.containers);
  expect(containers).toHaveLength(2);
  for (const container of containers) {
    expect([container.readinessProbe, container.livenessProbe, container.startupProbe]).toEqual([undefined, undefined, undefined]);
  }
  expect(manifests.filter((m) => m.kind === 'Probe')).toEqual([]);
});

test('every pod meets the restricted profile, which the Namespace enforces', () => {
  const { manifests, find } = synth();
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
  expect(find('Namespace', 'batch-and-cron').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new BatchAndCronChart(Testing.app(), 'batch-and-cron'))).toMatchSnapshot();
});
