import { summarizeRules } from './rbac-summary';
import {
  apiGroupOf, arrayOf, configReferencesOf, flowsOf, isObject, labelSelectorMatches, ManifestModel, mapSelectorMatches, PodTemplate, readObjects,
  serviceAccountNameOf, stringMap,
} from '../analysis';
import { compositeKey, LabelIndex, pushTo, requiredLabels } from '../core/label-index';

/*
 * The topology of synthesized manifests: what was made and how it connects, as nodes and edges. Internal to the
 * topology picture (rendered as Mermaid by `TopologyDiagram`); works on plain JSON objects, whoever made them.
 */

/** The label that marks the release track of a workload's pods (see `RecommendedLabel.TRACK`). */
const TRACK_LABEL = 'cdk8s-appflow/track';
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
  /** A stadium: a published URL, outside the cluster. */
  STADIUM = 'stadium',
  /** A cylinder: storage. */
  CYLINDER = 'cylinder',
}

/** One node of the picture. */
export interface TopologyNode {
  /** Unique among the nodes: kind, namespace and name (or the URL). */
  readonly key: string;
  /** The kind of object, `URL` for a published URL. */
  readonly kind: string;
  /** The namespace, `''` when the object has none. */
  readonly namespace: string;
  /** The name of the object (or the URL). */
  readonly name: string;
  /** What the picture says, e.g. `Deployment shop/web, track blue`. */
  readonly label: string;
  readonly shape: NodeShape;
  /** Referenced by an object of the chart, but not in it (nor a Secret that an ExternalSecret of the chart makes). */
  readonly external: boolean;
}

/** One edge of the picture. */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  /** What the edge says, e.g. `port 80`. */
  readonly label?: string;
  /** A dotted edge (watches, alerts on, scales, guards, restricts) rather than a solid one (traffic, storage, config). */
  readonly control: boolean;
}

/** What to show, beyond the objects and their main connections. */
export interface GraphOptions {
  readonly configVolumes: boolean;
  readonly dashboards: boolean;
  readonly dashboardLabels: Record<string, string>;
  readonly networkPolicies: boolean;
}

/** The topology of a list of manifests. */
export interface TopologyGraph {
  /** Sorted by key. */
  readonly nodes: TopologyNode[];
  /** Sorted by from, to and label; without duplicates. */
  readonly edges: TopologyEdge[];
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

function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
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

class GraphBuilder {
  private readonly objects: Obj[] = [];
  private readonly byKey = new Map<string, Obj>();
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges = new Map<string, TopologyEdge>();
  private readonly hidden = new Set<string>();
  /** The manifests as the analysis core reads them: the pod template of each workload, read once, and the flows. */
  private readonly model: ManifestModel;
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
    for (const pod of this.model.pods) {
      this.podTemplates.set(pod.object.manifest, pod);
    }
  }

  public build(): TopologyGraph {
    for (const obj of this.objects) {
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
        shape: obj.kind === 'PersistentVolumeClaim' ? NodeShape.CYLINDER : NodeShape.BOX,
        external: false,
      });
    }
    this.index();
    for (const obj of this.objects) {
      if (!this.hidden.has(obj.key)) {
        this.connect(obj);
      }
    }
    this.connectFlows();
    const nodes = [...this.nodes.values()].sort((a, b) => compare(a.key, b.key));
    const edges = [...this.edges.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.label ?? '', b.label ?? ''));
    return { nodes, edges };
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
      const label = blocked.size > 0 ? `blocked by ${[...blocked].sort().join(', ')}` : `connects, port ${[...ports].sort().join(', ')}`;
      this.edge(from, to, label, false);
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
    for (const rule of arrayOf(spec.rules)) {
      const host = str(rule?.host);
      for (const p of arrayOf(rule?.http?.paths)) {
        const url = `${isTls(host) ? 'https' : 'http'}://${host ?? '*'}${str(p?.path) ?? '/'}`;
        this.edge(this.urlNode(url), ingress.key, undefined, false);
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
    this.edge(ingress.key, this.ref('Service', ingress.namespace, name), label || undefined, false);
  }

  private connectRoute(route: Obj, spec: any): void {
    for (const parent of arrayOf(spec.parentRefs)) {
      const name = str(parent?.name);
      if (name === undefined) {
        continue;
      }
      const section = str(parent.sectionName);
      const gateway = this.ref(str(parent.kind) ?? 'Gateway', str(parent.namespace) ?? route.namespace, name);
      this.edge(gateway, route.key, section === undefined ? undefined : `listener ${section}`, false);
    }
    const hostnames = arrayOf(spec.hostnames).map(String);
    for (const rule of arrayOf(spec.rules)) {
      const paths = arrayOf(rule?.matches).map((m) => (route.kind === 'HTTPRoute' ? str(m?.path?.value) ?? '/' : grpcPathOf(m?.method)));
      for (const host of hostnames) {
        for (const path of paths.length > 0 ? paths : ['/']) {
          // A gRPC path as it is (a RegularExpression match would not survive URL normalization: `\.` is not `/`).
          const url = route.kind === 'HTTPRoute' ? `https://${host}${path}` : `${normalizeUrl(`https://${host}`).replace(/\/$/, '')}${path}`;
          this.edge(this.urlNode(url, route.kind === 'HTTPRoute'), route.key, undefined, false);
        }
      }
      for (const backend of arrayOf(rule?.backendRefs)) {
        const name = str(backend?.name);
        if (name === undefined) {
          continue;
        }
        const parts = [];
        if (backend.port !== undefined) {
          parts.push(`port ${str(backend.port)}`);
        }
        if (backend.weight !== undefined) {
          parts.push(`weight ${str(backend.weight)}`);
        }
        this.edge(route.key, this.ref(str(backend.kind) ?? 'Service', str(backend.namespace) ?? route.namespace, name), parts.join(', ') || undefined, false);
      }
    }
  }

  private connectService(service: Obj, spec: any): void {
    const selector = stringMap(spec.selector);
    for (const workload of this.workloadsByPodLabel.candidates(selector, service.namespace)) {
      if (workload.namespace === service.namespace && mapSelectorMatches(selector, this.podTemplateOf(workload)?.labels ?? {})) {
        this.edge(service.key, workload.key, undefined, false);
      }
    }
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
        this.edge(workload.key, this.ref('PersistentVolumeClaim', workload.namespace, claim), mountsOf(volumeName), false);
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
            shape: NodeShape.CYLINDER,
            external: false,
          });
        }
        this.edge(workload.key, key, mountsOf(templateName), false);
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
            this.edge(workload.key, target(), mountsOf(String(ref.volume)), false);
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
          this.edge(workload.key, target(), ref.prefix === undefined ? 'env from every key' : `env from every key, prefix ${ref.prefix}`, false);
          break;
        case 'imagePull':
          this.edge(workload.key, target(), 'pulls images with', false);
          break;
      }
    }
    for (const { kind, name, names } of variables.values()) {
      this.edge(workload.key, this.ref(kind, workload.namespace, name), names.size === 0 ? 'env' : `env ${[...names].sort(compare).join(', ')}`, false);
    }
  }

  /**
   * The ServiceAccount the pods run as (when the pod template names one), labelled with whether the pods get an API
   * token: the pod's `automountServiceAccountToken`, else the ServiceAccount's (true when it does not say); unsaid
   * when neither the pod nor a ServiceAccount of the manifests says.
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
    const label = token === undefined ? 'runs as' : token ? 'runs as, API token mounted' : 'runs as, no API token';
    this.edge(workload.key, key, label, false);
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
        this.edge(account.key, this.ref('Secret', account.namespace, name), 'pulls images with', false);
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
      this.edge(this.ref(kind, namespace, name), binding.key, undefined, false);
    }
    const roleRef = binding.manifest.roleRef;
    const kind = str(roleRef?.kind);
    const name = str(roleRef?.name);
    if (kind !== undefined && name !== undefined) {
      this.edge(binding.key, this.ref(kind, kind === 'ClusterRole' ? '' : binding.namespace, name), undefined, false);
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
        this.edge(this.ref(kind, kind === 'ClusterSecretStore' ? '' : externalSecret.namespace, name), externalSecret.key, undefined, false);
      }
    }
    const policy = str(spec.target?.creationPolicy);
    if (policy === 'None') {
      return;
    }
    const target = this.ref('Secret', externalSecret.namespace, str(spec.target?.name) ?? externalSecret.name);
    if (policy === 'Merge') {
      // The Secret must exist already: made elsewhere.
      this.edge(externalSecret.key, target, 'merges into', false);
      return;
    }
    // Made by the chart, through the operator: not a dashed box, whatever referred to it first.
    const node = this.nodes.get(target);
    if (node?.external) {
      this.nodes.set(target, { ...node, external: false });
    }
    this.edge(externalSecret.key, target, 'makes', false);
  }

  // ---- what watches, alerts on, scales, guards and restricts the workloads

  private connectServiceMonitor(monitor: Obj, spec: any): void {
    const namespaces = monitoredNamespaces(spec.namespaceSelector, monitor.namespace);
    const label = scrapeLabel(arrayOf(spec.endpoints));
    for (const service of this.servicesByLabel.candidates(requiredLabels(spec.selector?.matchLabels))) {
      if ((namespaces === undefined || namespaces.has(service.namespace)) && labelSelectorMatches(spec.selector, service.labels)) {
        this.edge(monitor.key, service.key, label, true);
      }
    }
  }

  private connectPodMonitor(monitor: Obj, spec: any): void {
    const namespaces = monitoredNamespaces(spec.namespaceSelector, monitor.namespace);
    const label = scrapeLabel(arrayOf(spec.podMetricsEndpoints));
    for (const workload of this.workloadsByPodLabel.candidates(requiredLabels(spec.selector?.matchLabels))) {
      if ((namespaces === undefined || namespaces.has(workload.namespace))
        && labelSelectorMatches(spec.selector, this.podTemplateOf(workload)?.labels ?? {})) {
        this.edge(monitor.key, workload.key, label, true);
      }
    }
  }

  private connectProbe(probe: Obj, spec: any): void {
    const module = str(spec.module);
    const label = module === undefined ? 'probes' : `probes ${module}`;
    for (const target of arrayOf(spec.targets?.staticConfig?.static).map(String)) {
      const service = inClusterService(target);
      if (service) {
        this.edge(probe.key, this.ref('Service', service.namespace, service.name), label, true);
      } else {
        this.edge(probe.key, this.urlNode(target), label, true);
      }
    }
    const ingressTargets = spec.targets?.ingress;
    if (ingressTargets?.selector) {
      const namespaces = monitoredNamespaces(ingressTargets.namespaceSelector, probe.namespace);
      for (const ingress of this.ingressesByLabel.candidates(requiredLabels(ingressTargets.selector?.matchLabels))) {
        if ((namespaces === undefined || namespaces.has(ingress.namespace))
          && labelSelectorMatches(ingressTargets.selector, ingress.labels)) {
          this.edge(probe.key, ingress.key, label, true);
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
      this.edge(obj.key, workload.key, label, true);
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
    this.edge(hpa.key, this.ref(str(target.kind) ?? 'Deployment', hpa.namespace, name), label, true);
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
      this.edge(scaledObject.key, this.ref(str(target.kind) ?? 'Deployment', scaledObject.namespace, name), label, true);
    }
    for (const trigger of triggers) {
      const authName = str(trigger.authenticationRef?.name);
      if (authName !== undefined) {
        const kind = str(trigger.authenticationRef.kind) ?? 'TriggerAuthentication';
        this.edge(scaledObject.key, this.ref(kind, kind === 'ClusterTriggerAuthentication' ? '' : scaledObject.namespace, authName), 'authenticates with', false);
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
      this.edge(authentication.key, this.ref(kind, authentication.namespace, name), label, false);
    }
  }

  private connectDisruptionBudget(pdb: Obj, spec: any): void {
    const label = spec.maxUnavailable !== undefined ? `max unavailable ${str(spec.maxUnavailable)}`
      : spec.minAvailable !== undefined ? `min available ${str(spec.minAvailable)}` : 'guards';
    this.connectSelected(pdb, spec.selector, label);
  }

  private connectNetworkPolicy(policy: Obj, spec: any): void {
    this.connectSelected(policy, spec.podSelector, 'applies to');
  }

  private connectSelected(obj: Obj, selector: any, label: string): void {
    for (const workload of this.workloadsByPodLabel.candidates(requiredLabels(selector?.matchLabels), obj.namespace)) {
      if (workload.namespace === obj.namespace && labelSelectorMatches(selector, this.podTemplateOf(workload)?.labels ?? {})) {
        this.edge(obj.key, workload.key, label, true);
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
        shape: kind === 'PersistentVolumeClaim' ? NodeShape.CYLINDER : NodeShape.BOX,
        external: true,
      });
    }
    return key;
  }

  private urlNode(url: string, normalize = true): string {
    const normalized = normalize ? normalizeUrl(url) : url;
    const key = `URL||${normalized}`;
    if (!this.nodes.has(key)) {
      this.nodes.set(key, { key, kind: 'URL', namespace: '', name: normalized, label: normalized, shape: NodeShape.STADIUM, external: false });
    }
    return key;
  }

  private edge(from: string, to: string, label: string | undefined, control: boolean): void {
    if (this.hidden.has(from) || this.hidden.has(to)) {
      return;
    }
    const key = `${from}\u0000${to}\u0000${label ?? ''}\u0000${control}`;
    if (!this.edges.has(key)) {
      this.edges.set(key, { from, to, label, control });
    }
  }
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
