import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { AppIdentity } from '../core/app-identity';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { checkLabelKey } from '../core/label-keys';
import { claimObjectName } from '../core/object-names';
import { PlatformDefaults } from '../core/platform-defaults';

/** The label that Kubernetes puts on every namespace, with the namespace's name (Kubernetes 1.22 and later). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** What an IP block must look like. */
const CIDR_ACCEPTED = 'a CIDR block: an IPv4 or IPv6 network address and a prefix length, with no address bits set after the prefix (e.g. "10.0.0.0/8" or "2001:db8::/32")';

/** The kinds of {@link NetworkPeer}. */
type PeerKind = 'pods' | 'namespace' | 'ingressController' | 'monitoring' | 'ipBlock';

/**
 * Options for a {@link NetworkPeer} made of pods.
 */
export interface NetworkPeerOptions {
  /**
   * The namespace of the pods (selected by its `kubernetes.io/metadata.name` label).
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default - the policy's own namespace
   */
  readonly namespace?: string;
}

/**
 * The other end of the traffic that a network policy allows: pods of an application, pods with given labels,
 * a namespace, the ingress controller, the monitoring stack, or an IP block.
 *
 * The peer is checked when a policy uses it, so that the error names the policy and the rule.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class NetworkPeer {
  /**
   * The pods of another application, selected by its selector labels (name, instance and component).
   *
   * @param identity the identity of the application
   * @param options the namespace of the application, when it is not the policy's
   */
  public static application(identity: AppIdentity, options: NetworkPeerOptions = {}): NetworkPeer {
    const where = options.namespace === undefined ? '' : ` in namespace ${options.namespace}`;
    return new NetworkPeer('pods', `application ${identity.name}${where}`, {
      labels: identity.selectorLabels, namespace: options.namespace,
    });
  }

  /**
   * The pods that carry all of the given labels. No labels at all selects every pod of the namespace.
   *
   * @param labels the labels, e.g. `{ tier: 'frontend' }`
   * @param options the namespace of the pods, when it is not the policy's
   */
  public static podsWithLabels(labels: { [key: string]: string }, options: NetworkPeerOptions = {}): NetworkPeer {
    const entries = Object.entries(labels ?? {});
    const which = entries.length === 0 ? 'every pod' : `pods with labels ${entries.map(([k, v]) => `${k}=${v}`).join(',')}`;
    const where = options.namespace === undefined ? ' of the policy\'s namespace' : ` in namespace ${options.namespace}`;
    return new NetworkPeer('pods', `${which}${where}`, { labels: { ...labels }, namespace: options.namespace });
  }

  /**
   * Every pod of a namespace.
   *
   * @param name the name of the namespace
   */
  public static namespace(name: string): NetworkPeer {
    return new NetworkPeer('namespace', `namespace ${name}`, { namespace: name });
  }

  /**
   * Every pod of the ingress controller's namespace: the platform default `ingressControllerNamespace` of the
   * policy (a policy that uses this peer is refused when that default is not set).
   */
  public static ingressController(): NetworkPeer {
    return new NetworkPeer('ingressController', 'the ingress controller\'s namespace', {});
  }

  /**
   * Every pod of the monitoring namespace: the platform default `monitoringNamespace` of the policy (a policy
   * that uses this peer is refused when that default is not set).
   */
  public static monitoring(): NetworkPeer {
    return new NetworkPeer('monitoring', 'the monitoring namespace', {});
  }

  /**
   * The addresses of an IPv4 or IPv6 block (usually addresses outside the cluster: whether pod addresses match
   * depends on the network plugin).
   *
   * @param cidr the block, e.g. `10.0.0.0/8` or `2001:db8::/32`
   * @param exceptions blocks inside `cidr` to leave out (the `except` of the IP block; not named `except`, a
   * reserved word in Python)
   */
  public static ipBlock(cidr: string, exceptions?: string[]): NetworkPeer {
    const but = exceptions && exceptions.length > 0 ? ` except ${exceptions.join(', ')}` : '';
    return new NetworkPeer('ipBlock', `IP block ${cidr}${but}`, { cidr, except: exceptions ? [...exceptions] : undefined });
  }

  /**
   * What the peer is, in words, for messages and docs, e.g. `application shop-db` or `namespace ingress-nginx`.
   */
  public readonly description: string;

  private readonly kind: PeerKind;
  private readonly labels?: Record<string, string>;
  private readonly namespaceName?: string;
  private readonly cidr?: string;
  private readonly except?: string[];

  private constructor(kind: PeerKind, description: string, options: {
    labels?: Record<string, string>; namespace?: string; cidr?: string; except?: string[];
  }) {
    this.kind = kind;
    this.description = description;
    this.labels = options.labels;
    this.namespaceName = options.namespace;
    this.cidr = options.cidr;
    this.except = options.except;
  }

  /**
   * Checks the peer and renders it for the policy.
   *
   * @param scope the policy (named in errors; its platform defaults resolve the ingress controller and monitoring)
   * @param prop the prop that holds the peer, e.g. `allowFrom[1].peers[0]`
   * @internal
   */
  public _toKube(scope: IConstruct, prop: string): kplus.k8s.NetworkPolicyPeer {
    switch (this.kind) {
      case 'pods': {
        const matchLabels: Record<string, string> = {};
        for (const [key, value] of Object.entries(this.labels ?? {})) {
          checkLabelKey(scope, `${prop}.labels`, key);
          matchLabels[key] = FormatRule.LABEL_VALUE.check(scope, `${prop}.labels[${JSON.stringify(key)}]`, value);
        }
        return {
          // No labels: every pod (an empty selector).
          podSelector: Object.keys(matchLabels).length > 0 ? { matchLabels } : {},
          namespaceSelector: this.namespaceName === undefined ? undefined : namespaceSelector(scope, `${prop}.namespace`, this.namespaceName),
        };
      }
      case 'namespace':
        return { namespaceSelector: namespaceSelector(scope, `${prop}.namespace`, this.namespaceName!) };
      case 'ingressController':
        return { namespaceSelector: platformNamespace(scope, prop, this.description, 'ingressControllerNamespace', 'ingress-nginx') };
      case 'monitoring':
        return { namespaceSelector: platformNamespace(scope, prop, this.description, 'monitoringNamespace', 'monitoring') };
      case 'ipBlock':
        return { ipBlock: ipBlock(scope, prop, this.cidr!, this.except) };
    }
  }
}

/**
 * A port that a network policy allows traffic to: a number or a port name of the pods, and a protocol.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class NetworkPort {
  /**
   * A TCP port number.
   *
   * @param port the port number, from 1 to 65535
   */
  public static tcp(port: number): NetworkPort {
    return new NetworkPort(port, kplus.NetworkProtocol.TCP);
  }

  /**
   * A UDP port number.
   *
   * @param port the port number, from 1 to 65535
   */
  public static udp(port: number): NetworkPort {
    return new NetworkPort(port, kplus.NetworkProtocol.UDP);
  }

  /**
   * A port of the pods by its name (the `name` of a container port), e.g. `http` or `metrics`; on the receiving
   * pods, so that the policy follows the port when its number changes.
   *
   * @param name an IANA service name: at most 15 lowercase letters, digits and "-"
   * @param protocol the protocol of the port
   */
  public static named(name: string, protocol: kplus.NetworkProtocol = kplus.NetworkProtocol.TCP): NetworkPort {
    return new NetworkPort(name, protocol);
  }

  /** The protocol. */
  public readonly protocol: kplus.NetworkProtocol;

  /** The port, in words, for messages and docs, e.g. `TCP 5432` or `TCP http`. */
  public readonly description: string;

  private readonly port: number | string;

  private constructor(port: number | string, protocol: kplus.NetworkProtocol) {
    this.port = port;
    this.protocol = protocol;
    this.description = `${protocol} ${port}`;
  }

  /**
   * Checks the port and renders it for the policy.
   *
   * @param scope the policy (named in errors)
   * @param prop the prop that holds the port, e.g. `allowFrom[0].ports[1]`
   * @internal
   */
  public _toKube(scope: IConstruct, prop: string): kplus.k8s.NetworkPolicyPort {
    const protocols = Object.values(kplus.NetworkProtocol) as string[];
    if (!protocols.includes(this.protocol)) {
      throw inputError(scope, `${prop}.protocol`, this.protocol, 'it is not a protocol of network policies',
        `one of ${protocols.map((p) => JSON.stringify(p)).join(', ')}`);
    }
    const port = typeof this.port === 'string'
      ? kplus.k8s.IntOrString.fromString(FormatRule.PORT_NAME.check(scope, prop, this.port))
      : kplus.k8s.IntOrString.fromNumber(FormatRule.checkPortNumber(scope, prop, this.port));
    return { port, protocol: this.protocol };
  }
}

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

function namespaceSelector(scope: IConstruct, prop: string, name: string): kplus.k8s.LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: FormatRule.DNS1123_LABEL.check(scope, prop, name) } };
}

function platformNamespace(
  scope: IConstruct, prop: string, description: string, setting: 'ingressControllerNamespace' | 'monitoringNamespace', example: string,
): kplus.k8s.LabelSelector {
  const name = PlatformDefaults.of(scope)[setting];
  if (name === undefined) {
    throw inputError(scope, prop, description, `the platform default ${setting} is not set`,
      `the platform default set (PlatformDefaults.set(app, { ${setting}: '${example}' })), or the namespace named with NetworkPeer.namespace(name)`);
  }
  return namespaceSelector(scope, prop, name);
}

// ---------------------------------------------------------------------------------------------------------------
// CIDR blocks
// ---------------------------------------------------------------------------------------------------------------

/** A parsed CIDR block. */
interface Cidr {
  /** The address, one number per byte (4 for IPv4, 16 for IPv6). */
  readonly bytes: number[];
  /** The prefix length. */
  readonly prefix: number;
}

function ipBlock(scope: IConstruct, prop: string, cidr: string, except: string[] | undefined): kplus.k8s.IpBlock {
  const block = parseCidr(scope, `${prop}.cidr`, cidr);
  (except ?? []).forEach((inner, i) => {
    const exceptProp = `${prop}.except[${i}]`;
    const parsed = parseCidr(scope, exceptProp, inner);
    if (parsed.bytes.length !== block.bytes.length || parsed.prefix <= block.prefix || !samePrefix(parsed.bytes, block.bytes, block.prefix)) {
      const why = parsed.bytes.length !== block.bytes.length ? `it is an IPv${parsed.bytes.length === 4 ? 4 : 6} block, and the cidr ${cidr} is not`
        : parsed.prefix <= block.prefix && samePrefix(parsed.bytes, block.bytes, parsed.prefix) ? `it is not smaller than the cidr ${cidr}`
          : `it is not inside the cidr ${cidr}`;
      throw inputError(scope, exceptProp, inner, why, `a CIDR block strictly inside ${cidr}`);
    }
  });
  return { cidr, except: except && except.length > 0 ? [...except] : undefined };
}

function parseCidr(scope: IConstruct, prop: string, value: string): Cidr {
  if (typeof value !== 'string') {
    throw inputError(scope, prop, value, 'it is not a string', CIDR_ACCEPTED);
  }
  const slash = value.indexOf('/');
  if (slash < 0) {
    throw inputError(scope, prop, value, 'it has no prefix length ("/" and a number of bits)', CIDR_ACCEPTED);
  }
  const address = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  const bytes = parseIpv4(address) ?? parseIpv6(address);
  if (bytes === undefined) {
    throw inputError(scope, prop, value, `its address ${JSON.stringify(address)} is neither an IPv4 nor an IPv6 address`, CIDR_ACCEPTED);
  }
  const bits = bytes.length * 8;
  if (!/^(0|[1-9][0-9]*)$/.test(prefixText) || Number(prefixText) > bits) {
    throw inputError(scope, prop, value, `its prefix length ${JSON.stringify(prefixText)} is not a number of bits from 0 to ${bits}`, CIDR_ACCEPTED);
  }
  const prefix = Number(prefixText);
  const network = maskBytes(bytes, prefix);
  if (network.some((b, i) => b !== bytes[i])) {
    throw inputError(scope, prop, value, `it has address bits set after the /${prefix} prefix (the network is ${formatAddress(network)}/${prefix})`,
      CIDR_ACCEPTED);
  }
  return { bytes, prefix };
}

/** The address with every bit after the prefix cleared. */
function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const kept = Math.min(8, Math.max(0, prefix - i * 8));
    const hostRange = 2 ** (8 - kept);
    return b - (b % hostRange);
  });
}

function samePrefix(a: number[], b: number[], prefix: number): boolean {
  const ma = maskBytes(a, prefix);
  const mb = maskBytes(b, prefix);
  return ma.every((x, i) => x === mb[i]);
}

function parseIpv4(text: string): number[] | undefined {
  if (!/^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(text)) {
    return undefined;
  }
  const bytes = text.split('.').map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) {
    return undefined;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  if (halves.length === 1) {
    const bytes = parseGroups(text, true);
    return bytes?.length === 16 ? bytes : undefined;
  }
  const head = parseGroups(halves[0], false);
  const tail = parseGroups(halves[1], true);
  if (head === undefined || tail === undefined || head.length + tail.length > 14) {
    return undefined;
  }
  return [...head, ...new Array<number>(16 - head.length - tail.length).fill(0), ...tail];
}

/** Parses colon-separated groups of an IPv6 address, the last one possibly a dotted IPv4 address. */
function parseGroups(part: string, ipv4Tail: boolean): number[] | undefined {
  if (part === '') {
    return [];
  }
  const groups = part.split(':');
  const bytes: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    if (ipv4Tail && i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (v4 === undefined) {
        return undefined;
      }
      bytes.push(...v4);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      const value = parseInt(group, 16);
      bytes.push(Math.floor(value / 256), value % 256);
    } else {
      return undefined;
    }
  }
  return bytes;
}

/** Writes an address the usual way (IPv6: RFC 5952, lowercase, the longest run of zero groups as "::"). */
function formatAddress(bytes: number[]): string {
  if (bytes.length === 4) {
    return bytes.join('.');
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push(bytes[i] * 256 + bytes[i + 1]);
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((g1) => g1.toString(16)).join(':');
  if (bestStart < 0) {
    return hex(groups);
  }
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
