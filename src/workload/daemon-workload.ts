import { Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AppWorkload } from './app-workload';
import { AppWorkloadProps } from './app-workload-props';
import { checkAmount, checkMinReady, intOrString } from './replicas';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';

/**
 * How a daemon runs on the nodes and rolls out a new version (a DaemonSet). Declared once, taken by
 * {@link DaemonWorkload} and the `NodeDaemon` pattern.
 */
export interface DaemonOptions {
  /**
   * How many nodes may run no ready pod of the daemon during an update. Not above zero with `maxSurge` (the API server
   * refuses both).
   *
   * @default PercentOrAbsolute.absolute(1), or 0 with `maxSurge`
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;

  /**
   * How many nodes may run a new pod beside the old one during an update (for daemons that must not stop); then no
   * node is left without a ready pod (`maxUnavailable` 0). Not on the node's network (`hostNetwork`) with container
   * ports: the new pod would need the ports the old one holds. A daemon on the node's network that listens on a port
   * it does not declare cannot surge either: the new pod could not bind it.
   *
   * @default PercentOrAbsolute.absolute(0)
   */
  readonly maxSurge?: kplus.PercentOrAbsolute;

  /**
   * How long a new pod must be ready to count as available.
   *
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;

  /**
   * Whether the pods tolerate every taint, so that the daemon runs on every node, control plane and tainted
   * nodes included (a toleration with `operator: Exists`).
   *
   * @default false
   */
  readonly tolerateAllTaints?: boolean;

  /**
   * Whether the pods use the node's network namespace. Breaks the baseline and restricted profiles, so it needs
   * `relax: [SecurityRelaxation.HOST_NETWORK]` too: an explicit opt-in.
   *
   * @default false
   */
  readonly hostNetwork?: boolean;
}

/**
 * Properties of a {@link DaemonWorkload}.
 */
export interface DaemonWorkloadProps extends AppWorkloadProps, DaemonOptions {}

/**
 * A daemon that runs one pod on every node (a log collector, a node agent) under a DaemonSet.
 */
export class DaemonWorkload extends AppWorkload {
  /** The cdk8s-plus-34 DaemonSet. */
  public readonly daemonSet: kplus.DaemonSet;
  /** The cdk8s-plus-34 workload (the DaemonSet). */
  public readonly workload: kplus.Workload;
  /** A daemon runs on every node. */
  public readonly canRunOnSeveralNodes = true;

  constructor(scope: Construct, id: string, props: DaemonWorkloadProps) {
    super(scope, id, props, FormatRule.DNS1123_SUBDOMAIN);
    // A surge replaces each node's pod by starting the new one first, so it means no node without a ready pod: the API
    // server refuses a DaemonSet whose maxSurge and maxUnavailable are both above zero.
    const maxSurge = props.maxSurge ?? kplus.PercentOrAbsolute.absolute(0);
    checkAmount(this, 'maxSurge', maxSurge);
    const maxUnavailable = props.maxUnavailable ?? kplus.PercentOrAbsolute.absolute(maxSurge.isZero() ? 1 : 0);
    checkAmount(this, 'maxUnavailable', maxUnavailable);
    if (!maxUnavailable.isZero() && !maxSurge.isZero()) {
      throw inputError(this, 'maxSurge', maxSurge.value, `maxUnavailable is ${maxUnavailable.value} too, and the API server refuses a DaemonSet whose `
        + 'maxSurge and maxUnavailable are both above zero', 'a maxSurge with maxUnavailable 0 (the default when maxSurge is given), or no maxSurge');
    }
    if (maxUnavailable.isZero() && maxSurge.isZero()) {
      throw inputError(this, 'maxUnavailable', maxUnavailable.value, 'maxSurge is 0 too, so an update could neither add a pod nor remove one',
        'a maxUnavailable or a maxSurge above zero');
    }
    const minReady = checkMinReady(this, props.minReady);
    const template = this._resolvePodTemplate(props, {
      hostNetwork: props.hostNetwork,
      extraTolerations: props.tolerateAllTaints ? [{ operator: 'Exists' }] : [],
    });
    // On the node's network every container port is the node's port (a native sidecar's, an init container's too): the
    // new pod of a surge cannot start beside the old one, which stays until the new one is ready, so the update stops on
    // the first node.
    const hostPorts = props.hostNetwork ? [...template.plusProps.containers, ...template.plusProps.initContainers]
      .flatMap((c) => [...c.portNumber !== undefined ? [c.portNumber] : [], ...(c.ports ?? []).map((p) => p.number)]) : [];
    if (!maxSurge.isZero() && hostPorts.length > 0) {
      throw inputError(this, 'maxSurge', maxSurge.value, 'the pods are on the node\'s network (hostNetwork), so the new pod of a node would need the '
        + `port${hostPorts.length === 1 ? '' : 's'} ${[...new Set(hostPorts)].join(', ')} that the old one holds, and the update would stop on the first node`,
      'no maxSurge (one node at a time: maxUnavailable 1, the default), or no hostNetwork');
    }
    this.daemonSet = new kplus.DaemonSet(this, 'Resource', {
      ...template.plusProps,
      metadata: { name: this.name },
      minReadySeconds: minReady.toSeconds(),
    });
    this.workload = this.daemonSet;
    template.applyTo(this.daemonSet);
    // cdk8s-plus-34 has no update strategy on DaemonSets. Its L1 object maps the patched JSON through the typed
    // props again, so the value is in the typed shape (IntOrString objects), as in every patch of an L1 object.
    const updateStrategy: kplus.k8s.DaemonSetUpdateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: intOrString(maxUnavailable), maxSurge: intOrString(maxSurge) },
    };
    this.apiObject.addJsonPatch(JsonPatch.add('/spec/updateStrategy', updateStrategy));
    this.identity.applyTo(this);
  }
}
