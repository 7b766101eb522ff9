import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { checkAccessModes, checkClaimSize, isSingleNode } from './claim-checks';
import { AppIdentity } from '../core/app-identity';
import { FormatRule } from '../core/format-rule';
import { claimObjectName } from '../core/object-names';
import { PlatformDefaults } from '../core/platform-defaults';

/**
 * The storage a claim asks for: its size, class, access modes and volume mode. Declared once, taken by a
 * {@link PersistentClaim}, by the storage of each replica (`ReplicaStorage`) and by the patterns (`ClaimMount`).
 */
export interface ClaimOptions {
  /**
   * The storage requested, in whole gibibytes (cdk8s-plus-34 writes it in Gi).
   */
  readonly size: Size;

  /**
   * The StorageClass that provisions the volume.
   *
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
   * @default - the platform default `storageClassName`; without one, the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * How the volume can be attached: `ReadWriteOnce` (one node at a time), `ReadOnlyMany`, `ReadWriteMany`,
   * `ReadWriteOncePod`.
   *
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Whether the volume is a filesystem or a raw block device.
   *
   * @default kplus.PersistentVolumeMode.FILE_SYSTEM
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;
}

/**
 * Properties of a {@link PersistentClaim}.
 */
export interface PersistentClaimProps extends ClaimOptions {
  /**
   * The name of the claim: explicit (never derived from the construct path), because renaming a claim leaves its
   * data behind. A DNS-1123 subdomain.
   */
  readonly name: string;

  /**
   * Whether the claim carries the annotations that keep Helm, Argo CD and Flux from deleting it
   * (`helm.sh/resource-policy: keep`, `argocd.argoproj.io/sync-options: Prune=false,Delete=false`,
   * `kustomize.toolkit.fluxcd.io/prune: disabled`).
   *
   * @default true
   */
  readonly protectFromDeletion?: boolean;

  /**
   * The application the claim belongs to: its labels go on the claim.
   *
   * @default - no labels
   */
  readonly identity?: AppIdentity;
}

/**
 * A PersistentVolumeClaim: storage that outlives the pods and the containers, shared by the pods that mount it
 * (for storage of each replica of a stateful workload, see `ReplicaStorage`).
 *
 * Its name is explicit and stable, and it is protected from deletion by the delivery tools unless told
 * otherwise: data is not lost by a refactoring or an uninstall.
 */
export class PersistentClaim extends Construct {
  /**
   * The annotations that keep the common delivery tools from deleting a claim (and its data) when it disappears
   * from the manifests or the application is uninstalled: Helm, Argo CD and Flux.
   */
  public static readonly PROTECTION_ANNOTATIONS: Record<string, string> = {
    'helm.sh/resource-policy': 'keep',
    // Prune=false: not pruned when it leaves the manifests; Delete=false: kept when the Application is deleted.
    'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
    'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  };

  /** The cdk8s-plus-34 PersistentVolumeClaim. */
  public readonly claim: kplus.PersistentVolumeClaim;
  /** The name of the claim. */
  public readonly name: string;
  /** The access modes. */
  public readonly accessModes: kplus.PersistentVolumeAccessMode[];

  constructor(scope: Construct, id: string, props: PersistentClaimProps) {
    super(scope, id);
    this.name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name);
    checkClaimSize(this, 'size', props.size);
    const storageClassName = props.storageClassName ?? PlatformDefaults.of(this).storageClassName;
    if (storageClassName !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(this, 'storageClassName', storageClassName);
    }
    this.accessModes = checkAccessModes(this, props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    this.claim = new kplus.PersistentVolumeClaim(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: props.identity?.labels,
        annotations: props.protectFromDeletion ?? true ? { ...PersistentClaim.PROTECTION_ANNOTATIONS } : undefined,
      },
      storage: props.size,
      storageClassName,
      accessModes: this.accessModes,
      volumeMode: props.volumeMode,
    });
    claimObjectName(this, 'name', ApiObject.of(this.claim));
  }

  /** Whether only one node at a time can attach the volume (ReadWriteOnce or ReadWriteOncePod). */
  public get singleNode(): boolean {
    return isSingleNode(this.accessModes);
  }
}
