import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppContainerProps } from './app-container';
import { ReplicaAntiAffinity } from './replica-anti-affinity';
import { SecurityRelaxation } from './security';
import { AppIdentity } from '../core/app-identity';
import { PlatformDefaultsProps } from '../core/platform-settings';
import { SecurityProfile } from '../core/security-profile';
import { RegistryCredentials } from '../image/registry-credentials';

/**
 * What the pods of every kind of workload take besides the main container: other containers, security, service
 * account, volumes and node placement. Declared once, taken by every workload ({@link AppWorkloadProps}) and by the
 * patterns.
 */
export interface PodOptions {
  /**
   * Containers that run beside the main one in every pod, sharing its network (localhost) and its volumes:
   * a reverse proxy, a log shipper, an agent. Native sidecars when the target Kubernetes version has them
   * (`nativeSidecars`); otherwise regular containers, and in a Job's pods (batch and scheduled workloads) each must then
   * exit on its own (`exitsOnItsOwn: true`): a Job completes only when every regular container has exited.
   *
   * @default - none
   */
  readonly sidecars?: AppContainerProps[];

  /**
   * Whether the sidecars (`sidecars`, and those added later, e.g. by `LogCollection.shipFiles`) are native sidecars:
   * init containers with `restartPolicy: Always`, listed after the init containers. The kubelet starts them once the
   * init containers before them have completed and before the main container, restarts them when they exit, and
   * stops them after the main container — so a Job's pods complete when the main container exits, and a proxy is up
   * before the application starts. They need Kubernetes 1.29 or later (on by default from 1.29, GA in 1.33): `true`
   * with an older target (the platform default `kubernetesVersion`) is refused. `false` keeps them regular containers
   * beside the main one, as on 1.27 and 1.28.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   * @default - true when the target Kubernetes version has native sidecars (1.29 or later), false otherwise
   */
  readonly nativeSidecars?: boolean;

  /**
   * Containers that run to completion, one after the other, before the others start: migrations, waiting for a
   * dependency, fetching data.
   *
   * @default - none
   */
  readonly initContainers?: AppContainerProps[];

  /**
   * How long the pods have to stop after SIGTERM before they are killed.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * The ServiceAccount the pods run as.
   *
   * @default - the namespace's default ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;

  /**
   * Whether the pods get a token of their ServiceAccount mounted (to call the Kubernetes API).
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
   * @default false
   */
  readonly mountServiceAccountToken?: boolean;

  /**
   * The Pod Security Standards profile the pods are made to meet.
   *
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   * @default - the platform default `securityProfile` (built in: RESTRICTED)
   */
  readonly securityProfile?: SecurityProfile;

  /**
   * Rules of the profile that this workload relaxes on purpose; each is named in the pods'
   * `cdk8s-appflow/security-relaxations` annotation.
   *
   * @default - none
   */
  readonly relax?: SecurityRelaxation[];

  /**
   * Whether the pods run in a user namespace of their own (`hostUsers: false`): their users, root included, map to
   * unprivileged users of the node, so that a process that breaks out of its container has no privileges there. On by
   * default from Kubernetes 1.33, and refused when the target Kubernetes version (platform default
   * `kubernetesVersion`) is older; the nodes need Linux 6.3 or later and a runtime that supports it (containerd 2.0,
   * CRI-O 1.25), and NFS volumes cannot be used. Not with the node's network (`hostNetwork`).
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/
   * @default false - the pods share the node's user namespace
   */
  readonly userNamespace?: boolean;

  /**
   * The user ID the containers run as.
   *
   * @default - the image's USER (which must not be root under the restricted profile)
   */
  readonly runAsUser?: number;

  /**
   * The group ID the containers run as.
   *
   * @default - the image's group
   */
  readonly runAsGroup?: number;

  /**
   * The group that owns the volumes, so that a non-root user can write them.
   *
   * @default - none
   */
  readonly fsGroup?: number;

  /**
   * Whether a writable emptyDir is mounted at `/tmp` in every container when the root filesystem is read-only.
   *
   * @default true
   */
  readonly tmpVolume?: boolean;

  /**
   * Volumes of the pods (cdk8s-plus-34 volumes), for the containers' `volumeMounts`.
   *
   * @default - none (and `tmp`, see `tmpVolume`)
   */
  readonly volumes?: kplus.Volume[];

  /**
   * Node labels a node must have to run the pods.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   * @default - any node
   */
  readonly nodeSelector?: { [label: string]: string };

  /**
   * Taints the pods tolerate.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   * @default - none
   */
  readonly tolerations?: kplus.k8s.Toleration[];

  /**
   * The PriorityClass of the pods.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * Where the pods may run, in the API's own terms: node affinity (node labels required or preferred) and pod affinity
   * and anti-affinity to other pods. To keep the application's own replicas apart, `replicaAntiAffinity` is shorter.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#affinity-and-anti-affinity
   * @default - none
   */
  readonly affinity?: kplus.k8s.Affinity;

  /**
   * Keeps the application's replicas apart (no two on one node, or in one zone), required or preferred, by its own
   * selector labels; added to the pod anti-affinity of `affinity`.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
   * @default - none (the replicated workloads spread their pods softly by default, see `spread`)
   */
  readonly replicaAntiAffinity?: ReplicaAntiAffinity;

  /**
   * The RuntimeClass of the pods (a sandboxed runtime such as gVisor or Kata Containers), a DNS-1123 subdomain.
   *
   * @see https://kubernetes.io/docs/concepts/containers/runtime-class/
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;

  /**
   * The DNS of the pods: policy, nameservers, search domains, options, hostname. On the node's network (a daemon's
   * `hostNetwork`) the policy `ClusterFirst` is refused: there it falls back to the node's DNS.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-dns-config
   * @default - the cluster's DNS (`ClusterFirst`; `ClusterFirstWithHostNet` on the node's network)
   */
  readonly dns?: kplus.PodDnsProps;

  /**
   * Entries of the pods' `/etc/hosts`.
   *
   * @see https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/
   * @default - none
   */
  readonly hostAliases?: kplus.HostAlias[];

  /**
   * Whether the containers of a pod share one process namespace (a sidecar that signals or inspects the main process).
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/
   * @default false
   */
  readonly shareProcessNamespace?: boolean;

  /**
   * Whether the pods get the Docker-link environment variables of every Service in their namespace (`WEB_PORT=...`),
   * which slow down the start of pods in namespaces of many Services and can clash with the application's own
   * variables. `false` leaves them out.
   *
   * @see https://kubernetes.io/docs/tutorials/services/connect-applications-service/#environment-variables
   * @default - Kubernetes' default (true)
   */
  readonly enableServiceLinks?: boolean;

  /**
   * Annotations of the pods.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Labels of the pods besides the application's (e.g. `azure.workload.identity/use: "true"`, a team label for a
   * policy). Never in the selector, and never one of the application's own label keys.
   *
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Pull Secrets of private registries that the pods name in `imagePullSecrets`, besides the platform default
   * `imagePullSecrets`.
   *
   * @see https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod
   * @default - none (and the platform default)
   */
  readonly pullSecrets?: RegistryCredentials[];

  /**
   * Whether a change in the data of a ConfigMap or Secret of the same app that the pods use (as environment or
   * volumes) rolls the pods: a checksum of that data goes in the `cdk8s-appflow/config-checksum` pod annotation.
   *
   * @default true
   */
  readonly rollOnConfigChange?: boolean;
}

/**
 * What every kind of workload takes: the application's identity, its main container, the options of its pods, and
 * platform defaults of its own.
 */
export interface AppWorkloadProps extends PodOptions {
  /**
   * The identity of the application: its labels go on every object and pod, its stable labels select the pods,
   * and its name names the objects.
   */
  readonly identity: AppIdentity;

  /**
   * The name of the workload object (and the stem of the names of the objects made with it).
   *
   * @default - the application's name
   */
  readonly name?: string;

  /**
   * The main container. It is named after the application unless given a name.
   */
  readonly container: AppContainerProps;

  /**
   * Platform defaults for this workload only: values that override those of the scopes above, and settings to
   * switch off (e.g. `{ switchOff: [PlatformSetting.CPU_LIMIT] }`).
   *
   * @default - the platform defaults of the scopes above
   */
  readonly platformDefaults?: PlatformDefaultsProps;
}
