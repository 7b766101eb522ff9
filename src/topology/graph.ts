import { summarizeRules } from './rbac-summary';
import {
  apiGroupOf, arrayOf, configReferencesOf, flowsOf, isObject, labelSelectorMatches, ManifestModel, mapSelectorMatches, NetworkPolicies, PodTemplate,
  readObjects, REPLICATED_KINDS, scaleTargetOf, serviceAccountNameOf, stringMap,
} from '../analysis';
import { projectsApiToken } from '../core/api-token';
import { compositeKey, LabelIndex, pushTo, requiredLabels } from '../core/label-index';
import { NAMESPACE_NAME_LABEL, TRACK_LABEL } from '../core/label-keys';

/*
 * The topology of synthesized manifests: what was made and how it connects, as nodes and edges. Internal to the
 * topology picture (rendered as Mermaid by `TopologyDiagram`); works on plain JSON objects, whoever made them.
 */

/** The label that alert rules and dashboards name their application by. */
const NAME_LABEL = 'app.kubernetes.io/name';

/** The kinds whose pods other objects select, route to, scrape and alert on. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController', 'Pod']);
/** The API group of Roles, ClusterRoles and their bindings. */
const RBAC_GROUP = 'rbac.authorization.k8s.io';
/** The API group of the External Secrets Operator. */
const EXTERNAL_SECRETS_GROUP = 'external-secrets.io';
/** The API group of KEDA's ScaledObjects and TriggerAuthentications. */
const KEDA_GROUP = 'keda.sh';
/** What a KEDA scaler measures, by its type, where the type alone does not say (`rabbitmq` by its `mode`). */
const KEDA_MEASURES: ReadonlyMap<string, string> = new Map([
  ['aws-sqs-queue', 'queue length'],
  ['cron', 'schedule'],
  ['kafka', 'consumer lag'],
  ['prometheus', 'query'],
]);
/** The kinds of the identity that pods run as: the ServiceAccount, its bindings and its roles. */
export const IDENTITY_KINDS: ReadonlySet<string> = new Set(['ServiceAccount', 'RoleBinding', 'ClusterRoleBinding', 'Role', 'ClusterRole']);

/** How a node is drawn. */
export enum NodeShape {
  /** A box: an object in the cluster. */
  BOX = 'box',
  /** A stadium: a public host, outside the cluster. */
  STADIUM = 'stadium',
  /** A cylinder: storage (a claim, a claim per replica, a path on the node). */
  CYLINDER = 'cylinder',
}

/** How an edge is drawn. */
export enum EdgeLine {
  /** Solid: traffic, and the storage, configuration and identity that pods use. */
  SOLID = 'solid',
  /** Dotted: what watches, scales, guards, restricts or lets in. */
  DOTTED = 'dotted',
  /** Crossed: a connection that a NetworkPolicy blocks. */
  BLOCKED = 'blocked',
}

/** One node of the picture. */
export interface TopologyNode {
  /** Unique among the nodes: kind, namespace and name (or the host). */
  readonly key: string;
  /** The kind of object; `Host` for a public host, `HostPath` for a path on the node, `Peer` for a NetworkPolicy peer. */
  readonly kind: string;
  /** The namespace, `''` when the object has none (drawn outside the namespaces' frames). */
  readonly namespace: string;
  /** The name of the object (or the host). */
  readonly name: string;
  /** What the picture says, e.g. `Deployment shop/web, track blue`. */
  readonly label: string;
  /**
   * The lines under the label: the node's attributes (`3 replicas`) and the objects folded into it, each as
   * `Kind namespace/name: what it does` (`PodDisruptionBudget shop/web: max unavailable 1`).
   */
  readonly details: string[];
  readonly shape: NodeShape;
  /** Referenced by an object of the chart, but not in it (nor a Secret that an ExternalSecret of the chart makes). */
  readonly external: boolean;
  /** The application the node belongs to (its frame inside the namespace's), see {@link applicationKey}. */
  readonly application?: string;
}

/** One edge of the picture. */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  /** What the edge says, e.g. `port 80`. */
  readonly label?: string;
  readonly line: EdgeLine;
}

/** What to show, beyond the objects and their main connections. */
export interface GraphOptions {
  readonly configVolumes: boolean;
  readonly dashboards: boolean;
  readonly dashboardLabels: Record<string, string>;
  readonly networkPolicies: boolean;
}

/** An application of the picture: the objects labelled with one `app.kubernetes.io/name` in one namespace. */
export interface TopologyApplication {
  /** See {@link applicationKey}. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
}

/** The topology of a list of manifests. */
export interface TopologyGraph {
  /** Sorted by key. */
  readonly nodes: TopologyNode[];
  /** Sorted by from, to and label; without duplicates. */
  readonly edges: TopologyEdge[];
  /** Sorted by namespace and name. */
  readonly applications: TopologyApplication[];
  /** The namespaces whose Namespace object is among the manifests: the frame of their objects, not a node. */
  readonly namespaceObjects: ReadonlySet<string>;
}

/** The key of an application: its namespace and name. */
export function applicationKey(namespace: string, name: string): string {
  return `${namespace}|${name}`;
}

interface Obj {
  readonly manifest: any;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  readonly labels: Record<string, string>;
}

/**
 * Builds the topology of manifests: one node per object (and per published URL, per StatefulSet claim template,
 * per referenced object that is not among them), and the edges between them.
 */
export function topologyOf(manifests: any[], options: GraphOptions): TopologyGraph {
  return new GraphBuilder(manifests, options).build();
}

/** The key of an object by kind, namespace and name. */
function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind}|${namespace}|${name}`;
}

function describeObject(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The namespaces that a monitor's `namespaceSelector` picks: `undefined` for every namespace. */
function monitoredNamespaces(namespaceSelector: any, own: string): Set<string> | undefined {
  if (namespaceSelector?.any === true) {
    return undefined;
  }
  const names = arrayOf(namespaceSelector?.matchNames).map(String);
  return new Set(names.length > 0 ? names : [own]);
}

/**
 * What an Ingress takes as an ingress-nginx canary (`canary: "true"`), undefined for another Ingress: its share of the
 * traffic (`canary-weight` of `canary-weight-total`), and the requests it takes by header or cookie.
 */
function nginxCanaryOf(annotations: Record<string, string>): NginxCanary | undefined {
  if (annotations[NGINX_CANARY] !== 'true') {
    return undefined;
  }
  const weight = Number(annotations[`${NGINX_CANARY_PREFIX}weight`]);
  const total = Number(annotations[`${NGINX_CANARY_PREFIX}weight-total`] ?? 100);
  const percent = annotations[`${NGINX_CANARY_PREFIX}weight`] !== undefined && Number.isFinite(weight) && Number.isFinite(total) && total > 0
    ? Math.round((weight / total) * 100) : undefined;
  const header = annotations[`${NGINX_CANARY_PREFIX}by-header`];
  const cookie = annotations[`${NGINX_CANARY_PREFIX}by-cookie`];
  const by = header !== undefined ? `by header ${header}` : cookie !== undefined ? `by cookie ${cookie}` : undefined;
  return { percent, by };
}

/** Whether a TLS host of an Ingress (maybe a wildcard, `*.example.com`) covers a rule's host. */
function tlsCovers(tlsHost: string, host: string): boolean {
  if (tlsHost === host) {
    return true;
  }
  if (tlsHost.startsWith('*.')) {
    const suffix = tlsHost.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
  }
  return false;
}

function portOf(port: any): string | undefined {
  return str(port?.number) ?? str(port?.name) ?? str(port);
}

/** The kinds folded into the nodes they scale, guard or watch, as a line of their text (when nothing else points at them). */
const FOLDED_INTO_TARGET = new Set(['HorizontalPodAutoscaler', 'ScaledObject', 'PodDisruptionBudget', 'ServiceMonitor', 'PodMonitor']);
/** The kinds folded into the side node of their application: what alerts on, charts and probes it as a whole. */
const FOLDED_INTO_APPLICATION = new Set(['PrometheusRule', 'Probe', 'ConfigMap']);
/** The ingress-nginx annotations of a canary Ingress. */
const NGINX_CANARY = 'nginx.ingress.kubernetes.io/canary';
const NGINX_CANARY_PREFIX = 'nginx.ingress.kubernetes.io/canary-';

/** What a public host leads to: the Ingresses and routes that serve it, with their paths and shares. */
interface HostUse {
  /** Some Ingress or route serves it over TLS. */
  tls: boolean;
  /** The scheme that a Probe names it with, when nothing of the chart serves it. */
  probedScheme?: string;
  /** By Ingress or route key: the paths it serves, and the share of the traffic it takes (`10% canary`). */
  readonly targets: Map<string, { paths: Set<string>; canary?: NginxCanary }>;
}

/** What an ingress-nginx canary Ingress takes of its hosts' traffic. */
interface NginxCanary {
  /** Its share, in percent (`canary-weight` of `canary-weight-total`, 100 unless given). */
  readonly percent?: number;
  /** The requests it takes whatever the weight: `by header X-Canary`, `by cookie canary`. */
  readonly by?: string;
}

class GraphBuilder {
  private readonly objects: Obj[] = [];
  private readonly byKey = new Map<string, Obj>();
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges = new Map<string, TopologyEdge>();
  private readonly hidden = new Set<string>();
  /** The manifests as the analysis core reads them: the pod template of each workload, read once, and the flows. */
  private readonly model: ManifestModel;
  /** The NetworkPolicies of the manifests, for the labels of the namespaces that a peer selects. */
  private readonly policies: NetworkPolicies;
  /** The pod template of each workload, by its manifest. */
  private readonly podTemplates = new Map<unknown, PodTemplate>();
  /** The shown workloads by the labels of their pods. */
  private readonly workloadsByPodLabel = new LabelIndex<Obj>();
  /** The shown workloads by application: their own `app.kubernetes.io/name` label and their pods'. */
  private readonly workloadsByApplication = new Map<string, Obj[]>();
  /** The shown Services by their labels. */
  private readonly servicesByLabel = new LabelIndex<Obj>();
  /** The shown Ingresses by their labels. */
  private readonly ingressesByLabel = new LabelIndex<Obj>();
  /** The public hosts, by name (lower case). */
  private readonly hosts = new Map<string, HostUse>();
  /** What each Probe probes, as its side node says: the URL, or the Service or Ingress. */
  private readonly probeTargets = new Map<string, string[]>();
  /** The namespaces whose Namespace object is among the manifests. */
  private readonly namespaceObjects = new Set<string>();
  /** The workloads that an autoscaler scales, by namespace, kind and name. */
  private readonly autoscaled = new Set<string>();

  constructor(manifests: any[], private readonly options: GraphOptions) {
    for (const manifest of manifests) {
      const kind = String(manifest.kind);
      const namespace = str(manifest.metadata?.namespace) ?? '';
      const name = String(manifest.metadata?.name);
      let key = keyOf(kind, namespace, name);
      if (this.byKey.has(key)) {
        // The same kind and name in another API group (or a duplicate): keep both apart.
        key = `${key}|${String(manifest.apiVersion)}`;
        for (let i = 2; this.byKey.has(key); i++) {
          key = `${keyOf(kind, namespace, name)}|${String(manifest.apiVersion)}|${i}`;
        }
      }
      const obj: Obj = { manifest, kind, namespace, name, key, labels: stringMap(manifest.metadata?.labels) };
      this.objects.push(obj);
      this.byKey.set(key, obj);
    }
    this.model = new ManifestModel(readObjects([{ file: 'chart', documents: manifests }]).objects);
    this.policies = new NetworkPolicies(this.model);
    for (const autoscaler of this.model.autoscalers) {
      const target = scaleTargetOf(autoscaler)!;
      this.autoscaled.add(compositeKey(autoscaler.id.namespace ?? '', target.kind, target.name));
    }
    for (const pod of this.model.pods) {
      this.podTemplates.set(pod.object.manifest, pod);
    }
  }

  public build(): TopologyGraph {
    for (const obj of this.objects) {
      if (obj.kind === 'Namespace' && String(obj.manifest.apiVersion) === 'v1') {
        // The frame of its objects, not a box of its own.
        this.namespaceObjects.add(obj.name);
        this.hidden.add(obj.key);
        continue;
      }
      if (this.isHidden(obj)) {
        this.hidden.add(obj.key);
        continue;
      }
      this.nodes.set(obj.key, {
        key: obj.key,
        kind: obj.kind,
        namespace: obj.namespace,
        name: obj.name,
        label: this.labelOf(obj),
        details: this.attributesOf(obj),
        shape: obj.kind === 'PersistentVolumeClaim' ? NodeShape.CYLINDER : NodeShape.BOX,
        external: false,
        application: this.applicationOf(obj),
      });
    }
    this.index();
    for (const obj of this.objects) {
      if (!this.hidden.has(obj.key)) {
        this.connect(obj);
      }
    }
    this.connectFlows();
    this.connectHosts();
    this.fold();
    this.assignApplications();
    const nodes = [...this.nodes.values()].sort((a, b) => compare(a.key, b.key));
    const edges = [...this.edges.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.label ?? '', b.label ?? ''));
    const applications = new Map<string, TopologyApplication>();
    for (const n of nodes) {
      if (n.application !== undefined && !applications.has(n.application)) {
        const [namespace, name] = splitApplicationKey(n.application);
        applications.set(n.application, { key: n.application, namespace, name });
      }
    }
    return {
      nodes,
      edges,
      applications: [...applications.values()].sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name)),
      namespaceObjects: this.namespaceObjects,
    };
  }

  /** The application of an object: its `app.kubernetes.io/name` label, else its pods'. */
  private applicationOf(obj: Obj): string | undefined {
    const name = obj.labels[NAME_LABEL] ?? this.podTemplateOf(obj)?.labels[NAME_LABEL];
    return name === undefined || obj.namespace === '' ? undefined : applicationKey(obj.namespace, name);
  }

  /** The replicas of a workload that runs a fixed number of them: undefined for another kind, or when an autoscaler scales it. */
  private fixedReplicas(obj: Obj): number | undefined {
    if (!REPLICATED_KINDS.has(obj.kind) || this.autoscaled.has(compositeKey(obj.namespace, obj.kind, obj.name))) {
      return undefined;
    }
    return typeof obj.manifest.spec?.replicas === 'number' ? obj.manifest.spec.replicas : 1;
  }

  /** What a workload's node says under its name: how many pods it runs (unless an autoscaler says), or its schedule. */
  private attributesOf(obj: Obj): string[] {
    const spec = obj.manifest.spec ?? {};
    const replicas = this.fixedReplicas(obj);
    if (replicas !== undefined) {
      return [`${replicas} replica${replicas === 1 ? '' : 's'}`];
    }
    if (obj.kind === 'DaemonSet') {
      return ['a pod per node'];
    }
    if (obj.kind === 'CronJob' && str(spec.schedule) !== undefined) {
      return [`schedule ${str(spec.schedule)}${str(spec.timeZone) === undefined ? '' : ` ${str(spec.timeZone)}`}`];
    }
    return [];
  }

  /** A public host served (or probed) by the chart: one node per host. */
  private useHost(host: string, tls: boolean): HostUse {
    const name = host.toLowerCase();
    const use = this.hosts.get(name) ?? { tls: false, targets: new Map() };
    use.tls = use.tls || tls;
    this.hosts.set(name, use);
    return use;
  }

  /** The Ingress or route serves a path of a public host. */
  private serveHost(host: string, tls: boolean, target: string, path: string, canary?: NginxCanary): void {
    const targets = this.useHost(host, tls).targets;
    const entry = targets.get(target) ?? { paths: new Set<string>(), canary };
    targets.set(target, entry);
    entry.paths.add(path);
  }

  private hostNodeKey(host: string): string {
    return `Host||${host.toLowerCase()}`;
  }

  /**
   * The nodes of the public hosts (`https` when any Ingress or route serves the host with TLS) and their edges to the
   * Ingresses and routes that serve them, labelled with the paths and, beside an ingress-nginx canary, each one's share.
   */
  private connectHosts(): void {
    for (const [host, use] of this.hosts) {
      const key = this.hostNodeKey(host);
      const scheme = use.targets.size === 0 ? (use.probedScheme ?? 'http') : use.tls ? 'https' : 'http';
      this.nodes.set(key, {
        key, kind: 'Host', namespace: '', name: host, label: `${scheme}://${host}`, details: [], shape: NodeShape.STADIUM, external: false,
      });
      const weighted = [...use.targets.values()].filter((t) => t.canary?.percent !== undefined);
      for (const [target, { paths, canary }] of use.targets) {
        const sorted = [...paths].sort(compare);
        let share: string | undefined;
        if (canary !== undefined) {
          share = [canary.percent === undefined ? 'canary' : `${canary.percent}% canary`, canary.by].filter((x) => x !== undefined).join(' ');
        } else {
          // The main Ingress of a path that a weighted canary Ingress splits takes what the canary leaves.
          const split = weighted.find((c) => sorted.some((p) => c.paths.has(p)));
          share = split === undefined ? undefined : `${100 - split.canary!.percent!}%`;
        }
        this.edge(key, target, [share, sorted.join(', ')].filter((x) => x !== undefined).join(', '), EdgeLine.SOLID);
      }
    }
  }

  /**
   * Folds what scales, guards or watches one node into the text of that node (`PodDisruptionBudget shop/web: max
   * unavailable 1`), and what alerts on, charts or probes an application as a whole into a side node of the
   * application: the picture then shows the flows, not every object as a box of equal weight. An object that anything
   * else points at, or whose targets are not in the chart, stays a node of its own.
   */
  private fold(): void {
    const incoming = new Map<string, TopologyEdge[]>();
    const outgoing = new Map<string, TopologyEdge[]>();
    for (const e of this.edges.values()) {
      pushTo(incoming, e.to, e);
      pushTo(outgoing, e.from, e);
    }
    const drop = (key: string) => {
      this.nodes.delete(key);
      for (const e of [...(incoming.get(key) ?? []), ...(outgoing.get(key) ?? [])]) {
        this.edges.delete(edgeKey(e));
      }
    };
    const sideNodes = new Map<string, TopologyNode>();
    for (const node of [...this.nodes.values()].sort((a, b) => compare(a.key, b.key))) {
      const obj = this.byKey.get(node.key);
      if (obj === undefined || (incoming.get(node.key) ?? []).length > 0) {
        continue;
      }
      const out = outgoing.get(node.key) ?? [];
      if (FOLDED_INTO_TARGET.has(node.kind)) {
        const targets = out.map((e) => this.nodes.get(e.to));
        if (out.length > 0 && out.every((e) => e.line === EdgeLine.DOTTED) && targets.every((t) => t !== undefined && !t.external && t.kind !== 'Host')) {
          for (const e of out) {
            this.nodes.get(e.to)!.details.push(`${node.label}: ${e.label ?? 'guards'}`);
          }
          drop(node.key);
        }
      } else if (FOLDED_INTO_APPLICATION.has(node.kind) && (node.kind !== 'ConfigMap' || this.isDashboard(obj)) && node.application !== undefined
        && out.every((e) => e.line === EdgeLine.DOTTED)
        && (this.workloadsByApplication.get(compositeKey(obj.namespace, splitApplicationKey(node.application)[1])) ?? []).length > 0) {
        const key = `Application|${node.namespace}|${node.application}`;
        const side = sideNodes.get(key) ?? {
          key,
          kind: 'Monitoring',
          namespace: node.namespace,
          name: splitApplicationKey(node.application)[1],
          label: `monitoring of ${splitApplicationKey(node.application)[1]}`,
          details: [],
          shape: NodeShape.BOX,
          external: false,
          application: node.application,
        };
        sideNodes.set(key, side);
        side.details.push(`${node.label}: ${this.foldedText(node, out)}`);
        drop(node.key);
      }
    }
    for (const side of sideNodes.values()) {
      side.details.sort(compare);
      this.nodes.set(side.key, side);
    }
    for (const node of this.nodes.values()) {
      // Once each: a PodDisruptionBudget may guard a workload by two selectors' worth of edges.
      node.details.splice(0, node.details.length, ...new Set(node.details));
    }
  }

  /** What an object folded into its application's side node does: `5 alerts`, `charts`, `probes http_2xx https://shop.example.com/`. */
  private foldedText(node: TopologyNode, out: TopologyEdge[]): string {
    if (node.kind === 'PrometheusRule' || node.kind === 'ConfigMap') {
      const labels = [...new Set(out.map((e) => e.label))];
      return labels.length === 1 && labels[0] !== undefined ? labels[0] : node.kind === 'ConfigMap' ? 'charts' : 'records';
    }
    const module = str(this.byKey.get(node.key)?.manifest.spec?.module);
    const targets = [...new Set(this.probeTargets.get(node.key) ?? [])].sort(compare);
    return `${module === undefined ? 'probes' : `probes ${module}`} ${targets.length === 0 ? 'nothing' : targets.join(', ')}`;
  }

  /**
   * Puts the objects that carry no application label in the application of what they are connected to, when that is
   * one application: a Secret that only the database reads, the ExternalSecret that makes it, its claim template. A
   * workload of no application connected to it keeps it out; the rest stay in their namespace's frame.
   */
  private assignApplications(): void {
    const neighbours = new Map<string, string[]>();
    for (const e of this.edges.values()) {
      pushTo(neighbours, e.from, e.to);
      pushTo(neighbours, e.to, e.from);
    }
    for (let changed = true; changed;) {
      changed = false;
      for (const node of [...this.nodes.values()].sort((a, b) => compare(a.key, b.key))) {
        // Not the peers of a NetworkPolicy: pods elsewhere that it lets in.
        if (node.application !== undefined || node.namespace === '' || node.kind === 'Host' || node.kind === 'Peer') {
          continue;
        }
        const apps = new Set<string | undefined>();
        for (const other of (neighbours.get(node.key) ?? []).map((k) => this.nodes.get(k))) {
          if (other !== undefined && other.namespace === node.namespace && (other.application !== undefined || WORKLOAD_KINDS.has(other.kind))) {
            apps.add(other.application);
          }
        }
        const [only] = apps;
        if (apps.size === 1 && only !== undefined) {
          this.nodes.set(node.key, { ...node, application: only });
          changed = true;
        }
      }
    }
  }

  /** Indexes the shown objects that selectors and names point at. */
  private index(): void {
    for (const obj of this.objects) {
      if (this.hidden.has(obj.key)) {
        continue;
      }
      if (WORKLOAD_KINDS.has(obj.kind)) {
        const podLabels = this.podTemplateOf(obj)?.labels ?? {};
        this.workloadsByPodLabel.add(obj, obj.namespace, podLabels);
        for (const application of new Set([obj.labels[NAME_LABEL], podLabels[NAME_LABEL]])) {
          if (application !== undefined) {
            pushTo(this.workloadsByApplication, compositeKey(obj.namespace, application), obj);
          }
        }
      } else if (obj.kind === 'Service') {
        this.servicesByLabel.add(obj, obj.namespace, obj.labels);
      } else if (obj.kind === 'Ingress') {
        this.ingressesByLabel.add(obj, obj.namespace, obj.labels);
      }
    }
  }

  private isDashboard(obj: Obj): boolean {
    const wanted = Object.entries(this.options.dashboardLabels);
    return obj.kind === 'ConfigMap' && wanted.length > 0 && wanted.every(([k, v]) => obj.labels[k] === v);
  }

  private isHidden(obj: Obj): boolean {
    return (!this.options.dashboards && this.isDashboard(obj)) || (!this.options.networkPolicies && obj.kind === 'NetworkPolicy');
  }

  private labelOf(obj: Obj): string {
    const base = describeObject(obj.kind, obj.namespace, obj.name);
    if (WORKLOAD_KINDS.has(obj.kind)) {
      const track = obj.labels[TRACK_LABEL] ?? this.podTemplateOf(obj)?.labels[TRACK_LABEL];
      return track === undefined ? base : `${base}, track ${track}`;
    }
    if ((obj.kind === 'Role' || obj.kind === 'ClusterRole') && apiGroupOf(String(obj.manifest.apiVersion)) === RBAC_GROUP) {
      return `${base}, ${summarizeRules(obj.manifest)}`;
    }
    return this.isDashboard(obj) ? `${base}, dashboard` : base;
  }

  /**
   * The connections of the pods to the Services in their environment (the flows of src/analysis/flows.ts), with
   * what the NetworkPolicies make of them: `connects, port 3306`, or `blocked by NetworkPolicy shop/db`.
   */
  private connectFlows(): void {
    const byService = new Map<string, { from: string; to: string; ports: Set<string>; blocked: Set<string> }>();
    for (const flow of flowsOf(this.model).flows) {
      if (flow.kind !== 'connection' || flow.via === undefined) {
        continue;
      }
      const from = keyOf(flow.declaredBy.id.kind, flow.declaredBy.id.namespace ?? '', flow.declaredBy.id.name);
      const to = this.ref('Service', flow.via.id.namespace ?? '', flow.via.id.name);
      const entry = byService.get(`${from}\u0000${to}`) ?? { from, to, ports: new Set<string>(), blocked: new Set<string>() };
      byService.set(`${from}\u0000${to}`, entry);
      entry.ports.add(String(flow.viaPort));
      for (const b of flow.admission.blocking) {
        entry.blocked.add(describeObject(b.policy.id.kind, b.policy.id.namespace ?? '', b.policy.id.name));
      }
    }
    for (const { from, to, ports, blocked } of byService.values()) {
      if (blocked.size > 0) {
        this.edge(from, to, `blocked by ${[...blocked].sort().join(', ')}`, EdgeLine.BLOCKED);
      } else {
        this.edge(from, to, `connects, port ${[...ports].sort().join(', ')}`, EdgeLine.SOLID);
      }
    }
  }

  private connect(obj: Obj): void {
    const spec = obj.manifest.spec ?? {};
    if (WORKLOAD_KINDS.has(obj.kind)) {
      this.connectWorkload(obj);
      return;
    }
    switch (obj.kind) {
      case 'Ingress':
        return this.connectIngress(obj, spec);
      case 'HTTPRoute':
      case 'GRPCRoute':
        return this.connectRoute(obj, spec);
      case 'Service':
        return this.connectService(obj, spec);
      case 'ServiceMonitor':
        return this.connectServiceMonitor(obj, spec);
      case 'PodMonitor':
        return this.connectPodMonitor(obj, spec);
      case 'Probe':
        return this.connectProbe(obj, spec);
      case 'PrometheusRule':
        return this.connectRule(obj, spec);
      case 'HorizontalPodAutoscaler':
        return this.connectAutoscaler(obj, spec);
      case 'ScaledObject':
        return this.connectScaledObject(obj, spec);
      case 'TriggerAuthentication':
        return this.connectTriggerAuthentication(obj, spec);
      case 'PodDisruptionBudget':
        return this.connectDisruptionBudget(obj, spec);
      case 'NetworkPolicy':
        return this.connectNetworkPolicy(obj, spec);
      case 'ConfigMap':
        if (this.isDashboard(obj)) {
          this.connectByName(obj, 'charts');
        }
        return;
      case 'ServiceAccount':
        return this.connectServiceAccount(obj);
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        return this.connectBinding(obj);
      case 'ExternalSecret':
        return this.connectExternalSecret(obj, spec);
      default:
        return;
    }
  }

  // ---- traffic: URL → Ingress / route → Service → workload

  private connectIngress(ingress: Obj, spec: any): void {
    const tlsEntries = arrayOf(spec.tls);
    const isTls = (host: string | undefined) => tlsEntries.some((t) => {
      const hosts = arrayOf(t?.hosts).map(String);
      return hosts.length === 0 || (host !== undefined && hosts.some((h) => tlsCovers(h, host)));
    });
    const canary = nginxCanaryOf(stringMap(ingress.manifest.metadata?.annotations));
    for (const rule of arrayOf(spec.rules)) {
      const host = str(rule?.host);
      for (const p of arrayOf(rule?.http?.paths)) {
        const url = splitUrl(`http://${host ?? '*'}${str(p?.path) ?? '/'}`);
        this.serveHost(url.host, isTls(host), ingress.key, url.path, canary);
        this.ingressBackend(ingress, p?.backend, undefined);
      }
    }
    this.ingressBackend(ingress, spec.defaultBackend, 'default backend');
  }

  private ingressBackend(ingress: Obj, backend: any, what: string | undefined): void {
    const name = str(backend?.service?.name);
    if (name === undefined) {
      return;
    }
    const port = portOf(backend.service.port);
    const label = [what, port === undefined ? undefined : `port ${port}`].filter((x) => x !== undefined).join(', ');
    this.edge(ingress.key, this.ref('Service', ingress.namespace, name), label || undefined, EdgeLine.SOLID);
  }

  private connectRoute(route: Obj, spec: any): void {
    for (const parent of arrayOf(spec.parentRefs)) {
      const name = str(parent?.name);
      if (name === undefined) {
        continue;
      }
      const section = str(parent.sectionName);
      const gateway = this.ref(str(parent.kind) ?? 'Gateway', str(parent.namespace) ?? route.namespace, name);
      this.edge(gateway, route.key, section === undefined ? undefined : `listener ${section}`, EdgeLine.SOLID);
    }
    const hostnames = arrayOf(spec.hostnames).map(String);
    for (const rule of arrayOf(spec.rules)) {
      const paths = arrayOf(rule?.matches).map((m) => (route.kind === 'HTTPRoute' ? str(m?.path?.value) ?? '/' : grpcPathOf(m?.method)));
      for (const host of hostnames) {
        for (const path of paths.length > 0 ? paths : ['/']) {
          // A gRPC path as it is (a RegularExpression match would not survive URL normalization: `\.` is not `/`).
          const url = route.kind === 'HTTPRoute' ? splitUrl(`https://${host}${path}`) : { host: splitUrl(`https://${host}`).host, path };
          this.serveHost(url.host, true, route.key, url.path);
        }
      }
      // The share of each backend: its weight (1 unless given) of the rule's, when any backend has a weight.
      const backends = arrayOf(rule?.backendRefs).filter((b) => str(b?.name) !== undefined);
      const weighted = backends.some((b) => b.weight !== undefined);
      const weightOf = (b: any) => (typeof b.weight === 'number' && b.weight >= 0 ? b.weight : b.weight === undefined ? 1 : 0);
      const total = backends.reduce((sum, b) => sum + weightOf(b), 0);
      for (const backend of backends) {
        const target = this.ref(str(backend.kind) ?? 'Service', str(backend.namespace) ?? route.namespace, String(backend.name));
        const parts = [];
        if (backend.port !== undefined) {
          parts.push(`port ${str(backend.port)}`);
        }
        if (weighted) {
          const track = this.trackOfService(target);
          parts.push(total > 0 ? `${Math.round((weightOf(backend) / total) * 100)}%${track === undefined ? '' : ` ${track}`}` : `weight ${str(backend.weight) ?? '1'}`);
        }
        this.edge(route.key, target, parts.join(', ') || undefined, EdgeLine.SOLID);
      }
    }
  }

  /** The release track of every pod a Service of the chart selects, when they are all of one track. */
  private trackOfService(serviceKey: string): string | undefined {
    const service = this.byKey.get(serviceKey);
    if (service === undefined || service.kind !== 'Service') {
      return undefined;
    }
    const selector = stringMap(service.manifest.spec?.selector);
    if (Object.keys(selector).length === 0) {
      return undefined;
    }
    const tracks = new Set(this.workloadsByPodLabel.candidates(selector, service.namespace)
      .filter((w) => w.namespace === service.namespace && mapSelectorMatches(selector, this.podTemplateOf(w)?.labels ?? {}))
      .map((w) => this.podTemplateOf(w)?.labels[TRACK_LABEL]));
    return tracks.size === 1 ? [...tracks][0] : undefined;
  }

  /**
   * A Service → the workloads whose pods it selects. When it selects the pods of several release tracks, none of them
   * autoscaled, each edge says the track's share of the pods: `75%, 3 of 4 pods`.
   */
  private connectService(service: Obj, spec: any): void {
    const selector = stringMap(spec.selector);
    const selected = this.workloadsByPodLabel.candidates(selector, service.namespace)
      .filter((w) => w.namespace === service.namespace && mapSelectorMatches(selector, this.podTemplateOf(w)?.labels ?? {}));
    const tracks = new Set(selected.map((w) => this.podTemplateOf(w)?.labels[TRACK_LABEL]));
    const replicas = selected.map((w) => this.fixedReplicas(w));
    const total = replicas.every((r) => r !== undefined) ? replicas.reduce((sum: number, r) => sum + r!, 0) : 0;
    selected.forEach((workload, i) => {
      const share = selected.length > 1 && tracks.size === selected.length && !tracks.has(undefined) && total > 0
        ? `${Math.round((replicas[i]! / total) * 100)}%, ${replicas[i]} of ${total} pods` : undefined;
      this.edge(service.key, workload.key, share, EdgeLine.SOLID);
    });
  }

  // ---- what the pods use: claims, claim templates, ConfigMaps and Secrets

  private connectWorkload(workload: Obj): void {
    const template = this.podTemplateOf(workload);
    const podSpec = template?.spec ?? {};
    const mountsOf = (volume: string) => {
      const paths = new Set<string>();
      for (const container of [...arrayOf(podSpec.initContainers), ...arrayOf(podSpec.containers)]) {
        for (const mount of arrayOf(container?.volumeMounts)) {
          if (mount?.name === volume && str(mount.mountPath) !== undefined) {
            paths.add(String(mount.mountPath));
          }
        }
      }
      return paths.size > 0 ? `mounts ${[...paths].sort().join(', ')}` : `volume ${volume}`;
    };
    // A StatefulSet's claim template takes precedence over a pod volume of the same name.
    const claimTemplates = workload.kind === 'StatefulSet' ? arrayOf(workload.manifest.spec?.volumeClaimTemplates) : [];
    const templateNames = new Set(claimTemplates.map((t) => str(t?.metadata?.name)));
    for (const volume of arrayOf(podSpec.volumes)) {
      const volumeName = String(volume?.name);
      if (templateNames.has(volumeName)) {
        continue;
      }
      const claim = str(volume?.persistentVolumeClaim?.claimName);
      if (claim !== undefined) {
        this.edge(workload.key, this.ref('PersistentVolumeClaim', workload.namespace, claim), mountsOf(volumeName), EdgeLine.SOLID);
      }
      const hostPath = str(volume?.hostPath?.path);
      if (hostPath !== undefined) {
        this.edge(workload.key, this.hostPathNode(hostPath), mountsOf(volumeName), EdgeLine.SOLID);
      }
    }
    if (template !== undefined) {
      this.connectIdentity(workload, template);
      if (this.options.configVolumes) {
        this.connectConfig(workload, template, templateNames, mountsOf);
      }
    }
    for (const claimTemplate of claimTemplates) {
      const templateName = str(claimTemplate?.metadata?.name);
      if (templateName !== undefined) {
        const key = `VolumeClaimTemplate|${workload.namespace}|${workload.name}|${templateName}`;
        if (!this.nodes.has(key)) {
          this.nodes.set(key, {
            key,
            kind: 'VolumeClaimTemplate',
            namespace: workload.namespace,
            name: `${workload.name}-${templateName}`,
            label: `${describeObject('PersistentVolumeClaim', workload.namespace, `${templateName}-${workload.name}-N`)}, one per replica`,
            details: [],
            shape: NodeShape.CYLINDER,
            external: false,
          });
        }
        this.edge(workload.key, key, mountsOf(templateName), EdgeLine.SOLID);
      }
    }
  }

  /**
   * The ConfigMaps and Secrets the pods read: volumes (labelled with the mount paths), environment variables (with
   * their names; `envFrom` with its prefix) and pull Secrets. Names only: a Secret's data is never read.
   */
  private connectConfig(
    workload: Obj, template: PodTemplate, claimTemplateNames: Set<string | undefined>, mountsOf: (volume: string) => string,
  ): void {
    const variables = new Map<string, { kind: string; name: string; names: Set<string> }>();
    for (const ref of configReferencesOf(template)) {
      const target = () => this.ref(ref.kind, workload.namespace, ref.name);
      switch (ref.use) {
        case 'volume':
          if (!claimTemplateNames.has(ref.volume)) {
            this.edge(workload.key, target(), mountsOf(String(ref.volume)), EdgeLine.SOLID);
          }
          break;
        case 'env': {
          const entry = variables.get(`${ref.kind}|${ref.name}`) ?? { kind: ref.kind, name: ref.name, names: new Set<string>() };
          variables.set(`${ref.kind}|${ref.name}`, entry);
          if (ref.variable !== undefined) {
            entry.names.add(ref.variable);
          }
          break;
        }
        case 'envFrom':
          this.edge(workload.key, target(), ref.prefix === undefined ? 'env from every key' : `env from every key, prefix ${ref.prefix}`, EdgeLine.SOLID);
          break;
        case 'imagePull':
          this.edge(workload.key, target(), 'pulls images with', EdgeLine.SOLID);
          break;
      }
    }
    for (const { kind, name, names } of variables.values()) {
      this.edge(workload.key, this.ref(kind, workload.namespace, name), names.size === 0 ? 'env' : `env ${[...names].sort(compare).join(', ')}`, EdgeLine.SOLID);
    }
  }

  /**
   * The ServiceAccount the pods run as (when the pod template names one), labelled with whether the pods get an API
   * token: the pod's `automountServiceAccountToken`, else the ServiceAccount's (true when it does not say); else a
   * token for the API server projected into a volume the containers mount (`serviceAccountToken` without an audience,
   * with its own expiry; a token for another audience is not one); unsaid when neither the pod nor a ServiceAccount of
   * the manifests says and none is projected.
   */
  private connectIdentity(workload: Obj, template: PodTemplate): void {
    const name = serviceAccountNameOf(template);
    if (name === undefined) {
      return;
    }
    const key = this.ref('ServiceAccount', workload.namespace, name);
    const account = this.byKey.get(key)?.manifest;
    const podSays = template.spec.automountServiceAccountToken;
    const token = typeof podSays === 'boolean' ? podSays
      : account === undefined ? undefined
        : account.automountServiceAccountToken !== false;
    const label = token === true ? 'runs as, API token mounted'
      : projectsApiToken(template.spec) ? 'runs as, API token projected'
        : token === undefined ? 'runs as' : 'runs as, no API token';
    this.edge(workload.key, key, label, EdgeLine.SOLID);
  }

  // ---- identity and secrets: ServiceAccount → binding → role, secret store → ExternalSecret → Secret

  /** The pull Secrets of a ServiceAccount: every pod that runs as it pulls images with them. */
  private connectServiceAccount(account: Obj): void {
    if (!this.options.configVolumes) {
      return;
    }
    for (const secret of arrayOf(account.manifest.imagePullSecrets)) {
      const name = str(secret?.name);
      if (name !== undefined) {
        this.edge(account.key, this.ref('Secret', account.namespace, name), 'pulls images with', EdgeLine.SOLID);
      }
    }
  }

  /**
   * A RoleBinding or ClusterRoleBinding: each subject → the binding → the role it binds. ServiceAccounts are their
   * objects (dashed when not in the manifests); users and groups are dashed boxes of their own.
   */
  private connectBinding(binding: Obj): void {
    if (apiGroupOf(String(binding.manifest.apiVersion)) !== RBAC_GROUP) {
      return;
    }
    for (const subject of arrayOf(binding.manifest.subjects)) {
      const kind = str(subject?.kind);
      const name = str(subject?.name);
      if (kind === undefined || name === undefined) {
        continue;
      }
      const namespace = kind === 'ServiceAccount' ? (str(subject.namespace) ?? binding.namespace) : '';
      this.edge(this.ref(kind, namespace, name), binding.key, undefined, EdgeLine.SOLID);
    }
    const roleRef = binding.manifest.roleRef;
    const kind = str(roleRef?.kind);
    const name = str(roleRef?.name);
    if (kind !== undefined && name !== undefined) {
      this.edge(binding.key, this.ref(kind, kind === 'ClusterRole' ? '' : binding.namespace, name), undefined, EdgeLine.SOLID);
    }
  }

  /**
   * An ExternalSecret of the External Secrets Operator: its stores (`secretStoreRef`, and the `storeRef` of a
   * `sourceRef` of `data` and `dataFrom`) → the ExternalSecret → the Secret it makes (`target.name`, else its own
   * name), drawn as made by the chart rather than as a dashed box; `merges into` a Secret made elsewhere with the
   * creation policy `Merge`; no edge with `None`.
   */
  private connectExternalSecret(externalSecret: Obj, spec: any): void {
    if (apiGroupOf(String(externalSecret.manifest.apiVersion)) !== EXTERNAL_SECRETS_GROUP) {
      return;
    }
    const stores = [spec.secretStoreRef, ...[...arrayOf(spec.data), ...arrayOf(spec.dataFrom)].map((d) => d?.sourceRef?.storeRef)];
    for (const store of stores.filter(isObject)) {
      const name = str(store.name);
      if (name !== undefined) {
        const kind = str(store.kind) ?? 'SecretStore';
        this.edge(this.ref(kind, kind === 'ClusterSecretStore' ? '' : externalSecret.namespace, name), externalSecret.key, undefined, EdgeLine.SOLID);
      }
    }
    const policy = str(spec.target?.creationPolicy);
    if (policy === 'None') {
      return;
    }
    const target = this.ref('Secret', externalSecret.namespace, str(spec.target?.name) ?? externalSecret.name);
    if (policy === 'Merge') {
      // The Secret must exist already: made elsewhere.
      this.edge(externalSecret.key, target, 'merges into', EdgeLine.SOLID);
      return;
    }
    // Made by the chart, through the operator: not a dashed box, whatever referred to it first.
    const node = this.nodes.get(target);
    if (node?.external) {
      this.nodes.set(target, { ...node, external: false });
    }
    this.edge(externalSecret.key, target, 'makes', EdgeLine.SOLID);
  }

  // ---- what watches, alerts on, scales, guards and restricts the workloads

  private connectServiceMonitor(monitor: Obj, spec: any): void {
    const namespaces = monitoredNamespaces(spec.namespaceSelector, monitor.namespace);
    const label = scrapeLabel(arrayOf(spec.endpoints));
    for (const service of this.servicesByLabel.candidates(requiredLabels(spec.selector?.matchLabels))) {
      if ((namespaces === undefined || namespaces.has(service.namespace)) && labelSelectorMatches(spec.selector, service.labels)) {
        this.edge(monitor.key, service.key, label, EdgeLine.DOTTED);
      }
    }
  }

  private connectPodMonitor(monitor: Obj, spec: any): void {
    const namespaces = monitoredNamespaces(spec.namespaceSelector, monitor.namespace);
    const label = scrapeLabel(arrayOf(spec.podMetricsEndpoints));
    for (const workload of this.workloadsByPodLabel.candidates(requiredLabels(spec.selector?.matchLabels))) {
      if ((namespaces === undefined || namespaces.has(workload.namespace))
        && labelSelectorMatches(spec.selector, this.podTemplateOf(workload)?.labels ?? {})) {
        this.edge(monitor.key, workload.key, label, EdgeLine.DOTTED);
      }
    }
  }

  private connectProbe(probe: Obj, spec: any): void {
    const module = str(spec.module);
    const label = module === undefined ? 'probes' : `probes ${module}`;
    for (const target of arrayOf(spec.targets?.staticConfig?.static).map(String)) {
      const service = inClusterService(target);
      if (service) {
        this.edge(probe.key, this.ref('Service', service.namespace, service.name), label, EdgeLine.DOTTED);
        pushTo(this.probeTargets, probe.key, describeObject('Service', service.namespace, service.name));
      } else {
        // The public host, as the chart serves it; the path on the edge.
        const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}`;
        const url = splitUrl(withScheme);
        const use = this.useHost(url.host, false);
        use.probedScheme = use.probedScheme ?? withScheme.slice(0, withScheme.indexOf(':')).toLowerCase();
        this.edge(probe.key, this.hostNodeKey(url.host), url.path === '/' ? label : `${label} ${url.path}`, EdgeLine.DOTTED);
        pushTo(this.probeTargets, probe.key, `${withScheme.slice(0, withScheme.indexOf(':')).toLowerCase()}://${url.host}${url.path}`);
      }
    }
    const ingressTargets = spec.targets?.ingress;
    if (ingressTargets?.selector) {
      const namespaces = monitoredNamespaces(ingressTargets.namespaceSelector, probe.namespace);
      for (const ingress of this.ingressesByLabel.candidates(requiredLabels(ingressTargets.selector?.matchLabels))) {
        if ((namespaces === undefined || namespaces.has(ingress.namespace))
          && labelSelectorMatches(ingressTargets.selector, ingress.labels)) {
          this.edge(probe.key, ingress.key, label, EdgeLine.DOTTED);
          pushTo(this.probeTargets, probe.key, describeObject('Ingress', ingress.namespace, ingress.name));
        }
      }
    }
  }

  private connectRule(rule: Obj, spec: any): void {
    const alerts = arrayOf(spec.groups).flatMap((g) => arrayOf(g?.rules)).filter((r) => r?.alert !== undefined).length;
    this.connectByName(rule, alerts > 0 ? `${alerts} alert${alerts === 1 ? '' : 's'}` : 'records');
  }

  /** An alert rule or dashboard → the workloads of the application its `app.kubernetes.io/name` label names. */
  private connectByName(obj: Obj, label: string): void {
    const application = obj.labels[NAME_LABEL];
    if (application === undefined) {
      return;
    }
    for (const workload of this.workloadsByApplication.get(compositeKey(obj.namespace, application)) ?? []) {
      this.edge(obj.key, workload.key, label, EdgeLine.DOTTED);
    }
  }

  private connectAutoscaler(hpa: Obj, spec: any): void {
    const target = spec.scaleTargetRef;
    const name = str(target?.name);
    if (name === undefined) {
      return;
    }
    const max = str(spec.maxReplicas);
    const label = max === undefined ? 'scales' : `scales ${str(spec.minReplicas) ?? '1'} to ${max}`;
    this.edge(hpa.key, this.ref(str(target.kind) ?? 'Deployment', hpa.namespace, name), label, EdgeLine.DOTTED);
  }

  /**
   * A KEDA ScaledObject ⇢ the workload it scales (`scaleTargetRef`: a Deployment unless it names another kind),
   * labelled like an HPA with KEDA's defaults (0 and 100 replicas) and what its triggers measure; → the
   * TriggerAuthentications its triggers name (`authenticationRef`).
   */
  private connectScaledObject(scaledObject: Obj, spec: any): void {
    if (apiGroupOf(String(scaledObject.manifest.apiVersion)) !== KEDA_GROUP) {
      return;
    }
    const triggers = arrayOf(spec.triggers).filter(isObject);
    const target = spec.scaleTargetRef;
    const name = str(target?.name);
    if (name !== undefined) {
      const measures = [...new Set(triggers.map(triggerMeasures).filter((m): m is string => m !== undefined))];
      const on = measures.length === 0 ? '' : ` on ${measures.length === 1 ? measures[0] : `${measures.slice(0, -1).join(', ')} and ${measures[measures.length - 1]}`}`;
      const label = `scales ${str(spec.minReplicaCount) ?? '0'} to ${str(spec.maxReplicaCount) ?? '100'}${on}`;
      this.edge(scaledObject.key, this.ref(str(target.kind) ?? 'Deployment', scaledObject.namespace, name), label, EdgeLine.DOTTED);
    }
    for (const trigger of triggers) {
      const authName = str(trigger.authenticationRef?.name);
      if (authName !== undefined) {
        const kind = str(trigger.authenticationRef.kind) ?? 'TriggerAuthentication';
        this.edge(scaledObject.key, this.ref(kind, kind === 'ClusterTriggerAuthentication' ? '' : scaledObject.namespace, authName), 'authenticates with', EdgeLine.SOLID);
      }
    }
  }

  /**
   * A KEDA TriggerAuthentication → the Secrets (`secretTargetRef`) and ConfigMaps (`configMapTargetRef`) it reads,
   * labelled with the scaler parameters they give, as a workload's edge to a Secret is with the variables.
   */
  private connectTriggerAuthentication(authentication: Obj, spec: any): void {
    if (apiGroupOf(String(authentication.manifest.apiVersion)) !== KEDA_GROUP) {
      return;
    }
    const parameters = new Map<string, { kind: string; name: string; names: Set<string> }>();
    for (const [kind, refs] of [['Secret', spec.secretTargetRef], ['ConfigMap', spec.configMapTargetRef]] as const) {
      for (const ref of arrayOf(refs)) {
        const name = str(ref?.name);
        if (name === undefined) {
          continue;
        }
        const entry = parameters.get(`${kind}|${name}`) ?? { kind, name, names: new Set<string>() };
        parameters.set(`${kind}|${name}`, entry);
        const parameter = str(ref.parameter);
        if (parameter !== undefined) {
          entry.names.add(parameter);
        }
      }
    }
    for (const { kind, name, names } of parameters.values()) {
      const label = names.size === 0 ? undefined : `parameter${names.size === 1 ? '' : 's'} ${[...names].sort(compare).join(', ')}`;
      this.edge(authentication.key, this.ref(kind, authentication.namespace, name), label, EdgeLine.SOLID);
    }
  }

  private connectDisruptionBudget(pdb: Obj, spec: any): void {
    const label = spec.maxUnavailable !== undefined ? `max unavailable ${str(spec.maxUnavailable)}`
      : spec.minAvailable !== undefined ? `min available ${str(spec.minAvailable)}` : 'guards';
    this.connectSelected(pdb, spec.selector, label);
  }

  /**
   * A NetworkPolicy ⇢ the workloads whose pods it selects (`applies to`), and who it lets in: each peer of its ingress
   * rules ⇢ the policy (`lets in, port mysql`) — the workloads of the chart whose pods a peer selects, else a dashed
   * box that describes the peer (`namespace ingress-nginx`, `pods app=admin`, `addresses 10.0.0.0/8`, `any source`).
   * `lets nothing in` on the policy's node when it isolates the pods for ingress without a rule.
   */
  private connectNetworkPolicy(policy: Obj, spec: any): void {
    this.connectSelected(policy, spec.podSelector, 'applies to');
    const types = arrayOf(spec.policyTypes).map((t) => String(t).toLowerCase());
    if (types.length > 0 && !types.includes('ingress')) {
      return;
    }
    const rules = arrayOf(spec.ingress).filter(isObject);
    if (rules.length === 0) {
      this.nodes.get(policy.key)?.details.push('lets nothing in');
      return;
    }
    for (const rule of rules) {
      const ports = arrayOf(rule.ports).filter(isObject).map((p) => `${str(p.port) ?? 'every port'}${str(p.endPort) === undefined ? '' : `-${str(p.endPort)}`}`
        + `${p.protocol !== undefined && p.protocol !== 'TCP' ? `/${str(p.protocol)}` : ''}`);
      const label = ports.length === 0 ? 'lets in' : `lets in, port${ports.length === 1 ? '' : 's'} ${[...new Set(ports)].join(', ')}`;
      const peers = arrayOf(rule.from).filter(isObject);
      if (peers.length === 0) {
        this.edge(this.peerNode('any', 'any source'), policy.key, label, EdgeLine.DOTTED);
      }
      for (const peer of peers) {
        for (const from of this.peersOf(policy, peer)) {
          this.edge(from, policy.key, label, EdgeLine.DOTTED);
        }
      }
    }
  }

  /** The nodes of a NetworkPolicy peer: the workloads of the chart whose pods it selects, else a box that describes it. */
  private peersOf(policy: Obj, peer: Record<string, any>): string[] {
    if (isObject(peer.ipBlock)) {
      const except = arrayOf(peer.ipBlock.except).map(String);
      const cidr = str(peer.ipBlock.cidr) ?? '?';
      return [this.peerNode(`ipBlock|${cidr}|${except.join(',')}`, `addresses ${cidr}${except.length === 0 ? '' : ` except ${except.join(', ')}`}`)];
    }
    if (peer.podSelector === undefined && peer.namespaceSelector === undefined) {
      return [];
    }
    // The namespaces it selects, each decided once; by name alone, only the workloads of that namespace are candidates.
    const names = peer.namespaceSelector === undefined ? undefined : namespaceNamesOf(peer.namespaceSelector);
    const decided = new Map<string, boolean>();
    const inNamespace = (namespace: string) => {
      let ok = decided.get(namespace);
      if (ok === undefined) {
        ok = peer.namespaceSelector === undefined ? namespace === policy.namespace
          : labelSelectorMatches(peer.namespaceSelector, this.policies.labelsOfNamespace(namespace));
        decided.set(namespace, ok);
      }
      return ok;
    };
    const podSelector = peer.podSelector ?? {};
    const scope = peer.namespaceSelector === undefined ? policy.namespace : names;
    const workloads = this.workloadsByPodLabel.candidates(requiredLabels(podSelector.matchLabels), scope)
      .filter((w) => inNamespace(w.namespace) && labelSelectorMatches(podSelector, this.podTemplateOf(w)?.labels ?? {}));
    if (workloads.length > 0) {
      return workloads.map((w) => w.key).sort(compare);
    }
    const pods = selectorText(podSelector);
    const namespaces = peer.namespaceSelector === undefined ? undefined
      : names !== undefined ? `namespace ${names}` : `namespaces ${selectorText(peer.namespaceSelector) || 'all'}`;
    const label = [namespaces, pods === '' ? (namespaces === undefined ? 'every pod' : undefined) : `pods ${pods}`].filter((x) => x !== undefined).join(', ');
    // Pods of the policy's own namespace stay in its frame; those of other namespaces are outside the frames.
    return [this.peerNode(`pods|${label}`, label, namespaces === undefined ? policy.namespace : '')];
  }

  private connectSelected(obj: Obj, selector: any, label: string): void {
    for (const workload of this.workloadsByPodLabel.candidates(requiredLabels(selector?.matchLabels), obj.namespace)) {
      if (workload.namespace === obj.namespace && labelSelectorMatches(selector, this.podTemplateOf(workload)?.labels ?? {})) {
        this.edge(obj.key, workload.key, label, EdgeLine.DOTTED);
      }
    }
  }

  // ---- helpers

  private podTemplateOf(workload: Obj): PodTemplate | undefined {
    return this.podTemplates.get(workload.manifest);
  }


  /** The node of a referenced object: the object when it is among the manifests, a node marked external otherwise. */
  private ref(kind: string, namespace: string, name: string): string {
    const key = keyOf(kind, namespace, name);
    if (!this.nodes.has(key) && !this.hidden.has(key)) {
      this.nodes.set(key, {
        key,
        kind,
        namespace,
        name,
        label: describeObject(kind, namespace, name),
        details: [],
        shape: kind === 'PersistentVolumeClaim' ? NodeShape.CYLINDER : NodeShape.BOX,
        external: true,
      });
    }
    return key;
  }

  /** A path on the node that pods mount (`hostPath`): storage outside the namespaces, one node per path. */
  private hostPathNode(path: string): string {
    const key = `HostPath||${path}`;
    if (!this.nodes.has(key)) {
      this.nodes.set(key, { key, kind: 'HostPath', namespace: '', name: path, label: `host path ${path}`, details: [], shape: NodeShape.CYLINDER, external: false });
    }
    return key;
  }

  /** What a NetworkPolicy lets in that is not a workload of the chart: a dashed box. */
  private peerNode(id: string, label: string, namespace = ''): string {
    const key = `Peer|${namespace}|${id}`;
    if (!this.nodes.has(key)) {
      this.nodes.set(key, { key, kind: 'Peer', namespace, name: label, label, details: [], shape: NodeShape.BOX, external: true });
    }
    return key;
  }

  private edge(from: string, to: string, label: string | undefined, line: EdgeLine): void {
    if (this.hidden.has(from) || this.hidden.has(to)) {
      return;
    }
    const edge = { from, to, label, line };
    if (!this.edges.has(edgeKey(edge))) {
      this.edges.set(edgeKey(edge), edge);
    }
  }
}

function edgeKey(e: TopologyEdge): string {
  return `${e.from}\u0000${e.to}\u0000${e.label ?? ''}\u0000${e.line}`;
}

/** The namespace and name of an application's key. */
export function splitApplicationKey(key: string): [string, string] {
  const at = key.indexOf('|');
  return [key.slice(0, at), key.slice(at + 1)];
}

/** A URL's host (lower case, with the port) and path (with the query), normalized as a browser would. */
function splitUrl(url: string): { host: string; path: string } {
  try {
    const u = new URL(url);
    return { host: u.host, path: `${u.pathname}${u.search}` };
  } catch {
    const m = /^[a-z]+:\/\/([^/]*)(.*)$/i.exec(url);
    return { host: (m?.[1] ?? url).toLowerCase(), path: m?.[2] || '/' };
  }
}

/** A label selector in a few words: `app=web, tier in (a, b)`; `''` for an empty one. */
function selectorText(selector: any): string {
  const parts = Object.entries(stringMap(selector?.matchLabels)).map(([k, v]) => `${k}=${v}`);
  for (const e of arrayOf(selector?.matchExpressions).filter(isObject)) {
    const values = arrayOf(e.values).map(String);
    parts.push(`${str(e.key)} ${String(e.operator ?? '').replace(/^In$/, 'in').replace(/^NotIn$/, 'not in').replace(/^Exists$/, 'exists').replace(/^DoesNotExist$/, 'does not exist')}`
      + `${values.length > 0 ? ` (${values.join(', ')})` : ''}`);
  }
  return parts.join(', ');
}

/** The namespace that a namespace selector names by `kubernetes.io/metadata.name` alone, when it does. */
function namespaceNamesOf(selector: any): string | undefined {
  const labels = stringMap(selector?.matchLabels);
  const keys = Object.keys(labels);
  const byNameOnly = keys.length === 1 && keys[0] === NAMESPACE_NAME_LABEL && arrayOf(selector?.matchExpressions).length === 0;
  return byNameOnly ? labels[NAMESPACE_NAME_LABEL] : undefined;
}

/**
 * The path of the gRPC calls that a GRPCRoute's method match takes (`/<service>/<method>`, `*` for what it leaves
 * open), `/` for a match without one.
 */
function grpcPathOf(method: any): string {
  const service = str(method?.service);
  const name = str(method?.method);
  return service === undefined && name === undefined ? '/' : `/${service ?? '*'}/${name ?? '*'}`;
}

/** What a KEDA trigger measures, in a few words: `rabbitmq queue length`, `cpu utilization`, `kafka consumer lag`. */
function triggerMeasures(trigger: any): string | undefined {
  const type = str(trigger.type);
  if (type === undefined) {
    return undefined;
  }
  if (type === 'rabbitmq') {
    const mode = str(trigger.metadata?.mode);
    return mode === 'QueueLength' ? 'rabbitmq queue length' : mode === 'MessageRate' ? 'rabbitmq message rate' : type;
  }
  if (type === 'cpu' || type === 'memory') {
    return str(trigger.metricType) === 'Utilization' ? `${type} utilization` : type;
  }
  const measures = KEDA_MEASURES.get(type);
  return measures === undefined ? type : `${type} ${measures}`;
}

function scrapeLabel(endpoints: any[]): string {
  const ports = [...new Set(endpoints.map((e) => str(e?.port) ?? str(e?.targetPort)).filter((p): p is string => p !== undefined))].sort();
  if (ports.length === 0) {
    return 'scrapes';
  }
  return `scrapes port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}`;
}

/** The Service that a black-box target names by its in-cluster DNS name (`<svc>.<ns>.svc[.cluster.local]`). */
function inClusterService(target: string): { name: string; namespace: string } | undefined {
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}`).hostname;
  } catch {
    return undefined;
  }
  const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?\.?$/.exec(host);
  return match ? { name: match[1], namespace: match[3] } : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
