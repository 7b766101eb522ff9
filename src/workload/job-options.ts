import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';

/**
 * How a batch job runs: how many pods must succeed, how many run at once, how failures and old jobs are handled.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export interface JobOptions {
  /**
   * How many pods must complete successfully.
   *
   * @default 1
   */
  readonly completions?: number;

  /**
   * How many pods run at once.
   *
   * @default 1
   */
  readonly parallelism?: number;

  /**
   * Whether the pods are interchangeable (`NON_INDEXED`: the Job completes when `completions` pods have succeeded) or
   * each has an index of its own, from 0 to `completions - 1` (`INDEXED`: the pods get it in the environment variable
   * `JOB_COMPLETION_INDEX`, for a share of the work each, and the Job completes when one pod of every index has
   * succeeded). `INDEXED` needs `completions`. Immutable once the Job exists: the change guard reports a change.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
   * @default JobCompletionMode.NON_INDEXED
   */
  readonly completionMode?: JobCompletionMode;

  /**
   * How many times a failed pod is retried before the job fails.
   *
   * @default 6
   */
  readonly backoffLimit?: number;

  /**
   * How long the job may run, retries included, before it is stopped and marked failed.
   *
   * @default - no limit
   */
  readonly activeDeadline?: Duration;

  /**
   * How long a finished job (and its pods, and their logs) is kept before it is deleted.
   *
   * @default - Duration.days(1) for a one-off job; for a scheduled job, the history limits decide instead
   */
  readonly ttlAfterFinished?: Duration;

  /**
   * Whether a failed container is restarted in the same pod (`OnFailure`) or a new pod is made (`Never`, which
   * keeps the failed pod for its logs).
   *
   * @default kplus.RestartPolicy.NEVER
   */
  readonly restartPolicy?: kplus.RestartPolicy;

  /**
   * When the Job makes a replacement for a pod that is being deleted (evicted, preempted, its node drained):
   * `FAILED` waits until the old pod has fully terminated, so that two pods of the job never run at once (a job that
   * must not run twice, or whose pods hold a lock or a GPU); `TERMINATING_OR_FAILED` does not wait. Needs Kubernetes
   * 1.29 or later (the platform default `kubernetesVersion`); refused on an older target.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#delayed-creation-of-replacement-pods
   * @default - TERMINATING_OR_FAILED (Kubernetes' default)
   */
  readonly podReplacementPolicy?: PodReplacementPolicy;
}

/**
 * Whether the pods of a Job are interchangeable or each has an index of its own.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
 */
export enum JobCompletionMode {
  /** Interchangeable pods: the Job completes when `completions` of them have succeeded (Kubernetes' default). */
  NON_INDEXED = 'NonIndexed',
  /** One pod per index, from 0 to `completions - 1`, each told its index in `JOB_COMPLETION_INDEX`. */
  INDEXED = 'Indexed',
}

/**
 * When a Job makes a replacement for a pod that is being deleted.
 */
export enum PodReplacementPolicy {
  /** As soon as the old pod is terminating (Kubernetes' default): the two may run at once for a while. */
  TERMINATING_OR_FAILED = 'TerminatingOrFailed',
  /** Only once the old pod has fully terminated: never two pods of the job at once. */
  FAILED = 'Failed',
}

/**
 * How a one-off batch job runs (a Job that no CronJob owns): the options of every Job, and whether it is deleted once
 * finished. Declared once, taken by `BatchWorkload` and the `BatchJob` pattern.
 */
export interface BatchOptions extends JobOptions {
  /**
   * Whether the finished job is deleted after `ttlAfterFinished` (one day unless given). `false` keeps it until
   * someone deletes it.
   *
   * @default true
   */
  readonly deleteAfterFinished?: boolean;
}
