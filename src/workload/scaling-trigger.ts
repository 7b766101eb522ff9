import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppTriggerAuthentication } from './app-trigger-authentication';
import { CronSchedule, TimeZone } from './cron-schedule';
import { TriggerContext } from './scaling-context';
import { ScaledObjectSpecTriggers } from '../../imports/keda.sh';
import { checkInt32, checkList, describeValue, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { misspeltName, namesOf } from '../core/near-names';

/**
 * How a Prometheus scaler authenticates (its `authModes`), with the parameters each needs from the
 * TriggerAuthentication.
 */
export enum PrometheusAuthMode {
  /** A bearer token (the parameter `bearerToken`). */
  BEARER = 'bearer',
  /** A user name and password (the parameters `username` and, optionally, `password`). */
  BASIC = 'basic',
  /** A client certificate (the parameters `cert` and `key`; `ca` optionally). */
  TLS = 'tls',
  /** A header of your own (the parameters `customAuthHeader` and `customAuthValue`). */
  CUSTOM = 'custom',
}

/** The parameters of the TriggerAuthentication that each Prometheus auth mode needs. */
const PROMETHEUS_AUTH_PARAMETERS: Record<PrometheusAuthMode, string[]> = {
  [PrometheusAuthMode.BEARER]: ['bearerToken'],
  [PrometheusAuthMode.BASIC]: ['username'],
  [PrometheusAuthMode.TLS]: ['cert', 'key'],
  [PrometheusAuthMode.CUSTOM]: ['customAuthHeader', 'customAuthValue'],
};

/**
 * A Prometheus query whose value, per replica, KEDA keeps at a threshold.
 *
 * @see https://keda.sh/docs/latest/scalers/prometheus/
 */
export interface PrometheusTriggerOptions {
  /**
   * The address of the Prometheus server (an http or https URL), e.g.
   * `http://kube-prometheus-stack-prometheus.monitoring.svc:9090`.
   */
  readonly serverAddress: string;

  /**
   * The PromQL query; it must return one element (a scalar, or a vector of one series), e.g.
   * `sum(rate(http_requests_total{namespace="shop", service="web"}[2m]))`.
   */
  readonly query: string;

  /**
   * The value of the query per replica: KEDA runs `ceil(value / threshold)` replicas.
   */
  readonly threshold: number;

  /**
   * The value above which the workload is active (scaled up from zero).
   *
   * @default 0
   */
  readonly activationThreshold?: number;

  /**
   * How the scaler authenticates to Prometheus; each mode needs its parameters in `authentication`.
   *
   * @default - no authentication (or the `podIdentity` of `authentication`, for a cloud's managed Prometheus)
   */
  readonly authModes?: PrometheusAuthMode[];

  /**
   * Where the credentials come from.
   *
   * @default - none
   */
  readonly authentication?: AppTriggerAuthentication;
}

/**
 * A window of time with a fixed number of replicas (KEDA's cron scaler): from `start` to `end`, in `timeZone`, the
 * workload runs at least `desiredReplicas`.
 *
 * @see https://keda.sh/docs/latest/scalers/cron/
 */
export interface CronTriggerOptions {
  /**
   * The IANA time zone of `start` and `end`, e.g. `Europe/Berlin`.
   */
  readonly timeZone: string;

  /**
   * When the window starts, e.g. `CronSchedule.expression('0 6 * * 1-5')`.
   */
  readonly start: CronSchedule;

  /**
   * When the window ends (not the same as `start`), e.g. `CronSchedule.expression('0 20 * * 1-5')`.
   */
  readonly end: CronSchedule;

  /**
   * The replicas during the window (at most the `maxReplicas` of the scaling).
   */
  readonly desiredReplicas: number;
}

/**
 * The CPU or memory use of the pods, in percent of their requests (KEDA's cpu and memory scalers). Needs the
 * Kubernetes metrics server.
 *
 * @see https://keda.sh/docs/latest/scalers/cpu/
 */
export interface ResourceTriggerOptions {
  /**
   * The target average use, in percent of the requests (of every container, or of `container`).
   */
  readonly utilization: number;

  /**
   * Only this container's use counts.
   *
   * @default - the sum over the pod's containers
   */
  readonly container?: string;
}

/**
 * Where a Kafka consumer group starts when it has no committed offset.
 */
export enum KafkaOffsetResetPolicy {
  /** At the newest message. */
  LATEST = 'latest',
  /** At the oldest message. */
  EARLIEST = 'earliest',
}

/**
 * The lag of a Kafka consumer group: the messages it has not consumed yet.
 *
 * @see https://keda.sh/docs/latest/scalers/apache-kafka/
 */
export interface KafkaTriggerOptions {
  /**
   * The brokers to connect to first, each `host:port`, e.g. `['kafka.kafka.svc:9092']`.
   */
  readonly bootstrapServers: string[];

  /**
   * The consumer group whose lag counts (the one the workload consumes with).
   */
  readonly consumerGroup: string;

  /**
   * The topic whose lag counts.
   *
   * @default - every topic of the consumer group
   */
  readonly topic?: string;

  /**
   * The lag per replica: KEDA runs `ceil(lag / lagThreshold)` replicas (at most one per partition).
   */
  readonly lagThreshold: number;

  /**
   * The lag above which the workload is active (scaled up from zero).
   *
   * @default 0
   */
  readonly activationLagThreshold?: number;

  /**
   * Where the consumer group starts without a committed offset: what the lag is measured from then.
   *
   * @default KafkaOffsetResetPolicy.LATEST
   */
  readonly offsetResetPolicy?: KafkaOffsetResetPolicy;

  /**
   * SASL and TLS settings and credentials (the parameters `sasl`, `username`, `password`, `tls`, `ca`, `cert`,
   * `key`).
   *
   * @default - none: plain connections
   */
  readonly authentication?: AppTriggerAuthentication;
}

/**
 * How the RabbitMQ scaler reads the queue.
 */
export enum RabbitMqProtocol {
  /** From the scheme of the host: `amqp(s)://` or `http(s)://`. */
  AUTO = 'auto',
  /** AMQP (counts the ready messages). */
  AMQP = 'amqp',
  /** The management API (counts the unacknowledged messages too). */
  HTTP = 'http',
}

/**
 * The length of a RabbitMQ queue (KEDA's rabbitmq scaler in `QueueLength` mode). The connection string, with its
 * password, comes from `authentication` (the parameter `host`) or from an environment variable of the workload
 * (`hostFromEnv`); a `host` in the manifests is refused with a password in it.
 *
 * @see https://keda.sh/docs/latest/scalers/rabbitmq-queue/
 */
export interface RabbitMqTriggerOptions {
  /**
   * The queue.
   */
  readonly queueName: string;

  /**
   * The messages per replica: KEDA runs `ceil(messages / queueLength)` replicas.
   */
  readonly queueLength: number;

  /**
   * The messages above which the workload is active (scaled up from zero).
   *
   * @default 0
   */
  readonly activationQueueLength?: number;

  /**
   * How the scaler reads the queue.
   *
   * @default RabbitMqProtocol.AUTO
   */
  readonly protocol?: RabbitMqProtocol;

  /**
   * The virtual host, instead of the one in the connection string.
   *
   * @default - the virtual host of the connection string
   */
  readonly vhostName?: string;

  /**
   * The connection string, without a password (`amqp://rabbitmq.shop.svc:5672/`), when `authentication` gives the
   * `username` and `password`.
   *
   * @default - the parameter `host` of `authentication`, or `hostFromEnv`
   */
  readonly host?: string;

  /**
   * The environment variable of the workload's container that holds the connection string.
   *
   * @default - the parameter `host` of `authentication`, or `host`
   */
  readonly hostFromEnv?: string;

  /**
   * The connection string (the parameter `host`) or the user name and password (`username`, `password`), from
   * Secrets.
   *
   * @default - none: `host` or `hostFromEnv`
   */
  readonly authentication?: AppTriggerAuthentication;
}

/**
 * The length of an AWS SQS queue: the visible messages and, by default, those in flight.
 *
 * @see https://keda.sh/docs/latest/scalers/aws-sqs/
 */
export interface AwsSqsQueueTriggerOptions {
  /**
   * The URL of the queue, e.g. `https://sqs.eu-west-1.amazonaws.com/111122223333/orders`.
   */
  readonly queueUrl: string;

  /**
   * The AWS region of the queue, e.g. `eu-west-1`.
   */
  readonly awsRegion: string;

  /**
   * The messages per replica: KEDA runs `ceil(messages / queueLength)` replicas.
   */
  readonly queueLength: number;

  /**
   * The messages above which the workload is active (scaled up from zero).
   *
   * @default 0
   */
  readonly activationQueueLength?: number;

  /**
   * Whether the messages in flight (received, not yet deleted) count.
   *
   * @default true
   */
  readonly scaleOnInFlight?: boolean;

  /**
   * How KEDA reads the queue's attributes: a pod identity (`TriggerPodIdentity.aws()` or `awsOfWorkload()`), or the
   * parameters `awsAccessKeyID` and `awsSecretAccessKey` (or `awsRoleArn`).
   */
  readonly authentication: AppTriggerAuthentication;
}

/**
 * What makes KEDA scale a workload (a trigger of a ScaledObject): a typed scaler, with the metadata keys that KEDA's
 * docs give it, checked.
 *
 * @see https://keda.sh/docs/latest/scalers/
 */
export class ScalingTrigger {
  /**
   * The value of a Prometheus query (the `prometheus` scaler).
   */
  public static prometheus(options: PrometheusTriggerOptions): ScalingTrigger {
    return new ScalingTrigger('prometheus', options);
  }

  /**
   * A window of time with a fixed number of replicas (the `cron` scaler).
   */
  public static cron(options: CronTriggerOptions): ScalingTrigger {
    return new ScalingTrigger('cron', options);
  }

  /**
   * The CPU use of the pods, in percent of their requests (the `cpu` scaler).
   */
  public static cpu(options: ResourceTriggerOptions): ScalingTrigger {
    return new ScalingTrigger('cpu', options);
  }

  /**
   * The memory use of the pods, in percent of their requests (the `memory` scaler).
   */
  public static memory(options: ResourceTriggerOptions): ScalingTrigger {
    return new ScalingTrigger('memory', options);
  }

  /**
   * The lag of a Kafka consumer group (the `kafka` scaler).
   */
  public static kafka(options: KafkaTriggerOptions): ScalingTrigger {
    return new ScalingTrigger('kafka', options);
  }

  /**
   * The length of a RabbitMQ queue (the `rabbitmq` scaler, mode `QueueLength`).
   */
  public static rabbitMq(options: RabbitMqTriggerOptions): ScalingTrigger {
    return new ScalingTrigger('rabbitmq', options);
  }

  /**
   * The length of an AWS SQS queue (the `aws-sqs-queue` scaler).
   */
  public static awsSqsQueue(options: AwsSqsQueueTriggerOptions): ScalingTrigger {
    return new ScalingTrigger('aws-sqs-queue', options);
  }

  /** The scaler, as KEDA names it: `prometheus`, `cron`, `cpu`, `memory`, `kafka`, `rabbitmq`, `aws-sqs-queue`. */
  public readonly type: string;
  private readonly options: unknown;

  private constructor(type: string, options: unknown) {
    this.type = type;
    this.options = options;
  }

  /** Whether the trigger is KEDA's cpu or memory scaler (which cannot scale to zero alone). */
  public get isResourceTrigger(): boolean {
    return this.type === 'cpu' || this.type === 'memory';
  }

  /**
   * The trigger as a ScaledObject has it, checked.
   *
   * @internal
   */
  public _toKube(context: TriggerContext): ScaledObjectSpecTriggers {
    const { scope, prop } = context;
    if (typeof this.options !== 'object' || this.options === null || Array.isArray(this.options)) {
      throw inputError(scope, prop, this.options, 'the trigger has no options object', `ScalingTrigger.${this.factory}({ ... })`);
    }
    this.checkMisspeltOptions(context, this.options as Record<string, unknown>);
    switch (this.type) {
      case 'prometheus': return prometheus(context, this.options as PrometheusTriggerOptions);
      case 'cron': return cron(context, this.options as CronTriggerOptions);
      case 'cpu':
      case 'memory': return resource(context, this.type, this.options as ResourceTriggerOptions);
      case 'kafka': return kafka(context, this.options as KafkaTriggerOptions);
      case 'rabbitmq': return rabbitMq(context, this.options as RabbitMqTriggerOptions);
      default: return awsSqsQueue(context, this.options as AwsSqsQueueTriggerOptions);
    }
  }

  /**
   * Refuses an option so close to one of the scaler's that is not given that it is surely that one misspelt
   * (`utilisation`, `queue` for `queueName`): an untyped caller would see the option reported as missing.
   */
  private checkMisspeltOptions(context: TriggerContext, options: Record<string, unknown>): void {
    const known = TRIGGER_OPTIONS[this.type] ?? [];
    for (const key of Object.keys(options).filter((k) => !known.includes(k))) {
      const meant = misspeltName(key, known);
      if (meant !== undefined && options[meant] === undefined) {
        throw inputError(context.scope, `${context.prop}.${key}`, options[key], `it is not an option of ScalingTrigger.${this.factory} (did you mean ${meant}?)`,
          `the option ${meant}: ScalingTrigger.${this.factory}({ ${meant}: ... })`);
      }
    }
  }

  private get factory(): string {
    return { 'rabbitmq': 'rabbitMq', 'aws-sqs-queue': 'awsSqsQueue' }[this.type] ?? this.type;
  }
}

/** The options of each scaler's factory, by the scaler's type (checked against the interfaces by the compiler). */
const TRIGGER_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  'prometheus': namesOf<PrometheusTriggerOptions>({
    serverAddress: true, query: true, threshold: true, activationThreshold: true, authModes: true, authentication: true,
  }),
  'cron': namesOf<CronTriggerOptions>({ timeZone: true, start: true, end: true, desiredReplicas: true }),
  'cpu': namesOf<ResourceTriggerOptions>({ utilization: true, container: true }),
  'memory': namesOf<ResourceTriggerOptions>({ utilization: true, container: true }),
  'kafka': namesOf<KafkaTriggerOptions>({
    bootstrapServers: true,
    consumerGroup: true,
    topic: true,
    lagThreshold: true,
    activationLagThreshold: true,
    offsetResetPolicy: true,
    authentication: true,
  }),
  'rabbitmq': namesOf<RabbitMqTriggerOptions>({
    queueName: true,
    queueLength: true,
    activationQueueLength: true,
    protocol: true,
    vhostName: true,
    host: true,
    hostFromEnv: true,
    authentication: true,
  }),
  'aws-sqs-queue': namesOf<AwsSqsQueueTriggerOptions>({
    queueUrl: true, awsRegion: true, queueLength: true, activationQueueLength: true, scaleOnInFlight: true, authentication: true,
  }),
};

function prometheus(context: TriggerContext, o: PrometheusTriggerOptions): ScaledObjectSpecTriggers {
  const { scope, prop } = context;
  const serverAddress = url(scope, `${prop}.serverAddress`, o.serverAddress, ['http', 'https'],
    'the http or https URL of the Prometheus server, e.g. "http://kube-prometheus-stack-prometheus.monitoring.svc:9090"');
  if (typeof o.query !== 'string' || o.query.trim() === '') {
    throw inputError(scope, `${prop}.query`, o.query, typeof o.query === 'string' ? 'it is empty' : 'it is not a string',
      'a PromQL query that returns one element, e.g. "sum(rate(http_requests_total{service=\\"web\\"}[2m]))"');
  }
  const threshold = positiveNumber(scope, `${prop}.threshold`, o.threshold);
  const activation = o.activationThreshold === undefined ? undefined : nonNegativeNumber(scope, `${prop}.activationThreshold`, o.activationThreshold);
  const authentication = checkAuthentication(context, o.authentication);
  const modes = checkList(scope, `${prop}.authModes`, o.authModes, 'a list of PrometheusAuthMode, e.g. [PrometheusAuthMode.BEARER]') ?? [];
  modes.forEach((mode, i) => {
    if (!Object.values(PrometheusAuthMode).includes(mode)) {
      throw inputError(scope, `${prop}.authModes[${i}]`, mode, 'it is not an auth mode of the Prometheus scaler',
        `one of ${Object.values(PrometheusAuthMode).map((m) => JSON.stringify(m)).join(', ')} (PrometheusAuthMode)`);
    }
    if (modes.indexOf(mode) !== i) {
      throw inputError(scope, `${prop}.authModes[${i}]`, mode, 'the mode is given twice', 'each auth mode once');
    }
    const missing = PROMETHEUS_AUTH_PARAMETERS[mode].filter((p) => !authentication?.parameters.includes(p));
    if (missing.length > 0) {
      throw inputError(scope, `${prop}.authModes[${i}]`, mode,
        authentication === undefined ? 'the trigger has no authentication to read the credentials from'
          : `the TriggerAuthentication ${JSON.stringify(authentication.name)} gives no ${missing.join(' and no ')}`,
        `an authentication whose secrets give ${PROMETHEUS_AUTH_PARAMETERS[mode].map((p) => JSON.stringify(p)).join(' and ')}`);
    }
  });
  return trigger('prometheus', {
    serverAddress,
    query: o.query,
    threshold: String(threshold),
    activationThreshold: activation === undefined ? undefined : String(activation),
    authModes: modes.length > 0 ? modes.join(',') : undefined,
  }, authentication);
}

function cron(context: TriggerContext, o: CronTriggerOptions): ScaledObjectSpecTriggers {
  const { scope, prop } = context;
  const timeZone = TimeZone.check(scope, `${prop}.timeZone`, o.timeZone);
  const schedule = (field: 'start' | 'end') => {
    const value = o[field];
    if (!(value instanceof CronSchedule)) {
      throw inputError(scope, `${prop}.${field}`, value, 'it is not a CronSchedule', 'a CronSchedule, e.g. CronSchedule.expression("0 6 * * 1-5")');
    }
    return value.check(scope, `${prop}.${field}`).toCron().expressionString;
  };
  const start = schedule('start');
  const end = schedule('end');
  if (start === end) {
    throw inputError(scope, `${prop}.end`, o.end.expressionString, `it is the same time as start (${describeValue(o.start.expressionString)}), so the window is empty`,
      'an end other than the start, e.g. start "0 6 * * *" and end "0 20 * * *"');
  }
  const desired = checkInt32(scope, `${prop}.desiredReplicas`, o.desiredReplicas, {
    min: 1,
    max: context.maxReplicas,
    what: 'a replica count up to maxReplicas (KEDA never runs more): an integer',
  });
  return trigger('cron', { timezone: timeZone, start, end, desiredReplicas: String(desired) });
}

function resource(context: TriggerContext, type: 'cpu' | 'memory', o: ResourceTriggerOptions): ScaledObjectSpecTriggers {
  const { scope, prop } = context;
  const utilization = checkInt32(scope, `${prop}.utilization`, o.utilization, { min: 1, max: 1000, what: 'a percentage of the requests: an integer' });
  const names = [...context.containers.keys()];
  if (o.container !== undefined && !context.containers.has(o.container)) {
    throw inputError(scope, `${prop}.container`, o.container, 'no container of the pods has this name',
      `the name of a container of the pods: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  }
  for (const name of o.container === undefined ? names : [o.container]) {
    if (!context.containers.get(name)![type]) {
      throw inputError(scope, `${prop}.utilization`, utilization, `the container ${JSON.stringify(name)} has no ${type} request, which the utilization is measured against`,
        `a ${type} request on ${o.container === undefined ? 'every container' : 'the container'} (its resources, or the platform default ${type}Request)`);
    }
  }
  return { type, metricType: 'Utilization', metadata: { value: String(utilization), ...(o.container !== undefined ? { containerName: o.container } : {}) } };
}

function kafka(context: TriggerContext, o: KafkaTriggerOptions): ScaledObjectSpecTriggers {
  const { scope, prop } = context;
  const servers = checkList(scope, `${prop}.bootstrapServers`, o.bootstrapServers, 'a list of brokers, each "host:port", e.g. ["kafka.kafka.svc:9092"]', 'string');
  if (servers === undefined || servers.length === 0) {
    throw inputError(scope, `${prop}.bootstrapServers`, o.bootstrapServers, 'no broker is given', 'a list of brokers, each "host:port", e.g. ["kafka.kafka.svc:9092"]');
  }
  servers.forEach((server, i) => {
    const match = /^(.+):([0-9]{1,5})$/.exec(server);
    if (!match || !FormatRule.HOSTNAME.isValid(match[1]) || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      throw inputError(scope, `${prop}.bootstrapServers[${i}]`, server, 'it is not "host:port"', 'a broker as "host:port", e.g. "kafka.kafka.svc:9092"');
    }
  });
  if (typeof o.consumerGroup !== 'string' || o.consumerGroup.trim() === '' || o.consumerGroup.includes(',')) {
    throw inputError(scope, `${prop}.consumerGroup`, o.consumerGroup, typeof o.consumerGroup !== 'string' ? 'it is not a string'
      : o.consumerGroup.includes(',') ? 'it contains ",", which KEDA reads as a separator' : 'it is empty', 'the id of the consumer group the workload consumes with');
  }
  if (o.topic !== undefined && (typeof o.topic !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(o.topic) || o.topic === '.' || o.topic === '..')) {
    throw inputError(scope, `${prop}.topic`, o.topic, 'it is not a Kafka topic name',
      'a topic name of 1 to 249 letters, digits, ".", "_" and "-" (not "." or "..")');
  }
  const lag = checkInt32(scope, `${prop}.lagThreshold`, o.lagThreshold, { min: 1, what: 'a number of messages: an integer' });
  const activation = o.activationLagThreshold === undefined ? undefined
    : checkInt32(scope, `${prop}.activationLagThreshold`, o.activationLagThreshold, { min: 0, what: 'a number of messages: an integer' });
  if (o.offsetResetPolicy !== undefined && !Object.values(KafkaOffsetResetPolicy).includes(o.offsetResetPolicy)) {
    throw inputError(scope, `${prop}.offsetResetPolicy`, o.offsetResetPolicy, 'it is not an offset reset policy',
      'KafkaOffsetResetPolicy.LATEST or KafkaOffsetResetPolicy.EARLIEST');
  }
  return trigger('kafka', {
    bootstrapServers: servers.join(','),
    consumerGroup: o.consumerGroup,
    topic: o.topic,
    lagThreshold: String(lag),
    activationLagThreshold: activation === undefined ? undefined : String(activation),
    offsetResetPolicy: o.offsetResetPolicy,
  }, checkAuthentication(context, o.authentication));
}

function rabbitMq(context: TriggerContext, o: RabbitMqTriggerOptions): ScaledObjectSpecTriggers {
  const { scope, prop } = context;
  if (typeof o.queueName !== 'string' || o.queueName === '') {
    throw inputError(scope, `${prop}.queueName`, o.queueName, typeof o.queueName === 'string' ? 'it is empty' : 'it is not a string', 'the name of the queue');
  }
  const length = checkInt32(scope, `${prop}.queueLength`, o.queueLength, { min: 1, what: 'a number of messages: an integer' });
  const activation = o.activationQueueLength === undefined ? undefined
    : checkInt32(scope, `${prop}.activationQueueLength`, o.activationQueueLength, { min: 0, what: 'a number of messages: an integer' });
  if (o.protocol !== undefined && !Object.values(RabbitMqProtocol).includes(o.protocol)) {
    throw inputError(scope, `${prop}.protocol`, o.protocol, 'it is not a protocol of the RabbitMQ scaler', 'RabbitMqProtocol.AUTO, AMQP or HTTP');
  }
  if (o.vhostName !== undefined && (typeof o.vhostName !== 'string' || o.vhostName === '')) {
    throw inputError(scope, `${prop}.vhostName`, o.vhostName, 'it is not the name of a virtual host', 'a virtual host, e.g. "/" or "shop"');
  }
  const authentication = checkAuthentication(context, o.authentication);
  let host: string | undefined;
  if (o.host !== undefined) {
    host = url(scope, `${prop}.host`, o.host, ['amqp', 'amqps', 'http', 'https'],
      'a connection string without a password, e.g. "amqp://rabbitmq.shop.svc:5672/" (the credentials from authentication)');
    if (new URL(host).password !== '') {
      throw inputError(scope, `${prop}.host`, host.replace(/:[^:@/]*@/, ':***@'), 'it holds a password, which would be written in the manifests',
        'the connection string from a Secret (authentication with the parameter "host"), or a host without the password and the parameters "username" and "password"');
    }
  }
  if (o.hostFromEnv !== undefined) {
    FormatRule.ENV_VAR_NAME.check(scope, `${prop}.hostFromEnv`, o.hostFromEnv);
  }
  const fromAuthentication = authentication?.parameters.includes('host') ?? false;
  const sources = [host !== undefined ? 'host' : undefined, o.hostFromEnv !== undefined ? 'hostFromEnv' : undefined,
    fromAuthentication ? 'the parameter "host" of the authentication' : undefined].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw inputError(scope, `${prop}.host`, o.host, sources.length === 0 ? 'the trigger has no connection string'
      : `the trigger has ${sources.length} connection strings: ${sources.join(', ')}`,
    'one of: an authentication with the parameter "host" (from a Secret), hostFromEnv, or host (without a password)');
  }
  return trigger('rabbitmq', {
    protocol: o.protocol ?? RabbitMqProtocol.AUTO,
    mode: 'QueueLength',
    value: String(length),
    activationValue: activation === undefined ? undefined : String(activation),
    queueName: o.queueName,
    vhostName: o.vhostName,
    host,
    hostFromEnv: o.hostFromEnv,
  }, authentication);
}

function awsSqsQueue(context: TriggerContext, o: AwsSqsQueueTriggerOptions): ScaledObjectSpecTriggers {
  const { scope, prop } = context;
  if (typeof o.awsRegion !== 'string' || !/^[a-z]{2}(?:-[a-z]+)+-[0-9]+$/.test(o.awsRegion)) {
    throw inputError(scope, `${prop}.awsRegion`, o.awsRegion, 'it is not an AWS region', 'an AWS region, e.g. "eu-west-1"');
  }
  const queueUrl = url(scope, `${prop}.queueUrl`, o.queueUrl, ['https', 'http'], 'the URL of the queue, e.g. "https://sqs.eu-west-1.amazonaws.com/111122223333/orders"');
  const region = /^sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(new URL(queueUrl).hostname)?.[1];
  if (region !== undefined && region !== o.awsRegion) {
    throw inputError(scope, `${prop}.awsRegion`, o.awsRegion, `the queue is in ${region} (its URL says so)`, `the region of the queue, ${JSON.stringify(region)}`);
  }
  const length = checkInt32(scope, `${prop}.queueLength`, o.queueLength, { min: 1, what: 'a number of messages: an integer' });
  const activation = o.activationQueueLength === undefined ? undefined
    : checkInt32(scope, `${prop}.activationQueueLength`, o.activationQueueLength, { min: 0, what: 'a number of messages: an integer' });
  if (o.scaleOnInFlight !== undefined && typeof o.scaleOnInFlight !== 'boolean') {
    throw inputError(scope, `${prop}.scaleOnInFlight`, o.scaleOnInFlight, 'it is not a boolean', 'true (the default) or false');
  }
  const authentication = checkAuthentication(context, o.authentication);
  const params = authentication?.parameters ?? [];
  const identity = authentication?.podIdentity?.provider === 'aws';
  if (!identity && !params.includes('awsRoleArn') && !(params.includes('awsAccessKeyID') && params.includes('awsSecretAccessKey'))) {
    throw inputError(scope, `${prop}.authentication`, authentication?.name,
      authentication === undefined ? 'the trigger has no authentication, and KEDA needs AWS credentials to read the queue'
        : `the TriggerAuthentication ${JSON.stringify(authentication.name)} gives KEDA no AWS credentials`,
      'an authentication with TriggerPodIdentity.aws() or awsOfWorkload(), or the parameters "awsAccessKeyID" and "awsSecretAccessKey" (or "awsRoleArn")');
  }
  return trigger('aws-sqs-queue', {
    queueURL: queueUrl,
    queueLength: String(length),
    activationQueueLength: activation === undefined ? undefined : String(activation),
    awsRegion: o.awsRegion,
    scaleOnInFlight: o.scaleOnInFlight === undefined ? undefined : String(o.scaleOnInFlight),
  }, authentication);
}

/** A trigger of the metadata given (undefined values left out), with its authentication. */
function trigger(type: string, metadata: Record<string, string | undefined>, authentication?: AppTriggerAuthentication): ScaledObjectSpecTriggers {
  const defined = Object.fromEntries(Object.entries(metadata).filter((e): e is [string, string] => e[1] !== undefined));
  return { type, metadata: defined, authenticationRef: authentication === undefined ? undefined : { name: authentication.name } };
}

/** Refuses an authentication that is not an AppTriggerAuthentication of the trigger's namespace. */
function checkAuthentication(context: TriggerContext, authentication: AppTriggerAuthentication | undefined): AppTriggerAuthentication | undefined {
  const { scope, prop } = context;
  if (authentication === undefined) {
    return undefined;
  }
  if (!(authentication instanceof AppTriggerAuthentication)) {
    throw inputError(scope, `${prop}.authentication`, authentication, 'it is not an AppTriggerAuthentication',
      'an AppTriggerAuthentication (with the secrets or the pod identity the scaler needs)');
  }
  const own = Chart.of(scope).namespace;
  const theirs = Chart.of(authentication).namespace;
  if (own !== theirs) {
    throw inputError(scope, `${prop}.authentication`, authentication.name,
      `the TriggerAuthentication is in the namespace ${describeValue(theirs)} and the ScaledObject in ${describeValue(own)}: a trigger refers to a TriggerAuthentication of its own namespace`,
      'an AppTriggerAuthentication in a chart of the same namespace');
  }
  const account = context.podAccount;
  if (authentication.podIdentity?.ofWorkload && account !== undefined && account.awsRoleArn === undefined) {
    throw inputError(scope, `${prop}.authentication`, authentication.name,
      `its podIdentity is TriggerPodIdentity.awsOfWorkload(), and ${account.description} has no IAM role (no eks.amazonaws.com/role-arn annotation): `
      + 'KEDA would fail to read the event source, and the workload would not scale',
      'pods that run as a ServiceAccount with the role (AppServiceAccount with workloadIdentity: WorkloadIdentity.aws({ roleArn })), '
      + 'or TriggerPodIdentity.aws() (KEDA\'s own role, or one it assumes: { roleArn })');
  }
  return authentication;
}

/** Refuses a value that is not a URL of one of the schemes; returns it. */
function url(scope: IConstruct, prop: string, value: string, schemes: string[], accepted: string): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !schemes.includes(parsed.protocol.slice(0, -1)) || parsed.hostname === '') {
    throw inputError(scope, prop, value, `it is not a URL of the scheme ${schemes.join(' or ')}`, accepted);
  }
  return value;
}

function positiveNumber(scope: IConstruct, prop: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw inputError(scope, prop, value, typeof value !== 'number' || !Number.isFinite(value) ? 'it is not a finite number' : 'it is not above zero',
      'a number above zero, e.g. 100 or 2.5');
  }
  return value;
}

function nonNegativeNumber(scope: IConstruct, prop: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw inputError(scope, prop, value, typeof value !== 'number' || !Number.isFinite(value) ? 'it is not a finite number' : 'it is below zero',
      'a number of at least zero, e.g. 0 or 5.5');
  }
  return value;
}
