import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { checkAccessModes, checkClaimSize } from './claim-checks';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaults } from '../core/platform-defaults';
import { VolumeMountOptions } from '../workload/app-workload';
import { StatefulWorkload } from '../workload/stateful-workload';

/**
 * Properties of the storage of each replica of a stateful workload.
 */
export interface ReplicaStorageProps extends VolumeMountOptions {
  /**
   * The name of the claim template. Each replica's claim is `<name>-<workload>-<ordinal>` (`data-mysql-0`): the
   * names never depend on construct ids, and must never change (that would leave the data behind).
   */
  readonly name: string;

  /**
   * Where the containers mount the storage.
   */
  readonly mountPath: string;

  /**
   * The storage of each replica, in whole gibibytes.
   */
  readonly size: Size;

  /**
   * The StorageClass that provisions the volumes.
   *
   * @default - the platform default `storageClassName`; without one, the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * The access modes of each claim.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Whether the volumes are filesystems or raw block devices.
   *
   * @default kplus.PersistentVolumeMode.FILE_SYSTEM
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;
}

/**
 * Storage of each replica of a stateful workload: a volume claim template of its StatefulSet, mounted in its
 * containers.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
export class ReplicaStorage {
  /**
   * Adds storage for each replica to a stateful workload.
   */
  public static addTo(workload: StatefulWorkload, props: ReplicaStorageProps): void {
    const gib = checkClaimSize(workload, 'storage.size', props.size);
    const storageClassName = props.storageClassName ?? PlatformDefaults.of(workload).storageClassName;
    if (storageClassName !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(workload, 'storage.storageClassName', storageClassName);
    }
    const accessModes = checkAccessModes(workload, props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    const { name, mountPath, size: _size, storageClassName: _class, accessModes: _modes, volumeMode, ...mountOptions } = props;
    workload.addReplicaVolumeClaim({
      name,
      spec: {
        accessModes,
        storageClassName,
        volumeMode,
        resources: { requests: { storage: kplus.k8s.Quantity.fromString(`${gib}Gi`) } },
      },
    }, mountPath, mountOptions);
  }

  private constructor() {}
}
