import { createHash } from 'crypto';
import { ApiObject, Chart, Duration, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { checkAffinity } from './affinity-checks';
import { CONFIG_CHECKSUM_ANNOTATION, EXITS_ON_ITS_OWN_ANNOTATION, SECURITY_PROFILE_ANNOTATION, SECURITY_RELAXATIONS_ANNOTATION } from './annotations';
import { AppContainerProps, TerminationMessagePolicy } from './app-container';
import { AppWorkloadProps } from './app-workload-props';
import { BASELINE_CAPABILITIES, checkContainerProps, checkPodContainers, checkPodShape, envVariablesOf, resolveResources } from './container-checks';
import { checkJobSidecar } from './job-checks';
import { podVolumesOf } from './pod-volumes';
import { ReplicaAntiAffinity } from './replica-anti-affinity';
import { SecurityRelaxation } from './security';
import { TopologySpread } from './topology-spread';
import { AppServiceAccount } from '../access/app-service-account';
import { projectsApiToken } from '../core/api-token';
import { AppIdentity } from '../core/app-identity';
import { checkInt64Seconds, checkList, checkObject, inputError, refusedAs } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { requireFeature, targetVersionOf } from '../core/kubernetes-features';
import { hasFeature, NATIVE_SIDECARS, SLEEP_ACTION, USER_NAMESPACES } from '../core/kubernetes-version';
import { compositeKey, pushTo } from '../core/label-index';
import { checkAnnotationMap, checkLabelMap } from '../core/label-keys';
import { podSpecPath } from '../core/patches';
import { PlatformDefaults } from '../core/platform-defaults';
import { envSpecOf, volumeSpecOf } from '../core/plus-internals';
import { SecurityProfile } from '../core/security-profile';
import { armSynthesisCache, cachedDuringSynthesis } from '../core/synthesis-cache';
import { checkTolerations } from '../core/tolerations';
import { addWarningWhile, Warnings } from '../core/warnings';
import { checkCredentials, RegistryCredentials } from '../image/registry-credentials';

const DEFAULT_GRACE = Duration.seconds(30);

/** The workload a pod template belongs to (an `AppWorkload`): where errors point, and the application's identity. */
export interface PodTemplateOwner extends IConstruct {
  readonly identity: AppIdentity;
}

/**
 * What a kind of workload adds to the pod template.
 */
export interface PodTemplateOptions {
  /** The restart policy the kind requires. */
  readonly restartPolicy?: kplus.RestartPolicy;
  /** Whether the pods use the node's network (daemons only, by opt-in). */
  readonly hostNetwork?: boolean;
  /** Tolerations the kind adds (e.g. a daemon that runs on every node). */
  readonly extraTolerations?: kplus.k8s.Toleration[];
  /** How the pods spread across nodes and zones. */
  readonly spread?: TopologySpread[];
  /** Whether the pods are a Job's, which must end: their sidecars are placed by `jobSidecarPlacement`. */
  readonly job?: boolean;
}

/**
 * The pod template of a workload: its containers, security, volumes and placement, resolved from the
 * workload's props and the platform defaults, as props for a cdk8s-plus-34 workload plus the patches for what
 * cdk8s-plus-34 cannot express.
 */
export class PodTemplate {
  /** The effective security profile. */
  public readonly profile: SecurityProfile;
  /** The relaxed rules. */
  public readonly relaxations: SecurityRelaxation[];
  /** The name of the main container. */
  public readonly mainContainerName: string;
  /** The props of every container, by role, as given (with their resolved names). */
  public readonly containers: Array<{ role: 'main' | 'sidecar' | 'init'; name: string; props: AppContainerProps }>;
  /** Whether the sidecars are native sidecars (init containers with `restartPolicy: Always`). */
  public readonly nativeSidecars: boolean;
  /** Whether a preStop delay is the kubelet's `sleep` action (from 1.30) rather than `sleep` run in the image. */
  private readonly sleepAction: boolean;
  /** The writable `/tmp` of every container when the root filesystem is read-only (`tmpVolume`), or none. */
  public readonly tmpVolume?: kplus.Volume;
  /** Props for the cdk8s-plus-34 workload. */
  public readonly plusProps: {
    containers: kplus.ContainerProps[];
    initContainers: kplus.ContainerProps[];
    volumes: kplus.Volume[];
    securityContext: kplus.PodSecurityContextProps;
    serviceAccount?: kplus.IServiceAccount;
    automountServiceAccountToken: boolean;
    dns?: kplus.PodDnsProps;
    hostAliases?: kplus.HostAlias[];
    terminationGracePeriod: Duration;
    hostNetwork: boolean;
    restartPolicy?: kplus.RestartPolicy;
    select: false;
  };

  private readonly owner: PodTemplateOwner;
  private readonly props: AppWorkloadProps;
  private readonly options: PodTemplateOptions;
  private readonly buildContainer: (c: { role: string; prop: string; name: string; props: AppContainerProps }) => kplus.ContainerProps;
  /** Whether the pods mount their ServiceAccount's API token. */
  private readonly mountsToken: boolean;
  /** The pods' labels besides the application's: their ServiceAccount's workload identity's, then `podLabels`. */
  private readonly podLabels: Record<string, string>;

  constructor(owner: PodTemplateOwner, props: AppWorkloadProps, options: PodTemplateOptions = {}) {
    this.owner = owner;
    this.props = props;
    this.options = options;
    const defaults = PlatformDefaults.of(owner);
    checkPodShape(owner, props);
    checkList(owner, 'volumes', props.volumes, 'a list of cdk8s-plus-34 volumes, e.g. [Volume.fromEmptyDir(this, "Cache", "cache")]', 'object');

    this.profile = props.securityProfile ?? defaults.securityProfile ?? SecurityProfile.RESTRICTED;
    if (!Object.values(SecurityProfile).includes(this.profile)) {
      throw inputError(owner, 'securityProfile', this.profile, 'it is not a security profile',
        `one of ${Object.values(SecurityProfile).map((p) => JSON.stringify(p)).join(', ')}`);
    }
    this.relaxations = [...new Set(props.relax ?? [])];
    for (const relaxation of this.relaxations) {
      if (!Object.values(SecurityRelaxation).includes(relaxation)) {
        throw inputError(owner, 'relax', relaxation, 'it is not a security relaxation',
          `one of ${Object.values(SecurityRelaxation).map((p) => JSON.stringify(p)).join(', ')}`);
      }
    }
    if (options.hostNetwork && this.profile !== SecurityProfile.PRIVILEGED && !this.relaxes(SecurityRelaxation.HOST_NETWORK)) {
      throw inputError(owner, 'hostNetwork', true, `the node's network namespace breaks the ${this.profile} profile`,
        'hostNetwork with `relax: [SecurityRelaxation.HOST_NETWORK]` (an explicit opt-in), or no hostNetwork');
    }
    // A relaxation that relaxes nothing would lower the Namespace's level (createNamespace) and hide a later change from
    // review, as an RBAC relaxation would: refused. Node paths may be mounted after construction: see applyTo.
    const hostNetworkAt = (props.relax ?? []).indexOf(SecurityRelaxation.HOST_NETWORK);
    if (hostNetworkAt !== -1 && !options.hostNetwork) {
      throw inputError(owner, `relax[${hostNetworkAt}]`, SecurityRelaxation.HOST_NETWORK, 'the pods are not on the node\'s network (no hostNetwork), so it relaxes '
        + 'nothing, and would lower the Pod Security level of the namespace', 'only the relaxations the pods need');
    }
    if (props.userNamespace !== undefined && typeof props.userNamespace !== 'boolean') {
      throw inputError(owner, 'userNamespace', props.userNamespace, 'it is not a boolean', 'true (a user namespace of the pods\' own) or false');
    }
    if (props.userNamespace === true) {
      requireFeature(owner, 'userNamespace', true, USER_NAMESPACES, 'no userNamespace');
      if (options.hostNetwork) {
        throw inputError(owner, 'userNamespace', true, 'the pods use the node\'s network (hostNetwork), which a pod in a user namespace cannot',
          'userNamespace or hostNetwork, not both');
      }
    }

    if (props.nativeSidecars !== undefined && typeof props.nativeSidecars !== 'boolean') {
      throw inputError(owner, 'nativeSidecars', props.nativeSidecars, 'it is not a boolean',
        'true (native sidecars: init containers with restartPolicy: Always, Kubernetes 1.29 or later) or false (regular containers)');
    }
    if (props.nativeSidecars === true) {
      requireFeature(owner, 'nativeSidecars', true, NATIVE_SIDECARS, 'nativeSidecars: false (the sidecars as regular containers)');
    }
    const target = targetVersionOf(owner);
    this.nativeSidecars = props.nativeSidecars ?? hasFeature(target, NATIVE_SIDECARS);
    this.sleepAction = hasFeature(target, SLEEP_ACTION);

    // Containers: names, checks, images, resources.
    checkObject(owner, 'container', props.container, 'the main container: { image: ContainerImage.fromReference(...) }');
    if (props.container === undefined || props.container === null) {
      throw inputError(owner, 'container', props.container, 'there is no main container', 'the main container: { image: ContainerImage.fromReference(...) }');
    }
    this.mainContainerName = FormatRule.DNS1123_LABEL.check(owner, 'container.name', props.container.name ?? props.identity.name);
    const given = [
      { role: 'main' as const, prop: 'container', name: this.mainContainerName, props: props.container },
      ...(props.sidecars ?? []).map((c, i) => ({ role: 'sidecar' as const, prop: `sidecars[${i}]`, name: named(owner, `sidecars[${i}]`, c), props: c })),
      ...(props.initContainers ?? []).map((c, i) => ({ role: 'init' as const, prop: `initContainers[${i}]`, name: named(owner, `initContainers[${i}]`, c), props: c })),
    ];
    for (const c of given) {
      checkContainerProps(owner, c.prop, c.props);
      if (c.role === 'init' && c.props.preStopDelay !== undefined) {
        throw inputError(owner, `${c.prop}.preStopDelay`, c.props.preStopDelay.toHumanString(),
          'an init container runs to completion before the others start: nothing stops it, and the API server refuses lifecycle hooks on it',
          'no preStopDelay on an init container (the main container and the sidecars may have one)');
      }
    }
    checkPodContainers(owner, given.map((c) => ({ role: c.role, name: c.name, prop: c.prop, ports: c.props.ports })));
    if (options.job) {
      for (const c of given) {
        if (c.role === 'sidecar') {
          checkJobSidecar(owner, c.prop, c.name, c.props, this.nativeSidecars);
        }
      }
    }
    this.containers = given.map(({ role, name, props: p }) => ({ role, name, props: p }));

    const grace = props.terminationGracePeriod ?? DEFAULT_GRACE;
    const graceSeconds = checkInt64Seconds(owner, 'terminationGracePeriod', grace, { min: 0 });

    // Security.
    const readOnlyRoot = this.profile === SecurityProfile.RESTRICTED && !this.relaxes(SecurityRelaxation.WRITABLE_ROOT_FILESYSTEM);
    const asRoot = this.profile !== SecurityProfile.RESTRICTED || this.relaxes(SecurityRelaxation.RUN_AS_ROOT);
    const volumes = [...(props.volumes ?? [])];
    const tmp = readOnlyRoot && (props.tmpVolume ?? true) ? kplus.Volume.fromEmptyDir(owner, 'Tmp', 'tmp') : undefined;
    this.tmpVolume = tmp;
    if (tmp) {
      volumes.push(tmp);
    }

    const build = (c: { role: string; prop: string; name: string; props: AppContainerProps }): kplus.ContainerProps => {
      // A refused image is the container's `image` as written (`container.image`, `sidecars[0].image`).
      const image = refusedAs(owner, { [`image of container ${JSON.stringify(c.name)}`]: `${c.prop}.image` }, () => c.props.image.resolve(owner, c.name));
      const preStop = c.props.preStopDelay;
      if (preStop !== undefined && preStop.toMilliseconds() >= graceSeconds * 1000) {
        throw inputError(owner, `${c.prop}.preStopDelay`, preStop.toHumanString(),
          `it is not shorter than the termination grace period (${grace.toHumanString()}), so the container would be killed before it stops`,
          'a delay shorter than terminationGracePeriod (or a longer terminationGracePeriod)');
      }
      const resources = resolveResources(owner, `${c.prop}.resources`, c.props.resources, defaults);
      if (c.role !== 'init' && !resources.cpu?.request && !resources.memory?.request) {
        Warnings.add(owner, `the ${c.role} container ${JSON.stringify(c.name)} requests no CPU and no memory: the scheduler places it blindly `
          + 'and it is the first to be evicted. Set its resources, or the platform defaults cpuRequest and memoryRequest.');
      }
      const user = c.props.runAsUser;
      if (user !== undefined && (!Number.isInteger(user) || user < 0 || user > 2147483647)) {
        throw inputError(owner, `${c.prop}.runAsUser`, user, 'it is not a user ID', 'an integer from 0 to 2147483647');
      }
      if (user === 0 && !asRoot) {
        throw inputError(owner, `${c.prop}.runAsUser`, 0, 'it is root, and the restricted profile runs containers as non-root',
          'a non-zero user ID, or `relax: [SecurityRelaxation.RUN_AS_ROOT]`');
      }
      const hooks = checkObject(owner, `${c.prop}.lifecycle`, c.props.lifecycle, 'lifecycle hooks, e.g. { preStop: Handler.fromCommand(["/app/drain"]) }');
      if (hooks !== undefined && c.role === 'init') {
        throw inputError(owner, `${c.prop}.lifecycle`, Object.keys(hooks), 'an init container runs to completion before the others start, and the API server refuses '
          + 'lifecycle hooks on it', 'no lifecycle on an init container (the main container and the sidecars may have one)');
      }
      if (hooks?.preStop !== undefined && preStop !== undefined) {
        throw inputError(owner, `${c.prop}.preStopDelay`, preStop.toHumanString(), 'it is a preStop hook, and lifecycle.preStop is one too: a container '
          + 'has one preStop hook', 'either lifecycle.preStop or preStopDelay');
      }
      for (const hook of ['postStart', 'preStop'] as const) {
        if (hooks?.[hook] !== undefined && !(hooks[hook] instanceof kplus.Handler)) {
          throw inputError(owner, `${c.prop}.lifecycle.${hook}`, hooks[hook], 'it is not a Handler',
            'Handler.fromCommand([...]), Handler.fromHttpGet(path, { port }) or Handler.fromTcpSocket({ port })');
        }
      }
      const mounts = [...(c.props.volumeMounts ?? [])];
      if (tmp && !mounts.some((m) => m.path === '/tmp')) {
        mounts.push({ path: '/tmp', volume: tmp });
      }
      return {
        name: c.name,
        restartPolicy: c.role === 'sidecar' && this.nativeSidecars ? kplus.ContainerRestartPolicy.ALWAYS : undefined,
        image: image.reference,
        imagePullPolicy: image.pullPolicy,
        command: c.props.command,
        args: c.props.args,
        workingDir: c.props.workingDir,
        envVariables: envVariablesOf(c.props.env),
        envFrom: c.props.envFrom,
        ports: (c.props.ports ?? []).map((p) => ({ name: p.name, number: p.number, protocol: p.protocol })),
        resources,
        // From 1.30 the delay is the kubelet's sleep action (patchContainerFields), which needs no sleep in the image.
        lifecycle: preStop && !this.sleepAction ? { ...hooks, preStop: kplus.Handler.fromCommand(['sleep', String(preStop.toSeconds())]) } : hooks,
        volumeMounts: mounts,
        securityContext: {
          ensureNonRoot: !asRoot,
          user,
          privileged: false,
          readOnlyRootFilesystem: readOnlyRoot,
          allowPrivilegeEscalation: this.profile === SecurityProfile.PRIVILEGED || this.relaxes(SecurityRelaxation.PRIVILEGE_ESCALATION),
          capabilities: this.capabilities(c.prop, c.props.addCapabilities ?? []),
        },
      };
    };
    for (const [prop, id] of [['runAsUser', props.runAsUser], ['runAsGroup', props.runAsGroup], ['fsGroup', props.fsGroup]] as const) {
      if (id !== undefined && (!Number.isInteger(id) || id < 0 || id > 2147483647)) {
        throw inputError(owner, prop, id, 'it is not a user or group ID', 'an integer from 0 to 2147483647');
      }
    }
    if (props.runAsUser === 0 && !asRoot) {
      throw inputError(owner, 'runAsUser', 0, 'it is root, and the restricted profile runs containers as non-root',
        'a non-zero user ID, or `relax: [SecurityRelaxation.RUN_AS_ROOT]`');
    }

    // A ServiceAccount made with cdk8s-plus-34 (an AppServiceAccount too) says whether its pods get its token; the pod
    // may still say otherwise. An AppServiceAccount's workload identity needs its labels on the pods (Azure).
    const account = props.serviceAccount;
    this.mountsToken = props.mountServiceAccountToken ?? (account instanceof kplus.ServiceAccount ? account.automountToken : false);
    this.podLabels = { ...account instanceof AppServiceAccount ? account.podLabels : {}, ...checkLabelMap(owner, 'podLabels', props.podLabels) };

    this.buildContainer = build;
    this.plusProps = {
      containers: this.inList('containers', given).map(build),
      initContainers: this.inList('initContainers', given).map(build),
      volumes,
      securityContext: { ensureNonRoot: !asRoot, user: props.runAsUser, group: props.runAsGroup, fsGroup: props.fsGroup },
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: this.mountsToken,
      dns: podDns(owner, props.dns, options.hostNetwork ?? false),
      hostAliases: checkList(owner, 'hostAliases', props.hostAliases, 'a list of host aliases, e.g. [{ ip: "10.0.0.5", hostnames: ["db.internal"] }]', 'object'),
      terminationGracePeriod: grace,
      hostNetwork: options.hostNetwork ?? false,
      restartPolicy: options.restartPolicy,
      select: false,
    };

    for (const [key] of Object.entries(props.nodeSelector ?? {})) {
      FormatRule.LABEL_KEY.check(owner, 'nodeSelector', key);
    }
    for (const [key, value] of Object.entries(props.nodeSelector ?? {})) {
      FormatRule.LABEL_VALUE.check(owner, `nodeSelector[${JSON.stringify(key)}]`, value);
    }
    checkTolerations(owner, 'tolerations', props.tolerations);
    if (props.priorityClassName !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(owner, 'priorityClassName', props.priorityClassName);
    }
    checkAnnotationMap(owner, 'podAnnotations', props.podAnnotations);
    const ownLabels = owner.identity.labels;
    for (const [key, value] of Object.entries(this.podLabels)) {
      if (key in ownLabels) {
        throw inputError(owner, `podLabels[${JSON.stringify(key)}]`, value, `${key} is a label of the application (${JSON.stringify(ownLabels[key])}), which the library sets`,
          'a label key of its own; the application\'s labels come from its identity');
      }
    }
    if (props.pullSecrets !== undefined) {
      checkCredentials(owner, 'pullSecrets', props.pullSecrets);
    }
  }

  /**
   * Adds a sidecar to the pods after the workload is made (e.g. a log shipper), checked and secured like the
   * sidecars of the props.
   */
  public addSidecar(workload: kplus.Workload, props: AppContainerProps): string {
    const prop = `sidecars[${this.containers.filter((c) => c.role === 'sidecar').length}]`;
    const name = named(this.owner, prop, props);
    checkContainerProps(this.owner, prop, props);
    checkPodContainers(this.owner, [
      ...this.containers.map((c) => ({ role: c.role, name: c.name, prop: c.name, ports: c.props.ports })),
      { role: 'sidecar', name, prop, ports: props.ports },
    ]);
    if (this.options.job) {
      checkJobSidecar(this.owner, prop, name, props, this.nativeSidecars);
    }
    this.containers.push({ role: 'sidecar', name, props });
    const container = this.buildContainer({ role: 'sidecar', prop, name, props });
    const list = this.nativeSidecars ? 'initContainers' : 'containers';
    if (this.nativeSidecars) {
      workload.addInitContainer(container);
    } else {
      workload.addContainer(container);
    }
    this.patchContainerFields(workload, [props], this.inList(list, this.containers).length - 1, list);
    return name;
  }

  /**
   * Writes what cdk8s-plus-34 has no field for on the containers of the list `field` from index `first` on: their
   * termination message policies, and from Kubernetes 1.30 their preStop delays as the kubelet's `sleep` action.
   */
  private patchContainerFields(workload: kplus.Workload, containers: AppContainerProps[], first: number, field: 'containers' | 'initContainers'): void {
    const accepted = Object.values(TerminationMessagePolicy) as string[];
    containers.forEach((props, i) => {
      const path = `${podSpecPath(workload)}/${field}/${first + i}`;
      const policy = props.terminationMessagePolicy;
      if (policy !== undefined) {
        if (!accepted.includes(policy)) {
          throw inputError(this.owner, `${this.propOf(props)}.terminationMessagePolicy`, policy, 'it is not a termination message policy',
            `one of ${accepted.map((a) => JSON.stringify(a)).join(', ')}`);
        }
        ApiObject.of(workload).addJsonPatch(JsonPatch.add(`${path}/terminationMessagePolicy`, policy));
      }
      if (props.preStopDelay !== undefined && this.sleepAction) {
        const preStop = { sleep: { seconds: props.preStopDelay.toSeconds() } };
        // cdk8s-plus-34 writes a lifecycle only for the hooks given (a postStart): the sleep joins it, or is the lifecycle.
        ApiObject.of(workload).addJsonPatch(props.lifecycle?.postStart !== undefined
          ? JsonPatch.add(`${path}/lifecycle/preStop`, preStop)
          : JsonPatch.add(`${path}/lifecycle`, { preStop }));
      }
    });
  }

  /**
   * The containers of a list of the pod spec, in its order: `containers` holds the main container, then the sidecars
   * unless they are native; `initContainers` the init containers, then the native sidecars.
   */
  private inList<C extends { role: 'main' | 'sidecar' | 'init' }>(list: 'containers' | 'initContainers', containers: C[]): C[] {
    const sidecars = containers.filter((c) => c.role === 'sidecar');
    return list === 'containers'
      ? [...containers.filter((c) => c.role === 'main'), ...this.nativeSidecars ? [] : sidecars]
      : [...containers.filter((c) => c.role === 'init'), ...this.nativeSidecars ? sidecars : []];
  }

  /** The prop that holds a container's props, for errors: `container`, `sidecars[0]`, `initContainers[1]`. */
  private propOf(props: AppContainerProps): string {
    if (props === this.props.container) {
      return 'container';
    }
    const sidecar = (this.props.sidecars ?? []).indexOf(props);
    if (sidecar >= 0) {
      return `sidecars[${sidecar}]`;
    }
    const init = (this.props.initContainers ?? []).indexOf(props);
    return init >= 0 ? `initContainers[${init}]` : `sidecars[${this.containers.filter((c) => c.role === 'sidecar').length - 1}]`;
  }

  /** The pods' affinity: `affinity`, with the pod anti-affinity of `replicaAntiAffinity` added. */
  private affinity(): kplus.k8s.Affinity | undefined {
    const props = this.props;
    const given = checkObject(this.owner, 'affinity', props.affinity, 'an affinity, e.g. { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [...] } } }');
    if (given !== undefined) {
      checkAffinity(this.owner, 'affinity', given);
    }
    if (props.replicaAntiAffinity === undefined) {
      return given;
    }
    if (!(props.replicaAntiAffinity instanceof ReplicaAntiAffinity)) {
      throw inputError(this.owner, 'replicaAntiAffinity', props.replicaAntiAffinity, 'it is not a ReplicaAntiAffinity',
        'ReplicaAntiAffinity.perNode() or ReplicaAntiAffinity.perZone(), with { required } or { weight }');
    }
    const mine = props.replicaAntiAffinity.podAntiAffinityFor(this.owner, 'replicaAntiAffinity', this.owner.identity.selectorLabels);
    const theirs = given?.podAntiAffinity ?? {};
    return {
      ...given,
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: concat(
          theirs.requiredDuringSchedulingIgnoredDuringExecution, mine.requiredDuringSchedulingIgnoredDuringExecution),
        preferredDuringSchedulingIgnoredDuringExecution: concat(
          theirs.preferredDuringSchedulingIgnoredDuringExecution, mine.preferredDuringSchedulingIgnoredDuringExecution),
      },
    };
  }

  /** Whether a rule is relaxed. */
  public relaxes(relaxation: SecurityRelaxation): boolean {
    return this.relaxations.includes(relaxation);
  }

  /**
   * Applies to the cdk8s-plus-34 workload what its props cannot express: the selector and labels of the
   * identity, the annotations, and JSON patches (seccomp profile, node selector, tolerations, priority class,
   * topology spread), and the config checksum.
   */
  public applyTo(workload: kplus.Workload): void {
    const owner = this.owner;
    const props = this.props;
    owner.identity.selectPods(workload);

    workload.podMetadata.addAnnotation(SECURITY_PROFILE_ANNOTATION, this.profile);
    const hostPathAt = (props.relax ?? []).indexOf(SecurityRelaxation.HOST_PATH);
    if (hostPathAt !== -1) {
      // Node paths may be mounted after construction (StorageVolume.hostPath().mountIn()): read when validated, from
      // the object itself (only of the rare workloads that relax this).
      owner.node.addValidation({
        validate: () => (ApiObject.of(workload).toJson().spec?.template?.spec?.volumes ?? []).some((v: any) => v?.hostPath !== undefined) ? []
          : [`invalid relax[${hostPathAt}] "${SecurityRelaxation.HOST_PATH}": the pods mount no node path (hostPath), so it relaxes nothing, and would `
            + 'lower the Pod Security level of the namespace. Expected only the relaxations the pods need.'],
      });
    }
    if (this.relaxations.length > 0) {
      workload.podMetadata.addAnnotation(SECURITY_RELAXATIONS_ANNOTATION, [...this.relaxations].sort().join(','));
    }
    for (const [key, value] of Object.entries(props.podAnnotations ?? {})) {
      workload.podMetadata.addAnnotation(key, value);
    }
    for (const [key, value] of Object.entries(this.podLabels)) {
      workload.podMetadata.addLabel(key, value);
    }
    const pullSecrets = [
      ...(PlatformDefaults.of(owner).imagePullSecrets ?? []).map((name) => RegistryCredentials.fromSecretName(name)),
      ...props.pullSecrets ?? [],
    ];
    if (pullSecrets.length > 0) {
      RegistryCredentials.addToPods(workload, pullSecrets);
    }
    if (this.options.job) {
      // The sidecars declared to exit on their own, for reviewers and for the checks of the synthesized Jobs; read at
      // synth, so that a sidecar added later (addSidecar) is named too.
      workload.podMetadata.addAnnotation(EXITS_ON_ITS_OWN_ANNOTATION, Lazy.any({
        produce: () => {
          const names = this.containers.filter((c) => c.role === 'sidecar' && c.props.exitsOnItsOwn === true).map((c) => c.name);
          return names.length > 0 ? names.join(',') : undefined;
        },
      }) as unknown as string);
    }

    const apiObject = ApiObject.of(workload);
    const spec = podSpecPath(workload);
    const account = props.serviceAccount;
    if (account instanceof AppServiceAccount && account.bindings.length > 0 && !this.mountsToken) {
      // A token projected into a volume after the pods are made (mountVolume) settles it: asked when the warnings are read.
      addWarningWhile(owner, `the pods run as the ServiceAccount ${account.name}, whose grants let it call the Kubernetes API, and they get no API token `
        + '(mountServiceAccountToken, or the ServiceAccount\'s automountToken), so they cannot use the grants; mount the token, or project one for the API '
        + 'server (ProjectedSource.serviceAccountToken without an audience) into a volume the containers mount',
      () => !projectsApiToken(spec.split('/').slice(1).reduce((json: any, key) => json?.[key], apiObject.toJson())));
    }
    this.patchContainerFields(workload, this.inList('containers', this.containers).map((c) => c.props), 0, 'containers');
    this.patchContainerFields(workload, this.inList('initContainers', this.containers).map((c) => c.props), 0, 'initContainers');
    if (this.profile !== SecurityProfile.PRIVILEGED && !this.relaxes(SecurityRelaxation.NO_SECCOMP_PROFILE)) {
      apiObject.addJsonPatch(JsonPatch.add(`${spec}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
    }
    if (props.nodeSelector && Object.keys(props.nodeSelector).length > 0) {
      apiObject.addJsonPatch(JsonPatch.add(`${spec}/nodeSelector`, { ...props.nodeSelector }));
    }
    const tolerations = [...PlatformDefaults.of(owner).tolerations ?? [], ...(props.tolerations ?? []), ...(this.options.extraTolerations ?? [])];
    if (tolerations.length > 0) {
      apiObject.addJsonPatch(JsonPatch.add(`${spec}/tolerations`, tolerations.map((t) => kplus.k8s.toJson_Toleration(t))));
    }
    if (props.priorityClassName !== undefined) {
      apiObject.addJsonPatch(JsonPatch.add(`${spec}/priorityClassName`, props.priorityClassName));
    }
    const affinity = this.affinity();
    if (affinity !== undefined) {
      apiObject.addJsonPatch(JsonPatch.add(`${spec}/affinity`, kplus.k8s.toJson_Affinity(affinity)));
    }
    if (props.runtimeClassName !== undefined) {
      apiObject.addJsonPatch(JsonPatch.add(`${spec}/runtimeClassName`, FormatRule.DNS1123_SUBDOMAIN.check(owner, 'runtimeClassName', props.runtimeClassName)));
    }
    for (const field of ['shareProcessNamespace', 'enableServiceLinks'] as const) {
      if (props[field] !== undefined) {
        if (typeof props[field] !== 'boolean') {
          throw inputError(owner, field, props[field], 'it is not a boolean', 'true or false');
        }
        apiObject.addJsonPatch(JsonPatch.add(`${spec}/${field}`, props[field]));
      }
    }
    if (props.userNamespace === true) {
      // A field of the 1.27 API (cdk8s-plus-34 writes it), honoured by default from Kubernetes 1.33 (checked above).
      apiObject.addJsonPatch(JsonPatch.add(`${spec}/hostUsers`, false));
    }
    const spread = this.options.spread ?? [];
    if (spread.length > 0) {
      apiObject.addJsonPatch(JsonPatch.add(`${spec}/topologySpreadConstraints`, spread.map((s) => ({
        maxSkew: s.maxSkew,
        topologyKey: s.topologyKey,
        whenUnsatisfiable: s.required ? 'DoNotSchedule' : 'ScheduleAnyway',
        labelSelector: { matchLabels: owner.identity.selectorLabels },
      }))));
    }
    if (props.rollOnConfigChange ?? true) {
      // Resolving the pod metadata inside the checksum resolves this annotation again: the inner one is left out.
      let computing = false;
      const checksum = Lazy.any({
        produce: () => {
          if (computing) {
            return undefined;
          }
          computing = true;
          try {
            return configChecksum(workload);
          } finally {
            computing = false;
          }
        },
      });
      workload.podMetadata.addAnnotation(CONFIG_CHECKSUM_ANNOTATION, checksum as unknown as string);
      // The checksums of a chart's pods share one index of its ConfigMaps and Secrets per synthesis.
      workload.node.addValidation({ validate: () => { armSynthesisCache(workload); return []; } });
    }
  }

  private capabilities(prop: string, add: string[]): kplus.ContainerSecutiryContextCapabilities | undefined {
    const restricted = this.profile === SecurityProfile.RESTRICTED;
    const allowed = restricted && !this.relaxes(SecurityRelaxation.DEFAULT_CAPABILITIES) ? ['NET_BIND_SERVICE']
      : this.profile === SecurityProfile.PRIVILEGED ? undefined : BASELINE_CAPABILITIES;
    for (const capability of add) {
      if (allowed && !allowed.includes(capability)) {
        throw inputError(this.owner, `${prop}.addCapabilities`, capability, `the ${this.profile} profile does not allow adding it`,
          `one of ${allowed.join(', ')} (or another security profile for this workload)`);
      }
    }
    const drop = restricted && !this.relaxes(SecurityRelaxation.DEFAULT_CAPABILITIES);
    if (!drop && add.length === 0) {
      return undefined;
    }
    return {
      // Capability names as Kubernetes and the Pod Security admission read them (cdk8s-plus-34's enum has a CAP_ prefix and no ALL).
      drop: drop ? ['ALL' as kplus.Capability] : undefined,
      add: add.length > 0 ? add.map((c) => c as kplus.Capability) : undefined,
    };
  }
}

function named(owner: PodTemplateOwner, prop: string, container: AppContainerProps): string {
  if (container?.name === undefined) {
    throw inputError(owner, `${prop}.name`, undefined, 'a sidecar or init container must be named', 'a DNS-1123 label unique in the pod, e.g. "proxy"');
  }
  return FormatRule.DNS1123_LABEL.check(owner, `${prop}.name`, container.name);
}

/**
 * The names of the ConfigMaps and Secrets a pod spec refers to (env, envFrom, volumes, projected volumes).
 */
function referencedConfig(value: unknown, found: { configMaps: Set<string>; secrets: Set<string> }): void {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedConfig(v, found));
    return;
  }
  if (value === null || typeof value !== 'object') {
    return;
  }
  const object = value as Record<string, any>;
  for (const key of Object.keys(object)) {
    const child = object[key];
    if ((key === 'configMapKeyRef' || key === 'configMapRef' || key === 'configMap') && typeof child?.name === 'string') {
      found.configMaps.add(child.name);
    } else if ((key === 'secretKeyRef' || key === 'secretRef') && typeof child?.name === 'string') {
      found.secrets.add(child.name);
    } else if (key === 'secret' && typeof (child?.secretName ?? child?.name) === 'string') {
      found.secrets.add(child.secretName ?? child.name);
    }
    referencedConfig(child, found);
  }
}

/** The key of a ConfigMap or Secret in the index of a chart's config objects. */
function configKey(namespace: string | undefined, kind: string, name: string): string {
  return compositeKey(namespace ?? '', kind, name);
}

/** The ConfigMaps and Secrets of a chart, by namespace, kind and name. */
function configObjectsOf(chart: Chart): Map<string, ApiObject[]> {
  const index = new Map<string, ApiObject[]>();
  for (const construct of chart.node.findAll()) {
    if (construct instanceof ApiObject && (construct.kind === 'ConfigMap' || construct.kind === 'Secret') && construct.metadata.name) {
      const key = configKey(construct.metadata.namespace, construct.kind, construct.metadata.name);
      pushTo(index, key, construct);
    }
    // An ExternalSecret (External Secrets Operator) defines the Secret it makes: its target's name, or its own.
    if (construct instanceof ApiObject && construct.kind === 'ExternalSecret' && construct.apiVersion.startsWith('external-secrets.io/')) {
      const target = construct.toJson().spec?.target?.name ?? construct.metadata.name;
      pushTo(index, configKey(construct.metadata.namespace, 'Secret', target), construct);
    }
  }
  return index;
}

/**
 * A checksum of the data of the ConfigMaps and Secrets of the same chart that the pods refer to (for a Secret that an
 * ExternalSecret of the chart makes, the ExternalSecret's spec), or undefined when they refer to none that the chart holds.
 */
function configChecksum(workload: kplus.Workload): string | undefined {
  const found = { configMaps: new Set<string>(), secrets: new Set<string>() };
  // Only the parts of the pod spec that can refer to config: each container's env and envFrom, and the pod's volumes,
  // as cdk8s-plus-34 writes them.
  for (const container of [...workload.containers, ...workload.initContainers]) {
    referencedConfig(envSpecOf(container.env), found);
  }
  for (const volume of podVolumesOf(workload)) {
    referencedConfig(volumeSpecOf(volume), found);
  }
  if (found.configMaps.size === 0 && found.secrets.size === 0) {
    return undefined;
  }
  const namespace = ApiObject.of(workload).metadata.namespace;
  // The chart's ConfigMaps and Secrets, found once per synthesis rather than once per pod.
  const index = cachedDuringSynthesis(workload, 'config-objects', () => configObjectsOf(Chart.of(workload)));
  const parts: string[] = [];
  for (const [kind, names] of [['ConfigMap', found.configMaps], ['Secret', found.secrets]] as const) {
    for (const name of names) {
      for (const construct of index.get(configKey(namespace, kind, name)) ?? []) {
        const json = construct.toJson();
        // An ExternalSecret's definition (where the values are, how the Secret is written) stands for the data it fetches.
        parts.push(JSON.stringify(json.kind === 'ExternalSecret' ? [json.kind, name, json.spec ?? null]
          : [kind, name, json.data ?? null, json.binaryData ?? null, json.stringData ?? null]));
      }
    }
  }
  if (parts.length === 0) {
    return undefined;
  }
  return `sha256:${createHash('sha256').update(parts.sort().join('\n')).digest('hex')}`;
}

/** The items of both lists, or undefined when neither has one. */
function concat<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  const items = [...a ?? [], ...b ?? []];
  return items.length > 0 ? items : undefined;
}

/**
 * The DNS of the pods, checked. On the node's network the policy is `ClusterFirstWithHostNet` unless given: there,
 * `ClusterFirst` (Kubernetes' default) falls back to the node's DNS, which does not resolve the cluster's Service
 * names, so it is refused; `Default` asks the node's DNS on purpose.
 */
function podDns(owner: PodTemplateOwner, given: kplus.PodDnsProps | undefined, hostNetwork: boolean): kplus.PodDnsProps | undefined {
  const dns = checkObject(owner, 'dns', given, 'the DNS of the pods, e.g. { policy: DnsPolicy.CLUSTER_FIRST, searches: ["svc.example.com"] }');
  if (!hostNetwork) {
    return dns;
  }
  if (dns?.policy === kplus.DnsPolicy.CLUSTER_FIRST) {
    throw inputError(owner, 'dns.policy', dns.policy, 'on the node\'s network (hostNetwork) ClusterFirst falls back to the node\'s DNS, which does not resolve '
      + 'the cluster\'s Service names', 'DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET (the default with hostNetwork), or DnsPolicy.DEFAULT to use the node\'s DNS on purpose');
  }
  return { ...dns, policy: dns?.policy ?? kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET };
}
