import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { checkKibibytes, inputError } from '../core/errors';

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
  const accepted = 'a size in whole gibibytes, e.g. Size.gibibytes(10)';
  const kib = checkKibibytes(scope, prop, size, accepted);
  const gib = kib / (1024 * 1024);
  if (!Number.isInteger(gib) || gib <= 0) {
    // In the largest unit that holds it whole (Size.mebibytes(500) reads "500Mi", not "512000Ki").
    throw inputError(scope, prop, kib % 1024 === 0 ? `${kib / 1024}Mi` : `${kib}Ki`, 'it is not a whole number of gibibytes above zero (cdk8s-plus-34 writes it in Gi)', accepted);
  }
  return gib;
}

/**
 * Refuses an empty or unknown list of access modes.
 *
 * @param prop the prop that holds the modes, e.g. `volume "data".accessModes`
 */
export function checkAccessModes(scope: IConstruct, modes: kplus.PersistentVolumeAccessMode[], prop = 'accessModes'): kplus.PersistentVolumeAccessMode[] {
  const known = Object.values(kplus.PersistentVolumeAccessMode) as string[];
  if (!Array.isArray(modes)) {
    throw inputError(scope, prop, modes, 'it is not a list', `a list of one or more of ${known.join(', ')}, e.g. [PersistentVolumeAccessMode.READ_WRITE_ONCE]`);
  }
  if (modes.length === 0) {
    throw inputError(scope, prop, modes, 'there is no access mode', `one or more of ${known.join(', ')}`);
  }
  for (const mode of modes) {
    if (!known.includes(mode)) {
      throw inputError(scope, prop, mode, 'it is not an access mode', `one of ${known.join(', ')}`);
    }
  }
  return [...modes];
}

/** Whether only one node at a time can attach a volume with these access modes. */
export function isSingleNode(modes: kplus.PersistentVolumeAccessMode[]): boolean {
  return modes.every((m) => m === kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE || m === kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD);
}
