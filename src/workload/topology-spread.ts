/**
 * Options of a {@link TopologySpread}.
 */
export interface TopologySpreadOptions {
  /**
   * The largest accepted difference between the number of pods in any two domains (nodes or zones).
   *
   * @default 1
   */
  readonly maxSkew?: number;

  /**
   * Whether the spread is a hard rule: a pod that would break it stays pending (`DoNotSchedule`) instead of
   * being placed anyway (`ScheduleAnyway`).
   *
   * @default false
   */
  readonly required?: boolean;
}

/**
 * How the pods of a workload spread across failure domains, so that losing one node or zone does not take
 * all of them.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export class TopologySpread {
  /** Spread across nodes (`kubernetes.io/hostname`). */
  public static acrossNodes(options: TopologySpreadOptions = {}): TopologySpread {
    return new TopologySpread('kubernetes.io/hostname', options);
  }

  /** Spread across zones (`topology.kubernetes.io/zone`). */
  public static acrossZones(options: TopologySpreadOptions = {}): TopologySpread {
    return new TopologySpread('topology.kubernetes.io/zone', options);
  }

  /**
   * Spread across the domains of any node label.
   *
   * @param topologyKey the node label whose values are the domains, e.g. `topology.kubernetes.io/region`
   */
  public static byNodeLabel(topologyKey: string, options: TopologySpreadOptions = {}): TopologySpread {
    return new TopologySpread(topologyKey, options);
  }

  /** The node label whose values are the domains. */
  public readonly topologyKey: string;
  /** The largest accepted difference between two domains. */
  public readonly maxSkew: number;
  /** Whether the spread is a hard rule. */
  public readonly required: boolean;

  private constructor(topologyKey: string, options: TopologySpreadOptions) {
    this.topologyKey = topologyKey;
    this.maxSkew = options.maxSkew ?? 1;
    this.required = options.required ?? false;
  }
}
