import * as kplus from 'cdk8s-plus-34';

/**
 * How many pods of a workload voluntary disruptions (node drains, cluster upgrades) may take at once: a
 * PodDisruptionBudget.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets
 */
export class DisruptionBudget {
  /**
   * At least this many pods stay available; evictions that would go below wait.
   *
   * @param minAvailable a number (`PercentOrAbsolute.absolute(2)`) or a share (`PercentOrAbsolute.percent(50)`)
   */
  public static minAvailable(minAvailable: kplus.PercentOrAbsolute): DisruptionBudget {
    return new DisruptionBudget(minAvailable, undefined);
  }

  /**
   * At most this many pods are unavailable at once.
   *
   * @param maxUnavailable a number (`PercentOrAbsolute.absolute(1)`) or a share (`PercentOrAbsolute.percent(25)`)
   */
  public static maxUnavailable(maxUnavailable: kplus.PercentOrAbsolute): DisruptionBudget {
    return new DisruptionBudget(undefined, maxUnavailable);
  }

  /**
   * No PodDisruptionBudget: drains may take every pod at once (switches the default budget off).
   */
  public static none(): DisruptionBudget {
    return new DisruptionBudget(undefined, undefined);
  }

  /** The minimum available, if the budget is given that way. */
  public readonly minimumAvailable?: kplus.PercentOrAbsolute;
  /** The maximum unavailable, if the budget is given that way. */
  public readonly maximumUnavailable?: kplus.PercentOrAbsolute;

  private constructor(minAvailable: kplus.PercentOrAbsolute | undefined, maxUnavailable: kplus.PercentOrAbsolute | undefined) {
    this.minimumAvailable = minAvailable;
    this.maximumUnavailable = maxUnavailable;
  }

  /** Whether this is `none()`: no budget. */
  public get isNone(): boolean {
    return this.minimumAvailable === undefined && this.maximumUnavailable === undefined;
  }
}
