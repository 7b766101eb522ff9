import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppWorkload } from './app-workload';
import { JobOptions } from './batch-workload';
import { checkInt32, checkInt32Seconds, checkInt64Seconds, inputError } from '../core/errors';

/**
 * Checks the options of a job.
 */
export function checkJobOptions(owner: AppWorkload, options: JobOptions): void {
  for (const [prop, value, min] of [['completions', options.completions, 1], ['parallelism', options.parallelism, 1], ['backoffLimit', options.backoffLimit, 0]] as const) {
    if (value !== undefined) {
      checkInt32(owner, prop, value, { min, what: 'a count: an integer' });
    }
  }
  if (options.activeDeadline !== undefined) {
    checkInt64Seconds(owner, 'activeDeadline', options.activeDeadline, { min: 1 });
  }
  if (options.ttlAfterFinished !== undefined) {
    checkInt32Seconds(owner, 'ttlAfterFinished', options.ttlAfterFinished, { min: 0 });
  }
  if (options.restartPolicy === kplus.RestartPolicy.ALWAYS) {
    throw inputError(owner, 'restartPolicy', options.restartPolicy, 'a job\'s pods must end', 'RestartPolicy.NEVER or RestartPolicy.ON_FAILURE');
  }
}

/**
 * The JSON patches for the job fields that cdk8s-plus-27 has no API for.
 */
export function jobPatches(pointer: string, options: JobOptions): JsonPatch[] {
  const patches: JsonPatch[] = [];
  if (options.completions !== undefined) {
    patches.push(JsonPatch.add(`${pointer}/completions`, options.completions));
  }
  if (options.parallelism !== undefined) {
    patches.push(JsonPatch.add(`${pointer}/parallelism`, options.parallelism));
  }
  return patches;
}
