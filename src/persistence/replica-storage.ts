import * as kplus from 'cdk8s-plus-34';
import { checkAccessModes, checkClaimSize } from './claim-checks';
import { ClaimMount } from './mounts';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaults } from '../core/platform-defaults';
import { StatefulWorkload } from '../workload/stateful-workload';

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
  public static addTo(workload: StatefulWorkload, props: ClaimMount): void {
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
