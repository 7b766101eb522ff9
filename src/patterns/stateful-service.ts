import { Construct } from 'constructs';
import { AppPattern, AppPatternProps, CheckedParts, DerivedName, ServedPatternProps } from './app-pattern';
import { checkMisspeltProps, madeAsPattern, SERVED_PROPS } from './pattern-prop-names';
import { checkList, inputError, kindOfValue, refusedAs } from '../core/errors';
import { namesOf } from '../core/near-names';
import { AppService } from '../expose/app-service';
import { ClaimMount } from '../persistence/mounts';
import { ReplicaStorage } from '../persistence/replica-storage';
import { optionsOf, STATEFUL_OPTIONS } from '../workload/option-names';
import { StatefulOptions, StatefulWorkload } from '../workload/stateful-workload';

/**
 * Properties of a {@link StatefulService}.
 */
export interface StatefulServiceProps extends ServedPatternProps, StatefulOptions {
  /**
   * The storage of each replica (volume claim templates): one claim per replica and entry, `<name>-<workload>-<ordinal>`.
   *
   * @default - none
   */
  readonly replicaStorage?: ClaimMount[];

  /**
   * Whether the replicas reach each other on every port when the application gets a NetworkPolicy (when another
   * application connects to it): what a clustered database or queue needs for replication, gossip and quorum, through
   * the headless Service. `false` lets in only the connected applications and the platform's components.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default - true when the application may run more than one replica (`replicas`, or autoscaling above 1)
   */
  readonly peerTraffic?: boolean;
}

/** The props of the pattern, for the misspelt ones of an untyped caller (checked against the interface by the compiler). */
const STATEFUL_SERVICE_PROPS = [
  ...SERVED_PROPS, ...STATEFUL_OPTIONS,
  ...namesOf<Omit<StatefulServiceProps, keyof ServedPatternProps | keyof StatefulOptions>>({ replicaStorage: true, peerTraffic: true }),
];

/**
 * A stateful service (a database, a queue): a StatefulSet with per-replica storage and stable pod names, a headless
 * Service for the peers, a Service for the clients, monitored, from one props object.
 */
export class StatefulService extends AppPattern {
  /** The stateful workload (StatefulSet and its headless Service). */
  public readonly statefulWorkload: StatefulWorkload;

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    super(scope, id, props);
    checkMisspeltProps(this, props, 'StatefulServiceProps', STATEFUL_SERVICE_PROPS);
    checkList(this, 'replicaStorage', props.replicaStorage, 'a list of storage per replica, e.g. [{ name: "data", mountPath: "/var/lib/data", size: Size.gibibytes(10) }]', 'object');
    checkList(this, 'spread', props.spread, 'a list of TopologySpread, e.g. [TopologySpread.acrossZones()], or [] for no spread', 'object');
    checkList(this, 'servicePorts', props.servicePorts, 'a list of Service ports, e.g. [{ name: "db", port: 5432, targetPortName: "db" }]', 'object');
    this.statefulWorkload = madeAsPattern(this, STATEFUL_SERVICE_PROPS, () => new StatefulWorkload(this, 'Workload', { ...this._podProps(), ...optionsOf(props, STATEFUL_OPTIONS) }));
    (props.replicaStorage ?? []).forEach((storage, i) => {
      const item = `replicaStorage[${i}]`;
      const asWritten = Object.fromEntries(['name', 'mountPath', 'size', 'accessModes', 'storageClassName', 'subPath', 'containers'].map((p) => [p, `${item}.${p}`]));
      refusedAs(this, asWritten, () => ReplicaStorage.addTo(this.statefulWorkload, storage));
    });
    const service = this._served(props, () => new AppService(this, 'Service', {
      workload: this.statefulWorkload, ports: props.servicePorts, exposure: props.serviceExposure,
    }));
    const { publication, publishedContainerPort } = this._publish(props.publish, service, { service });
    if (props.peerTraffic !== undefined && typeof props.peerTraffic !== 'boolean') {
      throw inputError(this, 'peerTraffic', props.peerTraffic, `it is ${kindOfValue(props.peerTraffic)}, not a boolean`, 'true or false');
    }
    const peersConnect = props.peerTraffic ?? this.statefulWorkload.canRunOnSeveralNodes;
    this._complete({ workload: this.statefulWorkload, service, publication, publishedContainerPort, peersConnect });
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
  protected _checkedParts(props: AppPatternProps): CheckedParts {
    return { service: true, published: (props as StatefulServiceProps).publish !== undefined };
  }
}
