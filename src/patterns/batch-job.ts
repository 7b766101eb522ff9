import { Construct } from 'constructs';
import { AppPattern, AppPatternProps } from './app-pattern';
import { extendProps } from '../core/props';
import { BatchWorkload } from '../workload/batch-workload';
import { JobOptions } from '../workload/job-options';

/**
 * Properties of a {@link BatchJob}.
 */
export interface BatchJobProps extends AppPatternProps, JobOptions {
  /**
   * Whether the Job is deleted some time after it finishes (`ttlAfterFinished`).
   *
   * @default true
   */
  readonly deleteAfterFinished?: boolean;
}

/**
 * A one-off batch job (a data import, a migration): a Job, monitored (a PodMonitor for its metrics, an alert when it
 * fails), from one props object.
 */
export class BatchJob extends AppPattern {
  /** The batch workload (Job). */
  public readonly batchWorkload: BatchWorkload;

  constructor(scope: Construct, id: string, props: BatchJobProps) {
    super(scope, id, props);
    this.batchWorkload = new BatchWorkload(this, 'Workload', extendProps(this._podProps(), {
      completions: props.completions,
      parallelism: props.parallelism,
      backoffLimit: props.backoffLimit,
      activeDeadline: props.activeDeadline,
      ttlAfterFinished: props.ttlAfterFinished,
      restartPolicy: props.restartPolicy,
      deleteAfterFinished: props.deleteAfterFinished,
    }));
    this._complete({ workload: this.batchWorkload });
  }
}
