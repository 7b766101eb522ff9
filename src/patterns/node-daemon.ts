import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppPattern, AppPatternProps } from './app-pattern';
import { mountProps } from './mount-props';
import { checkMisspeltProps, madeAsPattern, PATTERN_PROPS } from './pattern-prop-names';
import { checkList, refusedAs } from '../core/errors';
import { namesOf } from '../core/near-names';
import { StorageVolume } from '../persistence/storage-volume';
import { DaemonOptions, DaemonWorkload } from '../workload/daemon-workload';
import { DAEMON_OPTIONS, optionsOf } from '../workload/option-names';

/**
 * A directory or file of the node that a daemon reads (hostPath): it breaks the baseline and restricted profiles,
 * so the daemon must relax `SecurityRelaxation.HOST_PATH` on purpose.
 */
export interface HostPathMount {
  /** The name of the volume. */
  readonly name: string;

  /** The path on the node. */
  readonly hostPath: string;

  /**
   * Where the main container sees it.
   *
   * @default - the same path as on the node
   */
  readonly mountPath?: string;

  /**
   * Whether the container may write it (a second opt-in).
   *
   * @default false - read-only
   */
  readonly writable?: boolean;

  /**
   * What must exist at the path.
   *
   * @default kplus.HostPathVolumeType.DIRECTORY
   */
  readonly type?: kplus.HostPathVolumeType;
}

/**
 * Properties of a {@link NodeDaemon}.
 */
export interface NodeDaemonProps extends AppPatternProps, DaemonOptions {
  /**
   * Node paths the daemon reads (log files, metrics): read-only unless `writable`, and only with
   * `relax: [SecurityRelaxation.HOST_PATH]`.
   *
   * @default - none
   */
  readonly hostPaths?: HostPathMount[];
}

/** The props of the pattern, for the misspelt ones of an untyped caller (checked against the interface by the compiler). */
const NODE_DAEMON_PROPS = [
  ...PATTERN_PROPS, ...DAEMON_OPTIONS, ...namesOf<Omit<NodeDaemonProps, keyof AppPatternProps | keyof DaemonOptions>>({ hostPaths: true }),
];

/**
 * A daemon on every node (a log agent, a node exporter): a DaemonSet, with node paths by explicit opt-in,
 * monitored, from one props object.
 */
export class NodeDaemon extends AppPattern {
  /** The daemon workload (DaemonSet). */
  public readonly daemonWorkload: DaemonWorkload;

  constructor(scope: Construct, id: string, props: NodeDaemonProps) {
    super(scope, id, props);
    checkMisspeltProps(this, props, 'NodeDaemonProps', NODE_DAEMON_PROPS);
    checkList(this, 'hostPaths', props.hostPaths, 'a list of node paths, e.g. [{ name: "varlog", hostPath: "/var/log" }]', 'object');
    this.daemonWorkload = madeAsPattern(this, NODE_DAEMON_PROPS, () => new DaemonWorkload(this, 'Workload', { ...this._podProps(), ...optionsOf(props, DAEMON_OPTIONS) }));
    (props.hostPaths ?? []).forEach((h, i) => {
      // A refusal of the volume or its mount names the item written (`hostPaths[0].hostPath`), at the pattern.
      const item = `hostPaths[${i}]`;
      refusedAs(this, {
        ...mountProps(item, h.name),
        'mountVolume(path)': h.mountPath === undefined ? `${item}.mountPath (by default its hostPath)` : `${item}.mountPath`,
        [`volume ${JSON.stringify(h.name)}`]: item,
        [`volume ${JSON.stringify(h.name)}.path`]: `${item}.hostPath`,
      }, () => StorageVolume.hostPath(h.name, { path: h.hostPath, type: h.type ?? kplus.HostPathVolumeType.DIRECTORY })
        .mountIn(this.daemonWorkload, h.mountPath ?? h.hostPath, { readOnly: !h.writable }));
    });
    this._complete({ workload: this.daemonWorkload });
  }
}
