/*
 * In a file of its own, without cdk8s-plus-34, so that the validation plugin and the strict validator load it alone.
 */

/**
 * A Kubernetes version that the manifests can target (the minor version of the cluster's API server).
 *
 * The library validates against the target's API definitions, refuses features newer than the target, and uses the
 * target's features where it has them (see docs/versions.md).
 *
 * @see https://kubernetes.io/releases/
 */
export enum KubernetesVersion {
  /** Kubernetes 1.27, the API of cdk8s-plus-34. The built-in default. */
  V1_27 = '1.27',
  /** Kubernetes 1.28. */
  V1_28 = '1.28',
  /** Kubernetes 1.29: native sidecars on by default. */
  V1_29 = '1.29',
  /** Kubernetes 1.30. */
  V1_30 = '1.30',
  /** Kubernetes 1.31. */
  V1_31 = '1.31',
  /** Kubernetes 1.32. */
  V1_32 = '1.32',
  /** Kubernetes 1.33: user namespaces for pods on by default. */
  V1_33 = '1.33',
  /** Kubernetes 1.34. */
  V1_34 = '1.34',
  /** Kubernetes 1.35. */
  V1_35 = '1.35',
  /** Kubernetes 1.36. */
  V1_36 = '1.36',
}

/** The versions the library supports, oldest first. */
export const KUBERNETES_VERSIONS: readonly KubernetesVersion[] = Object.values(KubernetesVersion);

/** The version the manifests target when nothing says otherwise. */
export const DEFAULT_KUBERNETES_VERSION = KubernetesVersion.V1_27;

/** What a Kubernetes version may be, for error messages. */
export const KUBERNETES_VERSIONS_ACCEPTED = `one of ${KUBERNETES_VERSIONS.map((v) => JSON.stringify(v)).join(', ')} `
  + '(KubernetesVersion.V1_27 ... KubernetesVersion.V1_36)';

/** Whether a value is a supported Kubernetes version. */
export function isKubernetesVersion(value: unknown): value is KubernetesVersion {
  return typeof value === 'string' && (KUBERNETES_VERSIONS as readonly string[]).includes(value);
}

/** Whether `version` is `minimum` or later. */
export function isAtLeast(version: KubernetesVersion, minimum: KubernetesVersion): boolean {
  return KUBERNETES_VERSIONS.indexOf(version) >= KUBERNETES_VERSIONS.indexOf(minimum);
}

/**
 * A feature of Kubernetes newer than 1.27 that the library uses when the target has it, and refuses when it does not.
 */
export interface KubernetesFeature {
  /** What the feature is, as error messages name it. */
  readonly name: string;
  /** The first version that has it on by default (it may be in the API, behind a feature gate, before). */
  readonly since: KubernetesVersion;
}

/**
 * Native sidecars: init containers with `restartPolicy: Always` (beta and on by default from 1.29, GA in 1.33). The
 * workloads' sidecars are native from a target that has them (`PodOptions.nativeSidecars`); see docs/versions.md.
 */
export const NATIVE_SIDECARS: KubernetesFeature = {
  name: 'native sidecars (init containers with restartPolicy: Always)',
  since: KubernetesVersion.V1_29,
};

/**
 * User namespaces for pods (`hostUsers: false`): a field of the 1.27 API, but only honoured by default from 1.33
 * (the UserNamespacesSupport feature gate).
 */
export const USER_NAMESPACES: KubernetesFeature = {
  name: 'user namespaces for pods (hostUsers: false)',
  since: KubernetesVersion.V1_33,
};

/**
 * A Job's `podReplacementPolicy` (beta and on by default from 1.29, GA in 1.34): whether a replacement pod waits until
 * the pod it replaces has fully terminated.
 */
export const JOB_POD_REPLACEMENT_POLICY: KubernetesFeature = {
  name: 'the pod replacement policy of Jobs (podReplacementPolicy)',
  since: KubernetesVersion.V1_29,
};

/**
 * The `sleep` action of a lifecycle hook (beta and on by default from 1.30, GA in 1.34): the kubelet waits, with no
 * `sleep` binary needed in the image.
 */
export const SLEEP_ACTION: KubernetesFeature = {
  name: 'the sleep action of lifecycle hooks',
  since: KubernetesVersion.V1_30,
};

/**
 * A Service's `trafficDistribution` (beta and on by default from 1.31, GA in 1.33): `PreferClose` sends traffic to
 * endpoints close to the client (same zone) when there are any.
 */
export const SERVICE_TRAFFIC_DISTRIBUTION: KubernetesFeature = {
  name: 'the traffic distribution of Services (trafficDistribution)',
  since: KubernetesVersion.V1_31,
};

/** Whether the target has a feature. */
export function hasFeature(target: KubernetesVersion, feature: KubernetesFeature): boolean {
  return isAtLeast(target, feature.since);
}
