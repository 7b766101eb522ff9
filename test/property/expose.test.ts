/**
 * Property tests of bad input: AppService (every exposure) and AppNetworkPolicy (every peer and port).
 * See test/property/harness.ts.
 */
import * as kplus from 'cdk8s-plus-34';
import * as fc from 'fast-check';
import {
  count, duration, hostileString, labelKey, labelValue, listWithDuplicates, map, mostly, name, optional, portName, portNumber, wrongType,
} from './arbitraries';
import { assertOutcomes, propertyTimeout, synthOrRefuse } from './harness';
import { containerPorts } from './pod-arbitraries';
import {
  AppIdentity, AppNetworkPolicy, AppService, ContainerImage, ExternalTrafficPolicy, NetworkPeer, NetworkPort, PlatformDefaults, ServiceExposure,
  StatelessWorkload,
} from '../../src';

const IMAGE = ContainerImage.fromReference('nginx:1.27.3');

const cidr = mostly(
  fc.constantFrom('10.0.0.0/8', '192.168.0.0/16', '203.0.113.0/24', '0.0.0.0/0', '2001:db8::/32', '::/0', 'fd00::/8'),
  fc.oneof(hostileString, fc.constantFrom('10.0.0.1/8', '10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '2001:db8::/129', '10.0.0.0/-1', '10.0.0.0/08',
    '::ffff:10.0.0.0/104', '1:2:3:4:5:6:7:8:9/64', '10.0.0.0/8/8')),
  6,
);

const exposure = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'clusterIp' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'headless' }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nodePort'), externalTrafficPolicy: optional(mostly(fc.constantFrom(...Object.values(ExternalTrafficPolicy)), fc.constant('Bogus') as fc.Arbitrary<any>)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('loadBalancer'), sourceRanges: optional(fc.array(cidr, { maxLength: 2 })), externalTrafficPolicy: optional(fc.constantFrom(...Object.values(ExternalTrafficPolicy))) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('externalName'), hostname: mostly(fc.constantFrom('db.example.com', 'api.internal'), hostileString, 4) }) },
);

function exposureOf(spec: any): ServiceExposure {
  switch (spec.kind) {
    case 'clusterIp': return ServiceExposure.clusterIp();
    case 'headless': return ServiceExposure.headless();
    case 'nodePort': return ServiceExposure.nodePort({ externalTrafficPolicy: spec.externalTrafficPolicy });
    case 'loadBalancer': return ServiceExposure.loadBalancer({ sourceRanges: spec.sourceRanges, externalTrafficPolicy: spec.externalTrafficPolicy });
    default: return ServiceExposure.externalName(spec.hostname);
  }
}

const servicePorts = listWithDuplicates(fc.record({
  name: portName,
  port: portNumber,
  targetPortName: optional(portName, 0.4),
  nodePort: optional(mostly(fc.integer({ min: 30000, max: 32767 }), fc.constantFrom(80, 29999, 32768, 30000.5, NaN)), 0.2),
  appProtocol: optional(mostly(fc.constantFrom('http', 'https', 'kubernetes.io/h2c'), hostileString), 0.2),
  protocol: optional(mostly(fc.constantFrom(...Object.values(kplus.Protocol)), fc.constant('tcp') as fc.Arbitrary<any>), 0.3),
}, { requiredKeys: ['name', 'port'] }), 3);

describe('AppService', () => {
  const RUNS = 120;

  test('every exposure, with a workload, an identity or neither: a valid Service, or a refusal', () => {
    const arbitrary = fc.record({
      target: fc.oneof({ weight: 4, arbitrary: fc.constant('workload') }, { weight: 3, arbitrary: fc.constant('identity') }, { weight: 1, arbitrary: fc.constant('none') }),
      workloadPorts: optional(containerPorts.filter((p) => p.length > 0), 0.9),
      name: optional(name, 0.4),
      exposure,
      ports: optional(servicePorts.filter((p) => p.length > 0), 0.7),
      clientAffinityTimeout: optional(duration(1, 86400), 0.2),
      publishNotReadyAddresses: optional(fc.boolean(), 0.2),
    }).map((input) => (input.exposure.kind === 'externalName' ? { ...input, target: input.target === 'none' ? 'workload' : 'none', name: input.name ?? 'db' }
      // An ExternalName Service selects no pods: usually nothing to select; the others select pods.
      : input.target === 'none' ? { ...input, target: 'identity' } : input));
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ chart }) => {
      const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
      const workload = input.target === 'workload'
        ? new StatelessWorkload(chart, 'Web', { identity, container: { image: IMAGE, ports: input.workloadPorts } }) : undefined;
      new AppService(chart, 'Service', {
        workload,
        identity: input.target === 'identity' ? identity : undefined,
        name: input.name,
        exposure: exposureOf(input.exposure),
        ports: input.ports,
        clientAffinityTimeout: input.clientAffinityTimeout,
        publishNotReadyAddresses: input.publishNotReadyAddresses,
      });
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

const peer = fc.oneof(
  fc.record({ kind: fc.constant('application'), namespace: optional(name, 0.3) }),
  fc.record({ kind: fc.constant('podsWithLabels'), labels: mostly(map(labelKey, labelValue, 2), wrongType, 10), namespace: optional(name, 0.3) }),
  fc.record({ kind: fc.constant('namespace'), namespace: name }),
  fc.constant({ kind: 'ingressController' }),
  fc.constant({ kind: 'monitoring' }),
  fc.record({ kind: fc.constant('ipBlock'), cidr, except: optional(fc.array(cidr, { maxLength: 2 }), 0.4) }),
  fc.record({ kind: fc.constant('wrong'), value: wrongType }),
);

function peerOf(spec: any, identity: AppIdentity): NetworkPeer {
  switch (spec.kind) {
    case 'application': return NetworkPeer.application(identity, { namespace: spec.namespace });
    case 'podsWithLabels': return NetworkPeer.podsWithLabels(spec.labels, { namespace: spec.namespace });
    case 'namespace': return NetworkPeer.namespace(spec.namespace);
    case 'ingressController': return NetworkPeer.ingressController();
    case 'monitoring': return NetworkPeer.monitoring();
    case 'ipBlock': return NetworkPeer.ipBlock(spec.cidr, spec.except);
    default: return spec.value;
  }
}

const networkPort = fc.oneof(
  fc.record({ kind: fc.constantFrom('tcp', 'udp'), port: portNumber }),
  fc.record({ kind: fc.constant('named'), name: portName, protocol: optional(mostly(fc.constantFrom(...Object.values(kplus.NetworkProtocol)), fc.constant('HTTP') as fc.Arbitrary<any>), 0.3) }),
  fc.record({ kind: fc.constant('wrong'), value: wrongType }),
);

function portOf(spec: any): NetworkPort {
  switch (spec.kind) {
    case 'tcp': return NetworkPort.tcp(spec.port);
    case 'udp': return NetworkPort.udp(spec.port);
    case 'named': return NetworkPort.named(spec.name, spec.protocol);
    default: return spec.value;
  }
}

const rule = fc.record({
  peers: fc.array(mostly(peer, fc.constant({ kind: 'wrong', value: undefined }), 20), { maxLength: 3 }),
  ports: optional(fc.array(networkPort, { maxLength: 2 }), 0.6),
});

describe('AppNetworkPolicy', () => {
  const RUNS = 150;

  test('every peer and port, ingress and egress: a valid NetworkPolicy, or a refusal', () => {
    const arbitrary = fc.record({
      name: optional(name, 0.3),
      allowFrom: optional(fc.array(rule, { maxLength: 3 }), 0.8),
      restrictEgress: optional(mostly(fc.boolean(), wrongType, 20), 0.5),
      allowTo: optional(fc.array(rule, { maxLength: 2 }), 0.4),
      allowDns: optional(mostly(fc.boolean(), wrongType, 20), 0.3),
      defaults: fc.record({ ingressControllerNamespace: optional(name, 0.7), monitoringNamespace: optional(name, 0.7) }, { requiredKeys: [] }),
      later: optional(fc.array(rule, { maxLength: 1 }), 0.2),
      replicas: optional(count(1, 3), 0.1),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ chart }) => {
      PlatformDefaults.set(chart, input.defaults);
      const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
      const policy = new AppNetworkPolicy(chart, 'Policy', {
        identity,
        name: input.name,
        restrictEgress: input.restrictEgress,
        allowDns: input.allowDns,
        allowFrom: input.allowFrom?.map((r) => ({ peers: r.peers.map((p) => peerOf(p, identity)), ports: r.ports?.map(portOf) })),
        allowTo: input.allowTo?.map((r) => ({ peers: r.peers.map((p) => peerOf(p, identity)), ports: r.ports?.map(portOf) })),
      });
      for (const r of input.later ?? []) {
        policy.allowFrom({ peers: r.peers.map((p) => peerOf(p, identity)), ports: r.ports?.map(portOf) });
      }
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});
