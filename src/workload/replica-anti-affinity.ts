import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { checkInteger, inputError } from '../core/errors';

/**
 * Options of a {@link ReplicaAntiAffinity}.
 */
export interface ReplicaAntiAffinityOptions {
  /**
   * Whether the rule is required: a replica that cannot be placed apart stays Pending. Otherwise the scheduler
   * prefers to place the replicas apart, and places them together when it must.
   *
   * @default false
   */
  readonly required?: boolean;

  /**
   * The weight of a preferred rule against the scheduler's other preferences, from 1 to 100.
   *
   * @default 100
   */
  readonly weight?: number;
}

/**
 * Keeps the replicas of one application apart, by the application's own selector labels: "not two replicas on one
 * node" or "not two in one zone". A pod anti-affinity term of the pods' `affinity`.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
export class ReplicaAntiAffinity {
  /** At most one replica per node (`kubernetes.io/hostname`). */
  public static perNode(options: ReplicaAntiAffinityOptions = {}): ReplicaAntiAffinity {
    return new ReplicaAntiAffinity('kubernetes.io/hostname', options);
  }

  /** At most one replica per zone (`topology.kubernetes.io/zone`). */
  public static perZone(options: ReplicaAntiAffinityOptions = {}): ReplicaAntiAffinity {
    return new ReplicaAntiAffinity('topology.kubernetes.io/zone', options);
  }

  /** The node label whose values are the places the replicas are kept apart in. */
  public readonly topologyKey: string;
  /** Whether the rule is required. */
  public readonly required: boolean;
  /** The weight of a preferred rule (undefined for a required one). */
  public readonly weight?: number;

  private readonly options: ReplicaAntiAffinityOptions;

  private constructor(topologyKey: string, options: ReplicaAntiAffinityOptions) {
    this.topologyKey = topologyKey;
    this.options = options;
    this.required = options.required === true;
    this.weight = this.required ? undefined : options.weight ?? 100;
  }

  /**
   * The pod anti-affinity of the replicas selected by `selector`, checked.
   *
   * @param scope the construct the errors name
   * @param prop the prop that holds it, e.g. `replicaAntiAffinity`
   * @param selector the application's selector labels
   */
  public podAntiAffinityFor(scope: IConstruct, prop: string, selector: { [key: string]: string }): kplus.k8s.PodAntiAffinity {
    if (this.options.required !== undefined && typeof this.options.required !== 'boolean') {
      throw inputError(scope, `${prop}.required`, this.options.required, 'it is not a boolean', 'true or false');
    }
    if (this.required && this.options.weight !== undefined) {
      throw inputError(scope, `${prop}.weight`, this.options.weight, 'a required rule has no weight (only preferred rules are weighed)',
        'a weight without `required`, or `required` without a weight');
    }
    const term: kplus.k8s.PodAffinityTerm = { labelSelector: { matchLabels: { ...selector } }, topologyKey: this.topologyKey };
    if (this.required) {
      return { requiredDuringSchedulingIgnoredDuringExecution: [term] };
    }
    const weight = checkInteger(scope, `${prop}.weight`, this.weight!, { min: 1, max: 100, what: 'a weight: an integer' });
    return { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: term }] };
  }
}
