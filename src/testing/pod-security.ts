import { arrayOf, isObject, joinPath, resourceIdOf } from '../analysis/objects';
import { PodTemplate, podTemplateOf } from '../analysis/pods';
import { KubernetesVersion } from '../core/kubernetes-version';
import { SecurityProfile } from '../core/security-profile';

/**
 * One way in which a manifest breaks a Pod Security Standards profile.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export interface PodSecurityProblem {
  /** The object, e.g. `apps/v1 Deployment shop/web`. */
  readonly resource: string;
  /**
   * The rule that is broken, as `<level>/<control>`: `baseline/host-process`, `baseline/host-namespaces`,
   * `baseline/privileged`, `baseline/capabilities`, `baseline/host-path-volumes`, `baseline/host-ports`,
   * `baseline/host-probes` (from Kubernetes 1.34), `baseline/apparmor`, `baseline/selinux`, `baseline/proc-mount`, `baseline/seccomp`, `baseline/sysctls`,
   * `restricted/volume-types`, `restricted/privilege-escalation`, `restricted/run-as-non-root`,
   * `restricted/run-as-user`, `restricted/seccomp` or `restricted/capabilities`.
   */
  readonly rule: string;
  /** Where in the object, e.g. `spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * A checker of the Pod Security Standards (the `baseline` and `restricted` policies of a Kubernetes version, 1.27
 * unless told, as the pod-security admission controller applies them) for synthesized manifests, as JSON.
 *
 * - The pod spec of a Pod, of the pod template of a Deployment, StatefulSet, DaemonSet, ReplicaSet,
 *   ReplicationController or Job, and of the job template of a CronJob is checked; other kinds never have a problem.
 * - Containers are `containers`, `initContainers` and `ephemeralContainers`.
 * - There is one problem per field that breaks a rule. A field that breaks a baseline rule is reported once, as
 *   that baseline rule, under both profiles (the restricted rules that supersede it in the admission controller,
 *   e.g. restricted volume types over hostPath volumes, do not report it again).
 * - As from Kubernetes 1.25, pods with `spec.os.name: windows` are exempt from the Linux-only restricted rules
 *   `restricted/privilege-escalation`, `restricted/seccomp` and `restricted/capabilities`.
 * - AppArmor is read from the `container.apparmor.security.beta.kubernetes.io/*` annotations of the pod
 *   (template) metadata; the AppArmor fields came in Kubernetes 1.30 and are not looked at.
 * - A volume without a source is an `emptyDir` (the API server's default).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * @example
 * const problems = PodSecurity.problemsOfAll(Testing.synth(chart), SecurityProfile.RESTRICTED);
 * expect(problems).toEqual([]);
 */
export class PodSecurity {
  /**
   * Finds the problems of one manifest against a profile.
   *
   * PRIVILEGED never has a problem, BASELINE checks the baseline rules, RESTRICTED the baseline and
   * the restricted rules.
   *
   * @param manifest a Kubernetes object, as JSON (e.g. one element of `Testing.synth(chart)`)
   * @param profile the profile to check against
   * @param version the version of the policies (a Namespace's `pod-security.kubernetes.io/enforce-version`): from
   * 1.34, the baseline Host Probes / Lifecycle Hooks control refuses a `host` in probes and lifecycle hooks
   * @default - the policies of Kubernetes 1.27
   * @returns the problems; empty when the manifest complies with the profile or has no pod spec
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  public static problemsOf(manifest: any, profile: SecurityProfile, version?: KubernetesVersion): PodSecurityProblem[] {
    const restricted = restrictedOf(profile);
    if (restricted === undefined) {
      return [];
    }
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      return [];
    }
    const pod = podOf(manifest);
    if (!pod) {
      return [];
    }
    const checker = new Checker(describeResource(manifest), pod, restricted, version !== undefined && minorOf(version) >= 34);
    checker.check();
    return checker.problems;
  }

  /**
   * Finds the problems of a list of manifests against a profile.
   *
   * Each problem names its object in `resource`.
   *
   * @param manifests Kubernetes objects, as JSON (e.g. `Testing.synth(chart)`)
   * @param profile the profile to check against
   * @param version the version of the policies (see `problemsOf`)
   * @default - the policies of Kubernetes 1.27
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  public static problemsOfAll(manifests: any[], profile: SecurityProfile, version?: KubernetesVersion): PodSecurityProblem[] {
    return manifests.flatMap((m) => PodSecurity.problemsOf(m, profile, version));
  }

  private constructor() {
    // only static methods
  }
}

/** Capabilities that the baseline profile lets a container add. */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP',
  'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
/** The sysctls that the baseline profile allows (Kubernetes 1.27). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
];
const SELINUX_TYPES = ['container_t', 'container_init_t', 'container_kvm_t'];
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** Whether a profile includes the restricted rules; undefined for PRIVILEGED. */
function restrictedOf(profile: SecurityProfile): boolean | undefined {
  switch (profile) {
    case SecurityProfile.PRIVILEGED: return undefined;
    case SecurityProfile.BASELINE: return false;
    case SecurityProfile.RESTRICTED: return true;
    default: throw new Error(`unknown security profile ${JSON.stringify(profile)}: expected one of ${Object.values(SecurityProfile).join(', ')}`);
  }
}

/** The pod spec and metadata of a Pod, of a workload's pod template, or of a CronJob's job template. */
function podOf(manifest: Record<string, any>): PodTemplate | undefined {
  return podTemplateOf({ id: resourceIdOf(manifest), manifest, file: '', index: 0 });
}

function describeResource(manifest: any): string {
  const name = manifest.metadata?.name ?? manifest.metadata?.generateName ?? '(no name)';
  const ns = manifest.metadata?.namespace ? `${manifest.metadata.namespace}/` : '';
  return `${manifest.apiVersion ?? '(no apiVersion)'} ${manifest.kind ?? '(no kind)'} ${ns}${name}`;
}

function list(values: string[]): string {
  return values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** The minor version of a Kubernetes version, e.g. 34 for 1.34. */
function minorOf(version: string): number {
  return Number(String(version).split('.')[1]);
}

/** A container of the pod and where it is. */
interface ContainerAt {
  readonly container: any;
  readonly at: string;
  /** The container's securityContext, or an empty object. */
  readonly sc: any;
}

/**
 * Checks one pod spec and collects the problems.
 */
class Checker {
  public readonly problems: PodSecurityProblem[] = [];
  private readonly spec: any;
  private readonly at: string;
  private readonly podSc: any;
  private readonly containers: ContainerAt[];

  constructor(private readonly resource: string, private readonly pod: PodTemplate, private readonly restricted: boolean,
    private readonly hostProbesControl: boolean) {
    this.spec = pod.spec;
    this.at = pod.specPath;
    this.podSc = isObject(pod.spec.securityContext) ? pod.spec.securityContext : {};
    this.containers = CONTAINER_LISTS.flatMap((listName) => arrayOf(pod.spec[listName]).map((container, i) => ({
      container,
      at: `${pod.specPath}.${listName}[${i}]`,
      sc: isObject(container?.securityContext) ? container.securityContext : {},
    })));
  }

  public check(): void {
    this.hostProcess();
    this.hostNamespaces();
    this.privileged();
    this.baselineCapabilities();
    this.hostPathVolumes();
    this.hostPorts();
    if (this.hostProbesControl) {
      this.hostProbes();
    }
    this.appArmor();
    this.seLinux();
    this.procMount();
    this.baselineSeccomp();
    this.sysctls();
    if (!this.restricted) {
      return;
    }
    // Kubernetes 1.25+: the Linux-only restricted rules do not apply to Windows pods.
    const linux = this.spec.os?.name !== 'windows';
    this.volumeTypes();
    if (linux) {
      this.privilegeEscalation();
    }
    this.runAsNonRoot();
    this.runAsUser();
    if (linux) {
      this.restrictedSeccomp();
      this.restrictedCapabilities();
    }
  }

  private baseline(rule: string, path: string, what: string, fix: string): void {
    this.problems.push({ resource: this.resource, rule: `baseline/${rule}`, path, message: `${what} (baseline profile): ${fix}` });
  }

  private restrictedProblem(rule: string, path: string, what: string, fix: string): void {
    this.problems.push({ resource: this.resource, rule: `restricted/${rule}`, path, message: `${what} (restricted profile): ${fix}` });
  }

  /** The pod's securityContext, then each container's, with where they are. */
  private securityContexts(): Array<{ sc: any; at: string }> {
    return [
      { sc: this.podSc, at: `${this.at}.securityContext` },
      ...this.containers.map((c) => ({ sc: c.sc, at: `${c.at}.securityContext` })),
    ];
  }

  private hostProcess(): void {
    for (const { sc, at } of this.securityContexts()) {
      if (sc.windowsOptions?.hostProcess === true) {
        this.baseline('host-process', `${at}.windowsOptions.hostProcess`, 'must not be true',
          'remove windowsOptions.hostProcess (Windows HostProcess containers are not allowed)');
      }
    }
  }

  private hostNamespaces(): void {
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (this.spec[field] === true) {
        this.baseline('host-namespaces', `${this.at}.${field}`, 'must not be true', `remove ${field} (the pod must not share the host's namespaces)`);
      }
    }
  }

  private privileged(): void {
    for (const c of this.containers) {
      if (c.sc.privileged === true) {
        this.baseline('privileged', `${c.at}.securityContext.privileged`, 'must not be true', 'remove privileged or set privileged: false');
      }
    }
  }

  private baselineCapabilities(): void {
    for (const c of this.containers) {
      arrayOf(c.sc.capabilities?.add).forEach((cap, j) => {
        if (!BASELINE_CAPABILITIES.includes(cap)) {
          this.baseline('capabilities', `${c.at}.securityContext.capabilities.add[${j}]`, `${JSON.stringify(cap)} must not be added`,
            `add only ${list(BASELINE_CAPABILITIES)}`);
        }
      });
    }
  }

  private hostPathVolumes(): void {
    arrayOf(this.spec.volumes).forEach((volume, i) => {
      if (isObject(volume) && volume.hostPath !== undefined && volume.hostPath !== null) {
        this.baseline('host-path-volumes', `${this.at}.volumes[${i}].hostPath`, 'hostPath volumes are not allowed',
          'use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead');
      }
    });
  }

  private hostPorts(): void {
    for (const c of this.containers) {
      arrayOf(c.container?.ports).forEach((port, j) => {
        const hostPort = port?.hostPort;
        if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
          this.baseline('host-ports', `${c.at}.ports[${j}].hostPort`, `${JSON.stringify(hostPort)} is not allowed`,
            'remove hostPort (or set it to 0) and expose the port through a Service');
        }
      });
    }
  }

  /** Kubernetes 1.34+: no `host` in the httpGet or tcpSocket of a probe or a lifecycle hook (the kubelet would reach any host). */
  private hostProbes(): void {
    for (const c of this.containers) {
      const handlers = [
        ...['livenessProbe', 'readinessProbe', 'startupProbe'].map((p) => ({ at: `${c.at}.${p}`, handler: c.container?.[p] })),
        ...['postStart', 'preStop'].map((h) => ({ at: `${c.at}.lifecycle.${h}`, handler: c.container?.lifecycle?.[h] })),
      ];
      for (const { at, handler } of handlers) {
        for (const action of ['httpGet', 'tcpSocket']) {
          const host = handler?.[action]?.host;
          if (host !== undefined && host !== null && host !== '') {
            this.baseline('host-probes', `${at}.${action}.host`, `${JSON.stringify(host)} is not allowed from Kubernetes 1.34`,
              'remove host: the kubelet then probes the pod\'s own IP');
          }
        }
      }
    }
  }

  private appArmor(): void {
    const annotations = this.pod.annotations;
    if (!isObject(annotations)) {
      return;
    }
    for (const [key, value] of Object.entries(annotations)) {
      if (key.startsWith(APPARMOR_PREFIX) && !(value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/')))) {
        this.baseline('apparmor', joinPath(`${this.pod.metadataPath}.annotations`, key), `${JSON.stringify(value)} is not an allowed AppArmor profile`,
          'use runtime/default or localhost/<profile>, or remove the annotation');
      }
    }
  }

  private seLinux(): void {
    for (const { sc, at } of this.securityContexts()) {
      const options = sc.seLinuxOptions;
      if (!isObject(options)) {
        continue;
      }
      if (options.type !== undefined && options.type !== null && options.type !== '' && !SELINUX_TYPES.includes(options.type)) {
        this.baseline('selinux', `${at}.seLinuxOptions.type`, `${JSON.stringify(options.type)} is not an allowed SELinux type`,
          `remove seLinuxOptions.type or set it to ${list(SELINUX_TYPES)}`);
      }
      for (const field of ['user', 'role']) {
        if (options[field] !== undefined && options[field] !== null && options[field] !== '') {
          this.baseline('selinux', `${at}.seLinuxOptions.${field}`, 'must not be set', `remove seLinuxOptions.${field}`);
        }
      }
    }
  }

  private procMount(): void {
    for (const c of this.containers) {
      const procMount = c.sc.procMount;
      if (procMount !== undefined && procMount !== null && procMount !== 'Default') {
        this.baseline('proc-mount', `${c.at}.securityContext.procMount`, `${JSON.stringify(procMount)} is not allowed`,
          'remove procMount or set procMount: Default');
      }
    }
  }

  private baselineSeccomp(): void {
    for (const { sc, at } of this.securityContexts()) {
      if (sc.seccompProfile?.type === 'Unconfined') {
        this.baseline('seccomp', `${at}.seccompProfile.type`, '"Unconfined" is not allowed', 'set seccompProfile.type: RuntimeDefault (or Localhost)');
      }
    }
  }

  private sysctls(): void {
    arrayOf(this.podSc.sysctls).forEach((sysctl, i) => {
      if (!SAFE_SYSCTLS.includes(sysctl?.name)) {
        this.baseline('sysctls', `${this.at}.securityContext.sysctls[${i}].name`, `${JSON.stringify(sysctl?.name)} is not a safe sysctl`,
          `set only ${list(SAFE_SYSCTLS)}`);
      }
    });
  }

  private volumeTypes(): void {
    arrayOf(this.spec.volumes).forEach((volume, i) => {
      if (!isObject(volume)) {
        return;
      }
      // A volume without a source is defaulted to an emptyDir; hostPath is the baseline rule's.
      for (const type of Object.keys(volume)) {
        if (type !== 'name' && type !== 'hostPath' && !RESTRICTED_VOLUME_TYPES.includes(type) && volume[type] !== undefined && volume[type] !== null) {
          this.restrictedProblem('volume-types', `${this.at}.volumes[${i}].${type}`, `${type} volumes are not allowed`,
            `use only ${list(RESTRICTED_VOLUME_TYPES)} volumes (e.g. a persistentVolumeClaim for storage)`);
        }
      }
    });
  }

  private privilegeEscalation(): void {
    for (const c of this.containers) {
      if (c.sc.allowPrivilegeEscalation !== false) {
        this.restrictedProblem('privilege-escalation', `${c.at}.securityContext.allowPrivilegeEscalation`, 'must be false',
          'set allowPrivilegeEscalation: false');
      }
    }
  }

  private runAsNonRoot(): void {
    const podValue = this.podSc.runAsNonRoot;
    if (podValue !== undefined && podValue !== null && podValue !== true) {
      this.restrictedProblem('run-as-non-root', `${this.at}.securityContext.runAsNonRoot`, 'must be true', 'set runAsNonRoot: true');
    }
    for (const c of this.containers) {
      const value = c.sc.runAsNonRoot;
      if (value === undefined || value === null) {
        if (podValue !== true) {
          this.restrictedProblem('run-as-non-root', `${c.at}.securityContext.runAsNonRoot`, 'must be true (neither the pod nor the container sets it)',
            'set runAsNonRoot: true in the pod securityContext or in the container securityContext');
        }
      } else if (value !== true) {
        this.restrictedProblem('run-as-non-root', `${c.at}.securityContext.runAsNonRoot`, 'must be true', 'set runAsNonRoot: true');
      }
    }
  }

  private runAsUser(): void {
    for (const { sc, at } of this.securityContexts()) {
      if (sc.runAsUser === 0) {
        this.restrictedProblem('run-as-user', `${at}.runAsUser`, 'must not be 0 (root)', 'set a non-zero runAsUser, or remove runAsUser');
      }
    }
  }

  private restrictedSeccomp(): void {
    const fix = 'set seccompProfile.type: RuntimeDefault (or Localhost)';
    const podProfile = this.podSc.seccompProfile;
    const podValid = isObject(podProfile) && RESTRICTED_SECCOMP_TYPES.includes(podProfile.type);
    if (isObject(podProfile) && !podValid && podProfile.type !== 'Unconfined') {
      this.restrictedProblem('seccomp', `${this.at}.securityContext.seccompProfile.type`, `${JSON.stringify(podProfile.type)} is not allowed`, fix);
    }
    for (const c of this.containers) {
      const profile = c.sc.seccompProfile;
      if (isObject(profile)) {
        if (!RESTRICTED_SECCOMP_TYPES.includes(profile.type) && profile.type !== 'Unconfined') {
          this.restrictedProblem('seccomp', `${c.at}.securityContext.seccompProfile.type`, `${JSON.stringify(profile.type)} is not allowed`, fix);
        }
      } else if (!podValid) {
        this.restrictedProblem('seccomp', `${c.at}.securityContext.seccompProfile.type`,
          'must be RuntimeDefault or Localhost (neither the pod nor the container sets it)', `${fix} in the pod securityContext or in the container securityContext`);
      }
    }
  }

  private restrictedCapabilities(): void {
    for (const c of this.containers) {
      const capabilities = c.sc.capabilities;
      if (!arrayOf(capabilities?.drop).includes('ALL')) {
        this.restrictedProblem('capabilities', `${c.at}.securityContext.capabilities.drop`, 'must contain "ALL"', 'set capabilities.drop: ["ALL"]');
      }
      arrayOf(capabilities?.add).forEach((cap, j) => {
        // Capabilities outside the baseline list are the baseline rule's.
        if (cap !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.includes(cap)) {
          this.restrictedProblem('capabilities', `${c.at}.securityContext.capabilities.add[${j}]`, `${JSON.stringify(cap)} must not be added`,
            'add only NET_BIND_SERVICE');
        }
      });
    }
  }
}
