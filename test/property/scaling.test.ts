/**
 * Property tests of bad input: the HorizontalPodAutoscaler's metrics (ScalingMetric) and KEDA's event scaling
 * (ScalingTrigger, AppTriggerAuthentication, AppScaledObject through `eventScaling`) with random and hostile props
 * either synthesize valid manifests (the ScaledObject and TriggerAuthentication against KEDA's CRDs) or refuse the
 * input with an AppflowInputError that names the prop. See test/property/harness.ts.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as fc from 'fast-check';
import { count, cpu, duration, hostileNumber, hostileString, labelKey, labelValue, map, mostly, optional, sizeMebibytes, wrongType } from './arbitraries';
import { assertOutcomes, BuildContext, propertyTimeout, synthOrRefuse } from './harness';
import {
  AppIdentity, AppTriggerAuthentication, ContainerImage, CronSchedule, ExistingSecretSource, KafkaOffsetResetPolicy, PrometheusAuthMode,
  RabbitMqProtocol, ScalingMetric, ScalingTrigger, StatelessWorkload, TriggerPodIdentity,
} from '../../src';

const RUNS = 60;
const IMAGE = ContainerImage.fromReference('registry.example.com/shop/worker:1.0.0');

/** A positive target, usually; a hostile number sometimes. */
const target = mostly(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0.001, max: 1000, noNaN: true })), hostileNumber);
const metricName = mostly(fc.constantFrom('http_requests_per_second', 'queue_messages_ready', 'requests-per-second'),
  fc.oneof(hostileString, fc.constantFrom('.', '..', 'a/b', '50%')));
const selector = optional(mostly(map(labelKey, labelValue, 2), wrongType as fc.Arbitrary<any>), 0.3);
const container = mostly(fc.constantFrom('worker', 'proxy'), fc.oneof(hostileString, wrongType));

const metric: fc.Arbitrary<ScalingMetric> = mostly(fc.oneof(
  fc.record({ name: metricName, averageValue: target, selector }).map((o) => ScalingMetric.pods(o as any)),
  fc.record({
    object: mostly(fc.constant({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'shop' }), fc.oneof(
      wrongType, fc.constant({ apiVersion: 'v1', kind: 'service', name: 'web' }), fc.constant({ apiVersion: 'v1', kind: 'Service', name: 'Web!' }),
    )),
    name: metricName,
    value: optional(target),
    averageValue: optional(target),
    selector,
  }).map((o) => ScalingMetric.object(o as any)),
  fc.record({ name: metricName, value: optional(target), averageValue: optional(target), selector }).map((o) => ScalingMetric.external(o as any)),
  fc.record({ container, utilization: optional(count(1, 200)), averageValue: optional(cpu) }).map((o) => ScalingMetric.containerCpu(o as any)),
  fc.record({ container, utilization: optional(count(1, 200)), averageValue: optional(sizeMebibytes) })
    .map((o) => ScalingMetric.containerMemory(o as any)),
), wrongType as fc.Arbitrary<any>, 20);

/** A worker whose main container requests CPU and memory, with a sidecar that requests CPU only (usually). */
function worker({ chart }: BuildContext, scaling: Record<string, unknown>): void {
  new StatelessWorkload(chart, 'Worker', {
    identity: new AppIdentity(chart, 'Identity', { name: 'worker' }),
    container: { image: IMAGE, resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) } },
    sidecars: [{ name: 'proxy', image: IMAGE, resources: { cpuRequest: kplus.Cpu.millis(50) }, exitsOnItsOwn: true }],
    ...scaling,
  });
}

describe('scaling refuses bad input with a house error, or synthesizes valid manifests', () => {
  test('ScalingMetric in autoscaling', () => {
    const arbitrary = fc.record({
      metrics: mostly(fc.array(metric, { maxLength: 3 }), wrongType as fc.Arbitrary<any>, 20),
      cpuUtilization: optional(count(1, 100), 0.3),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse((context) => worker(context, {
      autoscaling: { minReplicas: 1, maxReplicas: 5, metrics: input.metrics, cpuUtilization: input.cpuUtilization },
    })));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('ScalingTrigger, AppTriggerAuthentication and eventScaling', () => {
    const parameters = fc.uniqueArray(mostly(fc.constantFrom('host', 'username', 'password', 'bearerToken', 'awsAccessKeyID', 'awsSecretAccessKey'),
      hostileString), { maxLength: 3 });
    const podIdentity = optional(mostly(fc.oneof(
      fc.constant(TriggerPodIdentity.aws()),
      fc.constant(TriggerPodIdentity.awsOfWorkload()),
      fc.constant(TriggerPodIdentity.gcp()),
      fc.record({ roleArn: optional(mostly(fc.constant('arn:aws:iam::111122223333:role/keda'), hostileString)) })
        .map((o) => TriggerPodIdentity.aws(o as any)),
      fc.record({ identityId: optional(mostly(fc.uuid(), hostileString)), tenantId: optional(fc.uuid()) })
        .map((o) => TriggerPodIdentity.azureWorkload(o as any)),
    ), wrongType as fc.Arbitrary<any>), 0.4);
    const url = (valid: string) => mostly(fc.constant(valid), fc.oneof(hostileString, fc.constantFrom('prometheus:9090', 'ftp://x', 'amqp://u:p@rabbit:5672/')));
    const trigger: fc.Arbitrary<(auth: AppTriggerAuthentication | undefined) => ScalingTrigger> = fc.oneof(
      fc.record({
        serverAddress: url('http://prometheus.monitoring.svc:9090'),
        query: mostly(fc.constant('sum(rate(x[2m]))'), hostileString),
        threshold: target,
        activationThreshold: optional(hostileNumber, 0.2),
        authModes: optional(fc.subarray([...Object.values(PrometheusAuthMode), 'oauth' as PrometheusAuthMode]), 0.3),
      }).map((o) => (authentication: AppTriggerAuthentication | undefined) => ScalingTrigger.prometheus({ ...o, authentication } as any)),
      fc.record({
        timeZone: mostly(fc.constantFrom('Europe/Berlin', 'UTC'), hostileString),
        start: fc.constantFrom(CronSchedule.expression('0 6 * * *'), CronSchedule.daily(), CronSchedule.expression('61 * * * *')),
        end: fc.constantFrom(CronSchedule.expression('0 20 * * *'), CronSchedule.daily()),
        desiredReplicas: count(1, 8),
      }).map((o) => () => ScalingTrigger.cron(o as any)),
      fc.record({ utilization: count(1, 150), container: optional(container, 0.3) }).map((o) => () => ScalingTrigger.cpu(o as any)),
      fc.record({ utilization: count(1, 150), container: optional(container, 0.3) }).map((o) => () => ScalingTrigger.memory(o as any)),
      fc.record({
        bootstrapServers: mostly(fc.constant(['kafka.kafka.svc:9092']), fc.oneof(wrongType, fc.constant(['kafka']), fc.constant([]))),
        consumerGroup: mostly(fc.constant('orders'), hostileString),
        topic: optional(mostly(fc.constant('orders'), hostileString)),
        lagThreshold: count(1, 100),
        activationLagThreshold: optional(count(0, 10), 0.2),
        offsetResetPolicy: optional(mostly(fc.constantFrom(...Object.values(KafkaOffsetResetPolicy)), fc.constant('middle' as any))),
      }).map((o) => (authentication: AppTriggerAuthentication | undefined) => ScalingTrigger.kafka({ ...o, authentication } as any)),
      fc.record({
        queueName: mostly(fc.constant('orders'), hostileString),
        queueLength: count(1, 100),
        protocol: optional(mostly(fc.constantFrom(...Object.values(RabbitMqProtocol)), fc.constant('stomp' as any))),
        host: optional(url('amqp://rabbitmq.shop.svc:5672/'), 0.3),
        hostFromEnv: optional(mostly(fc.constant('RABBITMQ_URL'), hostileString), 0.3),
      }).map((o) => (authentication: AppTriggerAuthentication | undefined) => ScalingTrigger.rabbitMq({ ...o, authentication } as any)),
      fc.record({
        queueUrl: url('https://sqs.eu-west-1.amazonaws.com/111122223333/orders'),
        awsRegion: mostly(fc.constantFrom('eu-west-1', 'us-east-1'), hostileString),
        queueLength: count(1, 100),
        scaleOnInFlight: optional(mostly(fc.boolean(), wrongType as fc.Arbitrary<any>), 0.3),
      }).map((o) => (authentication: AppTriggerAuthentication | undefined) => ScalingTrigger.awsSqsQueue({ ...o, authentication } as any)),
    );
    const arbitrary = fc.record({
      minReplicas: count(0, 3),
      maxReplicas: count(1, 6),
      pollingInterval: optional(duration(1, 60), 0.3),
      cooldownPeriod: optional(mostly(duration(0, 600), wrongType as fc.Arbitrary<any>), 0.3),
      triggers: fc.array(mostly(trigger, fc.constant(() => ({ type: 'cron' }) as any)), { minLength: 1, maxLength: 2 }),
      parameters,
      podIdentity,
      key: mostly(fc.constant('value'), hostileString),
      withAuthentication: fc.boolean(),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse((context) => {
      const source = new ExistingSecretSource(context.chart, 'Source', { name: 'source', keys: ['value'] });
      const authentication = input.withAuthentication ? new AppTriggerAuthentication(context.chart, 'Auth', {
        name: 'auth',
        secrets: input.parameters.map((parameter) => ({ parameter, source, key: input.key })),
        podIdentity: input.podIdentity,
      }) : undefined;
      worker(context, {
        eventScaling: {
          minReplicas: input.minReplicas,
          maxReplicas: input.maxReplicas,
          pollingInterval: input.pollingInterval,
          cooldownPeriod: input.cooldownPeriod,
          triggers: input.triggers.map((t) => t(authentication)),
        },
      });
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});
