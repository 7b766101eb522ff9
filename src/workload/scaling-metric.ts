import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { ContainerRequests } from './scaling-context';
import { checkInt32, checkKibibytes, checkObject, describeValue, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';

/**
 * A metric of the pods themselves (from the custom metrics API, e.g. served by prometheus-adapter), averaged over the
 * pods of the workload.
 */
export interface PodsMetricOptions {
  /**
   * The name of the metric, as the custom metrics API serves it, e.g. `http_requests_per_second`.
   */
  readonly name: string;

  /**
   * The target average value per pod: the autoscaler adds pods while the average is above it.
   */
  readonly averageValue: number;

  /**
   * Labels that narrow down the series of the metric (a label selector's `matchLabels`).
   *
   * @default - every series of the metric
   */
  readonly selector?: { [key: string]: string };
}

/**
 * The Kubernetes object that an object metric describes, e.g. an Ingress (a cdk8s-plus-34 `Ingress` is one).
 */
export interface MetricObjectReference {
  /**
   * The API version of the object, e.g. `networking.k8s.io/v1`.
   */
  readonly apiVersion: string;

  /**
   * The kind of the object, e.g. `Ingress`.
   */
  readonly kind: string;

  /**
   * The name of the object (in the namespace of the workload).
   */
  readonly name: string;
}

/**
 * A metric of another object of the namespace (from the custom metrics API), e.g. the requests per second of an
 * Ingress. Exactly one of `value` and `averageValue`.
 */
export interface ObjectMetricOptions {
  /**
   * The object the metric describes.
   */
  readonly object: MetricObjectReference;

  /**
   * The name of the metric, e.g. `requests-per-second`.
   */
  readonly name: string;

  /**
   * The target value of the metric as a whole: the autoscaler scales so that the metric stays at it.
   *
   * @default - none: `averageValue`
   */
  readonly value?: number;

  /**
   * The target value of the metric divided by the number of pods.
   *
   * @default - none: `value`
   */
  readonly averageValue?: number;

  /**
   * Labels that narrow down the series of the metric.
   *
   * @default - every series of the metric
   */
  readonly selector?: { [key: string]: string };
}

/**
 * A metric from outside the cluster (from the external metrics API, e.g. the length of a cloud queue). Exactly one of
 * `value` and `averageValue`.
 */
export interface ExternalMetricOptions {
  /**
   * The name of the metric, as the external metrics API serves it.
   */
  readonly name: string;

  /**
   * Labels that select the series of the metric, e.g. `{ queue: 'orders' }`.
   *
   * @default - every series of the metric
   */
  readonly selector?: { [key: string]: string };

  /**
   * The target value of the metric as a whole.
   *
   * @default - none: `averageValue`
   */
  readonly value?: number;

  /**
   * The target value of the metric divided by the number of pods, e.g. 30 messages per pod.
   *
   * @default - none: `value`
   */
  readonly averageValue?: number;
}

/**
 * The CPU of one container of the pods (not the sum over the pod's containers). Exactly one of `utilization` and
 * `averageValue`.
 */
export interface ContainerCpuMetricOptions {
  /**
   * The name of the container (the main container is named after the application).
   */
  readonly container: string;

  /**
   * The target average use, in percent of the container's CPU request (which it must then have).
   *
   * @default - none: `averageValue`
   */
  readonly utilization?: number;

  /**
   * The target average use, in CPU.
   *
   * @default - none: `utilization`
   */
  readonly averageValue?: kplus.Cpu;
}

/**
 * The memory of one container of the pods. Exactly one of `utilization` and `averageValue`.
 */
export interface ContainerMemoryMetricOptions {
  /**
   * The name of the container (the main container is named after the application).
   */
  readonly container: string;

  /**
   * The target average use, in percent of the container's memory request (which it must then have).
   *
   * @default - none: `averageValue`
   */
  readonly utilization?: number;

  /**
   * The target average use, in whole mebibytes.
   *
   * @default - none: `utilization`
   */
  readonly averageValue?: Size;
}

/**
 * What a HorizontalPodAutoscaler measures, besides the CPU and memory utilization of the whole pods that
 * `AutoscalingProps` sets with `cpuUtilization` and `memoryUtilization` (autoscaling/v2 metrics).
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#scaling-on-custom-metrics
 */
export class ScalingMetric {
  /**
   * A metric of the pods, averaged over them (a `Pods` metric), e.g. the requests each pod serves per second.
   */
  public static pods(options: PodsMetricOptions): ScalingMetric {
    return new ScalingMetric('Pods', options);
  }

  /**
   * A metric of another object of the namespace (an `Object` metric), e.g. the requests per second of an Ingress.
   */
  public static object(options: ObjectMetricOptions): ScalingMetric {
    return new ScalingMetric('Object', options);
  }

  /**
   * A metric from outside the cluster (an `External` metric), e.g. the messages waiting in a queue.
   */
  public static external(options: ExternalMetricOptions): ScalingMetric {
    return new ScalingMetric('External', options);
  }

  /**
   * The CPU of one container of the pods (a `ContainerResource` metric): a sidecar's use does not hide the main
   * container's.
   */
  public static containerCpu(options: ContainerCpuMetricOptions): ScalingMetric {
    return new ScalingMetric('ContainerResource', options, 'cpu');
  }

  /**
   * The memory of one container of the pods (a `ContainerResource` metric).
   */
  public static containerMemory(options: ContainerMemoryMetricOptions): ScalingMetric {
    return new ScalingMetric('ContainerResource', options, 'memory');
  }

  /** The type of the metric source: `Pods`, `Object`, `External` or `ContainerResource`. */
  public readonly type: string;
  /** The resource of a container metric (`cpu`, `memory`); undefined for the others. */
  public readonly resource?: string;
  private readonly options: unknown;

  private constructor(type: string, options: unknown, resource?: string) {
    this.type = type;
    this.options = options;
    this.resource = resource;
  }

  /**
   * The metric as the HorizontalPodAutoscaler's spec has it (in the typed shape of cdk8s-plus-34's L1 objects),
   * checked.
   *
   * @param scope the construct that received the metric, for errors
   * @param prop where the metric is, e.g. `autoscaling.metrics[0]`
   * @param containers the requests of the pod's containers, by name
   * @internal
   */
  public _toKube(scope: IConstruct, prop: string, containers: ReadonlyMap<string, ContainerRequests>): kplus.k8s.MetricSpecV2 {
    switch (this.type) {
      case 'Pods': {
        const o = optionsOf<PodsMetricOptions>(scope, prop, this.options, 'ScalingMetric.pods({ name, averageValue })');
        return {
          type: 'Pods',
          pods: {
            metric: identifier(scope, prop, o.name, o.selector),
            target: { type: 'AverageValue', averageValue: kplus.k8s.Quantity.fromNumber(positive(scope, `${prop}.averageValue`, o.averageValue)) },
          },
        };
      }
      case 'Object': {
        const o = optionsOf<ObjectMetricOptions>(scope, prop, this.options, 'ScalingMetric.object({ object, name, value or averageValue })');
        return {
          type: 'Object',
          object: {
            describedObject: describedObject(scope, `${prop}.object`, o.object),
            metric: identifier(scope, prop, o.name, o.selector),
            target: valueTarget(scope, prop, o.value, o.averageValue),
          },
        };
      }
      case 'External': {
        const o = optionsOf<ExternalMetricOptions>(scope, prop, this.options, 'ScalingMetric.external({ name, value or averageValue })');
        return {
          type: 'External',
          external: {
            metric: identifier(scope, prop, o.name, o.selector),
            target: valueTarget(scope, prop, o.value, o.averageValue),
          },
        };
      }
      default: {
        const accepted = `ScalingMetric.container${this.resource === 'cpu' ? 'Cpu' : 'Memory'}({ container, utilization or averageValue })`;
        const o = optionsOf<ContainerCpuMetricOptions | ContainerMemoryMetricOptions>(scope, prop, this.options, accepted);
        const requests = containers.get(o.container);
        if (requests === undefined) {
          throw inputError(scope, `${prop}.container`, o.container, 'no container of the pods has this name',
            `the name of a container of the pods: ${[...containers.keys()].map((n) => JSON.stringify(n)).join(', ')}`);
        }
        return {
          type: 'ContainerResource',
          containerResource: {
            name: this.resource!,
            container: o.container,
            target: this.containerTarget(scope, prop, o, requests),
          },
        };
      }
    }
  }

  private containerTarget(scope: IConstruct, prop: string, o: ContainerCpuMetricOptions | ContainerMemoryMetricOptions,
    requests: ContainerRequests): kplus.k8s.MetricTargetV2 {
    const resource = this.resource!;
    exactlyOne(scope, prop, 'utilization', o.utilization, 'averageValue', o.averageValue);
    if (o.utilization !== undefined) {
      checkInt32(scope, `${prop}.utilization`, o.utilization, { min: 1, max: 1000, what: 'a percentage of the request: an integer' });
      if (!(resource === 'cpu' ? requests.cpu : requests.memory)) {
        throw inputError(scope, `${prop}.utilization`, o.utilization,
          `the container ${JSON.stringify(o.container)} has no ${resource} request, which the utilization is measured against`,
          `a ${resource} request on the container (its resources, or the platform default ${resource}Request), or an averageValue`);
      }
      return { type: 'Utilization', averageUtilization: o.utilization };
    }
    if (resource === 'cpu') {
      const cpu = o.averageValue as kplus.Cpu;
      if (!(cpu instanceof kplus.Cpu) || !FormatRule.QUANTITY.isValid(cpu.amount) || Number.parseFloat(cpu.amount) <= 0) {
        throw inputError(scope, `${prop}.averageValue`, cpu instanceof kplus.Cpu ? cpu.amount : cpu, 'it is not a positive amount of CPU',
          'a Cpu above zero, e.g. Cpu.millis(500)');
      }
      return { type: 'AverageValue', averageValue: kplus.k8s.Quantity.fromString(cpu.amount) };
    }
    const accepted = 'a size in whole mebibytes above zero, e.g. Size.mebibytes(512)';
    const kib = checkKibibytes(scope, `${prop}.averageValue`, o.averageValue as Size, accepted);
    if (kib <= 0 || kib % 1024 !== 0) {
      throw inputError(scope, `${prop}.averageValue`, (o.averageValue as Size).asString(),
        kib <= 0 ? 'it is not above zero' : 'it is not a whole number of mebibytes', accepted);
    }
    return { type: 'AverageValue', averageValue: kplus.k8s.Quantity.fromString(`${kib / 1024}Mi`) };
  }
}

function optionsOf<T>(scope: IConstruct, prop: string, options: unknown, accepted: string): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw inputError(scope, prop, options, 'the metric has no options object', accepted);
  }
  return options as T;
}

/** The metric's name and selector, checked as the API server checks them (a path segment name; label keys and values). */
function identifier(scope: IConstruct, prop: string, name: string, selector: { [key: string]: string } | undefined): kplus.k8s.MetricIdentifierV2 {
  const accepted = 'the name of the metric as the metrics API serves it, e.g. "http_requests_per_second" (not "." or "..", without "/" or "%")';
  if (typeof name !== 'string' || name === '') {
    throw inputError(scope, `${prop}.name`, name, typeof name === 'string' ? 'it is empty' : 'it is not a string', accepted);
  }
  if (name === '.' || name === '..' || /[/%]/.test(name)) {
    throw inputError(scope, `${prop}.name`, name, 'the API server refuses a metric name that is "." or "..", or that contains "/" or "%"', accepted);
  }
  checkObject(scope, `${prop}.selector`, selector, 'a map of label keys to values, e.g. { queue: "orders" }');
  for (const [key, value] of Object.entries(selector ?? {})) {
    FormatRule.LABEL_KEY.check(scope, `${prop}.selector`, key);
    FormatRule.LABEL_VALUE.check(scope, `${prop}.selector.${key}`, value);
  }
  return { name, selector: selector && Object.keys(selector).length > 0 ? { matchLabels: { ...selector } } : undefined };
}

function describedObject(scope: IConstruct, prop: string, object: MetricObjectReference): kplus.k8s.CrossVersionObjectReferenceV2 {
  const accepted = 'the object\'s apiVersion, kind and name, e.g. { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "shop" } (a cdk8s-plus-34 Ingress is one)';
  if (typeof object !== 'object' || object === null) {
    throw inputError(scope, prop, object, 'it is not an object', accepted);
  }
  const { apiVersion, kind, name } = object;
  if (typeof apiVersion !== 'string' || !/^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/.test(apiVersion)) {
    throw inputError(scope, `${prop}.apiVersion`, apiVersion, 'it is not an API version', `${accepted}; an API version is "<group>/<version>" or "v1"`);
  }
  if (typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    throw inputError(scope, `${prop}.kind`, kind, 'it is not a kind', `${accepted}; a kind is a word in UpperCamelCase`);
  }
  FormatRule.DNS1123_SUBDOMAIN.check(scope, `${prop}.name`, name);
  return { apiVersion, kind, name };
}

/** The target of an Object or External metric: a value or an average value, exactly one. */
function valueTarget(scope: IConstruct, prop: string, value: number | undefined, averageValue: number | undefined): kplus.k8s.MetricTargetV2 {
  exactlyOne(scope, prop, 'value', value, 'averageValue', averageValue);
  return value !== undefined
    ? { type: 'Value', value: kplus.k8s.Quantity.fromNumber(positive(scope, `${prop}.value`, value)) }
    : { type: 'AverageValue', averageValue: kplus.k8s.Quantity.fromNumber(positive(scope, `${prop}.averageValue`, averageValue!)) };
}

function exactlyOne(scope: IConstruct, prop: string, first: string, a: unknown, second: string, b: unknown): void {
  if (a === undefined && b === undefined) {
    throw inputError(scope, `${prop}.${first}`, a, `the target has neither a ${first} nor an ${second}`, `exactly one of ${first} and ${second}`);
  }
  if (a !== undefined && b !== undefined) {
    throw inputError(scope, `${prop}.${first}`, a, `the target also has an ${second} (${describeTarget(b)}), and is one or the other`,
      `exactly one of ${first} and ${second}`);
  }
}

/** A target value as the error shows it: a Cpu or a Size as Kubernetes writes it. */
function describeTarget(value: unknown): string {
  if (value instanceof kplus.Cpu) {
    return describeValue(value.amount);
  }
  return value instanceof Size ? describeValue(value.asString()) : describeValue(value);
}

/** The smallest target value: Kubernetes compares metrics in thousandths (a quantity's milli-value). */
const SMALLEST_TARGET = 0.001;

function positive(scope: IConstruct, prop: string, value: number): number {
  const accepted = `a number of at least ${SMALLEST_TARGET} (the metrics are compared in thousandths)`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw inputError(scope, prop, value, 'it is not a finite number', accepted);
  }
  if (value < SMALLEST_TARGET) {
    throw inputError(scope, prop, value, value <= 0 ? 'it is not above zero' : `it is below ${SMALLEST_TARGET}, which Kubernetes reads as zero`, accepted);
  }
  return value;
}
