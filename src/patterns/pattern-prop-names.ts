import { IConstruct } from 'constructs';
import { AppConnection, AppPatternProps, ServedPatternProps } from './app-pattern';
import { ACCESS_OPTIONS } from '../access/option-names';
import { inputError, isPlainObject, refusedAs } from '../core/errors';
import { misspeltName, namesOf } from '../core/near-names';
import { AppBlackboxOptions, AppLogOptions, AppMonitoringOptions } from '../monitor/app-monitoring';
import { DefaultProbesOptions } from '../monitor/health-probe';
import { ALERT_RULES_OPTIONS, ALERT_THRESHOLDS, METRICS_OPTIONS } from '../monitor/option-names';
import { ClaimMount, ScratchMount } from '../persistence/mounts';
import { AppPublicationOptions } from '../publish/app-publication';
import { AppContainerProps, AppContainerResources, ContainerOptions } from '../workload/app-container';
import { PodOptions } from '../workload/app-workload-props';
import { CONTAINER_OPTIONS, POD_OPTIONS } from '../workload/option-names';
import { AutoscalingProps } from '../workload/replicated-workload';

/*
 * The names of the props of each pattern, checked against its props interface when the library compiles (see
 * workload/option-names.ts), to tell a misspelt prop of an untyped caller (internal).
 */

/** The props of every pattern. */
export const PATTERN_PROPS: readonly string[] = [
  ...CONTAINER_OPTIONS, ...POD_OPTIONS, ...namesOf<Omit<AppPatternProps, keyof (ContainerOptions & PodOptions)>>({
    name: true,
    image: true,
    version: true,
    component: true,
    partOf: true,
    port: true,
    access: true,
    scratch: true,
    claims: true,
    connections: true,
    networkPolicy: true,
    createNamespace: true,
    monitor: true,
    monitoring: true,
  }),
];

/** The props of every pattern with a Service. */
export const SERVED_PROPS: readonly string[] = [
  ...PATTERN_PROPS, ...namesOf<Omit<ServedPatternProps, keyof AppPatternProps>>({ servicePorts: true, serviceExposure: true, publish: true }),
];

/**
 * Refuses a prop that is not one of the pattern's but so close to one that is not given that it is surely that one
 * misspelt (`replica` for `replicas`, `timezone` for `timeZone`): typed code gets a compile error for it, an untyped
 * caller would see it dropped. Other props of its own (a wrapper's extra props passed along) are left alone.
 */
export function checkMisspeltProps(scope: IConstruct, props: object, propsType: string, known: readonly string[]): void {
  misspeltIn(scope, '', props, propsType, known);
  // The options of the props, and the items of their lists: `publish: { path: "/api" }` would publish the whole host,
  // `resources: { memoryLimits }` leave the pod without a memory limit.
  for (const [where, type, names] of NESTED) {
    for (const { prefix, value } of optionsAt(props, where)) {
      misspeltIn(scope, prefix, value, type, names);
    }
  }
}

/**
 * The objects at a place of the props, with the prefix of their props: `monitoring.metrics` is one object, `claims[]`
 * each item of the list (`claims[1].`).
 */
function optionsAt(props: object, where: string): Array<{ prefix: string; value: object }> {
  let found: Array<{ prefix: string; value: unknown }> = [{ prefix: '', value: props }];
  for (const segment of where.split('.')) {
    const list = segment.endsWith('[]');
    const name = list ? segment.slice(0, -2) : segment;
    found = found.flatMap(({ prefix, value }) => {
      const inner = isPlainObject(value) ? (value as Record<string, unknown>)[name] : undefined;
      if (!list) {
        return [{ prefix: `${prefix}${name}.`, value: inner }];
      }
      return Array.isArray(inner) ? inner.map((item, i) => ({ prefix: `${prefix}${name}[${i}].`, value: item })) : [];
    });
  }
  return found.filter((f): f is { prefix: string; value: object } => isPlainObject(f.value));
}

const CLAIM_MOUNT = namesOf<ClaimMount>({
  name: true,
  mountPath: true,
  size: true,
  storageClassName: true,
  accessModes: true,
  volumeMode: true,
  containers: true,
  allContainers: true,
  subPath: true,
  readOnly: true,
});

/** The nested options whose props are read so: where (see optionsAt), their interface, their props. */
const NESTED: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['publish', 'AppPublicationOptions', namesOf<AppPublicationOptions>({
    hosts: true, paths: true, portName: true, mode: true, tls: true, ingressClassName: true, controller: true, annotations: true, gateway: true,
  })],
  ['monitoring', 'AppMonitoringOptions', namesOf<AppMonitoringOptions>({
    probes: true, defaultProbes: true, metrics: true, blackbox: true, alerts: true, dashboard: true, logs: true, switchOff: true,
  })],
  // `access: { grant: [...] }` would make a ServiceAccount with no Role: the application gets 403s at run time.
  ['access', 'AppServiceAccountOptions', ACCESS_OPTIONS],
  ['resources', 'AppContainerResources', namesOf<AppContainerResources>({
    cpuRequest: true,
    cpuLimit: true,
    memoryRequest: true,
    memoryLimit: true,
    ephemeralStorageRequest: true,
    ephemeralStorageLimit: true,
    switchOff: true,
  })],
  ['monitoring.metrics', 'AppMetricsOptions', METRICS_OPTIONS],
  // `autoscaling: { cpuUtilisation: 50 }` gave an autoscaler at the default 70%.
  ['autoscaling', 'AutoscalingProps', namesOf<AutoscalingProps>({
    minReplicas: true, maxReplicas: true, cpuUtilization: true, memoryUtilization: true, metrics: true, scaleUp: true, scaleDown: true,
  })],
  ['monitoring.alerts', 'AlertRulesOptions', ALERT_RULES_OPTIONS],
  ['monitoring.alerts.thresholds', 'AlertThresholds', ALERT_THRESHOLDS],
  ['monitoring.logs', 'AppLogOptions', namesOf<AppLogOptions>({ hints: true, files: true })],
  ['monitoring.defaultProbes', 'DefaultProbesOptions', namesOf<DefaultProbesOptions>({ readinessPath: true, portName: true, slowStart: true })],
  ['monitoring.blackbox', 'AppBlackboxOptions', namesOf<AppBlackboxOptions>({
    servicePortName: true, servicePath: true, publicPath: true, extraUrls: true, module: true, proberAddress: true, interval: true,
  })],
  ['connections[]', 'AppConnection', namesOf<AppConnection>({ to: true, portName: true, envPrefix: true })],
  ['claims[]', 'ClaimMount', CLAIM_MOUNT],
  ['replicaStorage[]', 'ClaimMount', CLAIM_MOUNT],
  ['scratch[]', 'ScratchMount', namesOf<ScratchMount>({
    name: true, mountPath: true, sizeLimit: true, inMemory: true, containers: true, allContainers: true, subPath: true, readOnly: true,
  })],
  ['sidecars[]', 'AppContainerProps', [...CONTAINER_OPTIONS, ...namesOf<Omit<AppContainerProps, keyof ContainerOptions>>({
    name: true, image: true, runAsUser: true, exitsOnItsOwn: true,
  })]],
  ['initContainers[]', 'AppContainerProps', [...CONTAINER_OPTIONS, ...namesOf<Omit<AppContainerProps, keyof ContainerOptions>>({
    name: true, image: true, runAsUser: true, exitsOnItsOwn: true,
  })]],
];

function misspeltIn(scope: IConstruct, prefix: string, props: object, propsType: string, known: readonly string[]): void {
  const given = props as Record<string, unknown>;
  for (const key of Object.keys(given).filter((k) => !known.includes(k))) {
    const meant = misspeltName(key, known);
    if (meant !== undefined && given[meant] === undefined) {
      throw inputError(scope, `${prefix}${key}`, given[key], `it is not a prop of ${propsType} (did you mean ${meant}?)`,
        `${prefix}${meant}; a prop of your own for something else: leave it out of the props you pass`);
    }
  }
}

/**
 * Makes the pattern's workload, and reports what the workload refuses against the pattern and the props the caller
 * wrote: the container's options are the pattern's own (`container.resources.memoryRequest` is `resources.memoryRequest`),
 * the pod's and the workload kind's keep their names.
 *
 * @param known the pattern's props (see {@link checkMisspeltProps})
 */
export function madeAsPattern<T>(scope: IConstruct, known: readonly string[], make: () => T): T {
  // A release's Services refuse their own props (`ports` are the Service's, the pattern's `servicePorts`): not these.
  return refusedAs(scope, { ...Object.fromEntries(known.map((p) => [p, p])), container: '' }, make, (path) => !/Service$/.test(path));
}
