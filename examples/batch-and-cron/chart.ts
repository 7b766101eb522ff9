import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AlertKind, AlertSeverity, BatchJob, ContainerImage, CronSchedule, PlatformDefaults, ScheduledJob } from 'cdk8s-appflow';

const resources = {
  cpuRequest: kplus.Cpu.millis(250),
  cpuLimit: kplus.Cpu.units(1),
  memoryRequest: Size.mebibytes(256),
  memoryLimit: Size.mebibytes(512),
};

/**
 * Batch work, once and on a schedule, each one application pattern:
 *
 * - a one-off data import as a `BatchJob`: a Job that retries a failed pod 3 times, is stopped (and failed) after 2
 *   hours, and is deleted 2 days after it finishes (the failed pods stay until then, for their logs). It serves
 *   metrics while it runs, scraped by a PodMonitor (a job has no Service);
 * - a nightly report as a `ScheduledJob`: a CronJob at 03:30 Paris time (summer and winter), never two runs at once,
 *   and a run that could not start within 30 minutes of its time (the controller was down) is skipped.
 *
 * Jobs get no probes (a probe cannot make a pod that runs to completion ready for anything), and the alerts that
 * fit a job: `JobFailed` for both, and `CronJobNotSucceeding` when the report has not succeeded for 26 hours (a
 * night missed, whatever the reason: failed, skipped, suspended).
 */
export class BatchAndCronChart extends Chart {
  public readonly dataImport: BatchJob;
  public readonly nightlyReport: ScheduledJob;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'batch-and-cron', ...props });

    // The label that kube-prometheus-stack's Prometheus selects PodMonitors and PrometheusRules by.
    PlatformDefaults.set(this, { prometheusSelectorLabels: { release: 'kube-prometheus-stack' } });

    this.dataImport = new BatchJob(this, 'DataImport', {
      name: 'data-import',
      version: '1.2.0',
      component: 'batch',
      partOf: 'shop',
      image: ContainerImage.fromReference('registry.example.com/shop/import:1.2.0'),
      args: ['--source=https://exports.example.com/catalog/2024-06-01.csv', '--batch-size=500'],
      ports: [{ name: 'metrics', number: 9091 }],
      runAsUser: 10001,
      runAsGroup: 10001,
      resources,
      // Downloads go to a scratch volume (the root filesystem is read-only).
      scratch: [{ name: 'work', mountPath: '/work', sizeLimit: Size.gibibytes(5) }],
      backoffLimit: 3,
      activeDeadline: Duration.hours(2),
      ttlAfterFinished: Duration.days(2),
      monitoring: {
        metrics: { portName: 'metrics' },
        alerts: { alertLabels: { team: 'shop-data' } },
      },
      createNamespace: true,
    });

    this.nightlyReport = new ScheduledJob(this, 'NightlyReport', {
      name: 'nightly-report',
      version: '1.2.0',
      component: 'batch',
      partOf: 'shop',
      image: ContainerImage.fromReference('registry.example.com/shop/report:1.2.0'),
      args: ['--period=yesterday', '--send-to=reports@example.com'],
      runAsUser: 10001,
      runAsGroup: 10001,
      resources,
      schedule: CronSchedule.expression('30 3 * * *'),
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.minutes(30),
      backoffLimit: 2,
      activeDeadline: Duration.hours(1),
      monitoring: {
        alerts: {
          alertLabels: { team: 'shop-data' },
          // A failed night is worth a look in the morning; a report missing for more than a day is worth a page.
          severities: { [AlertKind.JOB_FAILED]: AlertSeverity.WARNING, [AlertKind.CRON_JOB_NOT_SUCCEEDING]: AlertSeverity.CRITICAL },
        },
      },
      createNamespace: true,
    });
  }
}
