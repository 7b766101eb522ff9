import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppWorkload } from './app-workload';
import { JobOptions } from './batch-workload';
import { checkInteger, checkSeconds, inputError } from '../core/errors';

/**
 * Checks the options of a job.
 */
export function checkJobOptions(owner: AppWorkload, options: JobOptions): void {
  for (const [prop, value, min] of [['completions', options.completions, 1], ['parallelism', options.parallelism, 1], ['backoffLimit', options.backoffLimit, 0]] as const) {
    if (value !== undefined) {
      checkInteger(owner, prop, value, { min, what: 'a count: an integer' });
    }
  }
  for (const [prop, value, min] of [['activeDeadline', options.activeDeadline, 1], ['ttlAfterFinished', options.ttlAfterFinished, 0]] as const) {
    if (value !== undefined) {
      checkSeconds(owner, prop, value, { min });
    }
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
