/**
 * Arbitraries of the props that every workload kind (and every application pattern) shares: containers, their
 * images, ports, environment, resources and security, and the pod's placement.
 */
import * as kplus from 'cdk8s-plus-34';
import * as fc from 'fast-check';
import {
  absolutePath, count, cpu, duration, hostileNumber, hostileString, imageReference, labelKey, labelValue, listWithDuplicates, map, mostly,
  name,
  optional, percentOrAbsolute, portName, portNumber, sizeGibibytes, sizeMebibytes, validName, wrongType,
} from './arbitraries';
import {
  AppContainerProps, AppContainerResources, AppWorkloadProps, ContainerImage, DisruptionBudget, ReplicatedWorkloadProps, ResourceField,
  RolloutStrategy, SecurityProfile, SecurityRelaxation, TopologySpread,
} from '../../src';

/** A container image, usually a valid reference; sometimes not a ContainerImage at all. */
export const containerImage: fc.Arbitrary<ContainerImage> = mostly(
  fc.record({
    reference: imageReference,
    pullPolicy: optional(mostly(fc.constantFrom(...Object.values(kplus.ImagePullPolicy)), fc.constantFrom('Sometimes', 'always') as fc.Arbitrary<any>), 0.2),
  }).map(({ reference, pullPolicy }) => ContainerImage.fromReference(reference, { pullPolicy })),
  wrongType,
  40,
);

/** An application name: short and valid, long and valid (up to 63 characters), or hostile. */
export const appName: fc.Arbitrary<string> = mostly(
  fc.oneof({ weight: 10, arbitrary: validName }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{45,61}[a-z0-9]$/) }),
  hostileString,
  15,
);

const envName = mostly(fc.constantFrom('DATABASE_URL', 'LOG_LEVEL', 'app.mode', 'x-y', '_PRIVATE'), hostileString);
/** An environment value: an EnvValue; from untyped JavaScript, sometimes a string (a literal) or a value of another type. */
const envValue = mostly(fc.oneof(
  fc.string({ maxLength: 10 }).map((v) => kplus.EnvValue.fromValue(v)),
  fc.string({ unit: 'grapheme', maxLength: 5 }).map((v) => kplus.EnvValue.fromValue(v)),
), fc.oneof(fc.string({ maxLength: 5 }), wrongType) as fc.Arbitrary<any>, 20);

/** Container ports, with duplicate names and numbers now and then. */
export const containerPorts = listWithDuplicates(fc.record({
  name: portName,
  number: portNumber,
  protocol: optional(mostly(fc.constantFrom(kplus.Protocol.TCP, kplus.Protocol.UDP, kplus.Protocol.SCTP), fc.constantFrom('tcp', 'HTTP') as fc.Arbitrary<any>)),
}, { requiredKeys: ['name', 'number'] }), 3);

/** Container resources over the platform defaults. */
export const resources: fc.Arbitrary<AppContainerResources> = fc.record({
  cpuRequest: optional(cpu),
  cpuLimit: optional(cpu),
  memoryRequest: optional(sizeMebibytes),
  memoryLimit: optional(sizeMebibytes),
  ephemeralStorageRequest: optional(sizeGibibytes),
  ephemeralStorageLimit: optional(sizeGibibytes),
  switchOff: optional(fc.array(mostly(fc.constantFrom(...Object.values(ResourceField)), hostileString as fc.Arbitrary<any>), { maxLength: 2 })),
}, { requiredKeys: [] });

const capability = mostly(fc.constantFrom('NET_BIND_SERVICE', 'CHOWN', 'SYS_ADMIN', 'NET_ADMIN', 'KILL'), fc.oneof(hostileString, fc.constantFrom('CAP_CHOWN', 'net_admin', 'ALL')));

function containerRecord(named: boolean): fc.Arbitrary<AppContainerProps> {
  return fc.record({
    name: named ? mostly(fc.constantFrom('proxy', 'init', 'shipper', 'sidecar'), fc.oneof(hostileString, fc.constant(undefined as any))) : optional(name),
    image: containerImage,
    command: optional(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }), 0.5),
    args: optional(fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { maxLength: 2 }), 0.5),
    workingDir: optional(absolutePath),
    env: optional(map(envName, envValue, 3)),
    ports: optional(containerPorts),
    resources: optional(resources, 0.5),
    preStopDelay: optional(duration(1, 20)),
    addCapabilities: optional(fc.array(capability, { maxLength: 2 })),
    runAsUser: optional(mostly(fc.integer({ min: 1, max: 65534 }), fc.oneof(fc.constant(0), hostileNumber))),
  }, { requiredKeys: ['image'] }) as fc.Arbitrary<AppContainerProps>;
}

/** The main container (name optional). */
export const mainContainer = containerRecord(false);
/** A sidecar or init container (name needed). */
export const namedContainer = containerRecord(true);

const toleration = fc.record({
  key: optional(labelKey),
  operator: optional(mostly(fc.constantFrom('Exists', 'Equal'), fc.constantFrom('Bogus', 'exists'))),
  value: optional(labelValue),
  effect: optional(mostly(fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule'), fc.constantFrom('Bogus', 'noschedule'))),
  tolerationSeconds: optional(mostly(fc.integer({ min: 0, max: 3600 }), hostileNumber)),
}, { requiredKeys: [] });

/** The props of the pods of any workload kind (without the identity). */
export const podProps: fc.Arbitrary<Omit<AppWorkloadProps, 'identity'>> = fc.record({
  name: optional(appName),
  container: mostly(mainContainer, wrongType, 60),
  sidecars: optional(fc.array(namedContainer, { maxLength: 2 })),
  initContainers: optional(fc.array(namedContainer, { maxLength: 1 })),
  terminationGracePeriod: optional(duration(30, 120)),
  mountServiceAccountToken: optional(fc.boolean()),
  securityProfile: optional(mostly(fc.constantFrom(...Object.values(SecurityProfile)), fc.constantFrom('strict', 'RESTRICTED', '') as fc.Arbitrary<any>), 0.5),
  relax: optional(fc.array(mostly(fc.constantFrom(...Object.values(SecurityRelaxation)), hostileString as fc.Arbitrary<any>), { maxLength: 2 })),
  runAsUser: optional(mostly(fc.integer({ min: 1, max: 65534 }), fc.oneof(fc.constant(0), hostileNumber))),
  runAsGroup: optional(count(0, 65534)),
  fsGroup: optional(count(0, 65534)),
  tmpVolume: optional(fc.boolean()),
  nodeSelector: optional(map(labelKey, labelValue, 2)),
  tolerations: optional(fc.array(toleration, { maxLength: 2 })),
  priorityClassName: optional(name),
  podAnnotations: optional(map(labelKey, fc.string({ maxLength: 8 }), 2)),
  rollOnConfigChange: optional(fc.boolean()),
}, { requiredKeys: ['container'] }) as fc.Arbitrary<Omit<AppWorkloadProps, 'identity'>>;

/** A topology spread, usually valid. */
export const topologySpread: fc.Arbitrary<TopologySpread> = fc.tuple(
  fc.constantFrom('nodes', 'zones', 'label'),
  fc.record({ maxSkew: optional(count(1, 3), 0.25), required: optional(fc.boolean(), 0.25) }, { requiredKeys: [] }),
  labelKey,
).map(([kind, options, key]) => kind === 'nodes' ? TopologySpread.acrossNodes(options)
  : kind === 'zones' ? TopologySpread.acrossZones(options) : TopologySpread.byNodeLabel(key, options));

/** A disruption budget, usually valid. */
export const disruptionBudget: fc.Arbitrary<DisruptionBudget> = fc.oneof(
  fc.constant(DisruptionBudget.none()),
  percentOrAbsolute.map((a) => DisruptionBudget.minAvailable(a)),
  percentOrAbsolute.map((a) => DisruptionBudget.maxUnavailable(a)),
);

/** A rollout strategy of a Deployment. */
export const rolloutStrategy: fc.Arbitrary<RolloutStrategy> = fc.oneof(
  fc.constant(RolloutStrategy.recreate()),
  fc.record({ maxSurge: optional(percentOrAbsolute), maxUnavailable: optional(percentOrAbsolute) }, { requiredKeys: [] })
    .map((o) => RolloutStrategy.rollingUpdate(o)),
);

/** Autoscaling, usually valid. */
export const autoscaling = fc.record({
  minReplicas: count(1, 3),
  maxReplicas: count(1, 10),
  cpuUtilization: optional(count(1, 100)),
  memoryUtilization: optional(count(1, 100)),
}, { requiredKeys: ['minReplicas', 'maxReplicas'] });

/** The props that replicated workloads (Deployments, StatefulSets) add: replicas or autoscaling (rarely both). */
export const replicatedProps: fc.Arbitrary<Partial<ReplicatedWorkloadProps>> = fc.record({
  scaling: fc.oneof(
    { weight: 6, arbitrary: fc.record({ replicas: optional(count(0, 5), 0.25) }, { requiredKeys: [] }) },
    { weight: 2, arbitrary: fc.record({ autoscaling }) },
    { weight: 1, arbitrary: fc.record({ replicas: count(0, 5), autoscaling }) },
  ),
  minReady: optional(duration(0, 30)),
  disruptionBudget: optional(disruptionBudget),
  spread: optional(fc.array(topologySpread, { maxLength: 2 })),
}, { requiredKeys: ['scaling'] }).map(({ scaling, ...rest }) => ({ ...scaling, ...rest }));
