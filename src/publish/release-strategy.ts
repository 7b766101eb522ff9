import { ContainerImage } from '../image/container-image';

/**
 * The two tracks of a blue/green release.
 */
export enum BlueGreenTrack {
  /** The blue track. */
  BLUE = 'blue',
  /** The green track. */
  GREEN = 'green',
}

/**
 * How the traffic of a canary release is shared between the stable and the canary tracks.
 */
export enum CanaryTraffic {
  /**
   * By the number of replicas: one Service selects the pods of both tracks, so the share is the canary's share of
   * the pods: the replicas (10 unless given) are split, so the weight must be a whole number of pods. Works with any
   * ingress or route.
   */
  REPLICAS = 'replicas',
  /** By the weights of the backends of a Gateway API HTTPRoute (the tracks have a Service each). */
  ROUTE_WEIGHT = 'route-weight',
  /** By ingress-nginx's canary annotations on a second Ingress (the tracks have a Service each). */
  NGINX_ANNOTATIONS = 'nginx-annotations',
}

/**
 * Options of a blue/green release.
 */
export interface BlueGreenOptions {
  /** The track that the Service sends traffic to; the other one is reachable through the preview Service. */
  readonly active: BlueGreenTrack;

  /**
   * The image of the blue track.
   *
   * @default - the image of the declared main container
   */
  readonly blueImage?: ContainerImage;

  /**
   * The image of the green track.
   *
   * @default - the image of the declared main container
   */
  readonly greenImage?: ContainerImage;

  /**
   * Whether the idle track has a Service of its own, `<name>-preview`, to test the new version through before the
   * switch. Without it, the idle track is reached only after the switch (or by its pods).
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/
   * @default true
   */
  readonly previewService?: boolean;
}

/**
 * Options of a canary release.
 */
export interface CanaryOptions {
  /** The image of the canary track (the stable track runs the declared image). */
  readonly image: ContainerImage;

  /**
   * The canary's share of the traffic, in percent: 0 keeps it out, 100 promotes it.
   */
  readonly weight: number;

  /**
   * How the traffic is shared.
   *
   * @default CanaryTraffic.REPLICAS
   */
  readonly traffic?: CanaryTraffic;

  /**
   * The replicas of the canary track (route weights and ingress-nginx annotations only; with `REPLICAS` the
   * weight decides).
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
   * @default 2 - the canary's Service receives its share of the traffic: one pod would fail that share while it
   * restarts or its node drains (the validation plugin's `min-replicas`)
   */
  readonly canaryReplicas?: number;
}

/**
 * How a new version of a stateless application replaces the old one.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment
 */
export class ReleaseStrategy {
  /**
   * A rolling update of one Deployment (the workload's `strategy`, `minReady`, `progressDeadline` and
   * `revisionHistoryLimit` apply); roll back with `kubectl rollout undo deployment/<name>`.
   */
  public static rolling(): ReleaseStrategy {
    return new ReleaseStrategy('rolling');
  }

  /**
   * Two Deployments, blue and green; the Service sends traffic to the active one, a preview Service (unless
   * `previewService: false`) to the other. Switching (and switching back) is a change of `active` that changes
   * nothing but the Services' selectors.
   */
  public static blueGreen(options: BlueGreenOptions): ReleaseStrategy {
    return new ReleaseStrategy('blue-green', options);
  }

  /**
   * Two Deployments, stable and canary, the canary taking a share of the traffic. Promoting (weight 100) or
   * rolling back (weight 0) is a change of `weight`.
   */
  public static canary(options: CanaryOptions): ReleaseStrategy {
    return new ReleaseStrategy('canary', undefined, options);
  }

  /** The kind of strategy: `rolling`, `blue-green` or `canary`. */
  public readonly kind: string;
  /** The blue/green options, for a blue/green release. */
  public readonly blueGreenOptions?: BlueGreenOptions;
  /** The canary options, for a canary release. */
  public readonly canaryOptions?: CanaryOptions;

  private constructor(kind: string, blueGreen?: BlueGreenOptions, canary?: CanaryOptions) {
    this.kind = kind;
    this.blueGreenOptions = blueGreen;
    this.canaryOptions = canary;
  }
}
