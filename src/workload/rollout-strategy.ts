import * as kplus from 'cdk8s-plus-34';

/**
 * Options of a rolling update.
 */
export interface RollingUpdateOptions {
  /**
   * How many pods may be created above the desired count during the update.
   *
   * @default PercentOrAbsolute.percent(25)
   */
  readonly maxSurge?: kplus.PercentOrAbsolute;

  /**
   * How many pods may be unavailable during the update.
   *
   * @default PercentOrAbsolute.percent(25)
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;
}

/**
 * How a Deployment replaces its pods with new ones.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export class RolloutStrategy {
  /**
   * Replace the pods a few at a time, the old ones serving until the new ones are ready.
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): RolloutStrategy {
    return new RolloutStrategy(
      options.maxSurge ?? kplus.PercentOrAbsolute.percent(25),
      options.maxUnavailable ?? kplus.PercentOrAbsolute.percent(25),
    );
  }

  /**
   * Stop all the old pods before starting the new ones (for applications that cannot run two versions at once).
   */
  public static recreate(): RolloutStrategy {
    return new RolloutStrategy(undefined, undefined);
  }

  /** The surge of a rolling update; undefined for a recreate. */
  public readonly maxSurge?: kplus.PercentOrAbsolute;
  /** The unavailability of a rolling update; undefined for a recreate. */
  public readonly maxUnavailable?: kplus.PercentOrAbsolute;

  private constructor(maxSurge: kplus.PercentOrAbsolute | undefined, maxUnavailable: kplus.PercentOrAbsolute | undefined) {
    this.maxSurge = maxSurge;
    this.maxUnavailable = maxUnavailable;
  }

  /** Whether this is a rolling update (rather than a recreate). */
  public get isRollingUpdate(): boolean {
    return this.maxSurge !== undefined;
  }
}
