import * as kplus from 'cdk8s-plus-34';
import { checkAccessModes, checkClaimSize } from './claim-checks';
import { ClaimMount } from './mounts';
import { checkInstance, refusedAs } from '../core/errors';
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
    checkInstance(undefined, 'ReplicaStorage.addTo(workload)', workload, StatefulWorkload, 'a StatefulWorkload',
      'a StatefulWorkload (a StatefulService\'s is its `workload`): storage per replica is a claim template of its StatefulSet');
    const gib = checkClaimSize(workload, 'size', props.size);
    const storageClassName = props.storageClassName ?? PlatformDefaults.of(workload).storageClassName;
    if (storageClassName !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(workload, props.storageClassName !== undefined ? 'storageClassName' : 'platformDefaults.storageClassName', storageClassName);
    }
    const accessModes = checkAccessModes(workload, props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    const { name, mountPath, size: _size, storageClassName: _class, accessModes: _modes, volumeMode, ...mountOptions } = props;
    const claim = { name, spec: { accessModes, storageClassName, volumeMode, resources: { requests: { storage: kplus.k8s.Quantity.fromString(`${gib}Gi`) } } } };
    refusedAs(workload, { 'claim.name': 'name', 'options.subPath': 'subPath', 'options.containers': 'containers' },
      () => workload.addReplicaVolumeClaim(claim, mountPath, mountOptions));
  }

  private constructor() {}
}
