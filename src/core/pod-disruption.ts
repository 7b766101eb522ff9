/*
 * What a PodDisruptionBudget allows, as the disruption controller of Kubernetes works it out: read by the workloads
 * (to refuse a budget that blocks every eviction) and by the plugin (to report one in any manifests).
 */

/** The eviction limits of a PodDisruptionBudget: its `minAvailable` or its `maxUnavailable` (a number, or `"<p>%"`). */
export interface BudgetLimits {
  readonly minAvailable?: unknown;
  readonly maxUnavailable?: unknown;
}

/** How a budget blocks every eviction: the field, and why in words. */
export interface EvictionBlock {
  readonly field: 'minAvailable' | 'maxUnavailable';
  readonly reason: string;
}

/**
 * Why a budget lets no pod of `replicas` be evicted, or undefined when it lets one go (or its limits are not amounts:
 * the schema says so). The disruption controller keeps `minAvailable` pods, or the replicas less `maxUnavailable`;
 * a percentage of the replicas is rounded up in both (`GetScaledValueFromIntOrPercent(..., true)`): `minAvailable:
 * 60%` of 2 replicas keeps 2.
 *
 * @param which what the replicas are, in words after their number, e.g. `(the autoscaling minimum)`
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages
 */
export function evictionBlock(budget: BudgetLimits, replicas: number, which?: string): EvictionBlock | undefined {
  if (budget.maxUnavailable !== undefined && budget.maxUnavailable !== null) {
    const unavailable = podsOf(budget.maxUnavailable, replicas);
    return unavailable === 0 ? { field: 'maxUnavailable', reason: `maxUnavailable is ${describe(budget.maxUnavailable)}` } : undefined;
  }
  const kept = podsOf(budget.minAvailable, replicas);
  if (kept === undefined || kept < replicas) {
    return undefined;
  }
  const amount = describe(budget.minAvailable);
  const of = `the ${replicas} replica${replicas === 1 ? '' : 's'}${which ? ` ${which}` : ''}`;
  return {
    field: 'minAvailable',
    reason: amount === '100%' ? 'minAvailable is 100%' : typeof budget.minAvailable === 'number' ? `minAvailable ${amount} is not below ${of}`
      : `minAvailable ${amount} of ${of} is ${kept}, rounded up`,
  };
}

/** The pods an amount stands for: a whole number, or a percentage of the replicas rounded up. */
function podsOf(amount: unknown, replicas: number): number | undefined {
  if (typeof amount === 'number') {
    return amount;
  }
  if (typeof amount !== 'string') {
    return undefined;
  }
  const percent = /^(\d+)%$/.exec(amount);
  if (percent) {
    return Math.ceil((Number(percent[1]) * replicas) / 100);
  }
  return /^\d+$/.test(amount) ? Number(amount) : undefined;
}

function describe(amount: unknown): string {
  return typeof amount === 'string' ? amount : String(amount);
}
