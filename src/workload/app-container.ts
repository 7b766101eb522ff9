import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { ContainerImage } from '../image/container-image';

/**
 * A port of a container.
 */
export interface AppContainerPort {
  /**
   * The name of the port, which Services and probes refer to: an IANA service name (at most 15 lowercase
   * letters, digits and "-"), unique in the pod.
   */
  readonly name: string;

  /**
   * The port number, from 1 to 65535, unique in the pod (with its protocol): the containers of a pod share one
   * network namespace.
   */
  readonly number: number;

  /**
   * The protocol.
   *
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
}

/**
 * A resource request or limit of a container, to switch off.
 */
export enum ResourceField {
  /** The CPU request. */
  CPU_REQUEST = 'cpuRequest',
  /** The CPU limit. */
  CPU_LIMIT = 'cpuLimit',
  /** The memory request. */
  MEMORY_REQUEST = 'memoryRequest',
  /** The memory limit. */
  MEMORY_LIMIT = 'memoryLimit',
}

/**
 * The resource requests and limits of a container. Each one not given comes from the platform defaults
 * (`cpuRequest`, `cpuLimit`, `memoryRequest`, `memoryLimit`); each one can be switched off.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface AppContainerResources {
  /**
   * The CPU request.
   *
   * @default - the platform default `cpuRequest`, if any
   */
  readonly cpuRequest?: kplus.Cpu;

  /**
   * The CPU limit.
   *
   * @default - the platform default `cpuLimit`, if any
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * The memory request, in whole mebibytes.
   *
   * @default - the platform default `memoryRequest`, if any
   */
  readonly memoryRequest?: Size;

  /**
   * The memory limit, in whole mebibytes.
   *
   * @default - the platform default `memoryLimit`, if any
   */
  readonly memoryLimit?: Size;

  /**
   * The ephemeral storage request, in whole gibibytes.
   *
   * @default - none
   */
  readonly ephemeralStorageRequest?: Size;

  /**
   * The ephemeral storage limit, in whole gibibytes.
   *
   * @default - none
   */
  readonly ephemeralStorageLimit?: Size;

  /**
   * Requests and limits that this container does without, whatever the platform defaults say (e.g. no CPU
   * limit, so that the container is never throttled).
   *
   * @default - none is switched off
   */
  readonly switchOff?: ResourceField[];
}

/**
 * Where Kubernetes reads a container's termination message (shown by `kubectl describe pod` and in the pod's status).
 *
 * @see https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/
 */
export enum TerminationMessagePolicy {
  /** The file at `/dev/termination-log` only (Kubernetes' default). */
  FILE = 'File',
  /** The file, or the last lines of the container's log when the file is empty and the container failed. */
  FALLBACK_TO_LOGS_ON_ERROR = 'FallbackToLogsOnError',
}

/**
 * What a container runs and needs besides its image: command, environment, ports, resources, capabilities and mounts.
 * Declared once, taken by every container ({@link AppContainerProps}) and by the patterns for their main container.
 */
export interface ContainerOptions {
  /**
   * The entrypoint, instead of the image's.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * The arguments to the entrypoint.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * The working directory.
   *
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;

  /**
   * Environment variables: literal values (`EnvValue.fromValue`), keys of ConfigMaps and Secrets
   * (`EnvValue.fromConfigMap`, `EnvValue.fromSecretValue`), or the downward API (`EnvValue.fromFieldRef`,
   * `EnvValue.fromResource`). Names are checked; a value that is not an `EnvValue` is refused (from untyped
   * JavaScript, a string is taken as `EnvValue.fromValue`; a number, a boolean or an object is refused rather than
   * dropped).
   *
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
   * @default - none
   */
  readonly env?: { [name: string]: kplus.EnvValue };

  /**
   * Whole ConfigMaps and Secrets as environment variables (`EnvFrom.fromConfigMap`, `EnvFrom.fromSecret`).
   *
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];

  /**
   * The ports the container listens on.
   *
   * @default - none
   */
  readonly ports?: AppContainerPort[];

  /**
   * Resource requests and limits.
   *
   * @default - the platform defaults
   */
  readonly resources?: AppContainerResources;

  /**
   * How long the container waits, when asked to stop, before it gets SIGTERM: the time for the endpoints to be
   * removed from Services and load balancers, so that no request reaches a stopping process. Runs `sleep` in
   * the container (the image needs one); must be shorter than the pod's termination grace period.
   *
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
   * @default - no delay
   */
  readonly preStopDelay?: Duration;

  /**
   * Linux capabilities to add (all others are dropped under the restricted profile, which accepts only
   * `NET_BIND_SERVICE`; the baseline profile accepts a short list).
   *
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   * @default - none
   */
  readonly addCapabilities?: string[];

  /**
   * Volumes to mount (cdk8s-plus-34 mounts).
   *
   * @default - none (and `/tmp`, when the root filesystem is read-only)
   */
  readonly volumeMounts?: kplus.VolumeMount[];

  /**
   * Hooks run when the container starts (`postStart`) and before it is stopped (`preStop`): a command or an HTTP GET.
   * Not on an init container; no `preStop` with `preStopDelay` (which is one).
   *
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
   * @default - none (a `preStopDelay`, if given)
   */
  readonly lifecycle?: kplus.ContainerLifecycle;

  /**
   * Where Kubernetes reads the container's termination message: `FALLBACK_TO_LOGS_ON_ERROR` shows the last log lines
   * of a container that failed without writing `/dev/termination-log` (most applications).
   *
   * @see https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/
   * @default TerminationMessagePolicy.FILE (Kubernetes' default)
   */
  readonly terminationMessagePolicy?: TerminationMessagePolicy;
}

/**
 * A container of a workload: the main one, a sidecar or an init container.
 */
export interface AppContainerProps extends ContainerOptions {
  /**
   * The name of the container: a DNS-1123 label, unique in the pod.
   *
   * @default - the main container takes the application's name; sidecars and init containers must be named
   */
  readonly name?: string;

  /**
   * The image (step 1): by reference, or by logical name from an image lock.
   */
  readonly image: ContainerImage;

  /**
   * The user ID that the container's processes run as, over the pod's `runAsUser`: for an image whose own user
   * is root (such as busybox), which the restricted profile's `runAsNonRoot` would refuse to start.
   *
   * @default - the pod's runAsUser, else the image's user
   */
  readonly runAsUser?: number;

  /**
   * Whether the container exits by itself once its work is done: a sidecar that stops when the main container
   * tells it to (a proxy with a shutdown endpoint, an agent that watches for a file), or a one-shot helper.
   *
   * Read for the sidecars of a Job's pods (`BatchWorkload`, `ScheduledWorkload`, `BatchJob`, `ScheduledJob`): a Job
   * completes only when every container of its pod has exited, and Kubernetes 1.27 has no native sidecars that stop
   * with the main container, so a sidecar of a Job that is not declared to exit is refused. Named in the pods'
   * `cdk8s-appflow/exits-on-its-own` annotation. Changes nothing elsewhere.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#sidecar-containers-and-pod-lifecycle
   * @default false - the container runs until the pod stops (a server, a proxy, a log follower)
   */
  readonly exitsOnItsOwn?: boolean;
}
