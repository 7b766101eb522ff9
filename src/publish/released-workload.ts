import { Construct } from 'constructs';
import { BlueGreenOptions, BlueGreenTrack, CanaryOptions, CanaryTraffic, ReleaseStrategy } from './release-strategy';
import { AppIdentity, RecommendedLabel } from '../core/app-identity';
import { inputError, kindOfValue, refusedAs } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { misspeltName, namesOf } from '../core/near-names';
import { Warnings } from '../core/warnings';
import { AppService, AppServiceOptions } from '../expose/app-service';
import { ContainerImage } from '../image/container-image';
import { StatelessWorkload, StatelessWorkloadProps } from '../workload/stateless-workload';

/**
 * Properties of a {@link ReleasedWorkload}.
 */
export interface ReleasedWorkloadProps extends StatelessWorkloadProps, AppServiceOptions {
  /**
   * How a new version replaces the old one.
   *
   * @default ReleaseStrategy.rolling()
   */
  readonly release?: ReleaseStrategy;
}

/**
 * A stateless application released by a strategy: one Deployment rolled (rolling), two tracks switched
 * (blue/green) or two tracks sharing the traffic (canary), behind the Services that publish it.
 *
 * Every track comes from the same declaration (containers, config, resources, security); a track's image is the
 * only difference unless told otherwise. The tracks are the application's identity plus a track label
 * (`cdk8s-appflow/track`), named `<name>-<track>`; each track's Deployment and pods carry the version of the image
 * they run (the application's version for the declared image, the tag of another image), the Services the
 * application's version.
 *
 * | strategy | Deployments | `service` (`<name>`) selects | other Services |
 * |---|---|---|---|
 * | rolling | `<name>` | the pods | |
 * | blue/green | `<name>-blue`, `<name>-green` | the active track | `previewService` (`<name>-preview`, unless switched off): the idle track |
 * | canary by replicas | `<name>-stable`, `<name>-canary` | both tracks | |
 * | canary by route weight or ingress-nginx | `<name>-stable`, `<name>-canary` | the stable track | `canaryService` (`<name>-canary`) |
 */
export class ReleasedWorkload extends Construct {
  /** The Service that users' traffic reaches the application through. */
  public readonly service: AppService;
  /** The Service of the idle track of a blue/green release (unless `previewService: false`). */
  public readonly previewService?: AppService;
  /** The Service of the canary track, for canaries by route weight or ingress-nginx annotations. */
  public readonly canaryService?: AppService;
  /** The workloads, by track (`main` for a rolling release). */
  public readonly tracks: { [track: string]: StatelessWorkload };
  /** The strategy. */
  public readonly release: ReleaseStrategy;
  /** The name of the application. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ReleasedWorkloadProps) {
    super(scope, id);
    this.release = checkRelease(this, props.release);
    if (!(props.identity instanceof AppIdentity)) {
      throw inputError(this, 'identity', props.identity, 'it is not an AppIdentity', 'new AppIdentity(scope, \'Identity\', { name: ... })');
    }
    this.name = FormatRule.DNS1035_LABEL.check(this, 'name', props.name ?? props.identity.name);
    const ports = props.servicePorts;
    const serviceOf = (sid: string, name: string, workload: StatelessWorkload, identity: AppIdentity) => {
      // The Service's exposure is the release's serviceExposure: a refusal of it names that prop, at the release.
      const service = refusedAs(this, { exposure: 'serviceExposure' },
        () => new AppService(this, sid, { workload, identity, name, ports, exposure: sid === 'Service' ? props.serviceExposure : undefined }));
      // A Service belongs to the application, whichever track it selects: it carries the application's version, so
      // that a switch or a promotion changes its selector only.
      if (props.identity.version !== undefined) {
        service.apiObject.metadata.addLabel(RecommendedLabel.VERSION, props.identity.version);
      }
      return service;
    };

    switch (this.release.kind) {
      case 'rolling': {
        const main = new StatelessWorkload(this, 'Workload', props.name === this.name ? props : { ...props, name: this.name });
        this.tracks = { main };
        this.service = serviceOf('Service', this.name, main, props.identity);
        break;
      }
      case 'blue-green': {
        const options = this.release.blueGreenOptions!;
        if (!Object.values(BlueGreenTrack).includes(options.active)) {
          throw inputError(this, 'release.active', options.active, 'it is not a track', 'BlueGreenTrack.BLUE or BlueGreenTrack.GREEN');
        }
        const track = (t: BlueGreenTrack, image: typeof props.container.image | undefined) =>
          this.track(props, t, { ...props, container: { ...props.container, image: image ?? props.container.image } });
        const blue = track(BlueGreenTrack.BLUE, options.blueImage);
        const green = track(BlueGreenTrack.GREEN, options.greenImage);
        this.tracks = { blue, green };
        const [active, idle] = options.active === BlueGreenTrack.BLUE ? [blue, green] : [green, blue];
        // Each track scales on its own: the idle one, without traffic, stays at its minimum, and a switch sends it all.
        const scaling = props.autoscaling ?? props.eventScaling;
        if (scaling !== undefined && scaling.minReplicas !== undefined && scaling.minReplicas < scaling.maxReplicas) {
          const prop = props.autoscaling ? 'autoscaling' : 'eventScaling';
          Warnings.add(this, `each track scales on its own: the idle track, without traffic, runs ${scaling.minReplicas} pod${scaling.minReplicas === 1 ? '' : 's'} `
            + `(${prop}.minReplicas) where the active one may run up to ${scaling.maxReplicas}, and a switch sends all the traffic to them until `
            + `its autoscaler scales it up: before a switch, raise ${prop}.minReplicas to the pods the active track runs, and lower it again after`);
        }
        this.service = serviceOf('Service', this.name, active, active.identity);
        const preview = options.previewService ?? true;
        if (typeof preview !== 'boolean') {
          throw inputError(this, 'release.previewService', preview, 'it is not a boolean', 'true (the default: a Service for the idle track) or false');
        }
        if (preview) {
          this.previewService = serviceOf('PreviewService', `${this.name}-preview`, idle, idle.identity);
        }
        break;
      }
      default: {
        const options = this.release.canaryOptions!;
        const traffic = options.traffic ?? CanaryTraffic.REPLICAS;
        if (!Object.values(CanaryTraffic).includes(traffic)) {
          throw inputError(this, 'release.traffic', traffic, 'it is not a way to share traffic', `one of ${Object.values(CanaryTraffic).join(', ')}`);
        }
        if (!Number.isInteger(options.weight) || options.weight < 0 || options.weight > 100) {
          throw inputError(this, 'release.weight', options.weight, 'it is not a whole percentage', 'an integer from 0 to 100');
        }
        let stableReplicas = props.replicas ?? 2;
        let canaryReplicas = options.canaryReplicas ?? 2;
        if (traffic === CanaryTraffic.REPLICAS) {
          if (props.autoscaling) {
            throw inputError(this, 'autoscaling', props.autoscaling, 'a canary by replicas shares the traffic by a fixed number of pods',
              'replicas, or a canary by route weight or ingress-nginx annotations');
          }
          if (props.eventScaling) {
            throw inputError(this, 'eventScaling', props.eventScaling, 'a canary by replicas shares the traffic by a fixed number of pods',
              'replicas, or a canary by route weight or ingress-nginx annotations');
          }
          if (options.canaryReplicas !== undefined) {
            throw inputError(this, 'release.canaryReplicas', options.canaryReplicas, 'with a canary by replicas, the weight decides the canary\'s pods',
              'no canaryReplicas, or another CanaryTraffic');
          }
          // Ten replicas unless given (not the workload's usual 2): a share of the traffic in steps of 10%.
          const total = props.replicas ?? 10;
          const share = (total * options.weight) / 100;
          if (!Number.isInteger(share)) {
            const of = props.replicas === undefined ? `the ${total} replicas that a canary by replicas runs when \`replicas\` is not given` : `${total} replicas`;
            throw inputError(this, 'release.weight', options.weight, `${options.weight}% of ${of} is ${share} pods, not a whole number`,
              `a weight that is a multiple of ${100 / gcd(100, total)}%, or \`replicas\` that the weight divides into whole pods`);
          }
          canaryReplicas = share;
          stableReplicas = total - share;
        }
        if (traffic !== CanaryTraffic.REPLICAS && canaryReplicas < 1 && options.weight > 0) {
          throw inputError(this, 'release.canaryReplicas', options.canaryReplicas,
            `the canary takes ${options.weight}% of the traffic on no pod: its Service has no endpoints, so that share of the requests fails`,
            'at least 1 canary replica (2 by default), or weight 0 to keep the canary out');
        }
        if (stableReplicas < 1 && options.weight < 100) {
          throw inputError(this, 'replicas', props.replicas, 'the canary has no stable track to share the traffic with',
            'a stable track of at least one replica (or weight 100 to promote the canary)');
        }
        // The stable track keeps the autoscaling (HPA or KEDA); the canary runs a fixed number of pods.
        const stable = this.track(props, 'stable', { ...props, replicas: props.autoscaling || props.eventScaling ? undefined : stableReplicas });
        const canary = this.track(props, 'canary', {
          ...props,
          replicas: canaryReplicas,
          autoscaling: undefined,
          eventScaling: undefined,
          container: { ...props.container, image: options.image },
        });
        this.tracks = { stable, canary };
        // By weight, the canary's pods take its share of all the traffic: each must not carry more than a pod of the
        // stable track carries with all of it (a promotion, weight 100, onto 2 canary pods beside 4 stable ones).
        const stableCapacity = props.autoscaling?.maxReplicas ?? props.eventScaling?.maxReplicas ?? stableReplicas;
        if (traffic !== CanaryTraffic.REPLICAS && options.weight * stableCapacity > 100 * canaryReplicas) {
          Warnings.add(this, `the canary takes ${options.weight}% of the traffic on ${canaryReplicas} pod${canaryReplicas === 1 ? '' : 's'}, where the stable `
            + `track has ${stableCapacity}${props.autoscaling || props.eventScaling ? ' at most' : ''}: give it the stable track's capacity (release.canaryReplicas) before `
            + 'a promotion, or promote by putting the canary\'s image in the declared container (weight 0)');
        }
        if (traffic === CanaryTraffic.REPLICAS) {
          this.service = serviceOf('Service', this.name, stable, props.identity);
        } else {
          this.service = serviceOf('Service', this.name, stable, stable.identity);
          this.canaryService = serviceOf('CanaryService', `${this.name}-canary`, canary, canary.identity);
        }
      }
    }
  }

  /** The canary's share of the traffic, for a canary release. */
  public get canaryWeight(): number | undefined {
    return this.release.canaryOptions?.weight;
  }

  /** How the canary shares the traffic, for a canary release. */
  public get canaryTraffic(): CanaryTraffic | undefined {
    return this.release.canaryOptions ? this.release.canaryOptions.traffic ?? CanaryTraffic.REPLICAS : undefined;
  }

  private track(props: ReleasedWorkloadProps, track: string, trackProps: StatelessWorkloadProps): StatelessWorkload {
    const id = track.charAt(0).toUpperCase() + track.slice(1);
    const declared = props.identity;
    const version = this.trackVersion(props, trackProps.container.image);
    const { name, instance, component, partOf, managedBy } = declared;
    const identity = version === declared.version
      ? declared.withTrack(this, `${id}Identity`, track)
      : new AppIdentity(this, `${id}Identity`, { name, instance, version, component, partOf, managedBy, track });
    return new StatelessWorkload(this, id, { ...trackProps, identity, name: `${this.name}-${track}` });
  }

  /**
   * The version of a track (`app.kubernetes.io/version` of its Deployment and pods): the application's version
   * for a track that runs the declared image; for a track that runs another image, that image's tag (none when it
   * has no tag that is a label value, e.g. a digest alone). No version for any track when the application has none.
   */
  private trackVersion(props: ReleasedWorkloadProps, image: ContainerImage): string | undefined {
    const declared = props.container.image;
    if (props.identity.version === undefined || image === declared || image.description === declared.description) {
      return props.identity.version;
    }
    const tag = image.tag(this);
    return tag !== undefined && FormatRule.LABEL_VALUE.isValid(tag) ? tag : undefined;
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

const RELEASES_ACCEPTED = 'ReleaseStrategy.rolling(), ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE, ... }) or '
  + 'ReleaseStrategy.canary({ image, weight })';

/** The options of each release strategy (checked against their interfaces by the compiler). */
const BLUE_GREEN_OPTIONS: readonly string[] = namesOf<BlueGreenOptions>({ active: true, blueImage: true, greenImage: true, previewService: true });
const CANARY_OPTIONS: readonly string[] = namesOf<CanaryOptions>({ image: true, weight: true, traffic: true, canaryReplicas: true });

/**
 * The release strategy of a workload, refused when an untyped caller gives something else than a ReleaseStrategy, or a
 * blue/green or canary strategy made without its options object; rolling when none is given.
 */
function checkRelease(scope: Construct, release: ReleaseStrategy | undefined): ReleaseStrategy {
  if (release === undefined) {
    return ReleaseStrategy.rolling();
  }
  if (!(release instanceof ReleaseStrategy)) {
    throw inputError(scope, 'release', release, `it is ${kindOfValue(release)}, not a ReleaseStrategy`, RELEASES_ACCEPTED);
  }
  const [factory, options] = release.kind === 'blue-green' ? ['blueGreen', release.blueGreenOptions]
    : release.kind === 'canary' ? ['canary', release.canaryOptions] : ['rolling', {}];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw inputError(scope, 'release', `ReleaseStrategy.${factory}(${options === undefined ? '' : JSON.stringify(options)})`,
      `its options are ${kindOfValue(options)}, not an object`, RELEASES_ACCEPTED);
  }
  // A misspelt option (`greenimage`, `weigth`) would be dropped: a switch to green that ships nothing new.
  const known = release.kind === 'blue-green' ? BLUE_GREEN_OPTIONS : release.kind === 'canary' ? CANARY_OPTIONS : [];
  for (const key of Object.keys(options).filter((k) => !known.includes(k))) {
    const meant = misspeltName(key, known);
    if (meant !== undefined && (options as Record<string, unknown>)[meant] === undefined) {
      throw inputError(scope, `release.${key}`, (options as Record<string, unknown>)[key], `it is not an option of ReleaseStrategy.${factory} (did you mean ${meant}?)`,
        `release.${meant}`);
    }
  }
  // The tracks' images, refused against the release's option (each track's container would name its own prop).
  const images: Array<[string, unknown, boolean]> = release.kind === 'canary'
    ? [['image', release.canaryOptions!.image, true]]
    : [['blueImage', release.blueGreenOptions?.blueImage, false], ['greenImage', release.blueGreenOptions?.greenImage, false]];
  for (const [prop, image, required] of images) {
    if ((required || image !== undefined) && !(image instanceof ContainerImage)) {
      throw inputError(scope, `release.${prop}`, image, 'it is not a ContainerImage',
        'ContainerImage.fromReference("registry.example.com/shop/web:2.4.0") or ContainerImage.fromLock("web")');
    }
  }
  return release;
}
