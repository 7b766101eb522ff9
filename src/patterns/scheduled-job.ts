import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppPattern, AppPatternProps, DerivedName } from './app-pattern';
import { extendProps } from '../core/props';
import { CronSchedule } from '../workload/cron-schedule';
import { JobOptions } from '../workload/job-options';
import { ScheduledWorkload } from '../workload/scheduled-workload';

/**
 * Properties of a {@link ScheduledJob}.
 */
export interface ScheduledJobProps extends AppPatternProps, JobOptions {
  /** When the job runs. */
  readonly schedule: CronSchedule;

  /**
   * The time zone of the schedule (IANA name, e.g. `Europe/Paris`).
   *
   * @default - the controller's time zone (UTC on most clusters)
   */
  readonly timeZone?: string;

  /**
   * What happens when a run is due while the previous one still runs.
   *
   * @default kplus.ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;

  /**
   * How late a missed run may still start.
   *
   * @default Duration.minutes(5)
   */
  readonly startingDeadline?: Duration;

  /**
   * Whether the schedule is paused.
   *
   * @default false
   */
  readonly suspend?: boolean;

  /**
   * How many successful Jobs are kept.
   *
   * @default 3
   */
  readonly successfulJobsHistory?: number;

  /**
   * How many failed Jobs are kept.
   *
   * @default 1
   */
  readonly failedJobsHistory?: number;
}

/**
 * A job on a schedule (a nightly report, a cleanup): a CronJob, monitored (an alert when a run fails, and when no
 * run has succeeded for too long), from one props object.
 */
export class ScheduledJob extends AppPattern {
  /** The scheduled workload (CronJob). */
  public readonly scheduledWorkload: ScheduledWorkload;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id, props);
    this.scheduledWorkload = new ScheduledWorkload(this, 'Workload', extendProps(this._podProps(), {
      schedule: props.schedule,
      timeZone: props.timeZone,
      concurrencyPolicy: props.concurrencyPolicy,
      startingDeadline: props.startingDeadline,
      suspend: props.suspend,
      successfulJobsHistory: props.successfulJobsHistory,
      failedJobsHistory: props.failedJobsHistory,
      completions: props.completions,
      parallelism: props.parallelism,
      backoffLimit: props.backoffLimit,
      activeDeadline: props.activeDeadline,
      ttlAfterFinished: props.ttlAfterFinished,
      restartPolicy: props.restartPolicy,
    }));
    this._complete({ workload: this.scheduledWorkload });
  }

  /**
   * The objects named after the application: those of every pattern, and the CronJob (at most 52 characters).
   *
   * @internal
   */
  protected _derivedNames(props: AppPatternProps): DerivedName[] {
    return [
      ...super._derivedNames(props),
      { object: 'CronJob', suffix: '', maxLength: 52, rule: 'a CronJob name (Kubernetes appends 11 characters to name each Job)' },
    ];
  }
}
