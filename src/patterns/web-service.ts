import { Construct } from 'constructs';
import { AppPattern, AppPatternProps, CheckedParts, DerivedName, ServedPatternProps } from './app-pattern';
import { checkMisspeltProps, madeAsPattern, SERVED_PROPS } from './pattern-prop-names';
import { checkList } from '../core/errors';
import { namesOf } from '../core/near-names';
import { AppService } from '../expose/app-service';
import { BlueGreenTrack, ReleaseStrategy } from '../publish/release-strategy';
import { ReleasedWorkload } from '../publish/released-workload';
import { optionsOf, STATELESS_OPTIONS } from '../workload/option-names';
import { StatelessOptions, StatelessWorkload } from '../workload/stateless-workload';

/**
 * Properties of a {@link WebService}.
 */
export interface WebServiceProps extends ServedPatternProps, StatelessOptions {
  /**
   * How a new version replaces the old one: rolling, blue/green or canary (two Deployments behind one Service). With
   * two tracks, `replicas` is the count of each track (blue/green) or of both together (a canary by replicas).
   *
   * @default ReleaseStrategy.rolling()
   */
  readonly release?: ReleaseStrategy;
}

/** The props of the pattern, for the misspelt ones of an untyped caller (checked against the interface by the compiler). */
const WEB_SERVICE_PROPS = [
  ...SERVED_PROPS, ...STATELESS_OPTIONS, ...namesOf<Omit<WebServiceProps, keyof ServedPatternProps | keyof StatelessOptions>>({ release: true }),
];

/**
 * A stateless web service: a Deployment (or two release tracks) behind a Service, published to users if asked,
 * monitored, from one props object.
 *
 * ```ts
 * new WebService(this, 'Web', { name: 'web', image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3'), port: 8080 });
 * ```
 */
export class WebService extends AppPattern {
  /** The release: the Deployments (tracks) and the Services. */
  public readonly release: ReleasedWorkload;
  /** The Deployments by track (`main` for a rolling release). */
  public readonly tracks: { [track: string]: StatelessWorkload };

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id, props);
    checkMisspeltProps(this, props, 'WebServiceProps', WEB_SERVICE_PROPS);
    checkList(this, 'spread', props.spread, 'a list of TopologySpread, e.g. [TopologySpread.acrossZones()], or [] for no spread', 'object');
    checkList(this, 'servicePorts', props.servicePorts, 'a list of Service ports, e.g. [{ name: "http", port: 80, targetPortName: "http" }]', 'object');
    this.release = this._served(props, () => madeAsPattern(this, WEB_SERVICE_PROPS, () => new ReleasedWorkload(this, 'Release', {
      ...this._podProps(),
      ...optionsOf(props, STATELESS_OPTIONS),
      name: this.name,
      release: props.release,
      servicePorts: props.servicePorts,
      serviceExposure: props.serviceExposure,
    })));
    this.tracks = this.release.tracks;
    const primaryTrack = this.tracks.main ? 'main'
      : this.tracks.stable ? 'stable'
        : this.release.release.blueGreenOptions!.active === BlueGreenTrack.GREEN ? 'green' : 'blue';
    const workload = this.tracks[primaryTrack];
    const service = this.release.service;
    const { publication, publishedContainerPort } = this._publish(props.publish, service, { release: this.release });
    this._complete({
      workload,
      service,
      publication,
      publishedContainerPort,
      otherWorkloads: Object.entries(this.tracks).filter(([t]) => t !== primaryTrack).map(([, w]) => w),
      otherServices: [this.release.previewService, this.release.canaryService].filter((x): x is AppService => x !== undefined),
    });
  }

  /**
   * The objects named after the application: those of every pattern, and the release's tracks and Services.
   *
   * @internal
   */
  protected _derivedNames(props: AppPatternProps): DerivedName[] {
    const names = super._derivedNames(props);
    const release = (props as WebServiceProps).release;
    const deployment = 'a DNS-1123 subdomain part (a name without a dot)';
    const service = 'a Service name (DNS-1035 label)';
    if (release instanceof ReleaseStrategy && release.blueGreenOptions !== undefined) {
      names.push({ object: 'preview Service of the idle track', suffix: '-preview', maxLength: 63, rule: service, otherwise: 'a rolling or canary release' });
      names.push({ object: 'Deployment of the green track', suffix: '-green', maxLength: 63, rule: deployment });
    } else if (release instanceof ReleaseStrategy && release.canaryOptions !== undefined) {
      names.push({ object: 'Deployment (and Service) of the canary track', suffix: '-canary', maxLength: 63, rule: deployment, otherwise: 'a rolling release' });
      names.push({ object: 'Deployment of the stable track', suffix: '-stable', maxLength: 63, rule: deployment });
    }
    return names;
  }

  /**
   * The Service, named after the application, and the published URLs, when published.
   *
   * @internal
   */
  protected _checkedParts(props: AppPatternProps): CheckedParts {
    return { service: true, published: (props as WebServiceProps).publish !== undefined };
  }
}
