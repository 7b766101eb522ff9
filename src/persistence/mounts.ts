import { ClaimOptions } from './persistent-claim';
import { ScratchVolumeOptions } from './storage-volume';
import { VolumeMountOptions } from '../workload/app-workload';

/*
 * The volumes an application asks for by name and mount path, in one shape per kind of storage: taken by the patterns
 * (`scratch`, `claims`, `replicaStorage`) and by `ReplicaStorage.addTo`.
 */

/**
 * A scratch directory of the pods (an emptyDir: a cache, temporary files) and where the containers mount it.
 */
export interface ScratchMount extends ScratchVolumeOptions, VolumeMountOptions {
  /** The name of the volume, a DNS-1123 label. */
  readonly name: string;

  /** Where the containers see the volume. */
  readonly mountPath: string;
}

/**
 * A persistent volume claim and where the containers mount it: the one shape of a claim that an application asks for,
 * shared by the pods (a pattern's `claims`) or one per replica (`replicaStorage`, `ReplicaStorage.addTo`).
 */
export interface ClaimMount extends ClaimOptions, VolumeMountOptions {
  /**
   * The name of the volume, a DNS-1123 label. A claim shared by the pods is named `<application>-<name>`; the claim of
   * each replica `<name>-<workload>-<ordinal>` (`data-mysql-0`). The names never depend on construct ids, and must
   * never change (that would leave the data behind).
   */
  readonly name: string;

  /** Where the containers see the volume. */
  readonly mountPath: string;
}
