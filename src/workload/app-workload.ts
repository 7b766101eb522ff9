import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppContainerProps } from './app-container';
import { AppWorkloadProps } from './app-workload-props';
import { MOUNT_PATH_ACCEPTED, mountPathProblem } from './container-checks';
import { PodTemplate, PodTemplateOptions } from './pod-template';
import { SecurityRelaxation } from './security';
import { registerWorkload } from './workload-registry';
import { AppIdentity } from '../core/app-identity';
import { checkObject, checkProps, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { podSpecPath } from '../core/patches';
import { PlatformDefaults } from '../core/platform-defaults';
import { SecurityProfile } from '../core/security-profile';

/**
 * Where and how a volume is mounted into the containers of a workload.
 */
export interface VolumeMountOptions {
  /**
   * The containers (by name) that mount the volume.
   *
   * @default - the main container only (unless `allContainers`)
   */
  readonly containers?: string[];

  /**
   * Whether every container of the pod mounts the volume (sidecars and init containers included).
   *
   * @default false
   */
  readonly allContainers?: boolean;

  /**
   * A path inside the volume to mount instead of its root.
   *
   * @default - the root of the volume
   */
  readonly subPath?: string;

  /**
   * Whether the containers may only read the volume.
   *
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * The base of the workload constructs: one application's pods under a controller of cdk8s-plus-34 (reachable
 * as `workload`), with its identity, containers, security profile and platform defaults.
 */
export abstract class AppWorkload extends Construct {
  /** The identity of the application. */
  public readonly identity: AppIdentity;

  /** The name of the workload object. */
  public readonly name: string;

  /** The cdk8s-plus-34 workload (Deployment, StatefulSet, DaemonSet, Job or CronJob). */
  public abstract readonly workload: kplus.Workload;

  private _podTemplate?: PodTemplate;
  /** The volumes of the pods, by name, and the mount paths of each container. */
  private readonly volumesByName = new Map<string, kplus.Volume>();
  private readonly mountPaths = new Map<string, Map<string, string>>();
  private fsGroupPatched = false;

  /**
   * @param nameRule the naming rule of the workload's kind
   */
  protected constructor(scope: Construct, id: string, props: AppWorkloadProps, nameRule: FormatRule) {
    super(scope, id);
    checkProps(this, props, 'the props of the workload: at least identity and container');
    if (checkObject(this, 'platformDefaults', props.platformDefaults, 'platform defaults for this workload, e.g. { cpuRequest: Cpu.millis(100) }')) {
      PlatformDefaults.set(this, props.platformDefaults!);
    }
    if (!(props.identity instanceof AppIdentity)) {
      throw inputError(this, 'identity', props.identity, 'it is not an AppIdentity', 'new AppIdentity(scope, \'Identity\', { name: ... })');
    }
    this.identity = props.identity;
    this.name = nameRule.check(this, 'name', props.name ?? props.identity.name);
    registerWorkload(this);
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

  /** The names of all the containers of the pods: main, sidecars, init containers. */
  public get containerNames(): string[] {
    return this.podTemplate.containers.map((c) => c.name);
  }

  /**
   * The names of the containers that run in the pod spec's `initContainers`: the init containers, and the sidecars
   * when they are native. kube-state-metrics counts their restarts and waiting reasons in series of their own
   * (`kube_pod_init_container_*`).
   */
  public get initContainerNames(): string[] {
    return this.podTemplate.containers.filter((c) => c.role === 'init' || (c.role === 'sidecar' && this.nativeSidecars)).map((c) => c.name);
  }

  /** The rules of the security profile that this workload relaxes. */
  public get relaxations(): SecurityRelaxation[] {
    return [...this.podTemplate.relaxations];
  }

  /** Whether the containers run as a non-root user (the restricted profile, unless relaxed). */
  public get runsAsNonRoot(): boolean {
    return this.podTemplate.plusProps.securityContext.ensureNonRoot === true;
  }

  /**
   * Whether the sidecars of the pods are native sidecars: init containers with `restartPolicy: Always`
   * (`PodOptions.nativeSidecars`, by default when the target Kubernetes version has them).
   */
  public get nativeSidecars(): boolean {
    return this.podTemplate.nativeSidecars;
  }

  /**
   * The named ports of the native sidecars, by name (none unless `nativeSidecars`). A Service targets them by number:
   * Kubernetes before 1.32 does not resolve a named port of a native sidecar into the Service's endpoints
   * (kubernetes/kubernetes#128850), so a named target port would leave the Service without endpoints.
   */
  public get nativeSidecarPorts(): Record<string, number> {
    const ports: Record<string, number> = {};
    if (this.nativeSidecars) {
      for (const c of this.podTemplate.containers.filter((x) => x.role === 'sidecar')) {
        for (const p of c.props.ports ?? []) {
          ports[p.name] = p.number;
        }
      }
    }
    return ports;
  }

  /**
   * The named ports the pods listen on (main container and sidecars), by name: what a Service can target.
   */
  public get containerPorts(): Record<string, number> {
    const ports: Record<string, number> = {};
    for (const c of this.podTemplate.containers.filter((x) => x.role !== 'init')) {
      for (const p of c.props.ports ?? []) {
        ports[p.name] = p.number;
      }
    }
    return ports;
  }

  /**
   * Whether the pods may run on more than one node at once (more than one replica, a daemon, parallel jobs):
   * storage that only one node can attach (ReadWriteOnce) cannot be shared by them.
   */
  public abstract get canRunOnSeveralNodes(): boolean;

  /**
   * Mounts a volume (a cdk8s-plus-34 volume) into containers of the pods. The persistence step's
   * `StorageVolume.mountIn()` checks more (host paths, shared ReadWriteOnce claims, group ownership).
   *
   * @param volume the volume; its name must be unique in the pod
   * @param path where the containers see it: an absolute path, unique in each container
   */
  public mountVolume(volume: kplus.Volume, path: string, options: VolumeMountOptions = {}): void {
    const problem = mountPathProblem(path);
    if (problem !== undefined) {
      throw inputError(this, 'mountVolume(path)', path, problem, MOUNT_PATH_ACCEPTED);
    }
    for (const v of this.podTemplate.plusProps.volumes) {
      this.volumesByName.set(v.name, this.volumesByName.get(v.name) ?? v);
    }
    const known = this.volumesByName.get(volume.name);
    if (known !== undefined && known !== volume) {
      throw inputError(this, 'mountVolume(volume)', volume.name, 'another volume of the pod has the same name', 'a volume name unique in the pod');
    }
    if (options.subPath !== undefined && (options.subPath.startsWith('/') || options.subPath.split('/').includes('..'))) {
      throw inputError(this, 'mountVolume(subPath)', options.subPath, 'it is absolute or goes up with ".."', 'a relative path inside the volume, e.g. "app/cache"');
    }
    const names = options.allContainers ? this.containerNames : options.containers ?? [this.mainContainerName];
    if (!Array.isArray(names)) {
      throw inputError(this, 'mountVolume(containers)', names, 'it is not a list', `a list of one or more of ${this.containerNames.join(', ')}`);
    }
    const plusContainers = [...this.workload.containers, ...this.workload.initContainers];
    const targets = names.map((name, i) => {
      const first = names.indexOf(name);
      if (first < i) {
        throw inputError(this, `mountVolume(containers[${i}])`, name, `containers[${first}] names the same container`,
          'each container once (a container mounts a volume once at a path)');
      }
      const container = plusContainers.find((c) => c.name === name);
      if (!container) {
        throw inputError(this, `mountVolume(containers[${i}])`, name, 'the pod has no container of that name', `one of ${this.containerNames.join(', ')}`);
      }
      return container;
    });
    if (targets.length === 0) {
      throw inputError(this, 'mountVolume(containers)', [], 'no container is named', `one or more of ${this.containerNames.join(', ')}`);
    }
    for (const container of targets) {
      const paths = this.mountPathsOf(container);
      const taken = paths.get(path);
      if (taken !== undefined) {
        const ownTmp = taken === this.podTemplate.tmpVolume?.name && path === '/tmp';
        throw inputError(this, 'mountVolume(path)', path, `the container ${JSON.stringify(container.name)} already mounts the volume ${JSON.stringify(taken)} there`
          + (ownTmp ? ' (the writable /tmp that a read-only root filesystem gets)' : ''),
        `a mount path used once in each container${ownTmp ? ', or `tmpVolume: false` on the workload (or the pattern) to mount a volume of your own at /tmp' : ''}`);
      }
    }
    for (const container of targets) {
      container.mount(path, volume, { subPath: options.subPath, readOnly: options.readOnly ? true : undefined });
      this.mountPathsOf(container).set(path, volume.name);
    }
    this.volumesByName.set(volume.name, volume);
  }

  /**
   * The namespace of the workload: its chart's, or `default`.
   */
  public get namespace(): string {
    return this.apiObject.metadata.namespace ?? 'default';
  }

  /**
   * Adds a sidecar container to the pods after the workload is made (a log shipper, an agent): named, checked
   * (unique name and ports, and for a Job's pods, declared to exit on its own) and secured like the sidecars given in
   * the props.
   *
   * @returns the name of the sidecar
   */
  public addSidecar(sidecar: AppContainerProps): string {
    return this.podTemplate.addSidecar(this.workload, sidecar);
  }

  /**
   * Gives the pods an fsGroup, so that a non-root user can write a volume (the kubelet makes the volume's files
   * owned by that group, and adds the group to every container's process): the workload's `fsGroup`,
   * else its `runAsGroup`, else its `runAsUser`, else 10001. The storage step calls it when it mounts a writable
   * volume; nothing happens when the pods have an fsGroup already.
   */
  public ensureFsGroup(): void {
    const context = this.podTemplate.plusProps.securityContext;
    if (context.fsGroup !== undefined || this.fsGroupPatched) {
      return;
    }
    this.fsGroupPatched = true;
    const group = context.group ?? context.user ?? 10001;
    this.apiObject.addJsonPatch(JsonPatch.add(`${podSpecPath(this.workload)}/securityContext/fsGroup`, group));
  }

  private mountPathsOf(container: kplus.Container): Map<string, string> {
    let paths = this.mountPaths.get(container.name);
    if (!paths) {
      paths = new Map(container.mounts.map((m) => [m.path, m.volume.name]));
      this.mountPaths.set(container.name, paths);
      for (const m of container.mounts) {
        this.volumesByName.set(m.volume.name, m.volume);
      }
    }
    return paths;
  }

  /**
   * Resolves the pod template of the workload (containers, security, volumes, placement) for the cdk8s-plus-34
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
