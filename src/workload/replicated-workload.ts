import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppWorkloadProps } from './app-workload-props';
import { DisruptionBudget } from './disruption-budget';
import { EventScalingOptions } from './event-scaling';
import { ScalingMetric } from './scaling-metric';
import { TopologySpread } from './topology-spread';

/**
 * How a workload scales its replicas with load: a HorizontalPodAutoscaler (autoscaling/v2).
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingProps {
  /**
   * The fewest replicas (at least 1).
   */
  readonly minReplicas: number;

  /**
   * The most replicas (at least `minReplicas`).
   */
  readonly maxReplicas: number;

  /**
   * The target average CPU use, in percent of the containers' CPU requests (which every container must then set).
   *
   * @default 70, when neither a memory target nor `metrics` are given
   */
  readonly cpuUtilization?: number;

  /**
   * The target average memory use, in percent of the containers' memory requests (which every container must
   * then set).
   *
   * @default - no memory target
   */
  readonly memoryUtilization?: number;

  /**
   * What else the autoscaler measures: metrics of the pods, of another object (an Ingress's requests per second),
   * from outside the cluster (a queue's length), or the CPU or memory of one container. The autoscaler keeps the
   * replicas that the most demanding metric asks for.
   *
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#scaling-on-custom-metrics
   * @default - none
   */
  readonly metrics?: ScalingMetric[];

  /**
   * How fast to scale up (stabilization window, policies).
   *
   * @default - the Kubernetes defaults: no stabilization, double or add 4 pods every 15 seconds
   */
  readonly scaleUp?: kplus.ScalingRules;

  /**
   * How fast to scale down.
   *
   * @default - the Kubernetes defaults: a 5-minute stabilization window, any number of pods
   */
  readonly scaleDown?: kplus.ScalingRules;
}

/**
 * What workloads with interchangeable replicas take (stateless and stateful services): replicas, autoscaling or
 * event scaling, availability during rollouts and disruptions, spreading. Declared once, taken by the workloads and by
 * the patterns.
 */
export interface ReplicatedOptions {
  /**
   * The number of replicas. Not with `autoscaling` or `eventScaling`, which then own the count.
   *
   * @default - 2 for a stateless workload, 1 for a stateful one; none with `autoscaling` or `eventScaling`
   */
  readonly replicas?: number;

  /**
   * Scale the replicas with load (a HorizontalPodAutoscaler). Not with `eventScaling`.
   *
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: AutoscalingProps;

  /**
   * Scale the replicas with events, by KEDA (a ScaledObject): the length of a queue, a Prometheus query, a schedule...
   * KEDA makes a HorizontalPodAutoscaler of its own, so not with `autoscaling`.
   *
   * @see https://keda.sh/docs/latest/concepts/scaling-deployments/
   * @default - a fixed number of replicas
   */
  readonly eventScaling?: EventScalingOptions;

  /**
   * How long a new pod must be ready, without any container crashing, to count as available.
   *
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;

  /**
   * How many pods node drains and cluster upgrades may take at once (a PodDisruptionBudget).
   *
   * @default - `DisruptionBudget.maxUnavailable(1)` when there are at least 2 replicas (or autoscaling or event
   * scaling from 2), none otherwise; `DisruptionBudget.none()` switches it off
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * How the pods spread across nodes and zones.
   *
   * @default - [TopologySpread.acrossNodes()] (a soft rule), for 2 replicas or more (or autoscaling or event scaling
   * up to 2 or more); `[]` switches it off
   */
  readonly spread?: TopologySpread[];
}

/**
 * What workloads with interchangeable replicas take: the pods' props and the replicas' options.
 */
export interface ReplicatedWorkloadProps extends AppWorkloadProps, ReplicatedOptions {}
