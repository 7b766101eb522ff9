import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { AppContainerProps } from './app-container';
import { JobCompletionMode, JobOptions, PodReplacementPolicy } from './job-options';
import { checkInt32, checkInt32Seconds, checkInt64Seconds, inputError } from '../core/errors';
import { requireFeature, targetVersionOf } from '../core/kubernetes-features';
import { hasFeature, JOB_POD_REPLACEMENT_POLICY, NATIVE_SIDECARS } from '../core/kubernetes-version';

/**
 * Checks the options of a job.
 */
export function checkJobOptions(owner: IConstruct, options: JobOptions): void {
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
  if (options.completionMode !== undefined) {
    const modes = Object.values(JobCompletionMode) as string[];
    if (!modes.includes(options.completionMode)) {
      throw inputError(owner, 'completionMode', options.completionMode, 'it is not a completion mode',
        `one of ${modes.map((m) => JSON.stringify(m)).join(', ')} (JobCompletionMode)`);
    }
    if (options.completionMode === JobCompletionMode.INDEXED && options.completions === undefined) {
      throw inputError(owner, 'completionMode', options.completionMode, 'an indexed Job needs completions: the indexes run from 0 to completions - 1',
        'completions (e.g. `completions: 10` for the indexes 0 to 9), or no completionMode');
    }
  }
  if (options.podReplacementPolicy !== undefined) {
    const accepted = Object.values(PodReplacementPolicy) as string[];
    if (!accepted.includes(options.podReplacementPolicy)) {
      throw inputError(owner, 'podReplacementPolicy', options.podReplacementPolicy, 'it is not a pod replacement policy',
        `one of ${accepted.map((a) => JSON.stringify(a)).join(', ')} (PodReplacementPolicy)`);
    }
    requireFeature(owner, 'podReplacementPolicy', options.podReplacementPolicy, JOB_POD_REPLACEMENT_POLICY, 'no podReplacementPolicy');
  }
}

/**
 * The JSON patches for the job fields that cdk8s-plus-34 has no API for (checked by {@link checkJobOptions}).
 */
export function jobPatches(pointer: string, options: JobOptions): JsonPatch[] {
  const patches: JsonPatch[] = [];
  if (options.completions !== undefined) {
    patches.push(JsonPatch.add(`${pointer}/completions`, options.completions));
  }
  if (options.parallelism !== undefined) {
    patches.push(JsonPatch.add(`${pointer}/parallelism`, options.parallelism));
  }
  if (options.completionMode !== undefined) {
    patches.push(JsonPatch.add(`${pointer}/completionMode`, options.completionMode));
  }
  if (options.podReplacementPolicy !== undefined) {
    patches.push(JsonPatch.add(`${pointer}/podReplacementPolicy`, options.podReplacementPolicy));
  }
  return patches;
}

/**
 * Where a sidecar of a Job's pods runs: `native`, a native sidecar (an init container with `restartPolicy: Always`,
 * which the kubelet stops once the main containers have exited, so it never keeps the Job running); `container`, a
 * regular container beside the main one, which only a sidecar that exits on its own may be; or `undefined`, no place
 * at all. The one place of this decision (the workloads' sidecars and `LogCollection.shipFiles` ask it).
 *
 * @param native whether the pods' sidecars are native sidecars (`PodOptions.nativeSidecars`)
 * @param exitsOnItsOwn whether the sidecar exits by itself (`AppContainerProps.exitsOnItsOwn`)
 */
export function jobSidecarPlacement(native: boolean, exitsOnItsOwn: boolean): 'native' | 'container' | undefined {
  if (native) {
    return 'native';
  }
  return exitsOnItsOwn ? 'container' : undefined;
}

/**
 * Refuses a sidecar of a Job's pods that has no place there ({@link jobSidecarPlacement}), saying why it is no native
 * sidecar: the target Kubernetes version has none, or `nativeSidecars` is false.
 *
 * @param prop the prop of the sidecar, e.g. `sidecars[0]`
 * @param name the name of the sidecar
 * @param native whether the pods' sidecars are native sidecars
 */
export function checkJobSidecar(owner: IConstruct, prop: string, name: string, sidecar: AppContainerProps, native: boolean): void {
  if (jobSidecarPlacement(native, sidecar.exitsOnItsOwn === true) === undefined) {
    throw inputError(owner, prop, name,
      `a Job completes only when every container of its pod exits; this sidecar never does (it is not declared to exit on its own, and ${whyNoNativeSidecar(owner)}), `
      + 'so the Job would never complete',
      `${hasFeature(targetVersionOf(owner), NATIVE_SIDECARS) ? 'native sidecars (nativeSidecars: true, the default for the target), or ' : ''}`
      + 'a sidecar that exits by itself once the work is done, declared with `exitsOnItsOwn: true` (e.g. a proxy that the main container '
      + 'shuts down when it finishes), or its work done in the main container');
  }
}

/**
 * Why a sidecar of a construct's pods is no native sidecar, for the refusals of sidecars that keep a Job running: the
 * target Kubernetes version has none, or (from 1.29) the workload says `nativeSidecars: false`.
 */
export function whyNoNativeSidecar(owner: IConstruct): string {
  const target = targetVersionOf(owner);
  return hasFeature(target, NATIVE_SIDECARS)
    ? 'it is no native sidecar, which would stop with the main container: the workload says nativeSidecars: false'
    : `Kubernetes ${target} has no native sidecars that stop with the main container`;
}
