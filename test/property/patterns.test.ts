/**
 * Property tests of bad input: the application patterns WebService, StatefulService, NodeDaemon, BatchJob and
 * ScheduledJob, alone and connected to each other. See test/property/harness.ts.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  absolutePath, count, duration, hostName, hostileString, labelKey, labelValue, map, mostly, name, optional, percentOrAbsolute, portName,
  scratchSizeLimit, sizeGibibytes, urlPath, wrongType,
} from './arbitraries';
import { assertOutcomes, CHART_ID, propertyTimeout, synthOrRefuse } from './harness';
import { appName, containerImage, containerPorts, namedContainer, resources, rolloutStrategy } from './pod-arbitraries';
import {
  AppPattern, AppPatternProps, BatchJob, ContainerImage, CronSchedule, MonitoringPart, NodeDaemon, PlatformDefaults, ReleaseStrategy, ScheduledJob,
  SecurityProfile,
  SecurityRelaxation, StatefulService, WebService,
} from '../../src';

/** A list or a map in another shape, as untyped JavaScript can give it: a string, an object, null, a number, a list of strings. */
const wrongShape: fc.Arbitrary<any> = fc.oneof(wrongType, fc.constantFrom('http', { name: 'http' }, [null], [42]));

/** The props that every pattern shares. */
const patternProps = fc.record({
  name: appName,
  image: containerImage,
  version: optional(mostly(fc.constantFrom('1.4.2', '2024.01'), hostileString, 6), 0.4),
  component: optional(labelValue, 0.2),
  partOf: optional(labelValue, 0.2),
  ports: fc.oneof(
    { weight: 12, arbitrary: fc.record({ port: mostly(fc.constantFrom(80, 8080, 5432), fc.constantFrom(0, 70000, 80.5)) }) },
    { weight: 8, arbitrary: fc.record({ ports: containerPorts }) },
    { weight: 2, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constant({ port: 8080, ports: [{ name: 'http', number: 8080 }] }) },
    // From untyped JavaScript: ports in another shape (a string, an object, null...).
    { weight: 1, arbitrary: wrongShape.map((ports) => ({ ports })) },
  ),
  command: optional(fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }), 0.2),
  env: optional(map(mostly(fc.constantFrom('LOG_LEVEL', 'MODE'), hostileString, 6), fc.string({ maxLength: 5 }).map((v) => kplus.EnvValue.fromValue(v)), 2), 0.3),
  resources: optional(resources, 0.4),
  sidecars: optional(mostly(fc.array(namedContainer, { maxLength: 1 }), wrongShape, 10), 0.2),
  runAsUser: optional(mostly(fc.integer({ min: 1, max: 65534 }), fc.constantFrom(0, -1, 1.5)), 0.2),
  securityProfile: optional(mostly(fc.constantFrom(...Object.values(SecurityProfile)), fc.constant('strict') as fc.Arbitrary<any>), 0.2),
  relax: optional(fc.array(fc.constantFrom(...Object.values(SecurityRelaxation)), { maxLength: 2 }), 0.2),
  podAnnotations: optional(map(labelKey, fc.string({ maxLength: 5 }), 1), 0.2),
  nodeSelector: optional(map(labelKey, labelValue, 1), 0.2),
  priorityClassName: optional(name, 0.1),
  terminationGracePeriod: optional(duration(30, 120), 0.2),
  scratch: optional(fc.array(fc.record({
    name: mostly(fc.constantFrom('cache', 'work'), hostileString, 8), mountPath: absolutePath, sizeLimit: optional(scratchSizeLimit, 0.3), inMemory: optional(fc.boolean(), 0.3),
  }, { requiredKeys: ['name', 'mountPath'] }), { maxLength: 2 }), 0.3),
  claims: optional(mostly(fc.array(fc.record({
    name: mostly(fc.constantFrom('data', 'uploads'), hostileString, 8),
    mountPath: absolutePath,
    size: sizeGibibytes,
    accessModes: optional(fc.uniqueArray(fc.constantFrom(...Object.values(kplus.PersistentVolumeAccessMode)), { minLength: 1, maxLength: 2 }), 0.5),
    storageClassName: optional(name, 0.2),
    readOnly: optional(fc.boolean(), 0.3),
  }, { requiredKeys: ['name', 'mountPath', 'size'] }), { maxLength: 2 }), wrongShape, 10), 0.25),
  networkPolicy: optional(fc.boolean(), 0.3),
  createNamespace: optional(fc.boolean(), 0.2),
  monitor: optional(fc.boolean(), 0.3),
  monitoring: optional(fc.record({
    metrics: optional(fc.record({ portName: mostly(fc.constantFrom('http', 'metrics'), portName, 6), requestCounter: optional(fc.constantFrom('http_requests_total'), 0.3) },
      { requiredKeys: ['portName'] }), 0.5),
    defaultProbes: optional(fc.record({ readinessPath: optional(urlPath) }, { requiredKeys: [] }), 0.3),
    switchOff: optional(fc.array(fc.constantFrom(...Object.values(MonitoringPart)), { maxLength: 2 }), 0.3),
  }, { requiredKeys: [] }), 0.3),
}, { requiredKeys: ['name', 'image', 'ports'] }).map(({ ports, ...rest }) => ({ ...rest, ...ports }) as AppPatternProps);

const publish = fc.record({
  hosts: mostly(fc.array(hostName, { minLength: 1, maxLength: 2 }), wrongShape, 12),
  paths: optional(fc.array(urlPath, { minLength: 1, maxLength: 2 }), 0.3),
  portName: optional(mostly(fc.constant('http'), portName, 4), 0.3),
}, { requiredKeys: ['hosts'] });

const release = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('blue', 'green').map((active) => ReleaseStrategy.blueGreen({ active: active as any })) },
  { weight: 1, arbitrary: fc.constantFrom(10, 20, 50, 33).map((weight) => ReleaseStrategy.canary({ image: ContainerImage.fromReference('nginx:1.27.4'), weight })) },
);

type PatternSpec = { kind: string; props: AppPatternProps; extra: Record<string, unknown> };

const pattern: fc.Arbitrary<PatternSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('web'),
    props: patternProps,
    extra: fc.record({
      replicas: optional(count(0, 5), 0.4),
      autoscaling: optional(fc.record({ minReplicas: count(1, 3), maxReplicas: count(1, 6) }), 0.1),
      strategy: optional(rolloutStrategy, 0.2),
      release,
      publish: optional(publish, 0.4),
    }, { requiredKeys: [] }),
  }),
  fc.record({
    kind: fc.constant('stateful'),
    props: patternProps,
    extra: fc.record({
      replicas: optional(count(0, 3), 0.4),
      replicaStorage: optional(fc.array(fc.record({ name: mostly(fc.constantFrom('data', 'wal'), hostileString, 8), mountPath: absolutePath, size: sizeGibibytes }),
        { maxLength: 2 }), 0.5),
      podManagementPolicy: optional(fc.constantFrom(...Object.values(kplus.PodManagementPolicy)), 0.2),
    }, { requiredKeys: [] }),
  }),
  fc.record({
    kind: fc.constant('daemon'),
    props: patternProps,
    extra: fc.record({
      hostPaths: optional(fc.array(fc.record({
        name: mostly(fc.constantFrom('varlog', 'proc'), hostileString, 8), hostPath: absolutePath, mountPath: optional(absolutePath, 0.3), writable: optional(fc.boolean(), 0.3),
      }, { requiredKeys: ['name', 'hostPath'] }), { maxLength: 2 }), 0.4),
      tolerateAllTaints: optional(fc.boolean(), 0.3),
      maxUnavailable: optional(percentOrAbsolute, 0.3),
    }, { requiredKeys: [] }),
  }),
  fc.record({
    kind: fc.constant('batch'),
    props: patternProps,
    extra: fc.record({
      completions: optional(count(1, 5), 0.3),
      parallelism: optional(count(1, 5), 0.3),
      backoffLimit: optional(count(0, 10), 0.3),
      ttlAfterFinished: optional(duration(0, 86400), 0.3),
    }, { requiredKeys: [] }),
  }),
  fc.record({
    kind: fc.constant('scheduled'),
    props: patternProps,
    extra: fc.record({
      schedule: mostly(fc.constantFrom('0 3 * * *', '*/15 * * * MON-FRI', '@daily').map((e) => CronSchedule.expression(e)),
        fc.oneof(hostileString.map((e) => CronSchedule.expression(e)), wrongType), 10),
      timeZone: optional(mostly(fc.constantFrom('Europe/Berlin', 'Etc/UTC'), hostileString, 6), 0.4),
      suspend: optional(fc.boolean(), 0.2),
    }, { requiredKeys: ['schedule'] }),
  }),
);

function make(scope: Construct, id: string, spec: PatternSpec): AppPattern {
  const props = { ...spec.props, ...spec.extra } as any;
  switch (spec.kind) {
    case 'web': return new WebService(scope, id, props);
    case 'stateful': return new StatefulService(scope, id, props);
    case 'daemon': return new NodeDaemon(scope, id, props);
    case 'batch': return new BatchJob(scope, id, props);
    default: return new ScheduledJob(scope, id, props);
  }
}

describe('application patterns', () => {
  const RUNS = 100;

  test('one pattern of each kind, every shared prop: valid, secure manifests for the whole application, or a refusal', () => {
    const arbitrary = fc.record({
      pattern,
      namespace: optional(fc.constantFrom('shop', 'batch'), 0.7),
      defaults: fc.record({
        ingressControllerNamespace: optional(fc.constant('ingress-nginx'), 0.5),
        monitoringNamespace: optional(fc.constant('monitoring'), 0.5),
      }, { requiredKeys: [] }),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ chart }) => {
      PlatformDefaults.set(chart, input.defaults);
      make(chart, 'App', input.pattern);
    }, { chartProps: { namespace: input.namespace } }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('two patterns connected: environment, network policies and namespaces stay valid, or a refusal', () => {
    // The shared props are the first property's: here, mostly valid applications, and hostile connections.
    const application = (kinds: string[]) => fc.record({
      kind: fc.constantFrom(...kinds),
      props: fc.record({
        name: appName,
        image: fc.constant(ContainerImage.fromReference('nginx:1.27.3')),
        ports: fc.oneof(
          { weight: 4, arbitrary: fc.constant({ port: 8080 }) },
          { weight: 2, arbitrary: fc.constant({ ports: [{ name: 'db', number: 5432 }, { name: 'metrics', number: 9187 }] }) },
          { weight: 1, arbitrary: fc.constant({}) },
        ),
        env: optional(fc.constantFrom({ DB_HOST: kplus.EnvValue.fromValue('x') }, { LOG_LEVEL: kplus.EnvValue.fromValue('debug') }), 0.2),
        networkPolicy: optional(fc.boolean(), 0.3),
        createNamespace: optional(fc.boolean(), 0.3),
        monitor: optional(fc.boolean(), 0.2),
        monitoring: optional(fc.record({ metrics: fc.record({ portName: fc.constantFrom('http', 'metrics') }) }), 0.2),
      }, { requiredKeys: ['name', 'image', 'ports'] }).map(({ ports, monitor, monitoring, ...rest }) => ({
        ...rest, ...ports, monitor, monitoring: monitor === false ? undefined : monitoring,
      }) as AppPatternProps),
      extra: fc.record({
        publish: optional(fc.constant({ hosts: ['shop.example.com'] }), 0.3),
        schedule: fc.constant(CronSchedule.daily()),
        release: release,
      }, { requiredKeys: ['schedule'] }),
    }).map((spec) => ({ ...spec, extra: spec.kind === 'web' ? spec.extra : spec.kind === 'scheduled' ? { schedule: spec.extra.schedule } : {} }));
    const arbitrary = fc.record({
      client: application(['web', 'stateful', 'daemon', 'batch', 'scheduled']),
      server: application(['web', 'web', 'stateful', 'batch']),
      connection: fc.record({
        portName: optional(mostly(fc.constantFrom('http', 'db', 'metrics'), portName, 4), 0.3),
        envPrefix: optional(mostly(fc.constantFrom('DB', 'API_1', 'backend', 'x.y'), fc.oneof(hostileString, fc.constantFrom('1DB', 'A B'))), 0.3),
      }, { requiredKeys: [] }),
      viaProps: fc.boolean(),
      twice: optional(fc.boolean(), 0.1),
      defaults: fc.record({
        ingressControllerNamespace: optional(fc.constant('ingress-nginx'), 0.6),
        monitoringNamespace: optional(fc.constant('monitoring'), 0.6),
      }, { requiredKeys: [] }),
      serverNamespace: optional(fc.constantFrom('shop', 'data'), 0.3),
    }).map((input) => ({
      ...input,
      // Two applications of one chart have two names, usually.
      client: input.client.props.name === input.server.props.name
        ? { ...input.client, props: { ...input.client.props, name: `${input.client.props.name}x`.slice(-60) } } : input.client,
    }));
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ app, chart }) => {
      PlatformDefaults.set(app, input.defaults);
      const serverChart = input.serverNamespace === undefined ? chart : new Chart(app, `${CHART_ID}-server`, { namespace: input.serverNamespace });
      const server = make(serverChart, 'Server', input.server);
      const client = input.viaProps
        ? make(chart, 'Client', { ...input.client, extra: { ...input.client.extra, connections: [{ to: server, ...input.connection }] } })
        : make(chart, 'Client', input.client);
      if (!input.viaProps) {
        client.connectTo(server, input.connection);
      }
      if (input.twice) {
        client.connectTo(server, input.connection);
      }
      if (serverChart !== chart) {
        // The server's chart is synthesized (and validated) too.
        Testing.synth(serverChart);
      }
    }, { chartProps: { namespace: 'shop' } }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});
