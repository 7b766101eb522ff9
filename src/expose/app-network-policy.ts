import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { NetworkPeer } from './network-peer';
import { NetworkPort } from './network-port';
import { AppIdentity } from '../core/app-identity';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { NAMESPACE_NAME_LABEL } from '../core/label-keys';
import { claimObjectName } from '../core/object-names';


/**
 * Traffic that a network policy allows: from (or to) some peers, on some ports.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface NetworkRule {
  /**
   * The peers the traffic comes from (incoming rules) or goes to (outgoing rules); at least one.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly peers: NetworkPeer[];

  /**
   * The ports the traffic may use: ports of the protected pods for incoming rules, of the peers for outgoing rules.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default - every port
   */
  readonly ports?: NetworkPort[];
}

/**
 * Properties of an {@link AppNetworkPolicy}.
 */
export interface AppNetworkPolicyProps {
  /**
   * The application whose pods the policy protects: it selects them by `identity.selectorLabels`, and carries
   * `identity.labels`.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly identity: AppIdentity;

  /**
   * The name of the NetworkPolicy: a DNS-1123 subdomain.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default - the application's name
   */
  readonly name?: string;

  /**
   * The incoming traffic that is allowed; every other incoming connection to the pods is denied.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default - nothing: all incoming traffic is denied
   */
  readonly allowFrom?: NetworkRule[];

  /**
   * Whether outgoing traffic is denied too, except what `allowTo` (and `allowDns`) allow.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default false - outgoing traffic is not restricted
   */
  readonly restrictEgress?: boolean;

  /**
   * The outgoing traffic that is allowed; only with `restrictEgress`.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default - nothing but DNS (with `allowDns`)
   */
  readonly allowTo?: NetworkRule[];

  /**
   * With `restrictEgress`: whether the pods may resolve names, i.e. reach the cluster DNS (the pods labelled
   * `k8s-app: kube-dns` in the `kube-system` namespace) on UDP and TCP port 53.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default true
   */
  readonly allowDns?: boolean;
}

/**
 * A NetworkPolicy for the pods of one application: all incoming traffic is denied (and, with `restrictEgress`,
 * all outgoing traffic but DNS), except what the rules allow: from other applications, namespaces, the
 * ingress controller's namespace, the monitoring namespace, or IP blocks.
 *
 * Network policies only take effect with a network plugin that enforces them (Calico, Cilium...).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 *
 * @example
 * new AppNetworkPolicy(this, 'DbPolicy', {
 *   identity: db,
 *   allowFrom: [{ peers: [NetworkPeer.application(web)], ports: [NetworkPort.tcp(5432)] }],
 * });
 * new AppNetworkPolicy(this, 'WebPolicy', {
 *   identity: web,
 *   allowFrom: [
 *     { peers: [NetworkPeer.ingressController()], ports: [NetworkPort.named('http')] },
 *     { peers: [NetworkPeer.monitoring()], ports: [NetworkPort.named('metrics')] },
 *   ],
 * });
 */
export class AppNetworkPolicy extends Construct {
  /** The NetworkPolicy. */
  public readonly networkPolicy: kplus.k8s.KubeNetworkPolicy;

  private readonly identity: AppIdentity;
  private readonly restrictEgress: boolean;
  private readonly ingress: kplus.k8s.NetworkPolicyIngressRule[] = [];
  private readonly egress: kplus.k8s.NetworkPolicyEgressRule[] = [];
  /** The number of `allowTo` rules (the egress rules also hold the DNS rule). */
  private allowToCount = 0;

  constructor(scope: Construct, id: string, props: AppNetworkPolicyProps) {
    super(scope, id);
    if (!(props.identity instanceof AppIdentity)) {
      throw inputError(this, 'identity', props.identity, 'it is not an AppIdentity', 'the AppIdentity of the application whose pods the policy protects');
    }
    this.identity = props.identity;
    const name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name ?? this.identity.name);
    this.restrictEgress = props.restrictEgress ?? false;
    if (typeof this.restrictEgress !== 'boolean') {
      throw inputError(this, 'restrictEgress', this.restrictEgress, 'it is not a boolean', 'true or false');
    }
    const allowDns = props.allowDns ?? true;
    if (typeof allowDns !== 'boolean') {
      throw inputError(this, 'allowDns', allowDns, 'it is not a boolean', 'true or false');
    }
    if (!this.restrictEgress && (props.allowTo ?? []).length > 0) {
      throw inputError(this, 'allowTo', props.allowTo!.map(describeRule), 'outgoing traffic is not restricted (restrictEgress is not set), so the rules would have no effect',
        'restrictEgress: true with allowTo, or no allowTo');
    }
    if (!this.restrictEgress && !allowDns) {
      throw inputError(this, 'allowDns', allowDns, 'outgoing traffic is not restricted (restrictEgress is not set), so DNS cannot be denied',
        'restrictEgress: true with allowDns: false, or no allowDns');
    }
    if (this.restrictEgress && allowDns) {
      this.egress.push({
        to: [{
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        }],
        ports: [
          { port: kplus.k8s.IntOrString.fromNumber(53), protocol: kplus.NetworkProtocol.UDP },
          { port: kplus.k8s.IntOrString.fromNumber(53), protocol: kplus.NetworkProtocol.TCP },
        ],
      });
    }

    this.networkPolicy = new kplus.k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name, labels: this.identity.labels },
      spec: Lazy.any({ produce: () => this.renderSpec() }) as unknown as kplus.k8s.NetworkPolicySpec,
    });
    claimObjectName(this, 'name', ApiObject.of(this.networkPolicy));

    for (const rule of props.allowFrom ?? []) {
      this.allowFrom(rule);
    }
    for (const rule of props.allowTo ?? []) {
      this.allowTo(rule);
    }
  }

  /**
   * Allows incoming traffic to the pods (in addition to the rules given so far).
   *
   * @param rule the peers the traffic may come from, and the ports of the pods it may reach
   */
  public allowFrom(rule: NetworkRule): void {
    const { peers, ports } = this.resolveRule(`allowFrom[${this.ingress.length}]`, rule);
    this.ingress.push({ from: peers, ports });
  }

  /**
   * Allows outgoing traffic from the pods (in addition to the rules given so far); only with `restrictEgress`.
   *
   * @param rule the peers the traffic may go to, and their ports it may reach
   */
  public allowTo(rule: NetworkRule): void {
    if (!this.restrictEgress) {
      throw inputError(this, 'allowTo', describeRule(rule), 'outgoing traffic is not restricted (restrictEgress is not set), so the rule would have no effect',
        'restrictEgress: true with allowTo, or no allowTo');
    }
    const { peers, ports } = this.resolveRule(`allowTo[${this.allowToCount}]`, rule);
    this.egress.push({ to: peers, ports });
    this.allowToCount++;
  }

  private resolveRule(prop: string, rule: NetworkRule): { peers: kplus.k8s.NetworkPolicyPeer[]; ports?: kplus.k8s.NetworkPolicyPort[] } {
    if (rule === undefined || rule === null || typeof rule !== 'object') {
      throw inputError(this, prop, rule, 'it is not a rule', 'a NetworkRule: { peers: [...], ports: [...] }');
    }
    const peers = rule.peers ?? [];
    if (!Array.isArray(peers)) {
      throw inputError(this, `${prop}.peers`, peers, 'it is not a list', 'a list of NetworkPeer');
    }
    if (peers.length === 0) {
      throw inputError(this, `${prop}.peers`, rule.peers,
        'the rule has no peer, and a rule without peers would allow traffic from (or to) everywhere',
        'at least one NetworkPeer, e.g. NetworkPeer.application(identity)');
    }
    const resolvedPeers = peers.map((peer, i) => {
      if (!(peer instanceof NetworkPeer)) {
        throw inputError(this, `${prop}.peers[${i}]`, peer, 'it is not a NetworkPeer', 'a NetworkPeer, e.g. NetworkPeer.application(identity)');
      }
      return peer._toKube(this, `${prop}.peers[${i}]`);
    });
    if (rule.ports === undefined) {
      return { peers: resolvedPeers };
    }
    if (!Array.isArray(rule.ports)) {
      throw inputError(this, `${prop}.ports`, rule.ports, 'it is not a list', 'a list of NetworkPort, or no `ports` to allow every port');
    }
    if (rule.ports.length === 0) {
      throw inputError(this, `${prop}.ports`, rule.ports, 'the list is empty', 'at least one NetworkPort, or no `ports` to allow every port');
    }
    const resolvedPorts = rule.ports.map((port, i) => {
      if (!(port instanceof NetworkPort)) {
        throw inputError(this, `${prop}.ports[${i}]`, port, 'it is not a NetworkPort', 'a NetworkPort, e.g. NetworkPort.tcp(8080) or NetworkPort.named(\'http\')');
      }
      return port._toKube(this, `${prop}.ports[${i}]`);
    });
    return { peers: resolvedPeers, ports: resolvedPorts };
  }

  private renderSpec(): kplus.k8s.NetworkPolicySpec {
    return {
      podSelector: { matchLabels: this.identity.selectorLabels },
      policyTypes: this.restrictEgress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: this.ingress.length > 0 ? [...this.ingress] : undefined,
      egress: this.egress.length > 0 ? [...this.egress] : undefined,
    };
  }
}

function describeRule(rule: NetworkRule): string {
  const peers = (rule?.peers ?? []).map((p) => p?.description ?? String(p));
  const ports = rule?.ports === undefined ? 'every port' : rule.ports.map((p) => p?.description ?? String(p)).join(', ');
  return `${peers.length > 0 ? peers.join(', ') : 'no peer'} on ${ports}`;
}

