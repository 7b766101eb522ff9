import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppContainerProps } from './app-container';
import { PodTemplate, PodTemplateOptions } from './pod-template';
import { SecurityRelaxation } from './security';
import { AppIdentity } from '../core/app-identity';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaults, PlatformDefaultsProps, SecurityProfile } from '../core/platform-defaults';

/**
 * What every kind of workload takes: the application's identity, its containers, security, service account
 * and node placement.
 */
export interface AppWorkloadProps {
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
   * Containers that run beside the main one in every pod, sharing its network (localhost) and its volumes:
   * a reverse proxy, a log shipper, an agent.
   *
   * @default - none
   */
  readonly sidecars?: AppContainerProps[];

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
   * Volumes of the pods (cdk8s-plus-27 volumes), for the containers' `volumeMounts`.
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
   * Annotations of the pods.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Whether a change in the data of a ConfigMap or Secret of the same app that the pods use (as environment or
   * volumes) rolls the pods: a checksum of that data goes in the `cdk8s-appflow/config-checksum` pod annotation.
   *
   * @default true
   */
  readonly rollOnConfigChange?: boolean;

  /**
   * Platform defaults for this workload only: values that override those of the scopes above, and settings to
   * switch off (e.g. `{ switchOff: [PlatformSetting.CPU_LIMIT] }`).
   *
   * @default - the platform defaults of the scopes above
   */
  readonly platformDefaults?: PlatformDefaultsProps;
}

/**
 * The base of the workload constructs: one application's pods under a controller of cdk8s-plus-27 (reachable
 * as `workload`), with its identity, containers, security profile and platform defaults.
 */
export abstract class AppWorkload extends Construct {
  /** The identity of the application. */
  public readonly identity: AppIdentity;

  /** The name of the workload object. */
  public readonly name: string;

  /** The cdk8s-plus-27 workload (Deployment, StatefulSet, DaemonSet, Job or CronJob). */
  public abstract readonly workload: kplus.Workload;

  private _podTemplate?: PodTemplate;

  /**
   * @param nameRule the naming rule of the workload's kind
   */
  protected constructor(scope: Construct, id: string, props: AppWorkloadProps, nameRule: FormatRule) {
    super(scope, id);
    if (props.platformDefaults) {
      PlatformDefaults.set(this, props.platformDefaults);
    }
    if (!(props.identity instanceof AppIdentity)) {
      throw inputError(this, 'identity', props.identity, 'it is not an AppIdentity', 'new AppIdentity(scope, \'Identity\', { name: ... })');
    }
    this.identity = props.identity;
    this.name = nameRule.check(this, 'name', props.name ?? props.identity.name);
  }

  /**
   * The Kubernetes object of the workload (to add JSON patches, for instance).
   */
  public get apiObject(): ApiObject {
    return ApiObject.of(this.workload);
  }

  /** The Pod Security Standards profile the pods are made to meet. */
  public get securityProfile(): SecurityProfile {
    return this.podTemplate.profile;
  }

  /** The name of the main container. */
  public get mainContainerName(): string {
    return this.podTemplate.mainContainerName;
  }

  /**
   * Resolves the pod template of the workload (containers, security, volumes, placement) for the cdk8s-plus-27
   * workload that the subclass makes next.
   *
   * @internal
   */
  protected _resolvePodTemplate(props: AppWorkloadProps, options: PodTemplateOptions = {}): PodTemplate {
    this._podTemplate = new PodTemplate(this, props, options);
    return this._podTemplate;
  }

  private get podTemplate(): PodTemplate {
    if (!this._podTemplate) {
      throw new Error(`${this.node.path}: the pod template is not resolved yet`);
    }
    return this._podTemplate;
  }
}
