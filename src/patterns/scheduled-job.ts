import { Construct } from 'constructs';
import { AppPattern, AppPatternProps, DerivedName } from './app-pattern';
import { checkMisspeltProps, madeAsPattern, PATTERN_PROPS } from './pattern-prop-names';
import { JobOptions } from '../workload/job-options';
import { JOB_OPTIONS, optionsOf, SCHEDULE_OPTIONS } from '../workload/option-names';
import { ScheduledWorkload, ScheduleOptions } from '../workload/scheduled-workload';

/**
 * Properties of a {@link ScheduledJob}.
 */
export interface ScheduledJobProps extends AppPatternProps, JobOptions, ScheduleOptions {}

/** The props of the pattern, for the misspelt ones of an untyped caller (checked against the interface by the compiler). */
const SCHEDULED_JOB_PROPS = [...PATTERN_PROPS, ...JOB_OPTIONS, ...SCHEDULE_OPTIONS];

/**
 * A job on a schedule (a nightly report, a cleanup): a CronJob, monitored (an alert when a run fails, and when no
 * run has succeeded for too long), from one props object.
 */
export class ScheduledJob extends AppPattern {
  /** The scheduled workload (CronJob). */
  public readonly scheduledWorkload: ScheduledWorkload;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id, props);
    checkMisspeltProps(this, props, 'ScheduledJobProps', SCHEDULED_JOB_PROPS);
    this.scheduledWorkload = madeAsPattern(this, SCHEDULED_JOB_PROPS, () => new ScheduledWorkload(this, 'Workload', {
      ...this._podProps(),
      ...optionsOf(props, JOB_OPTIONS),
      ...optionsOf(props, SCHEDULE_OPTIONS),
      schedule: props.schedule,
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
