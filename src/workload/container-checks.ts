import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { AppContainerPort, AppContainerProps, AppContainerResources, ResourceField } from './app-container';
import { checkKibibytes, checkSeconds, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaultValues } from '../core/platform-defaults';
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

  checkRequestWithinLimit(scope, prop, 'cpu', cpuRequest && quantityValue(cpuRequest.amount), cpuLimit && quantityValue(cpuLimit.amount),
    cpuRequest?.amount, cpuLimit?.amount);
  checkRequestWithinLimit(scope, prop, 'memory', memoryRequest?.toKibibytes(), memoryLimit?.toKibibytes(),
    memoryRequest && describeAmount(memoryRequest), memoryLimit && describeAmount(memoryLimit));
  checkRequestWithinLimit(scope, prop, 'ephemeralStorage', resources?.ephemeralStorageRequest?.toKibibytes(), resources?.ephemeralStorageLimit?.toKibibytes(),
    resources?.ephemeralStorageRequest && describeAmount(resources.ephemeralStorageRequest),
    resources?.ephemeralStorageLimit && describeAmount(resources.ephemeralStorageLimit));

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
    return Number.isFinite(kib) ? `${kib}Ki` : value.asString();
  }
  return (value as kplus.Cpu)?.amount ?? String(value);
}

function checkCpu(scope: IConstruct, prop: string, cpu: kplus.Cpu | undefined): void {
  if (cpu === undefined) {
    return;
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
    throw inputError(scope, prop, `${size.toKibibytes()}Ki`, `it is not a whole number of ${unit} above zero (cdk8s-plus-27 writes it in ${unit})`,
      accepted);
  }
}

function checkRequestWithinLimit(
  scope: IConstruct, prop: string, what: string, request: number | undefined, limit: number | undefined,
  requestText: string | undefined, limitText: string | undefined,
): void {
  if (request !== undefined && limit !== undefined && request > limit) {
    throw inputError(scope, `${prop}.${what}Request`, requestText, `it is above the ${what} limit ${limitText}`,
      `a ${what} request at most the limit (the request is what the scheduler reserves, the limit what the container may use)`);
  }
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
 * Checks the props of one container that can be checked alone.
 */
export function checkContainerProps(scope: IConstruct, prop: string, props: AppContainerProps): void {
  if (!(props.image instanceof ContainerImage)) {
    throw inputError(scope, `${prop}.image`, props.image, 'it is not a ContainerImage',
      'ContainerImage.fromReference("nginx:1.27") or ContainerImage.fromLock("shop-api")');
  }
  for (const name of Object.keys(props.env ?? {})) {
    FormatRule.ENV_VAR_NAME.check(scope, `${prop}.env`, name);
  }
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
