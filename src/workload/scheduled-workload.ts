import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppWorkload } from './app-workload';
import { AppWorkloadProps } from './app-workload-props';
import { CronSchedule, TimeZone } from './cron-schedule';
import { checkJobOptions, jobPatches } from './job-checks';
import { JobOptions } from './job-options';
import { checkInt32, checkInt64Seconds, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { Warnings } from '../core/warnings';

/**
 * When and how a scheduled job runs (a CronJob). Declared once, taken by {@link ScheduledWorkload} and the
 * `ScheduledJob` pattern.
 */
export interface ScheduleOptions {
  /**
   * When the job runs: 5 cron fields or a macro (`@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`).
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  readonly schedule: CronSchedule;

  /**
   * The time zone of the schedule, an IANA name such as `Europe/Berlin` (never `TZ=` inside the schedule).
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
   * @default - the time zone of the kube-controller-manager (usually UTC)
   */
  readonly timeZone?: string;

  /**
   * What happens when a run is due while the previous one still runs.
   *
   * @default kplus.ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;

  /**
   * How late a run may start (after a controller outage, for instance) before it is skipped.
   *
   * @default Duration.minutes(5)
   */
  readonly startingDeadline?: Duration;

  /**
   * Whether runs are suspended.
   *
   * @default false
   */
  readonly suspend?: boolean;

  /**
   * How many successful jobs are kept. Not with `ttlAfterFinished` (which deletes them first).
   *
   * @default 3
   */
  readonly successfulJobsHistory?: number;

  /**
   * How many failed jobs are kept. Not with `ttlAfterFinished`.
   *
   * @default 1
   */
  readonly failedJobsHistory?: number;
}

/**
 * Properties of a {@link ScheduledWorkload}.
 */
export interface ScheduledWorkloadProps extends AppWorkloadProps, JobOptions, ScheduleOptions {}

/**
 * A batch job on a schedule (a nightly report, an hourly sync) under a CronJob.
 */
export class ScheduledWorkload extends AppWorkload {
  /** The cdk8s-plus-34 CronJob. */
  public readonly cronJob: kplus.CronJob;
  /** When the CronJob starts its Jobs. */
  public readonly schedule: CronSchedule;
  /** The cdk8s-plus-34 workload (the CronJob). */
  public readonly workload: kplus.Workload;
  /** Whether the pods may run on more than one node at once (parallelism above 1, or runs allowed to overlap). */
  public readonly canRunOnSeveralNodes: boolean;

  constructor(scope: Construct, id: string, props: ScheduledWorkloadProps) {
    super(scope, id, props, FormatRule.CRONJOB_NAME);
    if (!(props.schedule instanceof CronSchedule)) {
      throw inputError(this, 'schedule', props.schedule, 'it is not a CronSchedule', 'CronSchedule.expression("0 3 * * *") or CronSchedule.daily()');
    }
    this.schedule = props.schedule.check(this, 'schedule');
    if (props.timeZone !== undefined) {
      TimeZone.check(this, 'timeZone', props.timeZone);
      const skipped = this.schedule.skippedRunIn(props.timeZone);
      if (skipped !== undefined) {
        Warnings.add(this, `the schedule "${this.schedule.expressionString}" in ${props.timeZone} loses a run when the clocks go forward: on ${skipped} `
          + 'the CronJob controller does not run it, and the day has no other run, so CronJobNotSucceeding (if monitored) fires. Schedule it outside the '
          + 'hour the clocks skip, or in UTC (no timeZone)');
      }
    }
    checkJobOptions(this, props);
    const policies = Object.values(kplus.ConcurrencyPolicy) as string[];
    if (props.concurrencyPolicy !== undefined && !policies.includes(props.concurrencyPolicy)) {
      throw inputError(this, 'concurrencyPolicy', props.concurrencyPolicy, 'it is not a concurrency policy',
        `one of ${policies.map((p) => JSON.stringify(p)).join(', ')} (ConcurrencyPolicy of cdk8s-plus-34)`);
    }
    this.canRunOnSeveralNodes = (props.parallelism ?? 1) > 1 || props.concurrencyPolicy === kplus.ConcurrencyPolicy.ALLOW;
    const startingDeadline = props.startingDeadline ?? Duration.minutes(5);
    checkInt64Seconds(this, 'startingDeadline', startingDeadline, {
      min: 10, what: 'a duration in whole seconds (the CronJob controller checks every 10 seconds)',
    });
    for (const [prop, value] of [['successfulJobsHistory', props.successfulJobsHistory], ['failedJobsHistory', props.failedJobsHistory]] as const) {
      if (value !== undefined) {
        checkInt32(this, prop, value, { min: 0, what: 'a number of jobs: an integer' });
        if (props.ttlAfterFinished !== undefined) {
          throw inputError(this, prop, value, '`ttlAfterFinished` is set too, and would delete the jobs the history keeps',
            'either ttlAfterFinished or the history limits');
        }
      }
    }
    const template = this._resolvePodTemplate(props, { restartPolicy: props.restartPolicy ?? kplus.RestartPolicy.NEVER, job: true });
    this.cronJob = new kplus.CronJob(this, 'Resource', {
      ...template.plusProps,
      metadata: { name: this.name },
      schedule: props.schedule.toCron(),
      timeZone: props.timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? kplus.ConcurrencyPolicy.FORBID,
      startingDeadline,
      suspend: props.suspend ?? false,
      successfulJobsRetained: props.successfulJobsHistory,
      failedJobsRetained: props.failedJobsHistory,
      backoffLimit: props.backoffLimit ?? 6,
      activeDeadline: props.activeDeadline,
      ttlAfterFinished: props.ttlAfterFinished,
    });
    this.workload = this.cronJob;
    template.applyTo(this.cronJob);
    for (const patch of jobPatches('/spec/jobTemplate/spec', props)) {
      this.apiObject.addJsonPatch(patch);
    }
    this.identity.applyTo(this);
  }
}
