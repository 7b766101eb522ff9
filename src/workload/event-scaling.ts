import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { checkScalingRange, containerRequestsOf, podAccountOf } from './scaling-context';
import { ScalingTrigger } from './scaling-trigger';
import { ScaledObject } from '../../imports/keda.sh';
import { checkInt32Seconds, checkList, checkProps, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { claimObjectName } from '../core/object-names';

/**
 * How KEDA scales a workload with events (a ScaledObject): its range of replicas, the triggers, how often it looks.
 * Declared once, taken by `AppScaledObject`, the replicated workloads and their patterns (`eventScaling`).
 *
 * @see https://keda.sh/docs/latest/reference/scaledobject-spec/
 */
export interface EventScalingOptions {
  /**
   * The fewest replicas; 0 lets KEDA stop every pod while no trigger is active (scale to zero), which needs a trigger
   * other than cpu and memory.
   */
  readonly minReplicas: number;

  /**
   * The most replicas (at least 1 and `minReplicas`).
   */
  readonly maxReplicas: number;

  /**
   * What makes KEDA scale: it runs the replicas that the most demanding trigger asks for.
   */
  readonly triggers: ScalingTrigger[];

  /**
   * How often KEDA reads the triggers (and decides whether the workload is active).
   *
   * @default Duration.seconds(30)
   */
  readonly pollingInterval?: Duration;

  /**
   * How long KEDA waits, after the last trigger was active, to scale to zero. Only with `minReplicas: 0`: above zero
   * the HorizontalPodAutoscaler that KEDA makes scales down, with its own stabilization window.
   *
   * @default Duration.minutes(5), with minReplicas 0
   */
  readonly cooldownPeriod?: Duration;
}

/**
 * Properties of an {@link AppScaledObject}.
 */
export interface AppScaledObjectProps extends EventScalingOptions {
  /**
   * The workload to scale: a cdk8s-plus-34 Deployment or StatefulSet (e.g. a `StatelessWorkload`'s `deployment`)
   * that has no autoscaler yet.
   */
  readonly target: kplus.IScalable;

  /**
   * The name of the ScaledObject (KEDA names its HorizontalPodAutoscaler `keda-hpa-<name>`).
   *
   * @default - the name of the target
   */
  readonly name?: string;
}

/** The kinds KEDA scales here, with the API version to name them by. */
const SCALABLE_KINDS = ['Deployment', 'StatefulSet'];

/**
 * A workload scaled by KEDA with events (a `ScaledObject`, keda.sh/v1alpha1): the length of a queue, a Prometheus
 * query, a window of time, the lag of a consumer group... KEDA makes a HorizontalPodAutoscaler of its own for it, so
 * the workload must have no other autoscaler (refused here, found by the validation plugin's `one-autoscaler` rule in
 * manifests made otherwise). The workload then has no `replicas` in its manifest, so that an apply does not reset the
 * count. The replicated workloads and their patterns make one with `eventScaling`.
 *
 * @see https://keda.sh/docs/latest/concepts/scaling-deployments/
 *
 * @example
 * new AppScaledObject(this, 'Scaling', {
 *   target: worker.deployment,
 *   minReplicas: 0,
 *   maxReplicas: 20,
 *   triggers: [ScalingTrigger.rabbitMq({ queueName: 'orders', queueLength: 20, authentication })],
 * });
 */
export class AppScaledObject extends Construct {
  /** The ScaledObject. */
  public readonly apiObject: ScaledObject;
  /** The name of the ScaledObject. */
  public readonly name: string;
  /** The fewest replicas. */
  public readonly minReplicas: number;
  /** The most replicas. */
  public readonly maxReplicas: number;

  constructor(scope: Construct, id: string, props: AppScaledObjectProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the ScaledObject: { target, minReplicas, maxReplicas, triggers }');
    const target = props.target;
    if (typeof target?.toScalingTarget !== 'function' || typeof target.markHasAutoscaler !== 'function') {
      throw inputError(this, 'target', target, 'it is not a workload that can be scaled', 'a cdk8s-plus-34 Deployment or StatefulSet, e.g. a StatelessWorkload\'s deployment');
    }
    const scaled = target.toScalingTarget();
    if (!SCALABLE_KINDS.includes(scaled.kind)) {
      throw inputError(this, 'target', `${scaled.kind} ${scaled.name}`, `it is a ${scaled.kind}`, 'a Deployment or a StatefulSet');
    }
    if (target.hasAutoscaler) {
      throw inputError(this, 'target', `${scaled.kind} ${scaled.name}`,
        'it already has an autoscaler (a HorizontalPodAutoscaler, or another ScaledObject): KEDA makes a HorizontalPodAutoscaler of its own, and two autoscalers fight over the replicas',
        'a workload without an autoscaler: no `autoscaling` on it, and one ScaledObject');
    }
    checkScalingRange(this, '', props.minReplicas, props.maxReplicas, 0);
    this.minReplicas = props.minReplicas;
    this.maxReplicas = props.maxReplicas;
    this.name = FormatRule.DNS1123_SUBDOMAIN.check(this, props.name === undefined ? 'name (by default the target\'s)' : 'name', props.name ?? scaled.name);

    const triggers = checkList(this, 'triggers', props.triggers, 'a list of ScalingTrigger, e.g. [ScalingTrigger.cron({ ... })]') ?? [];
    if (triggers.length === 0) {
      throw inputError(this, 'triggers', props.triggers, 'there is no trigger', 'at least one ScalingTrigger, e.g. ScalingTrigger.rabbitMq({ ... })');
    }
    triggers.forEach((t, i) => {
      if (!(t instanceof ScalingTrigger)) {
        throw inputError(this, `triggers[${i}]`, t, 'it is not a ScalingTrigger', 'ScalingTrigger.prometheus(), cron(), cpu(), memory(), kafka(), rabbitMq() or awsSqsQueue()');
      }
    });
    if (this.minReplicas === 0 && triggers.every((t) => t.isResourceTrigger)) {
      throw inputError(this, 'minReplicas', 0, 'KEDA scales to zero only with a trigger other than cpu and memory (with no pod, there is no use to measure)',
        'minReplicas of at least 1, or a trigger of events besides cpu and memory');
    }
    const pollingInterval = checkInt32Seconds(this, 'pollingInterval', props.pollingInterval ?? Duration.seconds(30), { min: 1 });
    const cooldownPeriod = checkInt32Seconds(this, 'cooldownPeriod', props.cooldownPeriod ?? Duration.minutes(5), { min: 0 });
    if (props.cooldownPeriod !== undefined && this.minReplicas > 0) {
      throw inputError(this, 'cooldownPeriod', props.cooldownPeriod.toHumanString(),
        `it applies only to scaling to zero, and minReplicas is ${this.minReplicas}: the HorizontalPodAutoscaler that KEDA makes scales down above zero`,
        'no cooldownPeriod, or minReplicas 0');
    }
    const containers = containerRequestsOf(scaled.containers);
    const podAccount = podAccountOf(target);
    const specTriggers = triggers.map((t, i) => t._toKube({ scope: this, prop: `triggers[${i}]`, maxReplicas: this.maxReplicas, containers, podAccount }));

    target.markHasAutoscaler();
    this.apiObject = new ScaledObject(this, 'Resource', {
      metadata: { name: this.name },
      spec: {
        scaleTargetRef: { apiVersion: scaled.apiVersion, kind: scaled.kind, name: scaled.name },
        minReplicaCount: this.minReplicas,
        maxReplicaCount: this.maxReplicas,
        pollingInterval,
        cooldownPeriod: this.minReplicas === 0 ? cooldownPeriod : undefined,
        triggers: specTriggers,
      },
    });
    claimObjectName(this, 'name', ApiObject.of(this.apiObject));
  }
}
