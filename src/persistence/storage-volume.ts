import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { checkAccessModes, isSingleNode } from './claim-checks';
import { PersistentClaim } from './persistent-claim';
import { ProjectedSource } from './projected-source';
import { checkSecretNamespace } from '../access/secret-source-uses';
import { checkInteger, checkSeconds, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { SecurityProfile } from '../core/security-profile';
import { Warnings } from '../core/warnings';
import { AppWorkload, VolumeMountOptions } from '../workload/app-workload';
import { BatchWorkload } from '../workload/batch-workload';
import { DaemonWorkload } from '../workload/daemon-workload';
import { ScheduledWorkload } from '../workload/scheduled-workload';
import { SecurityRelaxation } from '../workload/security';
import { StatefulWorkload } from '../workload/stateful-workload';
import { checkAppWorkload } from '../workload/workload-checks';

/**
 * Options of a scratch volume.
 */
export interface ScratchVolumeOptions {
  /**
   * The most the volume may hold, in whole mebibytes; a pod that writes more is evicted.
   *
   * @default - no limit but the node's disk (or, in memory, the pod's memory limit)
   */
  readonly sizeLimit?: Size;

  /**
   * Whether the volume lives in memory (tmpfs): fast, counted against the containers' memory limits, and gone
   * with the node's restart.
   *
   * @default false
   */
  readonly inMemory?: boolean;
}

/**
 * Options of a node path volume.
 */
export interface HostPathVolumeOptions {
  /** The path on the node. */
  readonly path: string;

  /**
   * What must be at the path.
   *
   * @default kplus.HostPathVolumeType.DEFAULT (no check)
   */
  readonly type?: kplus.HostPathVolumeType;
}

/**
 * Options of a volume of an existing claim.
 */
export interface ExistingClaimVolumeOptions {
  /**
   * The access modes of the claim (a list of known modes), so that sharing a ReadWriteOnce claim across nodes is
   * refused.
   *
   * @default - unknown: not checked
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
}

/**
 * Options of a volume of ConfigMap or Secret files.
 */
export interface ConfigVolumeOptions {
  /**
   * Which keys to project, and where (relative paths); the others are left out.
   *
   * @default - every key, as a file of its name
   */
  readonly items?: { [key: string]: kplus.PathMapping };

  /**
   * The file mode bits of the files (e.g. 0o440): an integer from 0 to 0o777.
   *
   * @default 0o644
   */
  readonly defaultMode?: number;

  /**
   * Whether the pod starts when the ConfigMap or Secret does not exist.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Options of mounting a storage volume.
 */
export interface StorageMountOptions extends VolumeMountOptions {
  /**
   * Whether the pods are known to run on one node at a time (e.g. by node affinity), so that a ReadWriteOnce claim
   * may be shared by a workload that has more than one pod.
   *
   * @default false
   */
  readonly acknowledgeSingleNode?: boolean;
}

/** The kind of storage behind a volume. */
enum StorageKind {
  SCRATCH = 'scratch',
  HOST_PATH = 'host-path',
  CLAIM = 'claim',
  CONFIG = 'config',
  PROJECTED = 'projected',
}

/**
 * A volume of a workload's pods: scratch space, a node path, persistent storage, or configuration files.
 *
 * `mountIn()` mounts it into one, several or all containers of a workload, and checks what would go wrong: a node
 * path without the workload's explicit opt-in, a ReadWriteOnce claim shared by pods that can run on several nodes,
 * a mount path used twice, two volumes of one name. A writable persistent volume of a non-root pod gets an
 * fsGroup, so that the user can write it.
 *
 * @example
 * StorageVolume.scratch('cache', { sizeLimit: Size.gibibytes(1) }).mountIn(web, '/var/cache/app');
 */
export class StorageVolume {
  /**
   * Scratch space (emptyDir): empty when the pod starts, shared by its containers, gone with the pod.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   */
  public static scratch(name: string, options: ScratchVolumeOptions = {}): StorageVolume {
    return new StorageVolume(name, StorageKind.SCRATCH, undefined, (scope, id) => kplus.Volume.fromEmptyDir(scope, id, name, {
      medium: options.inMemory ? kplus.EmptyDirMedium.MEMORY : undefined,
      sizeLimit: options.sizeLimit === undefined ? undefined : checkSizeLimit(scope, `volume ${JSON.stringify(name)}.sizeLimit`, options.sizeLimit),
    }));
  }

  /**
   * A directory or file of the node (hostPath). It breaks the baseline and restricted profiles: the workload must
   * opt in with `relax: [SecurityRelaxation.HOST_PATH]`.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
   */
  public static hostPath(name: string, options: HostPathVolumeOptions): StorageVolume {
    return new StorageVolume(name, StorageKind.HOST_PATH, undefined, (scope, id) => kplus.Volume.fromHostPath(scope, id, name, {
      path: options.path,
      type: options.type,
    }), options.path);
  }

  /**
   * The volume of a claim made with `PersistentClaim`.
   */
  public static fromClaim(name: string, claim: PersistentClaim): StorageVolume {
    return new StorageVolume(name, StorageKind.CLAIM, claim.accessModes,
      (scope, id) => kplus.Volume.fromPersistentVolumeClaim(scope, id, claim.claim, { name }));
  }

  /**
   * The volume of a claim that exists in the namespace already (made by hand, or by another tool).
   *
   * @param name the name of the volume in the pod
   * @param claimName the name of the PersistentVolumeClaim (a DNS-1123 subdomain, checked when the volume is mounted)
   */
  public static fromExistingClaim(name: string, claimName: string, options: ExistingClaimVolumeOptions = {}): StorageVolume {
    return new StorageVolume(name, StorageKind.CLAIM, options?.accessModes, (scope, id) => kplus.Volume.fromPersistentVolumeClaim(
      scope, id, kplus.PersistentVolumeClaim.fromClaimName(scope, `${id}Claim`, claimName), { name }), claimName, true);
  }

  /**
   * The keys of a ConfigMap as files (read-only unless mounted otherwise).
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#configmap
   */
  public static fromConfigMap(name: string, configMap: kplus.IConfigMap, options: ConfigVolumeOptions = {}): StorageVolume {
    return new StorageVolume(name, StorageKind.CONFIG, undefined, (scope, id) => {
      checkDefaultMode(scope, name, options.defaultMode);
      if (options.items !== undefined && configMap instanceof kplus.ConfigMap) {
        checkItemsAtSynth(scope, name, configMap, Object.keys(options.items));
      }
      return kplus.Volume.fromConfigMap(scope, id, configMap, { name, ...options });
    });
  }

  /**
   * The keys of a Secret as files (read-only unless mounted otherwise).
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#secret
   */
  public static fromSecret(name: string, secret: kplus.ISecret, options: ConfigVolumeOptions = {}): StorageVolume {
    return new StorageVolume(name, StorageKind.CONFIG, undefined, (scope, id) => {
      checkDefaultMode(scope, name, options.defaultMode);
      checkSecretNamespace(scope, `volume ${JSON.stringify(name)}`, secret);
      return kplus.Volume.fromSecret(scope, id, secret, { name, ...options });
    });
  }

  /**
   * Several sources in one directory: ConfigMap and Secret keys, pod fields, ServiceAccount tokens (read-only).
   *
   * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/
   * @param defaultMode the file mode bits of the files (an integer from 0 to 0o777); @default 0o644
   */
  public static projected(name: string, sources: ProjectedSource[], defaultMode?: number): StorageVolume {
    return new StorageVolume(name, StorageKind.PROJECTED, undefined, (scope, id) => {
      const projections = checkProjectedSources(scope, name, sources);
      checkDefaultMode(scope, name, defaultMode);
      // cdk8s-plus has no projected volume (27 and 34 alike): a Volume of its own class, made as its factories make theirs (its
      // constructor is private in TypeScript only), with the source in the typed shape of its L1 pod spec.
      const VolumeClass = kplus.Volume as unknown as new (s: AppWorkload, i: string, n: string, config: object) => kplus.Volume;
      return new VolumeClass(scope, id, name, { projected: { sources: projections, defaultMode } });
    });
  }

  /** The name of the volume in the pod. */
  public readonly name: string;

  private readonly kind: StorageKind;
  private readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  private readonly make: (scope: AppWorkload, id: string) => kplus.Volume;
  private readonly detail?: string;
  /** Whether `detail` is the name of a claim made elsewhere (fromExistingClaim), checked when mounted. */
  private readonly existingClaim: boolean;
  private readonly byWorkload = new WeakMap<AppWorkload, kplus.Volume>();

  private constructor(
    name: string, kind: StorageKind, accessModes: kplus.PersistentVolumeAccessMode[] | undefined,
    make: (scope: AppWorkload, id: string) => kplus.Volume, detail?: string, existingClaim = false,
  ) {
    this.name = name;
    this.kind = kind;
    this.accessModes = accessModes;
    this.make = make;
    this.detail = detail;
    this.existingClaim = existingClaim;
  }

  /**
   * Mounts the volume into containers of a workload.
   *
   * @param workload the workload whose pods get the volume
   * @param path where the containers see it: an absolute path, unique in each container
   * @throws when the workload did not opt in to node paths, when a ReadWriteOnce claim would be shared across
   * nodes, when the path is taken, or when another volume of the pod has the same name
   */
  public mountIn(workload: AppWorkload, path: string, options: StorageMountOptions = {}): void {
    checkAppWorkload(undefined, 'mountIn(workload)', workload);
    FormatRule.DNS1123_LABEL.check(workload, 'volume.name', this.name);
    if (this.kind === StorageKind.HOST_PATH && workload.securityProfile !== SecurityProfile.PRIVILEGED
      && !workload.relaxations.includes(SecurityRelaxation.HOST_PATH)) {
      throw inputError(workload, `volume ${JSON.stringify(this.name)}`, this.detail,
        'a node path (hostPath) breaks the baseline and restricted profiles: the pod could read or change the node\'s files',
        'a workload made with `relax: [SecurityRelaxation.HOST_PATH]` (an explicit opt-in), or another kind of volume');
    }
    if (this.kind === StorageKind.HOST_PATH && (typeof this.detail !== 'string' || !this.detail.startsWith('/'))) {
      throw inputError(workload, `volume ${JSON.stringify(this.name)}.path`, this.detail, 'it is not an absolute path', 'an absolute path on the node, e.g. "/var/log"');
    }
    if (this.existingClaim) {
      // The name of a claim made elsewhere (fromExistingClaim): the API server refuses a pod that names an invalid one.
      const problem = FormatRule.DNS1123_SUBDOMAIN.problemWith(this.detail as string);
      if (problem !== undefined) {
        throw inputError(workload, `volume ${JSON.stringify(this.name)}.claimName`, this.detail, problem,
          `the name of an existing PersistentVolumeClaim, a ${FormatRule.DNS1123_SUBDOMAIN.ruleName}: ${FormatRule.DNS1123_SUBDOMAIN.accepted}`);
      }
    }
    if (this.kind === StorageKind.CLAIM && this.accessModes !== undefined) {
      checkAccessModes(workload, this.accessModes, `volume ${JSON.stringify(this.name)}.accessModes`);
    }
    if (this.kind === StorageKind.CLAIM && this.accessModes && isSingleNode(this.accessModes) && workload.canRunOnSeveralNodes
      && !options.acknowledgeSingleNode) {
      const { why, fixes } = severalNodesOf(workload);
      throw inputError(workload, `volume ${JSON.stringify(this.name)}`, this.accessModes.join(','),
        `the claim can be attached by one node at a time, and the pods of this workload can run on several nodes (${why}): all but the first would hang`,
        `a ReadWriteMany claim, ${fixes}, or \`acknowledgeSingleNode: true\` when the pods are kept on one node`);
    }
    let volume = this.byWorkload.get(workload);
    if (!volume) {
      // Another StorageVolume of the same name makes its own construct; mountVolume() refuses the name clash.
      let id = `Volume-${this.name}`;
      for (let n = 2; workload.node.tryFindChild(id); n++) {
        id = `Volume-${this.name}-${n}`;
      }
      volume = this.make(workload, id);
      this.byWorkload.set(workload, volume);
    }
    const readOnly = options.readOnly ?? (this.kind === StorageKind.CONFIG || this.kind === StorageKind.PROJECTED);
    workload.mountVolume(volume, path, { ...options, readOnly });
    if (!readOnly && this.kind === StorageKind.CLAIM && workload.runsAsNonRoot) {
      workload.ensureFsGroup();
    }
    // The kubelet gives a claim to the fsGroup, never a node path: what the pods may write there is the node's to say.
    if (!readOnly && this.kind === StorageKind.HOST_PATH && workload.runsAsNonRoot) {
      Warnings.add(workload, `the node path ${this.detail} is mounted writable at ${path} in pods that run as non-root, and the kubelet does not give `
        + 'a node path to the fsGroup: they can write it only if the directory on each node lets their user write (one the kubelet makes for '
        + 'DirectoryOrCreate is root\'s, mode 0755). Make it theirs on the nodes, mount it read-only, or run as root (relax RUN_AS_ROOT)');
    }
  }
}

/**
 * Refuses sources that would make an invalid projected volume; returns them in the shape of the L1 pod spec.
 */
function checkProjectedSources(scope: AppWorkload, name: string, sources: ProjectedSource[]): kplus.k8s.VolumeProjection[] {
  if (sources.length === 0) {
    throw inputError(scope, `volume ${JSON.stringify(name)}.sources`, [], 'there is no source', 'one or more ProjectedSource');
  }
  const seen = new Set<string>();
  return sources.map((source, i) => {
    checkSecretNamespace(scope, `volume ${JSON.stringify(name)}.sources[${i}]`, source._secret);
    for (const path of source._paths) {
      if (path === '' || path.startsWith('/') || path.split('/').includes('..')) {
        throw inputError(scope, `volume ${JSON.stringify(name)}.sources`, path, 'it is empty, absolute or goes up with ".."', 'a relative path inside the volume, e.g. "config/app.yaml"');
      }
      if (seen.has(path)) {
        throw inputError(scope, `volume ${JSON.stringify(name)}.sources`, path, 'two sources write this path', 'paths unique in the volume');
      }
      seen.add(path);
    }
    const token = source._source.serviceAccountToken;
    if (token === undefined || source._expiration === undefined) {
      return source._source;
    }
    const prop = `volume ${JSON.stringify(name)}.sources[${i}].expiration`;
    const accepted = `an expiration in whole seconds from Duration.minutes(10) to ${MAX_TOKEN_EXPIRATION} seconds (2^32)`;
    const expiration = checkSeconds(scope, prop, source._expiration, { what: accepted });
    // The API server's limits (ValidateProjectedVolumeSource): at least 10 minutes, at most 2^32 seconds.
    if (expiration < MIN_TOKEN_EXPIRATION) {
      throw inputError(scope, prop, expiration, 'a ServiceAccount token lives at least 10 minutes (600 seconds)', accepted);
    }
    if (expiration > MAX_TOKEN_EXPIRATION) {
      throw inputError(scope, prop, expiration, `it is more than ${MAX_TOKEN_EXPIRATION} seconds (2^32), the longest the API server accepts`, accepted);
    }
    return { ...source._source, serviceAccountToken: { ...token, expirationSeconds: expiration } };
  });
}

/** The shortest life of a projected ServiceAccount token that the API server accepts, in seconds. */
const MIN_TOKEN_EXPIRATION = 600;
/** The longest life of a projected ServiceAccount token that the API server accepts, in seconds (2^32). */
const MAX_TOKEN_EXPIRATION = 4294967296;

/**
 * Refuses file mode bits that are not an integer from 0 to 0o777 (what the API server accepts for `defaultMode`).
 */
function checkDefaultMode(scope: AppWorkload, name: string, mode: number | undefined): void {
  if (mode !== undefined) {
    checkInteger(scope, `volume ${JSON.stringify(name)}.defaultMode`, mode, { min: 0, max: 0o777, what: 'file mode bits (e.g. 0o644): an integer' });
  }
}

/**
 * Refuses a scratch size limit that cdk8s-plus-34 cannot write (it writes whole mebibytes); returns it otherwise.
 */
function checkSizeLimit(scope: AppWorkload, prop: string, size: Size): Size {
  const accepted = 'a size in whole mebibytes above zero, e.g. Size.mebibytes(512) or Size.gibibytes(1)';
  if (!(size instanceof Size)) {
    throw inputError(scope, prop, size, 'it is not a Size', accepted);
  }
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  const kibibytes = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isFinite(mebibytes)) {
    throw inputError(scope, prop, `${kibibytes}Ki`, 'it is not a finite size', accepted);
  }
  if (!Number.isInteger(mebibytes)) {
    throw inputError(scope, prop, `${kibibytes}Ki`, 'it is not a whole number of mebibytes (cdk8s-plus-34 writes it in Mi)', accepted);
  }
  if (mebibytes <= 0) {
    throw inputError(scope, prop, `${kibibytes}Ki`, 'it is not above zero', accepted);
  }
  if (mebibytes > MAX_SIZE_LIMIT_MEBIBYTES) {
    throw inputError(scope, prop, `${mebibytes}Mi`, `it is more than ${MAX_SIZE_LIMIT_MEBIBYTES}Mi (8 EiB, the most a quantity of bytes holds)`, accepted);
  }
  return size;
}

/** The largest scratch size limit, in mebibytes: 2^63 bytes, less one mebibyte. */
const MAX_SIZE_LIMIT_MEBIBYTES = 2 ** 43 - 1;

/**
 * Refuses, when the app is synthesized (its ConfigMaps are complete then), items of a ConfigMap volume that name a key
 * the ConfigMap of the app does not have: the pod would fail to mount the volume. A ConfigMap made elsewhere
 * (`fromConfigMapName`) has unknown keys, and is not checked.
 */
function checkItemsAtSynth(workload: AppWorkload, name: string, configMap: kplus.ConfigMap, items: string[]): void {
  workload.node.addValidation({
    validate: () => {
      const keys = [...Object.keys(configMap.data), ...Object.keys(configMap.binaryData)].sort();
      return items.filter((key) => !keys.includes(key)).map((key) => inputError(workload, `volume ${JSON.stringify(name)}.items`, key,
        `the ConfigMap ${configMap.name} has no such key (its keys: ${keys.join(', ') || 'none'}), so the pods would fail to mount the volume`,
        `one of the ConfigMap's keys: ${keys.map((k) => JSON.stringify(k)).join(', ')}`).message);
    },
  });
}

/** Why the pods of a workload can run on several nodes at once, and what keeps them to one, by kind, for messages. */
function severalNodesOf(workload: AppWorkload): { readonly why: string; readonly fixes: string } {
  if (workload instanceof DaemonWorkload) {
    return { why: 'a DaemonSet runs a pod on every node', fixes: 'a node path (StorageVolume.hostPath)' };
  }
  if (workload instanceof BatchWorkload) {
    return { why: 'parallelism above 1 runs several pods at once', fixes: 'parallelism 1' };
  }
  if (workload instanceof ScheduledWorkload) {
    return {
      why: 'parallelism above 1, or concurrencyPolicy Allow, which lets a run start while the last one runs',
      fixes: 'parallelism 1 with concurrencyPolicy Forbid (the default) or Replace',
    };
  }
  if (workload instanceof StatefulWorkload) {
    // A StatefulSet replaces its pods one at a time, the old one first: only its replicas run on several nodes.
    return { why: 'more than one replica', fixes: 'storage per replica (replicaStorage, or ReplicaStorage on the StatefulWorkload), or one replica' };
  }
  return {
    why: 'more than one replica, or a rolling update that starts the new pod before it stops the old one',
    fixes: 'storage per replica (ReplicaStorage on a StatefulWorkload), one pod that a rollout replaces (strategy: RolloutStrategy.recreate(), or a rolling '
      + 'update with maxSurge 0)',
  };
}
