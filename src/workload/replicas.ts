import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppWorkload } from './app-workload';
import { DisruptionBudget } from './disruption-budget';
import { AppScaledObject, EventScalingOptions } from './event-scaling';
import { PodTemplate } from './pod-template';
import { ReplicatedWorkloadProps } from './replicated-workload';
import { checkScalingRange, containerRequestsOf } from './scaling-context';
import { ScalingMetric } from './scaling-metric';
import { TopologySpread } from './topology-spread';
import { checkInt32, checkInt32Seconds, checkList, checkObject, INT32_MAX, inputError, refusedAs } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { namesOf } from '../core/near-names';
import { evictionBlock } from '../core/pod-disruption';

/*
 * Replicas, autoscaling, event scaling, disruption budgets and spreading of the replicated workloads (internal).
 */

/**
 * Checks the replica count, the autoscaling props and the event scaling's range; returns the number of replicas the
 * workload has at its lowest (for the disruption budget).
 */
export function checkReplicas(owner: AppWorkload, props: ReplicatedWorkloadProps, defaultReplicas: number): number {
  const autoscaling = checkObject(owner, 'autoscaling', props.autoscaling, 'autoscaling props such as { minReplicas: 2, maxReplicas: 10 }');
  const eventScaling = checkObject(owner, 'eventScaling', props.eventScaling,
    'event scaling options such as { minReplicas: 0, maxReplicas: 10, triggers: [ScalingTrigger.rabbitMq({ ... })] }');
  if (autoscaling && eventScaling) {
    throw inputError(owner, 'eventScaling', `minReplicas ${eventScaling.minReplicas}, maxReplicas ${eventScaling.maxReplicas}`,
      'the workload also has `autoscaling`: KEDA makes a HorizontalPodAutoscaler of its own for the ScaledObject, and two autoscalers fight over the replicas',
      'either `autoscaling` (a HorizontalPodAutoscaler) or `eventScaling` (a KEDA ScaledObject), not both');
  }
  if (eventScaling) {
    if (props.replicas !== undefined) {
      throw inputError(owner, 'replicas', props.replicas, 'it is fixed while `eventScaling` is set: every apply would reset the count KEDA chose',
        'either `replicas` or `eventScaling`, not both');
    }
    checkScalingRange(owner, 'eventScaling.', eventScaling.minReplicas, eventScaling.maxReplicas, 0);
    return eventScaling.minReplicas;
  }
  if (autoscaling) {
    if (props.replicas !== undefined) {
      throw inputError(owner, 'replicas', props.replicas, 'it is fixed while `autoscaling` is set: every apply would reset the count the autoscaler chose',
        'either `replicas` or `autoscaling`, not both');
    }
    checkScalingRange(owner, 'autoscaling.', autoscaling.minReplicas, autoscaling.maxReplicas, 1);
    for (const [prop, value] of [['cpuUtilization', autoscaling.cpuUtilization], ['memoryUtilization', autoscaling.memoryUtilization]] as const) {
      if (value !== undefined) {
        checkInt32(owner, `autoscaling.${prop}`, value, { min: 1, max: 1000, what: 'a percentage of the requests: an integer' });
      }
    }
    return autoscaling.minReplicas;
  }
  const replicas = props.replicas ?? defaultReplicas;
  checkInt32(owner, 'replicas', replicas, { min: 0, what: 'a replica count: an integer' });
  return replicas;
}

/** The `replicas` of the workload's manifest: none when an autoscaler (or KEDA) owns the count. */
export function fixedReplicas(props: ReplicatedWorkloadProps, lowest: number): number | undefined {
  return props.autoscaling || props.eventScaling ? undefined : lowest;
}

/** The most replicas the workload runs: the autoscaler's (or KEDA's) maximum, else the fixed count. */
export function mostReplicas(props: ReplicatedWorkloadProps, lowest: number): number {
  return props.autoscaling?.maxReplicas ?? props.eventScaling?.maxReplicas ?? lowest;
}

/**
 * Makes the HorizontalPodAutoscaler of a workload, if it has `autoscaling`; checks that the containers request
 * what the utilization targets are measured against, and the metrics.
 */
export function createAutoscaler(owner: AppWorkload, props: ReplicatedWorkloadProps, template: PodTemplate, target: kplus.IScalable):
kplus.HorizontalPodAutoscaler | undefined {
  const autoscaling = props.autoscaling;
  if (!autoscaling) {
    return undefined;
  }
  const given = checkList(owner, 'autoscaling.metrics', autoscaling.metrics,
    'a list of ScalingMetric, e.g. [ScalingMetric.pods({ name: "http_requests_per_second", averageValue: 100 })]') ?? [];
  const containers = containerRequestsOf(template.plusProps.containers);
  const custom = given.map((metric, i) => {
    if (!(metric instanceof ScalingMetric)) {
      throw inputError(owner, `autoscaling.metrics[${i}]`, metric, 'it is not a ScalingMetric',
        'ScalingMetric.pods(), object(), external(), containerCpu() or containerMemory()');
    }
    return metric._toKube(owner, `autoscaling.metrics[${i}]`, containers);
  });
  const cpu = autoscaling.cpuUtilization ?? (autoscaling.memoryUtilization === undefined && custom.length === 0 ? 70 : undefined);
  const metrics: kplus.Metric[] = [];
  const resourceSpecs: kplus.k8s.MetricSpecV2[] = [];
  for (const [resource, utilization] of [['cpu', cpu], ['memory', autoscaling.memoryUtilization]] as const) {
    if (utilization === undefined) {
      continue;
    }
    for (const c of template.plusProps.containers) {
      const request = resource === 'cpu' ? c.resources?.cpu?.request : c.resources?.memory?.request;
      if (request === undefined) {
        throw inputError(owner, `autoscaling.${resource}Utilization`, utilization,
          `the container ${JSON.stringify(c.name)} has no ${resource} request, which the utilization is measured against`,
          `a ${resource} request on every container (its resources, or the platform default ${resource}Request)`);
      }
    }
    metrics.push(resource === 'cpu'
      ? kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(utilization))
      : kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(utilization)));
    resourceSpecs.push({ type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: utilization } } });
  }
  const autoscaler = new kplus.HorizontalPodAutoscaler(owner, 'Autoscaler', {
    metadata: { name: owner.name },
    target,
    minReplicas: autoscaling.minReplicas,
    maxReplicas: autoscaling.maxReplicas,
    metrics,
    scaleUp: autoscaling.scaleUp,
    scaleDown: autoscaling.scaleDown,
  });
  if (custom.length > 0) {
    // cdk8s-plus-34's metrics take a Container object or an IResource where the API has names, and a number where it
    // has a quantity: the metrics are written whole, in the L1 shape (the CPU and memory ones as cdk8s-plus-34 writes them).
    ApiObject.of(autoscaler).addJsonPatch(JsonPatch.add('/spec/metrics', [...resourceSpecs, ...custom]));
  }
  return autoscaler;
}

/**
 * Makes the ScaledObject of a workload, if it has `eventScaling` (KEDA then owns the replica count: the target is
 * marked as autoscaled, and its manifest has no `replicas`).
 */
export function createEventScaling(owner: AppWorkload, props: ReplicatedWorkloadProps, target: kplus.IScalable): AppScaledObject | undefined {
  const options = props.eventScaling;
  if (!options) {
    return undefined;
  }
  // A refusal of the ScaledObject names the option written (`eventScaling.triggers[0].queueName`), at the workload.
  return refusedAs(owner, EVENT_SCALING_PROPS, () => new AppScaledObject(owner, 'ScaledObject', { ...options, target, name: owner.name }),
    (path) => path === `${owner.node.path}/ScaledObject`);
}

/** The options of `eventScaling`, as the props of a workload name them (checked against the interface by the compiler). */
const EVENT_SCALING_PROPS: Readonly<Record<string, string>> = Object.fromEntries(namesOf<EventScalingOptions>({
  minReplicas: true, maxReplicas: true, triggers: true, pollingInterval: true, cooldownPeriod: true,
}).map((option) => [option, `eventScaling.${option}`]));

/**
 * Makes the PodDisruptionBudget of a workload (given, or the default for 2 replicas or more); refuses one that
 * would block every eviction.
 */
export function createDisruptionBudget(owner: AppWorkload, props: ReplicatedWorkloadProps, lowestReplicas: number):
kplus.k8s.KubePodDisruptionBudget | undefined {
  const budget = props.disruptionBudget
    ?? (lowestReplicas >= 2 ? DisruptionBudget.maxUnavailable(kplus.PercentOrAbsolute.absolute(1)) : DisruptionBudget.none());
  if (budget.isNone) {
    return undefined;
  }
  const blocks = (reason: string) => {
    throw inputError(owner, 'disruptionBudget', describe(budget), `it would block every eviction (${reason}), so nodes could never be drained`,
      'a budget that lets at least one pod go, e.g. DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1))');
  };
  if (budget.maximumUnavailable) {
    checkAmount(owner, 'disruptionBudget.maxUnavailable', budget.maximumUnavailable);
  }
  if (budget.minimumAvailable) {
    checkAmount(owner, 'disruptionBudget.minAvailable', budget.minimumAvailable);
  }
  const minimum = props.autoscaling ? '(the autoscaling minimum)' : props.eventScaling ? '(the event scaling minimum)' : undefined;
  const limits = { minAvailable: budget.minimumAvailable?.value, maxUnavailable: budget.maximumUnavailable?.value };
  const block = evictionBlock(limits, lowestReplicas, minimum);
  if (block) {
    blocks(block.reason);
  }
  return new kplus.k8s.KubePodDisruptionBudget(owner, 'DisruptionBudget', {
    metadata: { name: owner.name },
    spec: {
      selector: { matchLabels: owner.identity.selectorLabels },
      minAvailable: budget.minimumAvailable ? intOrString(budget.minimumAvailable) : undefined,
      maxUnavailable: budget.maximumUnavailable ? intOrString(budget.maximumUnavailable) : undefined,
    },
  });
}

/**
 * A cdk8s-plus-34 amount as an L1 IntOrString.
 */
export function intOrString(amount: kplus.PercentOrAbsolute): kplus.k8s.IntOrString {
  return typeof amount.value === 'number' ? kplus.k8s.IntOrString.fromNumber(amount.value) : kplus.k8s.IntOrString.fromString(amount.value);
}

function describe(budget: DisruptionBudget): string {
  return budget.minimumAvailable ? `minAvailable ${budget.minimumAvailable.value}` : `maxUnavailable ${budget.maximumUnavailable?.value}`;
}

/**
 * Refuses a negative, fractional, over-int32 or over-100% amount.
 */
export function checkAmount(owner: AppWorkload, prop: string, amount: kplus.PercentOrAbsolute): void {
  const value = amount.value;
  const percent = typeof value === 'string' ? Number(value.replace(/%$/, '')) : undefined;
  const ok = typeof value === 'number'
    ? Number.isInteger(value) && value >= 0 && value <= INT32_MAX
    : percent !== undefined && Number.isInteger(percent) && percent >= 0 && percent <= 100;
  if (!ok) {
    throw inputError(owner, prop, value, `it is not a whole number of pods from 0 to ${INT32_MAX}, nor a whole percentage from 0 to 100`,
      `PercentOrAbsolute.absolute(n) with n from 0 to ${INT32_MAX}, or PercentOrAbsolute.percent(p) with p from 0 to 100`);
  }
}

/**
 * The spread of a workload, checked: the given one, or the default (across nodes, softly, for 2 replicas or more).
 */
export function defaultSpread(owner: AppWorkload, props: ReplicatedWorkloadProps, lowestReplicas: number): TopologySpread[] {
  if (props.spread !== undefined) {
    return checkSpread(owner, props.spread);
  }
  return mostReplicas(props, lowestReplicas) >= 2 ? [TopologySpread.acrossNodes()] : [];
}

/**
 * Refuses a spread that is not a list of TopologySpread, a `maxSkew` that is not an integer from 1 to 2147483647, a
 * `topologyKey` that is not a label key, and two spreads of one topology key and the same `required` (Kubernetes
 * keys the constraints by topologyKey and whenUnsatisfiable).
 */
function checkSpread(owner: AppWorkload, spread: TopologySpread[]): TopologySpread[] {
  if (!Array.isArray(spread)) {
    throw inputError(owner, 'spread', spread, 'it is not a list', 'a list of TopologySpread, e.g. [TopologySpread.acrossZones()], or [] for no spread');
  }
  const seen = new Map<string, number>();
  spread.forEach((s, i) => {
    const prop = `spread[${i}]`;
    if (!(s instanceof TopologySpread)) {
      throw inputError(owner, prop, s, 'it is not a TopologySpread', 'TopologySpread.acrossNodes(), acrossZones() or byNodeLabel(key)');
    }
    checkInt32(owner, `${prop}.maxSkew`, s.maxSkew, { min: 1, what: 'a number of pods: an integer' });
    const keyProblem = FormatRule.LABEL_KEY.problemWith(s.topologyKey);
    if (keyProblem !== undefined) {
      throw inputError(owner, `${prop}.topologyKey`, s.topologyKey, keyProblem, `a node label key: ${FormatRule.LABEL_KEY.accepted}`);
    }
    const required = Boolean(s.required); // as written: DoNotSchedule or ScheduleAnyway
    const key = `${s.topologyKey} ${required}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw inputError(owner, prop, s.topologyKey, `spread[${first}] has the same topology key and \`required\` (${required})`,
        'one spread per topology key and `required` (Kubernetes keys the constraints by topologyKey and whenUnsatisfiable)');
    }
    seen.set(key, i);
  });
  return spread;
}

/**
 * Checks minReady (whole seconds, zero or more).
 */
export function checkMinReady(owner: AppWorkload, minReady: Duration | undefined): Duration {
  const value = minReady ?? Duration.seconds(0);
  checkInt32Seconds(owner, 'minReady', value, { min: 0 });
  return value;
}
