import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppWorkloadProps } from './app-workload-props';
import { DisruptionBudget } from './disruption-budget';
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
   * @default 70, when no memory target is given either
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
 * What workloads with interchangeable replicas take (stateless and stateful services): replicas or
 * autoscaling, availability during rollouts and disruptions, spreading. Declared once, taken by the workloads and by
 * the patterns.
 */
export interface ReplicatedOptions {
  /**
   * The number of replicas. Not with `autoscaling`, which then owns the count.
   *
   * @default - 2 for a stateless workload, 1 for a stateful one; none with `autoscaling`
   */
  readonly replicas?: number;

  /**
   * Scale the replicas with load (a HorizontalPodAutoscaler).
   *
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: AutoscalingProps;

  /**
   * How long a new pod must be ready, without any container crashing, to count as available.
   *
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;

  /**
   * How many pods node drains and cluster upgrades may take at once (a PodDisruptionBudget).
   *
   * @default - `DisruptionBudget.maxUnavailable(1)` when there are at least 2 replicas (or autoscaling from 2),
   * none otherwise; `DisruptionBudget.none()` switches it off
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * How the pods spread across nodes and zones.
   *
   * @default - [TopologySpread.acrossNodes()] (a soft rule), for 2 replicas or more; `[]` switches it off
   */
  readonly spread?: TopologySpread[];
}

/**
 * What workloads with interchangeable replicas take: the pods' props and the replicas' options.
 */
export interface ReplicatedWorkloadProps extends AppWorkloadProps, ReplicatedOptions {}
