import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { ipBlock } from './ip-block';
import { AppIdentity } from '../core/app-identity';
import { checkInstance, describeValue, inputError, isPlainObject, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { checkLabelKey, NAMESPACE_NAME_LABEL } from '../core/label-keys';
import { PlatformNamespace, platformNamespaceOf } from '../core/platform-namespaces';


/** The kinds of {@link NetworkPeer}. */
type PeerKind = 'application' | 'pods' | 'namespace' | 'ingressController' | 'gateway' | 'monitoring' | 'ipBlock';

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
    const namespace = options?.namespace;
    const where = namespace === undefined ? '' : ` in namespace ${namespace}`;
    // Checked when a policy uses it: an untyped caller's pattern or workload here must not become every pod.
    const name = identity instanceof AppIdentity ? identity.name : describeValue(identity);
    return new NetworkPeer('application', `application ${name}${where}`, { identity, namespace });
  }

  /**
   * The pods that carry all of the given labels. No labels at all selects every pod of the namespace.
   *
   * @param labels the labels, e.g. `{ tier: 'frontend' }`
   * @param options the namespace of the pods, when it is not the policy's
   */
  public static podsWithLabels(labels: { [key: string]: string }, options: NetworkPeerOptions = {}): NetworkPeer {
    const namespace = options?.namespace;
    const map = isPlainObject(labels);
    const entries = map ? Object.entries(labels) : [];
    const which = !map ? `pods with labels ${describeValue(labels)}` : entries.length === 0 ? 'every pod'
      : `pods with labels ${entries.map(([k, v]) => `${k}=${v}`).join(',')}`;
    const where = namespace === undefined ? ' of the policy\'s namespace' : ` in namespace ${namespace}`;
    // Checked when a policy uses it: an untyped caller's missing labels must not become every pod.
    return new NetworkPeer('pods', `${which}${where}`, { labels: map ? { ...labels } : labels, namespace });
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
   * Every pod of the namespace of the Gateway's data plane, which sends the traffic of HTTPRoutes and GRPCRoutes: the
   * platform default `gatewayNamespace` of the policy, else its `ingressControllerNamespace` (a policy that uses this
   * peer is refused when neither is set).
   *
   * @see https://gateway-api.sigs.k8s.io/concepts/api-overview/#gateway
   */
  public static gatewayDataPlane(): NetworkPeer {
    return new NetworkPeer('gateway', 'the Gateway\'s data plane namespace', {});
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
  private readonly identity?: unknown;
  private readonly labels?: unknown;
  private readonly namespaceName?: string;
  private readonly cidr?: string;
  private readonly except?: string[];

  private constructor(kind: PeerKind, description: string, options: {
    identity?: unknown; labels?: unknown; namespace?: string; cidr?: string; except?: string[];
  }) {
    this.kind = kind;
    this.description = description;
    this.identity = options.identity;
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
      case 'application': {
        const identity = checkInstance(scope, `${prop}.identity`, this.identity, AppIdentity, 'an AppIdentity',
          'the identity of an application: NetworkPeer.application(web.identity)');
        return this.podsPeer(scope, prop, identity.selectorLabels);
      }
      case 'pods':
        if (!isPlainObject(this.labels)) {
          throw inputError(scope, `${prop}.labels`, this.labels, `it is ${kindOfValue(this.labels)}, not a map of labels`,
            'a map of label keys to values, e.g. { tier: "frontend" } ({} selects every pod of the namespace, on purpose)');
        }
        return this.podsPeer(scope, prop, this.labels);
      case 'namespace':
        return { namespaceSelector: namespaceSelector(scope, `${prop}.namespace`, this.namespaceName!) };
      case 'ingressController':
        return { namespaceSelector: platformNamespace(scope, prop, this.description, 'ingressControllerNamespace', 'ingress-nginx') };
      case 'gateway':
        return { namespaceSelector: platformNamespace(scope, prop, this.description, 'gatewayNamespace', 'envoy-gateway-system') };
      case 'monitoring':
        return { namespaceSelector: platformNamespace(scope, prop, this.description, 'monitoringNamespace', 'monitoring') };
      case 'ipBlock':
        return { ipBlock: ipBlock(scope, prop, this.cidr!, this.except) };
    }
  }

  /** The pods with the labels (every pod for none), in the peer's namespace or the policy's. */
  private podsPeer(scope: IConstruct, prop: string, labels: Record<string, string>): kplus.k8s.NetworkPolicyPeer {
    const matchLabels: Record<string, string> = {};
    for (const [key, value] of Object.entries(labels)) {
      checkLabelKey(scope, `${prop}.labels`, key);
      matchLabels[key] = FormatRule.LABEL_VALUE.check(scope, `${prop}.labels[${JSON.stringify(key)}]`, value);
    }
    return {
      // No labels: every pod (an empty selector).
      podSelector: Object.keys(matchLabels).length > 0 ? { matchLabels } : {},
      namespaceSelector: this.namespaceName === undefined ? undefined : namespaceSelector(scope, `${prop}.namespace`, this.namespaceName),
    };
  }
}

function namespaceSelector(scope: IConstruct, prop: string, name: string): kplus.k8s.LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: FormatRule.DNS1123_LABEL.check(scope, prop, name) } };
}

function platformNamespace(scope: IConstruct, prop: string, description: string, setting: PlatformNamespace,
  example: string): kplus.k8s.LabelSelector {
  const name = platformNamespaceOf(scope, setting);
  if (name === undefined) {
    const fallback = setting === 'gatewayNamespace' ? ' (nor ingressControllerNamespace, its default)' : '';
    throw inputError(scope, prop, description, `the platform default ${setting} is not set${fallback}`,
      `the platform default set (PlatformDefaults.set(app, { ${setting}: '${example}' })), or the namespace named with NetworkPeer.namespace(name)`);
  }
  return namespaceSelector(scope, prop, name);
}

