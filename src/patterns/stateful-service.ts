import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppPattern, AppPatternProps, CheckedParts, DerivedName } from './app-pattern';
import { checkList } from '../core/errors';
import { extendProps } from '../core/props';
import { AppService, AppServicePort, ServiceExposure } from '../expose/app-service';
import { ReplicaStorage, ReplicaStorageProps } from '../persistence/replica-storage';
import { DisruptionBudget } from '../workload/disruption-budget';
import { StatefulWorkload } from '../workload/stateful-workload';
import { TopologySpread } from '../workload/topology-spread';

/**
 * Properties of a {@link StatefulService}.
 */
export interface StatefulServiceProps extends AppPatternProps {
  /**
   * The number of replicas.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * The storage of each replica: a claim per replica (`<name>-<application>-<ordinal>`), kept when the replica goes.
   *
   * @default - none
   */
  readonly replicaStorage?: ReplicaStorageProps[];

  /**
   * Whether the pods start and stop one by one, in order (OrderedReady), or all at once (Parallel).
   *
   * @default kplus.PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: kplus.PodManagementPolicy;

  /**
   * How long a new pod must be ready before it counts as available.
   *
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;

  /**
   * The disruption budget.
   *
   * @default - the workload's default
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * How the pods spread over nodes and zones.
   *
   * @default - the workload's default
   */
  readonly spread?: TopologySpread[];

  /**
   * The ports of the clients' Service (`<name>`; the headless Service `<name>-headless` gives each pod its DNS name).
   *
   * @default - one per named container port, with its number
   */
  readonly servicePorts?: AppServicePort[];

  /**
   * How the clients' Service is reached.
   *
   * @default ServiceExposure.clusterIp()
   */
  readonly serviceExposure?: ServiceExposure;
}

/**
 * A stateful service (a database, a queue): a StatefulSet with per-replica storage and stable pod names, a headless
 * Service for the peers, a Service for the clients, monitored, from one props object.
 */
export class StatefulService extends AppPattern {
  /** The stateful workload (StatefulSet and its headless Service). */
  public readonly statefulWorkload: StatefulWorkload;

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    super(scope, id, props);
    checkList(this, 'replicaStorage', props.replicaStorage, 'a list of storage per replica, e.g. [{ name: "data", mountPath: "/var/lib/data", size: Size.gibibytes(10) }]', 'object');
    checkList(this, 'spread', props.spread, 'a list of TopologySpread, e.g. [TopologySpread.acrossZones()], or [] for no spread', 'object');
    checkList(this, 'servicePorts', props.servicePorts, 'a list of Service ports, e.g. [{ name: "db", port: 5432, targetPortName: "db" }]', 'object');
    this.statefulWorkload = new StatefulWorkload(this, 'Workload', extendProps(this._podProps(), {
      replicas: props.replicas,
      podManagementPolicy: props.podManagementPolicy,
      minReady: props.minReady,
      disruptionBudget: props.disruptionBudget,
      spread: props.spread,
    }));
    for (const storage of props.replicaStorage ?? []) {
      ReplicaStorage.addTo(this.statefulWorkload, storage);
    }
    const service = new AppService(this, 'Service', {
      workload: this.statefulWorkload, ports: props.servicePorts, exposure: props.serviceExposure,
    });
    this._complete({ workload: this.statefulWorkload, service });
  }

  /**
   * The objects named after the application: those of every pattern, the StatefulSet (at most 52 characters) and its
   * headless Service.
   *
   * @internal
   */
  protected _derivedNames(props: AppPatternProps): DerivedName[] {
    return [
      ...super._derivedNames(props),
      { object: 'StatefulSet', suffix: '', maxLength: 52, rule: 'a StatefulSet name (Kubernetes appends a revision hash of 11 characters in a label)' },
      { object: 'headless Service', suffix: '-headless', maxLength: 63, rule: 'a Service name (DNS-1035 label)' },
    ];
  }

  /**
   * The Service, named after the application.
   *
   * @internal
   */
  protected _checkedParts(_props: AppPatternProps): CheckedParts {
    return { service: true, published: false };
  }
}
