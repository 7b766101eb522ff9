import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';

/*
 * Checks of claims (internal to the persistence step).
 */

/**
 * Refuses a claim size that is not a whole number of gibibytes above zero.
 */
export function checkClaimSize(scope: IConstruct, prop: string, size: Size): number {
  if (!(size instanceof Size)) {
    throw inputError(scope, prop, size, 'it is not a Size', 'a size such as Size.gibibytes(10)');
  }
  const gib = size.toKibibytes() / (1024 * 1024);
  if (!Number.isInteger(gib) || gib <= 0) {
    throw inputError(scope, prop, `${size.toKibibytes()}Ki`, 'it is not a whole number of gibibytes above zero (cdk8s-plus-27 writes it in Gi)',
      'a size in whole gibibytes, e.g. Size.gibibytes(10)');
  }
  return gib;
}

/**
 * Refuses an empty or unknown list of access modes.
 */
export function checkAccessModes(scope: IConstruct, modes: kplus.PersistentVolumeAccessMode[]): kplus.PersistentVolumeAccessMode[] {
  const known = Object.values(kplus.PersistentVolumeAccessMode) as string[];
  if (!Array.isArray(modes) || modes.length === 0) {
    throw inputError(scope, 'accessModes', modes, 'there is no access mode', `one or more of ${known.join(', ')}`);
  }
  for (const mode of modes) {
    if (!known.includes(mode)) {
      throw inputError(scope, 'accessModes', mode, 'it is not an access mode', `one of ${known.join(', ')}`);
    }
  }
  return [...modes];
}

/** Whether only one node at a time can attach a volume with these access modes. */
export function isSingleNode(modes: kplus.PersistentVolumeAccessMode[]): boolean {
  return modes.every((m) => m === kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE || m === kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD);
}
