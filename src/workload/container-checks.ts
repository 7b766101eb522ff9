import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { AppContainerPort, AppContainerProps, AppContainerResources, ContainerOptions, ResourceField } from './app-container';
import { PodOptions } from './app-workload-props';
import { checkSecretNamespace } from '../access/secret-source-uses';
import { checkKibibytes, checkList, checkObject, checkSeconds, inputError, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaults } from '../core/platform-defaults';
import { PlatformDefaultValues, PlatformSetting } from '../core/platform-settings';
import { quantityValue } from '../core/quantity';
import { ContainerImage } from '../image/container-image';

/*
 * Checks and resolution of the containers of a workload (internal to the workload step).
 */

/** The capabilities that the baseline profile accepts to be added. */
export const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/**
 * The resource requirements of a container, from its own props over the platform defaults, checked.
 */
export function resolveResources(
  scope: IConstruct, prop: string, resources: AppContainerResources | undefined, defaults: PlatformDefaultValues,
): kplus.ContainerResources {
  const off = new Set<string>(resources?.switchOff ?? []);
  for (const field of off) {
    if (!Object.values(ResourceField).includes(field as ResourceField)) {
      throw inputError(scope, `${prop}.switchOff`, field, 'it is not a resource field',
        `one of ${Object.values(ResourceField).map((f) => JSON.stringify(f)).join(', ')}`);
    }
  }
  const pick = <T>(field: ResourceField, own: T | undefined, platform: T | undefined): T | undefined => {
    if (own !== undefined && off.has(field)) {
      throw inputError(scope, `${prop}.${field}`, describeAmount(own), 'the same field is also switched off', 'either a value or the field in `switchOff`, not both');
    }
    return off.has(field) ? undefined : own ?? platform;
  };
  const cpuRequest = pick(ResourceField.CPU_REQUEST, resources?.cpuRequest, defaults.cpuRequest);
  const cpuLimit = pick(ResourceField.CPU_LIMIT, resources?.cpuLimit, defaults.cpuLimit);
  const memoryRequest = pick(ResourceField.MEMORY_REQUEST, resources?.memoryRequest, defaults.memoryRequest);
  const memoryLimit = pick(ResourceField.MEMORY_LIMIT, resources?.memoryLimit, defaults.memoryLimit);

  checkCpu(scope, `${prop}.cpuRequest`, cpuRequest);
  checkCpu(scope, `${prop}.cpuLimit`, cpuLimit);
  checkWhole(scope, `${prop}.memoryRequest`, memoryRequest, 'mebibytes', (s) => s.toKibibytes() / 1024);
  checkWhole(scope, `${prop}.memoryLimit`, memoryLimit, 'mebibytes', (s) => s.toKibibytes() / 1024);
  checkWhole(scope, `${prop}.ephemeralStorageRequest`, resources?.ephemeralStorageRequest, 'gibibytes', (s) => s.toKibibytes() / 1024 / 1024);
  checkWhole(scope, `${prop}.ephemeralStorageLimit`, resources?.ephemeralStorageLimit, 'gibibytes', (s) => s.toKibibytes() / 1024 / 1024);

  // Which side the container set itself, and which came from the platform defaults (named in the error).
  const own = (request: unknown, limit: unknown) => ({ request: request !== undefined, limit: limit !== undefined });
  checkRequestWithinLimit(scope, prop, 'cpu', cpuRequest && quantityValue(cpuRequest.amount), cpuLimit && quantityValue(cpuLimit.amount),
    cpuRequest, cpuLimit, own(resources?.cpuRequest, resources?.cpuLimit));
  checkRequestWithinLimit(scope, prop, 'memory', memoryRequest?.toKibibytes(), memoryLimit?.toKibibytes(), memoryRequest, memoryLimit,
    own(resources?.memoryRequest, resources?.memoryLimit));
  checkRequestWithinLimit(scope, prop, 'ephemeralStorage', resources?.ephemeralStorageRequest?.toKibibytes(), resources?.ephemeralStorageLimit?.toKibibytes(),
    resources?.ephemeralStorageRequest, resources?.ephemeralStorageLimit);

  const result: { cpu?: kplus.CpuResources; memory?: kplus.MemoryResources; ephemeralStorage?: kplus.EphemeralStorageResources } = {};
  if (cpuRequest || cpuLimit) {
    result.cpu = { request: cpuRequest, limit: cpuLimit };
  }
  if (memoryRequest || memoryLimit) {
    result.memory = { request: memoryRequest, limit: memoryLimit };
  }
  if (resources?.ephemeralStorageRequest || resources?.ephemeralStorageLimit) {
    result.ephemeralStorage = { request: resources.ephemeralStorageRequest, limit: resources.ephemeralStorageLimit };
  }
  return result;
}

function describeAmount(value: unknown): string {
  if (value instanceof Size) {
    const kib = value.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isFinite(kib)) {
      return value.asString();
    }
    // In the largest binary unit that holds it whole: 2Gi, 512Mi, 1536Ki.
    const unit = [['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024]].find(([, n]) => kib !== 0 && kib % (n as number) === 0);
    return unit ? `${kib / (unit[1] as number)}${unit[0]}` : `${kib}Ki`;
  }
  return (value as kplus.Cpu)?.amount ?? String(value);
}

function checkCpu(scope: IConstruct, prop: string, cpu: kplus.Cpu | undefined): void {
  if (cpu === undefined) {
    return;
  }
  if (!(cpu instanceof kplus.Cpu)) {
    throw inputError(scope, prop, cpu, `it is ${kindOfValue(cpu)}, not a Cpu`, 'a CPU amount above zero, e.g. Cpu.millis(250) or Cpu.units(1)');
  }
  const problem = FormatRule.QUANTITY.problemWith(cpu.amount) ?? (quantityValue(cpu.amount) <= 0 ? 'it is not above zero' : undefined);
  if (problem) {
    throw inputError(scope, prop, cpu.amount, problem, 'a CPU amount above zero, e.g. Cpu.millis(250) or Cpu.units(1)');
  }
}

function checkWhole(scope: IConstruct, prop: string, size: Size | undefined, unit: string, convert: (s: Size) => number): void {
  if (size === undefined) {
    return;
  }
  const accepted = `a size in whole ${unit}, e.g. Size.${unit}(1)`;
  checkKibibytes(scope, prop, size, accepted);
  const amount = convert(size);
  if (!Number.isInteger(amount) || amount <= 0) {
    throw inputError(scope, prop, `${size.toKibibytes()}Ki`, `it is not a whole number of ${unit} above zero (cdk8s-plus-34 writes it in ${unit})`,
      accepted);
  }
}

/**
 * Refuses a request above its limit, against the side the container set (the other may be a platform default, which the
 * error names with where it is set); the amounts are described only for the error.
 */
function checkRequestWithinLimit(
  scope: IConstruct, prop: string, what: string, request: number | undefined, limit: number | undefined,
  requestAmount: unknown, limitAmount: unknown, own: { request: boolean; limit: boolean } = { request: true, limit: true },
): void {
  if (request === undefined || limit === undefined || request <= limit) {
    return;
  }
  const platform = (setting: string) => `the platform default ${setting} (set at ${PlatformDefaults.originOf(scope, setting as PlatformSetting)})`;
  const why = '(the request is what the scheduler reserves, the limit what the container may use)';
  if (own.limit && !own.request) {
    throw inputError(scope, `${prop}.${what}Limit`, describeAmount(limitAmount), `it is below the ${what} request ${describeAmount(requestAmount)}, `
      + `${platform(`${what}Request`)}`, `a ${what} limit at least the request, or a ${what}Request of the container's own ${why}`);
  }
  throw inputError(scope, `${prop}.${what}Request`, describeAmount(requestAmount), `it is above the ${what} limit ${describeAmount(limitAmount)}`
    + `${own.limit ? '' : `, ${platform(`${what}Limit`)}`}`, `a ${what} request at most the limit ${why}`);
}

/** What a mount path of a container may be. */
export const MOUNT_PATH_ACCEPTED = 'an absolute path such as "/var/cache/app"';

/** Why a path is not one that a container can mount a volume at (an absolute path below the root), or undefined. */
export function mountPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') {
    return `it is ${kindOfValue(path)}, not a string`;
  }
  return !path.startsWith('/') || path === '/' ? 'it is not an absolute path below the root' : undefined;
}

/**
 * Checks the names and ports of all the containers of a pod together: unique names, unique port names and
 * numbers (the containers share the pod's network namespace).
 */
export function checkPodContainers(
  scope: IConstruct, containers: Array<{ role: string; name: string; prop: string; ports?: AppContainerPort[] }>,
): void {
  const names = new Map<string, string>();
  const portNames = new Map<string, PortOwner>();
  const portNumbers = new Map<string, PortOwner>();
  for (const c of containers) {
    const first = names.get(c.name);
    if (first !== undefined) {
      throw inputError(scope, `${c.prop}.name`, c.name, `the ${first} has the same name`, 'a container name unique in the pod (init containers included)');
    }
    names.set(c.name, `${c.role} container`);
    if (c.role === 'init') {
      // Init containers run one at a time, before the others: their ports clash only within the container.
      checkPorts(scope, c, new Map(), new Map(), 'container');
      continue;
    }
    checkPorts(scope, c, portNames, portNumbers, 'pod');
  }
}

/**
 * Refuses a port of a container whose name, or number and protocol, is in the maps (of the ports seen before it in
 * the pod, or in the container); adds the container's ports to the maps.
 */
function checkPorts(
  scope: IConstruct, c: { role: string; name: string; prop: string; ports?: AppContainerPort[] },
  portNames: Map<string, PortOwner>, portNumbers: Map<string, PortOwner>, within: 'pod' | 'container',
): void {
  (c.ports ?? []).forEach((port, i) => {
    const protocol = port.protocol ?? kplus.Protocol.TCP;
    const byName = portNames.get(port.name);
    if (byName !== undefined) {
      throw inputError(scope, `${c.prop}.ports[${i}].name`, port.name, `${describePortOwner(byName)} has the same port name`,
        `a port name unique in the ${within}, so that Services and probes name one port`);
    }
    const numberKey = `${port.number}/${protocol}`;
    const byNumber = portNumbers.get(numberKey);
    if (byNumber !== undefined) {
      const why = within === 'pod' ? ', and the containers of a pod share one network namespace' : '';
      throw inputError(scope, `${c.prop}.ports[${i}].number`, port.number, `${describePortOwner(byNumber)} listens on ${numberKey} too${why}`,
        `a port number (and protocol) unique in the ${within}`);
    }
    // The words of an error are made only when there is one.
    const owner: PortOwner = { port: port.name, role: c.role, container: c.name };
    portNames.set(port.name, owner);
    portNumbers.set(numberKey, owner);
  });
}

/** The container port seen first with a name or number. */
interface PortOwner {
  readonly port: string;
  readonly role: string;
  readonly container: string;
}

function describePortOwner(owner: PortOwner): string {
  return `the port ${JSON.stringify(owner.port)} of the ${owner.role} container ${JSON.stringify(owner.container)}`;
}

/**
 * Refuses the lists and maps of a container's props that are of the wrong shape (`ports: 'http'`, `env: ['A']`,
 * `command: 'run'`), and environment values that are neither an `EnvValue` nor a string, with an input error rather
 * than a TypeError (or a value silently read as something else: the characters of a string, a dropped number).
 *
 * @param prefix the props' place, e.g. `container.`, `sidecars[0].`, or `` for a pattern's own props
 */
export function checkContainerShape(scope: IConstruct, prefix: string, props: ContainerOptions): void {
  checkList(scope, `${prefix}ports`, props.ports, 'a list of container ports, e.g. [{ name: "http", number: 8080 }]', 'object');
  checkList(scope, `${prefix}command`, props.command, 'a command as a list of strings, e.g. ["/app/server"]', 'string');
  checkList(scope, `${prefix}args`, props.args, 'arguments as a list of strings, e.g. ["--port", "8080"]', 'string');
  checkList(scope, `${prefix}envFrom`, props.envFrom, 'a list of EnvFrom, e.g. [Env.fromConfigMap(config)]', 'object');
  (props.envFrom ?? []).forEach((item, i) => {
    // cdk8s-plus-34 calls `_toKube()` of each item when it writes the pod: anything else failed there with a TypeError.
    if (!(item instanceof kplus.EnvFrom)) {
      throw inputError(scope, `${prefix}envFrom[${i}]`, item, 'it is not a kplus.EnvFrom', envFromAccepted(item));
    }
    checkSecretNamespace(scope, `${prefix}envFrom[${i}]`, item);
  });
  checkList(scope, `${prefix}addCapabilities`, props.addCapabilities, 'a list of capability names, e.g. ["NET_BIND_SERVICE"]', 'string');
  checkList(scope, `${prefix}volumeMounts`, props.volumeMounts, 'a list of volume mounts, e.g. [{ path: "/data", volume }]', 'object');
  (props.volumeMounts ?? []).forEach((mount, i) => {
    // cdk8s-plus-34 writes what it is given: a mount without a path, or of something else than its Volume, fails at synth.
    if (!(mount.volume instanceof kplus.Volume)) {
      throw inputError(scope, `${prefix}volumeMounts[${i}].volume`, mount.volume, 'it is not a Volume of cdk8s-plus-34',
        'a kplus.Volume, e.g. Volume.fromEmptyDir(this, "Cache", "cache"); a StorageVolume mounts itself: volume.mountIn(workload, path)');
    }
    checkSecretNamespace(scope, `${prefix}volumeMounts[${i}].volume`, mount.volume);
    const problem = mountPathProblem(mount.path);
    if (problem !== undefined) {
      throw inputError(scope, `${prefix}volumeMounts[${i}].path`, mount.path, problem, MOUNT_PATH_ACCEPTED);
    }
  });
  checkObject(scope, `${prefix}resources`, props.resources, 'the resources of the container, e.g. { cpuRequest: Cpu.millis(100), memoryRequest: Size.mebibytes(128) }');
  checkEnv(scope, `${prefix}env`, props.env);
}

/** What an `envFrom` item should have been, for what was given instead (a secret source, a Secret, a ConfigMap). */
function envFromAccepted(given: unknown): string {
  if (typeof (given as { envFrom?: unknown } | undefined)?.envFrom === 'function') {
    return 'the EnvFrom of every key of the source: source.envFrom() (or source.envFrom({ prefix: "DB_" }))';
  }
  // A Secret or a ConfigMap of cdk8s-plus-34, made or imported by name (kplus.Secret.fromSecretName).
  const resourceType = (given as { resourceType?: unknown } | undefined)?.resourceType;
  if (resourceType === 'secrets') {
    return 'the EnvFrom of every key of the Secret: kplus.Env.fromSecret(secret)';
  }
  if (resourceType === 'configmaps') {
    return 'the EnvFrom of every key of the ConfigMap: kplus.Env.fromConfigMap(configMap)';
  }
  return 'a kplus.EnvFrom: kplus.Env.fromConfigMap(configMap), kplus.Env.fromSecret(secret), or a secret source\'s envFrom(); '
    + 'one variable from a key goes in `env`';
}

const ENV_ACCEPTED = 'a map of variable names to values, e.g. { LOG_LEVEL: EnvValue.fromValue("info") }';
const ENV_VALUE_ACCEPTED = 'an EnvValue (EnvValue.fromValue("info"), EnvValue.fromSecretValue(...), EnvValue.fromConfigMap(...), EnvValue.fromFieldRef(...)), '
  + 'or a string (a literal value)';

/**
 * Refuses environment variables that are not a map, a name that Kubernetes refuses, and a value that is neither an
 * `EnvValue` nor a string (a number, a boolean, an object, null: cdk8s-plus-34 would drop it, and write the
 * variable without a value).
 */
export function checkEnv(scope: IConstruct, prop: string, env: { [name: string]: kplus.EnvValue } | undefined): void {
  if (checkObject(scope, prop, env, ENV_ACCEPTED) === undefined) {
    return;
  }
  for (const name of Object.keys(env!)) {
    FormatRule.ENV_VAR_NAME.check(scope, prop, name);
    const value: unknown = env![name];
    if (typeof value !== 'string' && !(value instanceof kplus.EnvValue)) {
      throw inputError(scope, `${prop}[${JSON.stringify(name)}]`, value, `it is ${kindOfValue(value)}, not an EnvValue or a string`, ENV_VALUE_ACCEPTED);
    }
    checkSecretNamespace(scope, `${prop}[${JSON.stringify(name)}]`, value);
  }
}

/**
 * The environment variables of a container for cdk8s-plus-34, in a map of their own (cdk8s-plus keeps the map it is
 * given and adds to it: the caller's map, shared by the tracks of a release or by two applications, must not grow):
 * the `EnvValue`s as they are, a string (which an untyped caller may give) as `EnvValue.fromValue`. Checked by
 * {@link checkEnv} first.
 */
export function envVariablesOf(env: { [name: string]: kplus.EnvValue } | undefined): { [name: string]: kplus.EnvValue } | undefined {
  if (env === undefined) {
    return undefined;
  }
  // fromEntries defines each key, `__proto__` too (a spread or an assignment would set the prototype).
  return Object.fromEntries(Object.keys(env).map((name) => {
    const value: unknown = env[name];
    return [name, typeof value === 'string' ? kplus.EnvValue.fromValue(value) : env[name]];
  }));
}

/**
 * Refuses the lists and maps of a pod's props that are of the wrong shape (`sidecars: {}`, `relax: 'run-as-root'`,
 * `podAnnotations: ['a']`, `podLabels: ['a']`), and a ServiceAccount whose name Kubernetes refuses.
 */
export function checkPodShape(scope: IConstruct, props: PodOptions): void {
  checkList(scope, 'sidecars', props.sidecars, 'a list of containers, e.g. [{ name: "proxy", image: ContainerImage.fromReference("envoyproxy/envoy:v1.31.0") }]', 'object');
  checkList(scope, 'initContainers', props.initContainers, 'a list of containers, e.g. [{ name: "migrate", image, command: ["/app/migrate"] }]', 'object');
  checkList(scope, 'relax', props.relax, 'a list of SecurityRelaxation, e.g. [SecurityRelaxation.RUN_AS_ROOT]', 'string');
  // Each toleration is checked by the workload (checkTolerations), which tells what a toleration is.
  checkList(scope, 'tolerations', props.tolerations, 'a list of tolerations, e.g. [{ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }]');
  checkObject(scope, 'podAnnotations', props.podAnnotations, 'a map of annotation keys to values, e.g. { "example.com/team": "shop" }');
  checkObject(scope, 'podLabels', props.podLabels, 'a map of label keys to values, e.g. { "example.com/team": "shop" }');
  checkObject(scope, 'nodeSelector', props.nodeSelector, 'a map of node label keys to values, e.g. { "kubernetes.io/arch": "amd64" }');
  checkServiceAccount(scope, 'serviceAccount', props.serviceAccount);
  if (Array.isArray(props.volumes)) {
    props.volumes.forEach((volume, i) => checkSecretNamespace(scope, `volumes[${i}]`, volume));
  }
}

/**
 * Refuses a ServiceAccount that has no name, or whose name is not a DNS-1123 subdomain (the API server refuses a pod
 * that names one).
 */
export function checkServiceAccount(scope: IConstruct, prop: string, account: kplus.IServiceAccount | undefined): void {
  if (account === undefined) {
    return;
  }
  const accepted = 'a ServiceAccount of cdk8s-plus-34, e.g. kplus.ServiceAccount.fromServiceAccountName(this, "Account", "shop-api")';
  if (typeof account !== 'object' || account === null || typeof account.name !== 'string') {
    throw inputError(scope, prop, account, 'it is not a ServiceAccount (an object with a name)', accepted);
  }
  const problem = FormatRule.DNS1123_SUBDOMAIN.problemWith(account.name);
  if (problem !== undefined) {
    throw inputError(scope, `${prop}.name`, account.name, problem,
      `the name of a ServiceAccount, a ${FormatRule.DNS1123_SUBDOMAIN.ruleName}: ${FormatRule.DNS1123_SUBDOMAIN.accepted}`);
  }
}

/**
 * Checks the props of one container that can be checked alone.
 */
export function checkContainerProps(scope: IConstruct, prop: string, props: AppContainerProps): void {
  checkObject(scope, prop, props, 'the props of a container: at least its image, e.g. { name: "proxy", image: ContainerImage.fromReference(...) }');
  if (props === undefined) {
    throw inputError(scope, prop, props, 'there is no container', 'the props of a container: at least its image');
  }
  if (!(props.image instanceof ContainerImage)) {
    throw inputError(scope, `${prop}.image`, props.image, 'it is not a ContainerImage',
      'ContainerImage.fromReference("nginx:1.27") or ContainerImage.fromLock("shop-api")');
  }
  checkContainerShape(scope, `${prop}.`, props);
  (props.ports ?? []).forEach((port, i) => {
    FormatRule.PORT_NAME.check(scope, `${prop}.ports[${i}].name`, port.name);
    FormatRule.checkPortNumber(scope, `${prop}.ports[${i}].number`, port.number);
  });
  if (props.preStopDelay !== undefined) {
    checkSeconds(scope, `${prop}.preStopDelay`, props.preStopDelay, { min: 1, max: 3600 });
  }
  for (const capability of props.addCapabilities ?? []) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(capability) || capability.startsWith('CAP_')) {
      throw inputError(scope, `${prop}.addCapabilities`, capability, 'it is not a capability name',
        'a Linux capability name without the CAP_ prefix, e.g. "NET_BIND_SERVICE"');
    }
  }
  if (props.exitsOnItsOwn !== undefined && typeof props.exitsOnItsOwn !== 'boolean') {
    throw inputError(scope, `${prop}.exitsOnItsOwn`, props.exitsOnItsOwn, 'it is not a boolean', 'true or false');
  }
}
