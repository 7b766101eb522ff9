import { Construct } from 'constructs';
import { AppPattern, AppPatternProps } from './app-pattern';
import { checkMisspeltProps, madeAsPattern, PATTERN_PROPS } from './pattern-prop-names';
import { BatchWorkload } from '../workload/batch-workload';
import { BatchOptions } from '../workload/job-options';
import { BATCH_OPTIONS, optionsOf } from '../workload/option-names';

/**
 * Properties of a {@link BatchJob}.
 */
export interface BatchJobProps extends AppPatternProps, BatchOptions {}

/** The props of the pattern, for the misspelt ones of an untyped caller (checked against the interface by the compiler). */
const BATCH_JOB_PROPS = [...PATTERN_PROPS, ...BATCH_OPTIONS];

/**
 * A one-off batch job (a data import, a migration): a Job, monitored (a PodMonitor for its metrics, an alert when it
 * fails), from one props object.
 */
export class BatchJob extends AppPattern {
  /** The batch workload (Job). */
  public readonly batchWorkload: BatchWorkload;

  constructor(scope: Construct, id: string, props: BatchJobProps) {
    super(scope, id, props);
    checkMisspeltProps(this, props, 'BatchJobProps', BATCH_JOB_PROPS);
    this.batchWorkload = madeAsPattern(this, BATCH_JOB_PROPS, () => new BatchWorkload(this, 'Workload', { ...this._podProps(), ...optionsOf(props, BATCH_OPTIONS) }));
    this._complete({ workload: this.batchWorkload });
  }
}
