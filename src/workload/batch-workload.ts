import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppWorkload } from './app-workload';
import { AppWorkloadProps } from './app-workload-props';
import { checkJobOptions, jobPatches } from './job-checks';
import { BatchOptions } from './job-options';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';

/**
 * Properties of a {@link BatchWorkload}.
 */
export interface BatchWorkloadProps extends AppWorkloadProps, BatchOptions {}

/**
 * A batch job that runs once to completion (a data import, a migration) under a Job.
 */
export class BatchWorkload extends AppWorkload {
  /** The cdk8s-plus-34 Job. */
  public readonly job: kplus.Job;
  /** The cdk8s-plus-34 workload (the Job). */
  public readonly workload: kplus.Workload;
  /** Whether the pods may run on more than one node at once (parallelism above 1). */
  public readonly canRunOnSeveralNodes: boolean;

  constructor(scope: Construct, id: string, props: BatchWorkloadProps) {
    // The job's name is a label value of its pods (job-name): a DNS-1123 label.
    super(scope, id, props, FormatRule.DNS1123_LABEL);
    checkJobOptions(this, props);
    this.canRunOnSeveralNodes = (props.parallelism ?? 1) > 1;
    if (props.deleteAfterFinished === false && props.ttlAfterFinished !== undefined) {
      throw inputError(this, 'ttlAfterFinished', props.ttlAfterFinished.toHumanString(), '`deleteAfterFinished` is false',
        'either ttlAfterFinished or deleteAfterFinished: false');
    }
    const template = this._resolvePodTemplate(props, { restartPolicy: props.restartPolicy ?? kplus.RestartPolicy.NEVER, job: true });
    this.job = new kplus.Job(this, 'Resource', {
      ...template.plusProps,
      metadata: { name: this.name },
      backoffLimit: props.backoffLimit ?? 6,
      activeDeadline: props.activeDeadline,
      ttlAfterFinished: props.deleteAfterFinished === false ? undefined : props.ttlAfterFinished ?? Duration.days(1),
    });
    this.workload = this.job;
    template.applyTo(this.job);
    for (const patch of jobPatches('/spec', props)) {
      this.apiObject.addJsonPatch(patch);
    }
    this.identity.applyTo(this);
  }
}
