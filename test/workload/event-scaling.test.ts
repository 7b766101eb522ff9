import { Chart, Duration, Size, Testing } from 'cdk8s'; import * as kplus from 'cdk8s-plus-34'; import {
  AppIdentity, AppScaledObject,
  AppServiceAccount, AppTriggerAuthentication, ContainerImage, CronSchedule, DisruptionBudget, EventScalingOptions, ExistingSecretSource,
  ExternalSecretSource, KafkaOffsetResetPolicy, PrometheusAuthMode, RabbitMqProtocol, ScalingTrigger, SecretStoreRef, StatefulWorkload,
  StatelessWorkload, StatelessWorkloadProps, TriggerPodIdentity, WorkloadIdentity,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/worker:2.0.1');
const REQUESTS = { cpuRequest: kplus.Cpu.millis(250), memoryRequest: Size.mebibytes(256) };

function chartOf(namespace = 'shop'): Chart {
  return new Chart(Testing.app(), 'shop', { namespace });
}

/** The RabbitMQ connection string from the secret manager, and the TriggerAuthentication that gives it to KEDA. */
function rabbitAuthentication(chart: Chart): AppTriggerAuthentication {
  const rabbit = new ExternalSecretSource(chart, 'Rabbit', {
    name: 'orders-rabbitmq',
    store: SecretStoreRef.cluster('vault'),
    keys: [{ key: 'url', remoteKey: 'shop/rabbitmq', property: 'url' }],
  });
  return new AppTriggerAuthentication(chart, 'RabbitAuth', { name: 'orders-rabbitmq', secrets: [{ parameter: 'host', source: rabbit, key: 'url' }] });
}

function worker(eventScaling: EventScalingOptions, props: Partial<StatelessWorkloadProps> = {}, chart: Chart = chartOf()) {
  const workload = new StatelessWorkload(chart, 'Worker', {
    identity: new AppIdentity(chart, 'Identity', { name: 'orders-worker' }),
    container: { image: IMAGE, resources: REQUESTS },
    eventScaling,
    ...props,
  });
  return { chart, workload };
}

const cron = () => ScalingTrigger.cron({
  timeZone: 'Europe/Berlin', start: CronSchedule.expression('0 6 * * 1-5'), end: CronSchedule.expression('0 20 * * 1-5'), desiredReplicas: 3,
});

describe('a workload scaled by KEDA (eventScaling)', () => {
  test('a ScaledObject for the Deployment, which has no replicas; scale to zero with a cooldown; no disruption budget at zero', () => {
    const chart = chartOf();
    const authentication = rabbitAuthentication(chart);
    const { workload } = worker({ minReplicas: 0, maxReplicas: 20, triggers: [ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 20, authentication })] }, {}, chart);
    const manifests = synth(chart);
    expect(only(manifests, 'Deployment').spec.replicas).toBeUndefined();
    const scaledObject = only(manifests, 'ScaledObject');
    expect(scaledObject.apiVersion).toBe('keda.sh/v1alpha1');
    expect(scaledObject.metadata).toEqual({
      name: 'orders-worker',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'orders-worker', 'app.kubernetes.io/instance': 'orders-worker', 'app.kubernetes.io/managed-by': 'cdk8s' },
    });
    expect(scaledObject.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders-worker' },
      minReplicaCount: 0,
      maxReplicaCount: 20,
      pollingInterval: 30,
      cooldownPeriod: 300,
      triggers: [{
        type: 'rabbitmq',
        metadata: { protocol: 'auto', mode: 'QueueLength', value: '20', queueName: 'orders' },
        authenticationRef: { name: 'orders-rabbitmq' },
      }],
    });
    expect(only(manifests, 'TriggerAuthentication').spec).toEqual({ secretTargetRef: [{ parameter: 'host', name: 'orders-rabbitmq', key: 'url' }] });
    expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget' || m.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    // Up to 20 replicas: spread across nodes.
    expect(only(manifests, 'Deployment').spec.template.spec.topologySpreadConstraints).toHaveLength(1);
    expect(workload.scaledObject).toBeInstanceOf(AppScaledObject);
    expect(workload.autoscaler).toBeUndefined();
    expect(workload.canRunOnSeveralNodes).toBe(true);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('from 2 replicas: the default disruption budget, like autoscaling from 2', () => {
    const { chart } = worker({ minReplicas: 2, maxReplicas: 6, triggers: [cron()], pollingInterval: Duration.seconds(15) });
    const manifests = synth(chart);
    expect(only(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    expect(only(manifests, 'ScaledObject').spec).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 6, pollingInterval: 15 });
    expect(only(manifests, 'ScaledObject').spec.cooldownPeriod).toBeUndefined();
  });

  test('1 replica at most: no spread, no budget; its rolling update still adds a second pod for a while', () => {
    const window = ScalingTrigger.cron({ timeZone: 'UTC', start: CronSchedule.expression('0 6 * * *'), end: CronSchedule.expression('0 18 * * *'), desiredReplicas: 1 });
    const { chart, workload } = worker({ minReplicas: 0, maxReplicas: 1, triggers: [window], cooldownPeriod: Duration.minutes(15) });
    const manifests = synth(chart);
    expect(only(manifests, 'Deployment').spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(only(manifests, 'ScaledObject').spec.cooldownPeriod).toBe(900);
    expect(workload.canRunOnSeveralNodes).toBe(true);
  });

  test('a StatefulSet: scaleTargetRef names it, and it has no replicas', () => {
    const chart = chartOf();
    new StatefulWorkload(chart, 'Db', {
      identity: new AppIdentity(chart, 'Identity', { name: 'ledger' }),
      container: { image: IMAGE, ports: [{ name: 'app', number: 8080 }], resources: REQUESTS },
      eventScaling: { minReplicas: 1, maxReplicas: 3, triggers: [ScalingTrigger.cpu({ utilization: 70 })] },
    });
    const manifests = synth(chart);
    expect(only(manifests, 'StatefulSet').spec.replicas).toBeUndefined();
    expect(only(manifests, 'ScaledObject').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'ledger' });
  });

  test('an AppScaledObject on a cdk8s-plus-34 Deployment made elsewhere: its name by default, and no replicas on it', () => {
    const chart = chartOf();
    const deployment = new kplus.Deployment(chart, 'Legacy', {
      metadata: { name: 'legacy' },
      containers: [{ image: 'registry.example.com/legacy:1.0.0', resources: { cpu: { request: kplus.Cpu.millis(100) } } }],
    });
    const scaled = new AppScaledObject(chart, 'Scaling', { target: deployment, minReplicas: 1, maxReplicas: 4, triggers: [ScalingTrigger.cpu({ utilization: 50 })] });
    const manifests = synth(chart);
    expect(scaled.name).toBe('legacy');
    expect(only(manifests, 'Deployment').spec.replicas).toBeUndefined();
    expect(only(manifests, 'ScaledObject').metadata.name).toBe('legacy');
    expect(deployment.hasAutoscaler).toBe(true);
  });
});

describe('the triggers, with the metadata keys of KEDA\'s docs', () => {
  function triggersOf(triggers: ScalingTrigger[], chart: Chart = chartOf(), minReplicas = 1, props: Partial<StatelessWorkloadProps> = {}): any[] {
    worker({ minReplicas, maxReplicas: 10, triggers }, props, chart);
    return only(synth(chart), 'ScaledObject').spec.triggers;
  }

  test('prometheus: serverAddress, query, threshold, activationThreshold, authModes from the authentication', () => {
    const chart = chartOf();
    const token = new ExistingSecretSource(chart, 'Token', { name: 'prometheus-token', keys: ['token'] });
    const authentication = new AppTriggerAuthentication(chart, 'PromAuth', { name: 'prometheus', secrets: [{ parameter: 'bearerToken', source: token, key: 'token' }] });
    expect(triggersOf([ScalingTrigger.prometheus({
      serverAddress: 'https://prometheus.example.com',
      query: 'sum(rate(http_requests_total{service="web"}[2m]))',
      threshold: 100.5,
      activationThreshold: 5,
      authModes: [PrometheusAuthMode.BEARER],
      authentication,
    })], chart)).toEqual([{
      type: 'prometheus',
      metadata: {
        serverAddress: 'https://prometheus.example.com',
        query: 'sum(rate(http_requests_total{service="web"}[2m]))',
        threshold: '100.5',
        activationThreshold: '5',
        authModes: 'bearer',
      },
      authenticationRef: { name: 'prometheus' },
    }]);
  });

  test('cron: timezone, start, end, desiredReplicas (a macro written as its 5 fields)', () => {
    expect(triggersOf([ScalingTrigger.cron({ timeZone: 'America/New_York', start: CronSchedule.daily(), end: CronSchedule.expression('0 2 * * *'), desiredReplicas: 10 })]))
      .toEqual([{ type: 'cron', metadata: { timezone: 'America/New_York', start: '0 0 * * *', end: '0 2 * * *', desiredReplicas: '10' } }]);
  });

  test('cpu and memory: metricType Utilization, value, containerName', () => {
    expect(triggersOf([ScalingTrigger.cpu({ utilization: 60 }), ScalingTrigger.memory({ utilization: 80, container: 'orders-worker' })])).toEqual([
      { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      { type: 'memory', metricType: 'Utilization', metadata: { value: '80', containerName: 'orders-worker' } },
    ]);
  });

  test('kafka: bootstrapServers (comma-separated), consumerGroup, topic, lagThreshold, activationLagThreshold, offsetResetPolicy', () => {
    expect(triggersOf([ScalingTrigger.kafka({
      bootstrapServers: ['kafka-0.kafka.svc:9092', 'kafka-1.kafka.svc:9092'],
      consumerGroup: 'orders',
      topic: 'orders.created',
      lagThreshold: 50,
      activationLagThreshold: 10,
      offsetResetPolicy: KafkaOffsetResetPolicy.EARLIEST,
    })])).toEqual([{
      type: 'kafka',
      metadata: {
        bootstrapServers: 'kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092',
        consumerGroup: 'orders',
        topic: 'orders.created',
        lagThreshold: '50',
        activationLagThreshold: '10',
        offsetResetPolicy: 'earliest',
      },
    }]);
  });

  test('rabbitmq: protocol, mode QueueLength, value, activationValue, queueName, vhostName; host without a password, or hostFromEnv', () => {
    const chart = chartOf();
    const credentials = new ExistingSecretSource(chart, 'Credentials', { name: 'rabbitmq-user', keys: ['username', 'password'] });
    const authentication = new AppTriggerAuthentication(chart, 'Auth', {
      name: 'rabbitmq-user',
      secrets: [{ parameter: 'username', source: credentials, key: 'username' }, { parameter: 'password', source: credentials, key: 'password' }],
    });
    expect(triggersOf([
      ScalingTrigger.rabbitMq({
        queueName: 'orders',
        queueLength: 10,
        activationQueueLength: 1,
        protocol: RabbitMqProtocol.HTTP,
        vhostName: 'shop',
        host: 'http://rabbitmq.shop.svc:15672/',
        authentication,
      }),
      ScalingTrigger.rabbitMq({ queueName: 'refunds', queueLength: 5, hostFromEnv: 'RABBITMQ_URL' }),
    ], chart)).toEqual([
      {
        type: 'rabbitmq',
        metadata: {
          protocol: 'http', mode: 'QueueLength', value: '10', activationValue: '1', queueName: 'orders', vhostName: 'shop', host: 'http://rabbitmq.shop.svc:15672/',
        },
        authenticationRef: { name: 'rabbitmq-user' },
      },
      { type: 'rabbitmq', metadata: { protocol: 'auto', mode: 'QueueLength', value: '5', queueName: 'refunds', hostFromEnv: 'RABBITMQ_URL' } },
    ]);
  });

  test('aws-sqs-queue: queueURL, queueLength, activationQueueLength, awsRegion, scaleOnInFlight, with a pod identity', () => {
    const chart = chartOf();
    const authentication = new AppTriggerAuthentication(chart, 'Aws', { name: 'orders-sqs', podIdentity: TriggerPodIdentity.awsOfWorkload() });
    // KEDA acts as the role of the workload's ServiceAccount.
    const identity = new AppIdentity(chart, 'WorkerIdentity', { name: 'orders-worker' });
    const serviceAccount = new AppServiceAccount(chart, 'Account', {
      identity, workloadIdentity: WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/orders-worker' }),
    });
    expect(triggersOf([ScalingTrigger.awsSqsQueue({
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders',
      awsRegion: 'eu-west-1',
      queueLength: 5,
      activationQueueLength: 2,
      scaleOnInFlight: false,
      authentication,
    })], chart, 0, { identity, serviceAccount })).toEqual([{
      type: 'aws-sqs-queue',
      metadata: {
        queueURL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders', queueLength: '5', activationQueueLength: '2', awsRegion: 'eu-west-1', scaleOnInFlight: 'false',
      },
      authenticationRef: { name: 'orders-sqs' },
    }]);
    expect(only(synth(chart), 'TriggerAuthentication').spec).toEqual({ podIdentity: { provider: 'aws', identityOwner: 'workload' } });
  });

  test('refused: the workload\'s identity for KEDA, when the pods\' ServiceAccount has no IAM role; one made elsewhere is not judged', () => {
    const sqs = (chart: Chart) => ScalingTrigger.awsSqsQueue({
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders',
      awsRegion: 'eu-west-1',
      queueLength: 5,
      authentication: new AppTriggerAuthentication(chart, 'Aws', { name: 'orders-sqs', podIdentity: TriggerPodIdentity.awsOfWorkload() }),
    });
    const refusal = (props: (chart: Chart) => Partial<StatelessWorkloadProps>) => {
      const chart = chartOf();
      return refusalOf(() => triggersOf([sqs(chart)], chart, 0, props(chart))).message;
    };
    const accepted = 'Expected pods that run as a ServiceAccount with the role (AppServiceAccount with workloadIdentity: WorkloadIdentity.aws({ roleArn })), '
      + 'or TriggerPodIdentity.aws() (KEDA\'s own role, or one it assumes: { roleArn }).';
    expect(refusal(() => ({}))).toBe('shop/Worker: invalid eventScaling.triggers[0].authentication "orders-sqs": its podIdentity is '
      + 'TriggerPodIdentity.awsOfWorkload(), and the namespace\'s ServiceAccount "default", which the pods run as, has no IAM role (no '
      + `eks.amazonaws.com/role-arn annotation): KEDA would fail to read the event source, and the workload would not scale. ${accepted}`);
    expect(refusal((chart) => ({ serviceAccount: new kplus.ServiceAccount(chart, 'Account', { metadata: { name: 'orders-worker' } }) })))
      .toMatch(/, and the ServiceAccount "orders-worker" of the pods has no IAM role/);
    // A ServiceAccount with the annotation, or one made elsewhere, is taken as it is.
    const annotated = chartOf();
    const role = { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/orders-worker' };
    expect(() => triggersOf([sqs(annotated)], annotated, 0, { serviceAccount: new kplus.ServiceAccount(annotated, 'Account', { metadata: { name: 'w', annotations: role } }) }))
      .not.toThrow();
    const elsewhere = chartOf();
    expect(() => triggersOf([sqs(elsewhere)], elsewhere, 0, { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(elsewhere, 'Account', 'orders-worker') }))
      .not.toThrow();
  });
});

describe('TriggerAuthentication', () => {
  test('secretTargetRef from secret sources (an existing Secret, an ExternalSecret) and a pod identity', () => {
    const chart = chartOf();
    const kafka = new ExistingSecretSource(chart, 'Kafka', { name: 'kafka-client', keys: ['user', 'password', 'ca.crt'] });
    const auth = new AppTriggerAuthentication(chart, 'Auth', {
      name: 'kafka',
      secrets: [
        { parameter: 'username', source: kafka, key: 'user' },
        { parameter: 'password', source: kafka, key: 'password' },
        { parameter: 'ca', source: kafka, key: 'ca.crt' },
      ],
    });
    expect(auth.parameters).toEqual(['username', 'password', 'ca']);
    expect(only(synth(chart), 'TriggerAuthentication')).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: 'kafka', namespace: 'shop' },
      spec: {
        secretTargetRef: [
          { parameter: 'username', name: 'kafka-client', key: 'user' },
          { parameter: 'password', name: 'kafka-client', key: 'password' },
          { parameter: 'ca', name: 'kafka-client', key: 'ca.crt' },
        ],
      },
    });
  });

  test.each([
    ['aws, as KEDA', TriggerPodIdentity.aws(), { provider: 'aws' }],
    ['aws, a role', TriggerPodIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/keda-orders' }), { provider: 'aws', roleArn: 'arn:aws:iam::111122223333:role/keda-orders' }],
    ['aws, as the workload', TriggerPodIdentity.awsOfWorkload(), { provider: 'aws', identityOwner: 'workload' }],
    ['azure', TriggerPodIdentity.azureWorkload({ identityId: '00000000-0000-0000-0000-000000000001', tenantId: '00000000-0000-0000-0000-000000000002' }),
      { provider: 'azure-workload', identityId: '00000000-0000-0000-0000-000000000001', identityTenantId: '00000000-0000-0000-0000-000000000002' }],
    ['gcp', TriggerPodIdentity.gcp(), { provider: 'gcp' }],
  ])('podIdentity %s', (_, podIdentity, expected) => {
    const chart = chartOf();
    new AppTriggerAuthentication(chart, 'Auth', { name: 'cloud', podIdentity });
    expect(only(synth(chart), 'TriggerAuthentication').spec).toEqual({ podIdentity: expected });
  });
});

describe('refused: never two autoscalers on one workload', () => {
  test('autoscaling and eventScaling on one workload', () => {
    const both = () => worker({ minReplicas: 1, maxReplicas: 5, triggers: [cron()] }, { autoscaling: { minReplicas: 2, maxReplicas: 4 } });
    expect(refusalOf(both)).toMatchObject({
      constructPath: 'shop/Worker',
      prop: 'eventScaling',
      value: 'minReplicas 1, maxReplicas 5',
      problem: 'the workload also has `autoscaling`: KEDA makes a HorizontalPodAutoscaler of its own for the ScaledObject, and two autoscalers fight over the replicas',
      accepted: 'either `autoscaling` (a HorizontalPodAutoscaler) or `eventScaling` (a KEDA ScaledObject), not both',
    });
  });

  test('an AppScaledObject on a workload that has autoscaling (a HorizontalPodAutoscaler)', () => {
    const chart = chartOf();
    const web = new StatelessWorkload(chart, 'Web', {
      identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
      container: { image: IMAGE, resources: REQUESTS },
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
    });
    expect(refusalOf(() => new AppScaledObject(chart, 'Scaling', { target: web.deployment, minReplicas: 1, maxReplicas: 5, triggers: [cron()] }))).toMatchObject({
      constructPath: 'shop/Scaling',
      prop: 'target',
      value: 'Deployment web',
      problem: 'it already has an autoscaler (a HorizontalPodAutoscaler, or another ScaledObject): KEDA makes a HorizontalPodAutoscaler of its own, and two autoscalers fight over the replicas',
      accepted: 'a workload without an autoscaler: no `autoscaling` on it, and one ScaledObject',
    });
  });

  test('a second ScaledObject on a workload scaled by events', () => {
    const { chart, workload } = worker({ minReplicas: 1, maxReplicas: 5, triggers: [cron()] });
    expect(refusalOf(() => new AppScaledObject(chart, 'More', { target: workload.deployment, name: 'more', minReplicas: 1, maxReplicas: 5, triggers: [cron()] })))
      .toMatchObject({ constructPath: 'shop/More', prop: 'target', value: 'Deployment orders-worker' });
  });

  test('replicas beside eventScaling', () => {
    expect(refusalOf(() => worker({ minReplicas: 1, maxReplicas: 5, triggers: [cron()] }, { replicas: 3 }))).toMatchObject({
      constructPath: 'shop/Worker',
      prop: 'replicas',
      value: 3,
      problem: 'it is fixed while `eventScaling` is set: every apply would reset the count KEDA chose',
      accepted: 'either `replicas` or `eventScaling`, not both',
    });
  });
});

describe('refused: the exact errors', () => {
  test.each([
    ['minReplicas below 0', { minReplicas: -1, maxReplicas: 2, triggers: [cron()] }, 'eventScaling.minReplicas', -1, 'it is below 0',
      'a replica count: an integer from 0 to 2147483647'],
    ['maxReplicas 0', { minReplicas: 0, maxReplicas: 0, triggers: [cron()] }, 'eventScaling.maxReplicas', 0, 'it is below 1',
      'a replica count: an integer from 1 to 2147483647'],
    ['minReplicas above maxReplicas', { minReplicas: 5, maxReplicas: 2, triggers: [cron()] }, 'eventScaling.minReplicas', 5, 'it is above maxReplicas (2)',
      'minReplicas at most maxReplicas'],
  ])('%s (on the workload)', (_, eventScaling, prop, value, problem, accepted) => {
    expect(refusalOf(() => worker(eventScaling as EventScalingOptions))).toMatchObject({ constructPath: 'shop/Worker', prop, value, problem, accepted });
  });

  test('a disruption budget that blocks every eviction at the event scaling minimum', () => {
    const disruptionBudget = DisruptionBudget.minAvailable(kplus.PercentOrAbsolute.absolute(2));
    expect(refusalOf(() => worker({ minReplicas: 2, maxReplicas: 5, triggers: [cron()] }, { disruptionBudget }))).toMatchObject({
      prop: 'disruptionBudget',
      problem: 'it would block every eviction (minAvailable 2 is not below the 2 replicas (the event scaling minimum)), so nodes could never be drained',
    });
  });

  // A refusal of the ScaledObject is the workload's, against the option written.
  const at = 'shop/Worker';
  test.each([
    ['no trigger', { minReplicas: 1, maxReplicas: 2, triggers: [] }, 'triggers', [], 'there is no trigger',
      'at least one ScalingTrigger, e.g. ScalingTrigger.rabbitMq({ ... })'],
    ['a trigger that is not a ScalingTrigger', { minReplicas: 1, maxReplicas: 2, triggers: [{ type: 'cron' }] }, 'triggers[0]', { type: 'cron' }, 'it is not a ScalingTrigger',
      'ScalingTrigger.prometheus(), cron(), cpu(), memory(), kafka(), rabbitMq() or awsSqsQueue()'],
    ['scale to zero on cpu alone', { minReplicas: 0, maxReplicas: 2, triggers: [ScalingTrigger.cpu({ utilization: 50 })] }, 'minReplicas', 0,
      'KEDA scales to zero only with a trigger other than cpu and memory (with no pod, there is no use to measure)',
      'minReplicas of at least 1, or a trigger of events besides cpu and memory'],
    ['a cooldown above zero', { minReplicas: 1, maxReplicas: 2, triggers: [cron()], cooldownPeriod: Duration.minutes(1) }, 'cooldownPeriod', '1 minute',
      'it applies only to scaling to zero, and minReplicas is 1: the HorizontalPodAutoscaler that KEDA makes scales down above zero', 'no cooldownPeriod, or minReplicas 0'],
    ['a polling interval of zero', { minReplicas: 1, maxReplicas: 2, triggers: [cron()], pollingInterval: Duration.seconds(0) }, 'pollingInterval', 0,
      'it is below 1', 'a duration in whole seconds from 1 to 2147483647'],
  ])('%s', (_, eventScaling, prop, value, problem, accepted) => {
    expect(refusalOf(() => worker(eventScaling as any))).toMatchObject({ constructPath: at, prop: `eventScaling.${prop}`, value, problem, accepted });
  });

  test('untyped callers: a cooldownPeriod or options that are not what they should be get the same errors, never a TypeError', () => {
    expect(refusalOf(() => worker({ minReplicas: 1, maxReplicas: 2, triggers: [cron()], cooldownPeriod: 30 as any }))).toMatchObject({
      constructPath: at, prop: 'eventScaling.cooldownPeriod', value: 30, problem: 'it is not a Duration', accepted: 'a duration in whole seconds, e.g. Duration.seconds(30)',
    });
    expect(refusalOf(() => worker('x' as any))).toMatchObject({ constructPath: 'shop/Worker', prop: 'eventScaling', problem: 'it is a string, not an object' });
    expect(refusalOf(() => worker({ minReplicas: 1, maxReplicas: 2, triggers: 'cpu' as any }))).toMatchObject({
      constructPath: at, prop: 'eventScaling.triggers', problem: 'it is a string, not a list',
    });
    expect(refusalOf(() => worker({ minReplicas: 1, maxReplicas: 2, triggers: [ScalingTrigger.kafka(null as any)] }))).toMatchObject({
      constructPath: at, prop: 'eventScaling.triggers[0]', value: null, problem: 'the trigger has no options object', accepted: 'ScalingTrigger.kafka({ ... })',
    });
    expect(refusalOf(() => worker({
      minReplicas: 1, maxReplicas: 2, triggers: [ScalingTrigger.cron({ timeZone: 'UTC', start: '0 6 * * *' as any, end: CronSchedule.daily(), desiredReplicas: 1 })],
    }))).toMatchObject({ prop: 'eventScaling.triggers[0].start', problem: 'it is not a CronSchedule' });
  });

  test('a target that cannot be scaled, or is not a Deployment or StatefulSet', () => {
    const chart = chartOf();
    expect(refusalOf(() => new AppScaledObject(chart, 'A', { target: {} as any, minReplicas: 1, maxReplicas: 2, triggers: [cron()] }))).toMatchObject({
      prop: 'target', problem: 'it is not a workload that can be scaled', accepted: 'a cdk8s-plus-34 Deployment or StatefulSet, e.g. a StatelessWorkload\'s deployment',
    });
    const fake = { toScalingTarget: () => ({ kind: 'ReplicaSet', apiVersion: 'apps/v1', name: 'rs', containers: [] }), markHasAutoscaler: () => undefined, hasAutoscaler: false };
    expect(refusalOf(() => new AppScaledObject(chart, 'B', { target: fake as any, minReplicas: 1, maxReplicas: 2, triggers: [cron()] }))).toMatchObject({
      prop: 'target', value: 'ReplicaSet rs', problem: 'it is a ReplicaSet', accepted: 'a Deployment or a StatefulSet',
    });
    expect(refusalOf(() => new AppScaledObject(chart, 'C', undefined as any))).toMatchObject({ prop: 'props', problem: 'there are no props' });
  });
});

describe('refused triggers: the exact errors', () => {
  // A refusal of the ScaledObject is the workload's, against the option written.
  const at = 'shop/Worker';
  function refusalOfTrigger(make: (chart: Chart) => ScalingTrigger, minReplicas = 1) {
    const chart = chartOf();
    return refusalOf(() => worker({ minReplicas, maxReplicas: 5, triggers: [make(chart)] }, {}, chart));
  }
  const bearer = (chart: Chart) => new AppTriggerAuthentication(chart, 'Auth', {
    name: 'prom', secrets: [{ parameter: 'ca', source: new ExistingSecretSource(chart, 'Ca', { name: 'ca', keys: ['ca.crt'] }), key: 'ca.crt' }],
  });

  test.each([
    ['prometheus: a server address that is not a URL', () => ScalingTrigger.prometheus({ serverAddress: 'prometheus:9090', query: 'up', threshold: 1 }),
      'triggers[0].serverAddress', 'prometheus:9090', 'it is not a URL of the scheme http or https',
      'the http or https URL of the Prometheus server, e.g. "http://kube-prometheus-stack-prometheus.monitoring.svc:9090"'],
    ['prometheus: an empty query', () => ScalingTrigger.prometheus({ serverAddress: 'http://prometheus:9090', query: ' ', threshold: 1 }),
      'triggers[0].query', ' ', 'it is empty', 'a PromQL query that returns one element, e.g. "sum(rate(http_requests_total{service=\\"web\\"}[2m]))"'],
    ['prometheus: a threshold of zero', () => ScalingTrigger.prometheus({ serverAddress: 'http://prometheus:9090', query: 'up', threshold: 0 }),
      'triggers[0].threshold', 0, 'it is not above zero', 'a number above zero, e.g. 100 or 2.5'],
    ['prometheus: a negative activation threshold', () => ScalingTrigger.prometheus({ serverAddress: 'http://prometheus:9090', query: 'up', threshold: 1, activationThreshold: -1 }),
      'triggers[0].activationThreshold', -1, 'it is below zero', 'a number of at least zero, e.g. 0 or 5.5'],
    ['prometheus: an auth mode without an authentication', () => ScalingTrigger.prometheus({
      serverAddress: 'http://prometheus:9090', query: 'up', threshold: 1, authModes: [PrometheusAuthMode.BASIC],
    }), 'triggers[0].authModes[0]', 'basic', 'the trigger has no authentication to read the credentials from', 'an authentication whose secrets give "username"'],
    ['prometheus: an auth mode whose parameter the authentication lacks', (chart: Chart) => ScalingTrigger.prometheus({
      serverAddress: 'http://prometheus:9090', query: 'up', threshold: 1, authModes: [PrometheusAuthMode.BEARER], authentication: bearer(chart),
    }), 'triggers[0].authModes[0]', 'bearer', 'the TriggerAuthentication "prom" gives no bearerToken', 'an authentication whose secrets give "bearerToken"'],
    ['prometheus: an auth mode that is not one', () => ScalingTrigger.prometheus({
      serverAddress: 'http://prometheus:9090', query: 'up', threshold: 1, authModes: ['oauth' as PrometheusAuthMode],
    }), 'triggers[0].authModes[0]', 'oauth', 'it is not an auth mode of the Prometheus scaler', 'one of "bearer", "basic", "tls", "custom" (PrometheusAuthMode)'],
    ['cron: a time zone that is not one', () => ScalingTrigger.cron({ timeZone: 'Berlin', start: CronSchedule.daily(), end: CronSchedule.hourly(), desiredReplicas: 2 }),
      'triggers[0].timeZone', 'Berlin', 'it is not a known IANA time zone', expect.stringMatching(/^an IANA time zone name/)],
    ['cron: the same start and end', () => ScalingTrigger.cron({ timeZone: 'UTC', start: CronSchedule.daily(), end: CronSchedule.expression('0 0 * * *'), desiredReplicas: 2 }),
      'triggers[0].end', '0 0 * * *', 'it is the same time as start ("@daily"), so the window is empty', 'an end other than the start, e.g. start "0 6 * * *" and end "0 20 * * *"'],
    ['cron: an invalid schedule', () => ScalingTrigger.cron({ timeZone: 'UTC', start: CronSchedule.expression('0 25 * * *'), end: CronSchedule.daily(), desiredReplicas: 2 }),
      'triggers[0].start', '0 25 * * *', expect.stringMatching(/hour/), expect.stringMatching(/^5 fields/)],
    ['cron: more replicas than the most', () => ScalingTrigger.cron({ timeZone: 'UTC', start: CronSchedule.daily(), end: CronSchedule.hourly(), desiredReplicas: 6 }),
      'triggers[0].desiredReplicas', 6, 'it is above 5', 'a replica count up to maxReplicas (KEDA never runs more): an integer from 1 to 5'],
    ['cpu: a container that the pods do not have', () => ScalingTrigger.cpu({ utilization: 50, container: 'app' }),
      'triggers[0].container', 'app', 'no container of the pods has this name', 'the name of a container of the pods: "orders-worker"'],
    ['cpu: a utilization of 0', () => ScalingTrigger.cpu({ utilization: 0 }),
      'triggers[0].utilization', 0, 'it is below 1', 'a percentage of the requests: an integer from 1 to 1000'],
    ['kafka: no broker', () => ScalingTrigger.kafka({ bootstrapServers: [], consumerGroup: 'orders', lagThreshold: 10 }),
      'triggers[0].bootstrapServers', [], 'no broker is given', 'a list of brokers, each "host:port", e.g. ["kafka.kafka.svc:9092"]'],
    ['kafka: a broker without a port', () => ScalingTrigger.kafka({ bootstrapServers: ['kafka.kafka.svc'], consumerGroup: 'orders', lagThreshold: 10 }),
      'triggers[0].bootstrapServers[0]', 'kafka.kafka.svc', 'it is not "host:port"', 'a broker as "host:port", e.g. "kafka.kafka.svc:9092"'],
    ['kafka: a consumer group with a comma', () => ScalingTrigger.kafka({ bootstrapServers: ['kafka:9092'], consumerGroup: 'a,b', lagThreshold: 10 }),
      'triggers[0].consumerGroup', 'a,b', 'it contains ",", which KEDA reads as a separator', 'the id of the consumer group the workload consumes with'],
    ['kafka: a topic that is not a topic name', () => ScalingTrigger.kafka({ bootstrapServers: ['kafka:9092'], consumerGroup: 'orders', topic: 'orders created', lagThreshold: 10 }),
      'triggers[0].topic', 'orders created', 'it is not a Kafka topic name', 'a topic name of 1 to 249 letters, digits, ".", "_" and "-" (not "." or "..")'],
    ['kafka: a lag threshold of 0', () => ScalingTrigger.kafka({ bootstrapServers: ['kafka:9092'], consumerGroup: 'orders', lagThreshold: 0 }),
      'triggers[0].lagThreshold', 0, 'it is below 1', 'a number of messages: an integer from 1 to 2147483647'],
    ['rabbitmq: no connection string', () => ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 10 }),
      'triggers[0].host', undefined, 'the trigger has no connection string',
      'one of: an authentication with the parameter "host" (from a Secret), hostFromEnv, or host (without a password)'],
    ['rabbitmq: two connection strings', () => ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 10, host: 'amqp://rabbitmq:5672/', hostFromEnv: 'RABBITMQ_URL' }),
      'triggers[0].host', 'amqp://rabbitmq:5672/', 'the trigger has 2 connection strings: host, hostFromEnv',
      'one of: an authentication with the parameter "host" (from a Secret), hostFromEnv, or host (without a password)'],
    ['rabbitmq: a host with a password', () => ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 10, host: 'amqp://shop:s3cret@rabbitmq:5672/' }),
      'triggers[0].host', 'amqp://shop:***@rabbitmq:5672/', 'it holds a password, which would be written in the manifests',
      'the connection string from a Secret (authentication with the parameter "host"), or a host without the password and the parameters "username" and "password"'],
    ['rabbitmq: a queue length of 0', () => ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 0, hostFromEnv: 'RABBITMQ_URL' }),
      'triggers[0].queueLength', 0, 'it is below 1', 'a number of messages: an integer from 1 to 2147483647'],
    ['rabbitmq: an empty queue name', () => ScalingTrigger.rabbitMq({ queueName: '', queueLength: 5, hostFromEnv: 'RABBITMQ_URL' }),
      'triggers[0].queueName', '', 'it is empty', 'the name of the queue'],
    ['aws-sqs-queue: no AWS credentials', (chart: Chart) => ScalingTrigger.awsSqsQueue({
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders',
      awsRegion: 'eu-west-1',
      queueLength: 5,
      authentication: new AppTriggerAuthentication(chart, 'Auth', { name: 'gcp', podIdentity: TriggerPodIdentity.gcp() }),
    }), 'triggers[0].authentication', 'gcp', 'the TriggerAuthentication "gcp" gives KEDA no AWS credentials',
    'an authentication with TriggerPodIdentity.aws() or awsOfWorkload(), or the parameters "awsAccessKeyID" and "awsSecretAccessKey" (or "awsRoleArn")'],
    ['aws-sqs-queue: a region that is not the queue\'s', (chart: Chart) => ScalingTrigger.awsSqsQueue({
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders',
      awsRegion: 'us-east-1',
      queueLength: 5,
      authentication: new AppTriggerAuthentication(chart, 'Auth', { name: 'aws', podIdentity: TriggerPodIdentity.aws() }),
    }), 'triggers[0].awsRegion', 'us-east-1', 'the queue is in eu-west-1 (its URL says so)', 'the region of the queue, "eu-west-1"'],
    ['aws-sqs-queue: a region that is not one', () => ScalingTrigger.awsSqsQueue({
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders', awsRegion: 'Ireland', queueLength: 5, authentication: undefined as any,
    }), 'triggers[0].awsRegion', 'Ireland', 'it is not an AWS region', 'an AWS region, e.g. "eu-west-1"'],
  ])('%s', (_, make, prop, value, problem, accepted) => {
    const refusal = refusalOfTrigger(make);
    expect(refusal).toMatchObject({ constructPath: at, prop: `eventScaling.${prop}`, problem, accepted });
    expect(refusal.value).toEqual(value);
  });

  test('a misspelt option of a trigger: did you mean (it was reported as the option missing)', () => {
    expect(refusalOfTrigger(() => ScalingTrigger.cpu({ utilisation: 70 } as any))).toMatchObject({
      constructPath: at,
      prop: 'eventScaling.triggers[0].utilisation',
      value: 70,
      problem: 'it is not an option of ScalingTrigger.cpu (did you mean utilization?)',
      accepted: 'the option utilization: ScalingTrigger.cpu({ utilization: ... })',
    });
    expect(refusalOfTrigger(() => ScalingTrigger.rabbitMq({ queue: 'orders', queueLength: 20, hostFromEnv: 'RABBITMQ_URL' } as any))).toMatchObject({
      prop: 'eventScaling.triggers[0].queue', problem: 'it is not an option of ScalingTrigger.rabbitMq (did you mean queueName?)',
    });
  });

  test('a trigger\'s authentication in another namespace', () => {
    const app = Testing.app();
    const other = new Chart(app, 'queues', { namespace: 'queues' });
    const source = new ExistingSecretSource(other, 'Rabbit', { name: 'rabbit', keys: ['url'] });
    const authentication = new AppTriggerAuthentication(other, 'Auth', { name: 'rabbit', secrets: [{ parameter: 'host', source, key: 'url' }] });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    expect(refusalOf(() => worker({ minReplicas: 1, maxReplicas: 5, triggers: [ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 5, authentication })] }, {}, chart)))
      .toMatchObject({
        constructPath: at,
        prop: 'eventScaling.triggers[0].authentication',
        value: 'rabbit',
        problem: 'the TriggerAuthentication is in the namespace "queues" and the ScaledObject in "shop": a trigger refers to a TriggerAuthentication of its own namespace',
        accepted: 'an AppTriggerAuthentication in a chart of the same namespace',
      });
  });
});

describe('refused TriggerAuthentications: the exact errors', () => {
  test.each([
    ['an undeclared key', (_chart: Chart, source: ExistingSecretSource) => ({ name: 'rabbit', secrets: [{ parameter: 'host', source, key: 'uri' }] }),
      'secrets[0].key', 'uri', 'the Secret "rabbit" declares no such key (its keys: url, user)', 'one of the keys the source declares: "url", "user"'],
    ['a parameter twice', (_chart: Chart, source: ExistingSecretSource) => ({
      name: 'rabbit', secrets: [{ parameter: 'host', source, key: 'url' }, { parameter: 'host', source, key: 'user' }],
    }), 'secrets[1].parameter', 'host', 'secrets[0] gives the same parameter', 'each parameter once'],
    ['a parameter that is not a word', (_chart: Chart, source: ExistingSecretSource) => ({ name: 'rabbit', secrets: [{ parameter: 'the host', source, key: 'url' }] }),
      'secrets[0].parameter', 'the host', 'it is not the name of a parameter', 'a parameter of the scaler as KEDA\'s docs name it, e.g. "host", "bearerToken" or "password"'],
    ['a source that is not a SecretSource', () => ({ name: 'rabbit', secrets: [{ parameter: 'host', source: { secretName: 'rabbit' }, key: 'url' }] }),
      'secrets[0].source', { secretName: 'rabbit' }, 'it is not a SecretSource', 'an ExternalSecretSource, an ExistingSecretSource or a GeneratedSecretSource'],
    ['nothing to give', () => ({ name: 'rabbit' }), 'secrets', undefined, 'the TriggerAuthentication gives the scalers neither a parameter nor an identity',
      'at least one parameter from a Secret, or a podIdentity'],
    ['a name that is not a DNS-1123 subdomain', () => ({ name: 'Rabbit', podIdentity: TriggerPodIdentity.gcp() }), 'name', 'Rabbit',
      expect.stringMatching(/uppercase/), expect.stringMatching(/^a DNS-1123 subdomain/)],
    ['a role that is not an IAM role ARN', () => ({ name: 'aws', podIdentity: TriggerPodIdentity.aws({ roleArn: 'keda-orders' }) }), 'podIdentity.roleArn', 'keda-orders',
      'it is not the ARN of an IAM role',
      'arn:<partition>:iam::<12-digit account>:role/[<path>/]<name of at most 64 characters>, e.g. "arn:aws:iam::111122223333:role/keda-orders"'],
    ['an Azure tenant without an identity', () => ({ name: 'az', podIdentity: TriggerPodIdentity.azureWorkload({ tenantId: '00000000-0000-0000-0000-000000000002' }) }),
      'podIdentity.tenantId', '00000000-0000-0000-0000-000000000002', 'it is given without an identityId, which KEDA then refuses', 'an identityId with the tenantId, or neither'],
    ['an Azure identity that is not a GUID', () => ({ name: 'az', podIdentity: TriggerPodIdentity.azureWorkload({ identityId: 'orders' }) }),
      'podIdentity.identityId', 'orders', 'it is not a GUID', 'a GUID, e.g. "00000000-0000-0000-0000-000000000000"'],
    ['a podIdentity that is not a TriggerPodIdentity', () => ({ name: 'aws', podIdentity: { provider: 'aws' } }), 'podIdentity', { provider: 'aws' },
      'it is not a TriggerPodIdentity', 'TriggerPodIdentity.aws(), awsOfWorkload(), azureWorkload() or gcp()'],
  ])('%s', (_, props, prop, value, problem, accepted) => {
    const chart = chartOf();
    const source = new ExistingSecretSource(chart, 'Rabbit', { name: 'rabbit', keys: ['url', 'user'] });
    const refusal = refusalOf(() => new AppTriggerAuthentication(chart, 'Auth', props(chart, source) as any));
    expect(refusal).toMatchObject({ constructPath: 'shop/Auth', prop, problem, accepted });
    expect(refusal.value).toEqual(value);
  });

  test('a Secret of another namespace', () => {
    const app = Testing.app();
    const source = new ExistingSecretSource(new Chart(app, 'queues', { namespace: 'queues' }), 'Rabbit', { name: 'rabbit', keys: ['url'] });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    expect(refusalOf(() => new AppTriggerAuthentication(chart, 'Auth', { name: 'rabbit', secrets: [{ parameter: 'host', source, key: 'url' }] }))).toMatchObject({
      prop: 'secrets[0].source',
      value: 'rabbit',
      problem: 'the Secret is in the namespace "queues" and the TriggerAuthentication in the namespace "shop": KEDA reads the Secrets of the TriggerAuthentication\'s namespace',
      accepted: 'a Secret of the same namespace (a SecretSource in a chart of that namespace)',
    });
  });
});
