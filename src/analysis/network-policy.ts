import { ManifestModel } from './model';
import { arrayOf, isObject, ManifestObject } from './objects';
import { labelSelectorMatches } from './selectors';
import { compositeKey, pushTo } from '../core/label-index';
import { NAMESPACE_NAME_LABEL } from '../core/label-keys';

/*
 * NetworkPolicy admission with the semantics of the API (networking.k8s.io/v1): which policies isolate a pod, and
 * whether one of their rules admits a flow. Read from the manifests only: a pod is known by its namespace and labels,
 * a namespace by its name (`kubernetes.io/metadata.name`) and the labels of its Namespace object, when the manifests
 * have one.
 */


/** One end of a flow: pods of the manifests, or a component of the cluster known by its namespace. */
export interface FlowEnd {
  /** The namespace of the pods. */
  readonly namespace: string;
  /** The labels of the pods; undefined when they are not known (a component known only by its namespace). */
  readonly labels?: Record<string, string>;
  /** How messages name it, e.g. `the pods of Deployment shop/web` or `the ingress controller (namespace ingress-nginx)`. */
  readonly description: string;
}

/** The port a flow reaches on the destination pods (after a Service's translation: the container port). */
export interface FlowPort {
  /** The container port number, when known. */
  readonly number?: number;
  /** The container port's name, when it has one. */
  readonly name?: string;
  /** TCP (default), UDP or SCTP. */
  readonly protocol: string;
}

/** Why a flow is not admitted: the policy that isolates one end, and that none of its rules lets the flow through. */
export interface BlockingPolicy {
  readonly policy: ManifestObject;
  /** `ingress` (the policy isolates the destination) or `egress` (the source). */
  readonly direction: 'ingress' | 'egress';
  /** Why no rule of the policy admits the flow, for the message. */
  readonly reason: string;
}

/** What {@link admission} found: the policies that let the flow through, and the ones that block it. */
export interface Admission {
  /** Every policy that isolates an end of the flow has a rule that admits it (or none isolates it). */
  readonly admitted: boolean;
  /**
   * The policies that isolate an end and admit nothing of the flow. The flow passes only when, in each direction,
   * at least one isolating policy admits it: these are reported when none does.
   */
  readonly blocking: readonly BlockingPolicy[];
}

/** The NetworkPolicies of the manifests, by namespace, with the labels of the namespaces. */
export class NetworkPolicies {
  private readonly byNamespace = new Map<string, ManifestObject[]>();
  private readonly namespaceLabels = new Map<string, Record<string, string>>();
  /**
   * The policies of each namespace by one label of their pod selector's matchLabels (a pod without that label is
   * not theirs), or under no label when their pod selector has none: the policies that may select some pods are
   * those of the pods' labels and those of no label, not all the namespace's.
   */
  private readonly byPodLabel = new Map<string, ManifestObject[]>();
  private readonly withoutPodLabel = new Map<string, ManifestObject[]>();
  /** The place of each policy among those of its namespace. */
  private readonly position = new Map<ManifestObject, number>();

  constructor(model: ManifestModel) {
    for (const object of model.objects) {
      if (object.id.kind === 'NetworkPolicy' && object.id.apiVersion.startsWith('networking.k8s.io/')) {
        const namespace = object.id.namespace ?? '';
        pushTo(this.byNamespace, namespace, object);
        this.position.set(object, this.byNamespace.get(namespace)!.length);
        const selector = object.manifest.spec?.podSelector;
        const [first] = isObject(selector) && isObject(selector.matchLabels) ? Object.entries(selector.matchLabels) : [];
        if (first !== undefined) {
          pushTo(this.byPodLabel, compositeKey(namespace, first[0], String(first[1])), object);
        } else {
          pushTo(this.withoutPodLabel, namespace, object);
        }
      } else if (object.id.kind === 'Namespace' && object.id.apiVersion === 'v1' && isObject(object.manifest.metadata?.labels)) {
        this.namespaceLabels.set(object.id.name, { ...stringLabels(object.manifest.metadata.labels) });
      }
    }
  }

  /** The labels of a namespace: its name label, and the labels of its Namespace object when the manifests have one. */
  public labelsOfNamespace(namespace: string): Record<string, string> {
    return { ...this.namespaceLabels.get(namespace), [NAMESPACE_NAME_LABEL]: namespace };
  }

  /** Whether the manifests have a NetworkPolicy at all. */
  public get any(): boolean {
    return this.byNamespace.size > 0;
  }

  /** Whether any NetworkPolicy of the manifests is in this namespace. */
  public hasPoliciesIn(namespace: string): boolean {
    return (this.byNamespace.get(namespace) ?? []).length > 0;
  }

  /**
   * Whether the policies of the manifests let a flow from `source` to `destination` on `port` through: the ingress
   * rules of every policy that isolates the destination pods, and the egress rules of every policy that isolates the
   * source pods (when they are pods of the manifests; a component's own namespace is not judged).
   */
  public admission(source: FlowEnd, destination: FlowEnd, port: FlowPort): Admission {
    const blocking: BlockingPolicy[] = [];
    let admitted = true;
    for (const direction of ['ingress', 'egress'] as const) {
      const isolated = direction === 'ingress' ? destination : source;
      if (isolated.labels === undefined) {
        continue;
      }
      const policies = this.isolating(isolated, direction);
      if (policies.length === 0) {
        continue;
      }
      const peer = direction === 'ingress' ? source : destination;
      const reasons = policies.map((policy) => ({ policy, reason: this.refusal(policy, direction, peer, port) }));
      if (reasons.every((r) => r.reason !== undefined)) {
        admitted = false;
        blocking.push(...reasons.map((r) => ({ policy: r.policy, direction, reason: r.reason! })));
      }
    }
    return { admitted, blocking };
  }

  /** Whether some policy isolates the pods for ingress or for egress: then only what its rules admit reaches them. */
  public isolates(pods: FlowEnd, direction: 'ingress' | 'egress'): boolean {
    return pods.labels !== undefined && this.isolating(pods, direction).length > 0;
  }

  /** The policies that isolate the pods for ingress or for egress. */
  private isolating(pods: FlowEnd, direction: 'ingress' | 'egress'): ManifestObject[] {
    const labels = pods.labels ?? {};
    const candidates = [
      ...this.withoutPodLabel.get(pods.namespace) ?? [],
      ...Object.entries(labels).flatMap(([k, v]) => this.byPodLabel.get(compositeKey(pods.namespace, k, v)) ?? []),
    ].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    return candidates.filter((policy) => {
      const spec = policy.manifest.spec;
      return isObject(spec) && policyTypes(spec).includes(direction) && labelSelectorMatches(spec.podSelector ?? {}, pods.labels ?? {});
    });
  }

  /** Why no rule of the policy admits the flow, or undefined when one does. */
  private refusal(policy: ManifestObject, direction: 'ingress' | 'egress', peer: FlowEnd, port: FlowPort): string | undefined {
    const rules = arrayOf(policy.manifest.spec?.[direction]);
    if (rules.length === 0) {
      return `it has no ${direction} rule: it lets nothing ${direction === 'ingress' ? 'in' : 'out'}`;
    }
    const problems: string[] = [];
    for (const [i, rule] of rules.entries()) {
      if (!isObject(rule)) {
        continue;
      }
      const peerProblem = this.peerRefusal(policy, rule[direction === 'ingress' ? 'from' : 'to'], peer);
      const portProblem = portRefusal(rule.ports, port);
      if (peerProblem === undefined && portProblem === undefined) {
        return undefined;
      }
      problems.push(`spec.${direction}[${i}] does not admit ${[peerProblem, portProblem].filter((p) => p !== undefined).join(', nor ')}`);
    }
    return problems.join('; ');
  }

  /** Why none of the peers of a rule is the other end, or undefined when one is (no peers: every end is). */
  private peerRefusal(policy: ManifestObject, peers: unknown, end: FlowEnd): string | undefined {
    if (peers === undefined || peers === null || (Array.isArray(peers) && peers.length === 0)) {
      return undefined;
    }
    const list = arrayOf(peers).filter(isObject);
    if (list.some((peer) => this.peerMatches(policy, peer, end))) {
      return undefined;
    }
    const unknownLabels = end.labels === undefined && list.some((p) => p.podSelector !== undefined && !isEmptySelector(p.podSelector));
    return end.description
      + (unknownLabels ? ' (its pods are known by their namespace only: the podSelector cannot be proved to match them)' : '')
      + (list.some((p) => p.ipBlock !== undefined) ? ' (an ipBlock never proves a flow between pods: pod addresses are not known at synth)' : '');
  }

  private peerMatches(policy: ManifestObject, peer: Record<string, any>, end: FlowEnd): boolean {
    if (peer.ipBlock !== undefined) {
      return false;
    }
    if (peer.namespaceSelector === undefined && peer.podSelector === undefined) {
      return false;
    }
    const namespaceOk = peer.namespaceSelector === undefined
      ? end.namespace === (policy.id.namespace ?? '')
      : labelSelectorMatches(peer.namespaceSelector, this.labelsOfNamespace(end.namespace));
    if (!namespaceOk) {
      return false;
    }
    if (peer.podSelector === undefined || isEmptySelector(peer.podSelector)) {
      return true;
    }
    return end.labels !== undefined && labelSelectorMatches(peer.podSelector, end.labels);
  }
}

/** The directions a policy isolates: its policyTypes, or Ingress (and Egress when it has egress rules). */
function policyTypes(spec: Record<string, any>): Array<'ingress' | 'egress'> {
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    return spec.policyTypes.map((t: unknown) => String(t).toLowerCase()).filter((t: string): t is 'ingress' | 'egress' => t === 'ingress' || t === 'egress');
  }
  return spec.egress !== undefined ? ['ingress', 'egress'] : ['ingress'];
}

/** Why none of the ports of a rule is the flow's, or undefined when one is (no ports: every port is). */
function portRefusal(ports: unknown, port: FlowPort): string | undefined {
  if (ports === undefined || ports === null || (Array.isArray(ports) && ports.length === 0)) {
    return undefined;
  }
  const list = arrayOf(ports).filter(isObject);
  if (list.some((p) => portMatches(p, port))) {
    return undefined;
  }
  const numbered = list.some((p) => typeof p.port === 'number' || (typeof p.port === 'string' && /^\d+$/.test(p.port)));
  return describePort(port) + (numbered ? ' (a NetworkPolicy names the pods\' container ports, not the ports of a Service)' : '');
}

function portMatches(policyPort: Record<string, any>, port: FlowPort): boolean {
  if ((policyPort.protocol ?? 'TCP') !== port.protocol) {
    return false;
  }
  const p = policyPort.port;
  if (p === undefined) {
    return true;
  }
  if (typeof p === 'string' && !/^\d+$/.test(p)) {
    return port.name !== undefined && p === port.name;
  }
  const number = Number(p);
  const end = typeof policyPort.endPort === 'number' ? policyPort.endPort : number;
  return port.number !== undefined && port.number >= number && port.number <= end;
}

/** `port 8080 (http)/TCP`, for messages. */
export function describePort(port: FlowPort): string {
  const parts = [port.number !== undefined ? `port ${port.number}` : undefined, port.name !== undefined ? (port.number !== undefined ? `(${port.name})` : `port ${port.name}`) : undefined];
  return `${parts.filter((p) => p !== undefined).join(' ')}/${port.protocol}`;
}

function isEmptySelector(selector: unknown): boolean {
  return isObject(selector) && Object.keys(selector.matchLabels ?? {}).length === 0 && arrayOf(selector.matchExpressions).length === 0;
}

function stringLabels(labels: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    result[k] = String(v);
  }
  return result;
}
