/*
 * What the cluster must have for manifests to work (internal; docs/prerequisites.md): the custom resources and the
 * operators that serve them, the controllers and the cluster objects the manifests name, the namespaces they live in.
 * Found from the objects (the JSON they synthesize to, or the YAML the validation plugin reads) by one table of kinds,
 * and checked against a declared `ClusterCapabilities` — by the platform default `cluster` at synth (one validation
 * per scope that sets it, for each chart it applies to) and by the plugin's `cluster-prerequisites` rule.
 *
 * In core/ because `PlatformDefaults.set` adds the synth check, and core/ imports no other folder.
 */
import { ApiObject, Chart, Names } from 'cdk8s';
import { IConstruct } from 'constructs';
import { chartObjects } from './chart-objects';
import { ClusterCapabilities } from './cluster-capabilities';
import { AppflowInputError, isPlainObject } from './errors';
import { FormatRule } from './format-rule';
import { KubernetesVersion } from './kubernetes-version';
import { pushTo } from './label-index';
import { oncePerSynthesis, withSynthesisCache } from './synthesis-cache';

/** A field of {@link ClusterCapabilities}: what a prerequisite is checked against. */
export type CapabilityField = keyof ClusterCapabilities;

/** What a field of {@link ClusterCapabilities} lists. */
interface Capability {
  /** What the cluster must have, as a reader names it: a kind, or a component. */
  readonly what: string;
  /** What serves it (for the kinds of the custom resources: by their group, see {@link OPERATORS}). */
  readonly servedBy: string;
  /** Where the prerequisites file lists it. */
  readonly section: 'custom-resources' | 'namespaces' | 'controllers';
  /** Whether its names are `<namespace>/<name>`. */
  readonly namespaced?: boolean;
  /** Whether the field is a boolean (the cluster runs it or not) rather than a list of names. */
  readonly flag?: boolean;
}

/** Every field of ClusterCapabilities, in the order the prerequisites file lists them. */
const CAPABILITIES: { readonly [F in CapabilityField]-?: Capability } = {
  customResources: { what: 'CustomResourceDefinition', servedBy: '', section: 'custom-resources' },
  namespaces: { what: 'Namespace', servedBy: 'the platform (or whoever applies the manifests)', section: 'namespaces' },
  ingressClasses: { what: 'IngressClass', servedBy: 'an ingress controller', section: 'controllers' },
  gatewayClasses: { what: 'GatewayClass', servedBy: 'a Gateway API implementation', section: 'controllers' },
  gateways: { what: 'Gateway', servedBy: 'a Gateway API implementation', section: 'controllers', namespaced: true },
  clusterIssuers: { what: 'ClusterIssuer', servedBy: 'cert-manager', section: 'controllers' },
  issuers: { what: 'Issuer', servedBy: 'cert-manager', section: 'controllers', namespaced: true },
  clusterSecretStores: { what: 'ClusterSecretStore', servedBy: 'the External Secrets Operator', section: 'controllers' },
  secretStores: { what: 'SecretStore', servedBy: 'the External Secrets Operator', section: 'controllers', namespaced: true },
  clusterTriggerAuthentications: { what: 'ClusterTriggerAuthentication', servedBy: 'KEDA', section: 'controllers' },
  triggerAuthentications: { what: 'TriggerAuthentication', servedBy: 'KEDA', section: 'controllers', namespaced: true },
  storageClasses: { what: 'StorageClass', servedBy: 'a storage provisioner (CSI driver)', section: 'controllers' },
  runtimeClasses: { what: 'RuntimeClass', servedBy: 'a container runtime handler on the nodes', section: 'controllers' },
  priorityClasses: { what: 'PriorityClass', servedBy: 'the scheduler', section: 'controllers' },
  runsBlackboxExporter: { what: 'blackbox exporter', servedBy: 'the Prometheus blackbox exporter', section: 'controllers', flag: true },
  runsGrafanaDashboardSidecar: { what: 'Grafana dashboard sidecar', servedBy: 'Grafana (its sidecar loads labelled ConfigMaps)', section: 'controllers', flag: true },
};

/** The fields of ClusterCapabilities. */
export const CAPABILITY_FIELDS = Object.keys(CAPABILITIES) as CapabilityField[];

/** The operators that serve the custom resources of an API group. */
const OPERATORS: Record<string, string> = {
  'monitoring.coreos.com': 'the Prometheus operator',
  'gateway.networking.k8s.io': 'a Gateway API implementation (the Gateway API CRDs)',
  'external-secrets.io': 'the External Secrets Operator',
  'generators.external-secrets.io': 'the External Secrets Operator',
  'keda.sh': 'KEDA',
  'eventing.keda.sh': 'KEDA',
  'cert-manager.io': 'cert-manager',
  'acme.cert-manager.io': 'cert-manager',
  'snapshot.storage.k8s.io': 'the CSI snapshot controller',
};

/** The API groups of Kubernetes itself (everything else is a custom resource). */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io',
  'authentication.k8s.io', 'authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'rbac.authorization.k8s.io',
  'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

/**
 * The name of the class an object gets when it names none (an Ingress, a claim): the cluster's default class, listed
 * in the prerequisites file but not checked (which class is the default is not declared).
 */
const DEFAULT_CLASS = '(the default)';

/**
 * The namespace of a namespaced object written without one: the namespace it is applied to (`kubectl apply -n`, or
 * the context's), listed in the prerequisites file but not checked.
 */
const APPLIED_NAMESPACE = '(where applied)';

/** The kinds of Kubernetes' own cluster-scoped objects (no namespace needed); custom ones are told by `Cluster...`. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'IngressClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PriorityClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'PodSecurityPolicy', 'FlowSchema',
  'PriorityLevelConfiguration', 'CertificateSigningRequest', 'GatewayClass',
]);

/** The names that stand for what the cluster has by default: listed, never checked. */
function unchecked(name: string): boolean {
  return name === DEFAULT_CLASS || name === APPLIED_NAMESPACE;
}

/** The PriorityClasses that every cluster has. */
const BUILT_IN_PRIORITY_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

/** One thing that one object needs from the cluster. */
export interface Need<T> {
  /** The object that needs it. */
  readonly source: T;
  readonly field: CapabilityField;
  /** What is needed, as {@link ClusterCapabilities} lists it: `monitoring.coreos.com/ServiceMonitor`, `nginx`, `shop/public`. */
  readonly name: string;
  /** Where in the object, e.g. `spec.ingressClassName`. */
  readonly path: string;
  /** The value there, as written. */
  readonly value: unknown;
}

/** One thing that the cluster must have, and the objects that need it (in their order). */
export interface Prerequisite<T> {
  readonly field: CapabilityField;
  readonly name: string;
  /** What serves it: the operator of a custom resource, the controller of a class. */
  readonly servedBy: string;
  readonly needs: ReadonlyArray<Need<T>>;
}

/** An object's JSON, with the object it came from. */
interface Read<T> {
  readonly source: T;
  readonly manifest: any;
}

function groupOf(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** `<namespace>/<name>`, or the name alone when the namespace is not known (an object without one). */
function namespacedName(namespace: unknown, name: string): string {
  return nonEmpty(namespace) ? `${namespace}/${name}` : name;
}

/** Where the pod spec of a workload is, by kind (Kubernetes' own groups only). */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The kinds that make what others need, by `<group>/<Kind>`: the field they supply, and whether they are namespaced. */
const SUPPLIERS: Record<string, { readonly field: CapabilityField; readonly namespaced?: boolean }> = {
  '/Namespace': { field: 'namespaces' },
  'networking.k8s.io/IngressClass': { field: 'ingressClasses' },
  'gateway.networking.k8s.io/GatewayClass': { field: 'gatewayClasses' },
  'gateway.networking.k8s.io/Gateway': { field: 'gateways', namespaced: true },
  'cert-manager.io/ClusterIssuer': { field: 'clusterIssuers' },
  'cert-manager.io/Issuer': { field: 'issuers', namespaced: true },
  'external-secrets.io/ClusterSecretStore': { field: 'clusterSecretStores' },
  'external-secrets.io/SecretStore': { field: 'secretStores', namespaced: true },
  'keda.sh/ClusterTriggerAuthentication': { field: 'clusterTriggerAuthentications' },
  'keda.sh/TriggerAuthentication': { field: 'triggerAuthentications', namespaced: true },
  'storage.k8s.io/StorageClass': { field: 'storageClasses' },
  'node.k8s.io/RuntimeClass': { field: 'runtimeClasses' },
  'scheduling.k8s.io/PriorityClass': { field: 'priorityClasses' },
};

/** What some objects make that others may need, as `<field> <name>` keys. */
export type Supplies = ReadonlySet<string>;

function key(field: CapabilityField, name: string): string {
  return `${field} ${name}`;
}

/**
 * What objects make that others need: Namespaces, CRDs (`<group>/<Kind>`), IngressClasses, Gateways, issuers, stores,
 * trigger authentications and the classes of storage, runtime and priority.
 */
export function suppliesOf(manifests: readonly unknown[]): Supplies {
  const supplies = new Set<string>();
  for (const m of manifests) {
    if (!isPlainObject(m) || !isPlainObject(m.metadata) || !nonEmpty(m.metadata.name)) {
      continue;
    }
    const group = groupOf(m.apiVersion);
    if (group === 'apiextensions.k8s.io' && m.kind === 'CustomResourceDefinition') {
      const kind = m.spec?.names?.kind;
      if (nonEmpty(m.spec?.group) && nonEmpty(kind)) {
        supplies.add(key('customResources', `${m.spec.group}/${kind}`));
      }
      continue;
    }
    const supplier = SUPPLIERS[`${group}/${m.kind}`];
    if (supplier !== undefined) {
      supplies.add(key(supplier.field, supplier.namespaced ? namespacedName(m.metadata.namespace, m.metadata.name) : m.metadata.name));
    }
  }
  return supplies;
}

/**
 * What one object needs from the cluster, by the table of kinds: its custom resource's CRD, its namespace, the classes,
 * issuers, Gateways, stores and trigger authentications it names, a blackbox exporter for a Probe, Grafana's dashboard
 * sidecar for a dashboard ConfigMap.
 */
function needsOf<T>(read: Read<T>): Array<Need<T>> {
  const { source, manifest: m } = read;
  if (!isPlainObject(m) || typeof m.kind !== 'string') {
    return [];
  }
  const needs: Array<Need<T>> = [];
  const need = (field: CapabilityField, name: string, path: string, value: unknown = name) => needs.push({ source, field, name, path, value });
  const group = groupOf(m.apiVersion);
  const metadata = isPlainObject(m.metadata) ? m.metadata : {};
  const namespace = metadata.namespace;
  const spec = isPlainObject(m.spec) ? m.spec : {};
  const annotations = isPlainObject(metadata.annotations) ? metadata.annotations : {};

  if (!BUILT_IN_GROUPS.has(group)) {
    need('customResources', `${group}/${m.kind}`, 'apiVersion', m.apiVersion);
  }
  if (nonEmpty(namespace)) {
    need('namespaces', namespace, 'metadata.namespace');
  } else if (!CLUSTER_SCOPED.has(m.kind) && !m.kind.startsWith('Cluster') && !m.kind.endsWith('List')) {
    need('namespaces', APPLIED_NAMESPACE, 'metadata.namespace', undefined);
  }
  const certManagerAnnotations = () => {
    const clusterIssuer = annotations['cert-manager.io/cluster-issuer'];
    if (nonEmpty(clusterIssuer)) {
      need('clusterIssuers', clusterIssuer, 'metadata.annotations["cert-manager.io/cluster-issuer"]');
    }
    const issuer = annotations['cert-manager.io/issuer'];
    if (nonEmpty(issuer)) {
      need('issuers', namespacedName(namespace, issuer), 'metadata.annotations["cert-manager.io/issuer"]', issuer);
    }
  };
  /** The StorageClass of a claim: the one it names, the cluster's default without one, none for `""` (a bound volume). */
  const storageClass = (claim: any, path: string) => {
    if (nonEmpty(claim?.storageClassName)) {
      need('storageClasses', claim.storageClassName, `${path}.storageClassName`);
    } else if (isPlainObject(claim) && claim.storageClassName === undefined && claim.volumeName === undefined) {
      need('storageClasses', DEFAULT_CLASS, `${path}.storageClassName`, undefined);
    }
  };
  const kind = `${group}/${m.kind}`;
  switch (kind) {
    case 'networking.k8s.io/Ingress':
    case 'extensions/Ingress':
      if (nonEmpty(spec.ingressClassName)) {
        need('ingressClasses', spec.ingressClassName, 'spec.ingressClassName');
      } else if (nonEmpty(annotations['kubernetes.io/ingress.class'])) {
        need('ingressClasses', annotations['kubernetes.io/ingress.class'], 'metadata.annotations["kubernetes.io/ingress.class"]');
      } else {
        need('ingressClasses', DEFAULT_CLASS, 'spec.ingressClassName', undefined);
      }
      certManagerAnnotations();
      break;
    case 'gateway.networking.k8s.io/Gateway':
      if (nonEmpty(spec.gatewayClassName)) {
        need('gatewayClasses', spec.gatewayClassName, 'spec.gatewayClassName');
      }
      certManagerAnnotations();
      break;
    case 'gateway.networking.k8s.io/HTTPRoute':
    case 'gateway.networking.k8s.io/GRPCRoute':
    case 'gateway.networking.k8s.io/TLSRoute':
    case 'gateway.networking.k8s.io/TCPRoute':
    case 'gateway.networking.k8s.io/UDPRoute':
      arrayOf(spec.parentRefs).forEach((ref, i) => {
        const isGateway = (ref?.kind ?? 'Gateway') === 'Gateway' && (ref?.group ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io';
        if (isPlainObject(ref) && isGateway && nonEmpty(ref.name)) {
          need('gateways', namespacedName(ref.namespace ?? namespace, ref.name), `spec.parentRefs[${i}].name`, ref.name);
        }
      });
      break;
    case 'cert-manager.io/Certificate': {
      const ref = spec.issuerRef;
      if (isPlainObject(ref) && nonEmpty(ref.name) && (ref.group ?? 'cert-manager.io') === 'cert-manager.io') {
        if (ref.kind === 'ClusterIssuer') {
          need('clusterIssuers', ref.name, 'spec.issuerRef.name');
        } else {
          need('issuers', namespacedName(namespace, ref.name), 'spec.issuerRef.name', ref.name);
        }
      }
      break;
    }
    case 'external-secrets.io/ExternalSecret': {
      const store = (ref: unknown, path: string) => {
        if (isPlainObject(ref) && nonEmpty(ref.name)) {
          if (ref.kind === 'ClusterSecretStore') {
            need('clusterSecretStores', ref.name, `${path}.name`);
          } else {
            need('secretStores', namespacedName(namespace, ref.name), `${path}.name`, ref.name);
          }
        }
      };
      store(spec.secretStoreRef, 'spec.secretStoreRef');
      arrayOf(spec.data).forEach((d, i) => store(d?.sourceRef?.storeRef, `spec.data[${i}].sourceRef.storeRef`));
      arrayOf(spec.dataFrom).forEach((d, i) => store(d?.sourceRef?.storeRef, `spec.dataFrom[${i}].sourceRef.storeRef`));
      break;
    }
    case 'keda.sh/ScaledObject':
    case 'keda.sh/ScaledJob':
      arrayOf(spec.triggers).forEach((trigger, i) => {
        const ref = trigger?.authenticationRef;
        if (isPlainObject(ref) && nonEmpty(ref.name)) {
          if (ref.kind === 'ClusterTriggerAuthentication') {
            need('clusterTriggerAuthentications', ref.name, `spec.triggers[${i}].authenticationRef.name`);
          } else {
            need('triggerAuthentications', namespacedName(namespace, ref.name), `spec.triggers[${i}].authenticationRef.name`, ref.name);
          }
        }
      });
      break;
    case 'monitoring.coreos.com/Probe': {
      const url = spec.prober?.url;
      need('runsBlackboxExporter', nonEmpty(url) ? url : '(no prober.url)', 'spec.prober.url', url);
      break;
    }
    case '/ConfigMap': {
      const dashboard = Object.keys(isPlainObject(m.data) ? m.data : {}).sort().find((k) => k.endsWith('.json') && isDashboard(m.data[k]));
      if (dashboard !== undefined) {
        // The labels that the sidecar may select the ConfigMap by: those that are not the application's own.
        const labels = Object.entries(isPlainObject(metadata.labels) ? metadata.labels : {})
          .filter(([k]) => !k.startsWith('app.kubernetes.io/') && !k.startsWith('helm.sh/'))
          .map(([k, v]) => `${k}=${v}`).sort().join(',');
        need('runsGrafanaDashboardSidecar', labels === '' ? '(no labels)' : labels, `data[${JSON.stringify(dashboard)}]`, m.data[dashboard]);
      }
      break;
    }
    case '/PersistentVolumeClaim':
      storageClass(spec, 'spec');
      break;
  }
  if (m.kind === 'StatefulSet' && group === 'apps') {
    arrayOf(spec.volumeClaimTemplates).forEach((claim, i) => storageClass(claim?.spec, `spec.volumeClaimTemplates[${i}].spec`));
  }
  const podPath = BUILT_IN_GROUPS.has(group) ? POD_SPEC_PATHS[m.kind] : undefined;
  if (podPath !== undefined) {
    const pod = podPath.reduce<any>((at, k) => (isPlainObject(at) ? at[k] : undefined), m);
    if (isPlainObject(pod)) {
      if (nonEmpty(pod.runtimeClassName)) {
        need('runtimeClasses', pod.runtimeClassName, `${podPath.join('.')}.runtimeClassName`);
      }
      if (nonEmpty(pod.priorityClassName) && !BUILT_IN_PRIORITY_CLASSES.has(pod.priorityClassName)) {
        need('priorityClasses', pod.priorityClassName, `${podPath.join('.')}.priorityClassName`);
      }
    }
  }
  return needs;
}

function arrayOf(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Whether a ConfigMap value holds a Grafana dashboard (its JSON model: panels, or a schema version). */
function isDashboard(value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  try {
    const model = JSON.parse(value);
    return isPlainObject(model) && (Array.isArray(model.panels) || typeof model.schemaVersion === 'number');
  } catch {
    return false;
  }
}

/**
 * What the cluster must have for objects to work, in a stable order (by field, then name): what they need, less what
 * they make themselves (or what `supplied` says other objects applied with them make).
 *
 * @param objects the objects, in their order
 * @param manifestOf the JSON of an object
 * @param supplied what the objects applied with them make (default: what these objects make)
 */
export function prerequisitesOf<T>(objects: readonly T[], manifestOf: (object: T) => unknown, supplied?: Supplies): Array<Prerequisite<T>> {
  const reads = objects.map((source) => ({ source, manifest: manifestOf(source) }));
  const made = supplied ?? suppliesOf(reads.map((r) => r.manifest));
  const byKey = new Map<string, Array<Need<T>>>();
  for (const read of reads) {
    for (const need of needsOf(read)) {
      const k = key(need.field, need.name);
      if (!made.has(k) && !(need.field === 'customResources' && made.has(key('customResources', need.name)))) {
        pushTo(byKey, k, need);
      }
    }
  }
  const order = new Map(CAPABILITY_FIELDS.map((f, i) => [f, i]));
  return [...byKey.values()]
    .map((needs) => ({ field: needs[0].field, name: needs[0].name, servedBy: servedBy(needs[0].field, needs[0].name), needs }))
    .sort((a, b) => order.get(a.field)! - order.get(b.field)! || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function servedBy(field: CapabilityField, name: string): string {
  if (field !== 'customResources') {
    return CAPABILITIES[field].servedBy;
  }
  const group = name.slice(0, name.lastIndexOf('/'));
  return OPERATORS[group] ?? `the operator of ${group}`;
}

/** What a prerequisite is, without the objects that need it. */
export interface PrerequisiteName {
  readonly field: CapabilityField;
  readonly name: string;
}

/** Whether the cluster has a prerequisite: `true`, `false`, or `undefined` when the capabilities do not say. */
export function clusterHas(capabilities: ClusterCapabilities, prerequisite: PrerequisiteName): boolean | undefined {
  const declared: unknown = capabilities[prerequisite.field];
  if (declared === undefined) {
    return undefined;
  }
  if (typeof declared === 'boolean') {
    return declared;
  }
  const names = declared as string[];
  const { field, name } = prerequisite;
  if (unchecked(name)) {
    return undefined;
  }
  if (field === 'customResources') {
    const group = name.slice(0, name.lastIndexOf('/'));
    return names.includes(name) || names.includes(`${group}/*`);
  }
  // A reference from an object without a namespace names the object alone: any namespace of the list may hold it.
  if (CAPABILITIES[field].namespaced && !name.includes('/')) {
    return names.some((n) => n.slice(n.indexOf('/') + 1) === name);
  }
  return names.includes(name);
}

/** The prerequisites that the cluster lacks (those it is known not to have). */
export function missingPrerequisites<T>(prerequisites: ReadonlyArray<Prerequisite<T>>, capabilities: ClusterCapabilities): Array<Prerequisite<T>> {
  return prerequisites.filter((p) => clusterHas(capabilities, p) === false);
}

/** `"a", "b", "c" and 2 more`, or `none`. */
function listed(names: readonly string[], max = 5): string {
  if (names.length === 0) {
    return 'none';
  }
  const shown = names.slice(0, max).map((n) => JSON.stringify(n)).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** What is wrong, and what would be accepted (for an error message or a finding). */
export interface MissingDescription {
  readonly problem: string;
  readonly accepted: string;
}

/**
 * What is wrong, and what would be accepted, when the cluster lacks a prerequisite.
 *
 * @param declaredAt how the capabilities are named in the message: `platformDefaults.cluster` or `properties.cluster`
 */
export function describeMissing(prerequisite: PrerequisiteName, capabilities: ClusterCapabilities, declaredAt: string): MissingDescription {
  const { field, name } = prerequisite;
  const capability = CAPABILITIES[field];
  const at = `${declaredAt}.${field}`;
  const served = servedBy(field, name);
  if (capability.flag) {
    return {
      problem: `it needs a ${capability.what} (${served}), which the cluster does not run (${at} is false)`,
      accepted: `no ${field === 'runsBlackboxExporter' ? 'Probe' : 'dashboard ConfigMap'}, or ${at}: true once the cluster runs it`,
    };
  }
  const declared = (capabilities[field] ?? []) as string[];
  if (field === 'customResources') {
    const group = name.slice(0, name.lastIndexOf('/'));
    const kind = name.slice(name.lastIndexOf('/') + 1);
    return {
      problem: `the cluster serves no ${kind} of ${group}: its CRD, which ${served} installs, is not in ${at} (${listed(declared)})`,
      accepted: `a kind the cluster serves, a CRD that the app makes, or "${name}" (or "${group}/*") added to ${at} once ${served} is installed`,
    };
  }
  const which = capability.namespaced ? `${capability.what} ${JSON.stringify(name)} (namespace/name)` : `${capability.what} ${JSON.stringify(name)}`;
  return {
    problem: `the cluster has no ${which}: it is not in ${at} (${listed(declared)})`,
    accepted: `${declared.length > 0 ? `one of ${at}, ` : ''}${/^[AEIOU]/.test(capability.what) ? 'an' : 'a'} ${capability.what} that the app makes, or ${JSON.stringify(name)} added to ${at} once the cluster has it`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The values of ClusterCapabilities, checked.

/** One refused value of a ClusterCapabilities. */
export interface CapabilityProblem {
  readonly prop: string;
  readonly value: unknown;
  readonly problem: string;
  readonly accepted: string;
}

const CUSTOM_RESOURCE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+\/(\*|[A-Z][A-Za-z0-9]*)$/;

/** What each list field accepts, for error messages. */
function acceptedOf(field: CapabilityField): string {
  const capability = CAPABILITIES[field];
  if (capability.flag) {
    return 'true (the cluster runs it), false (it does not), or no value (unknown: not checked)';
  }
  if (field === 'customResources') {
    return 'a list of "<group>/<Kind>" or "<group>/*", e.g. ["monitoring.coreos.com/ServiceMonitor", "keda.sh/*"]';
  }
  if (capability.namespaced) {
    return `a list of ${capability.what}s as "<namespace>/<name>", e.g. ["platform/main"]`;
  }
  return `a list of ${capability.what} names, e.g. ["${field === 'namespaces' ? 'shop' : 'standard'}"]`;
}

/**
 * The problems of a value given as ClusterCapabilities (by an untyped caller too): not a map, an unknown field, a field
 * of the wrong type, a name that no object can have.
 *
 * @param prop how the value is named in messages, e.g. `platformDefaults.cluster`
 */
export function capabilityProblems(value: unknown, prop: string): CapabilityProblem[] {
  if (!isPlainObject(value)) {
    return [{ prop, value, problem: 'it is not a map', accepted: `a map of ${CAPABILITY_FIELDS.join(', ')} (ClusterCapabilities), each optional` }];
  }
  const problems: CapabilityProblem[] = [];
  for (const [field, given] of Object.entries(value)) {
    const at = `${prop}.${field}`;
    if (!(field in CAPABILITIES)) {
      const near = CAPABILITY_FIELDS.find((f) => f.toLowerCase() === field.toLowerCase());
      problems.push({ prop: at, value: given, problem: `it is not a field of ClusterCapabilities${near ? ` (did you mean ${near}?)` : ''}`, accepted: `only ${CAPABILITY_FIELDS.join(', ')}` });
      continue;
    }
    const f = field as CapabilityField;
    const capability = CAPABILITIES[f];
    if (given === undefined) {
      continue;
    }
    if (capability.flag) {
      if (typeof given !== 'boolean') {
        problems.push({ prop: at, value: given, problem: 'it is not a boolean', accepted: acceptedOf(f) });
      }
      continue;
    }
    if (!Array.isArray(given)) {
      problems.push({ prop: at, value: given, problem: 'it is not a list', accepted: acceptedOf(f) });
      continue;
    }
    given.forEach((name, i) => {
      const problem = nameProblem(f, name);
      if (problem !== undefined) {
        problems.push({ prop: `${at}[${i}]`, value: name, problem, accepted: acceptedOf(f) });
      }
    });
  }
  return problems;
}

function nameProblem(field: CapabilityField, name: unknown): string | undefined {
  if (typeof name !== 'string') {
    return 'it is not a string';
  }
  if (field === 'customResources') {
    return CUSTOM_RESOURCE.test(name) ? undefined : 'it is not "<group>/<Kind>" or "<group>/*" (a group with a dot, a kind in UpperCamelCase)';
  }
  if (CAPABILITIES[field].namespaced) {
    const [namespace, objectName, ...rest] = name.split('/');
    if (objectName === undefined || rest.length > 0) {
      return 'it is not "<namespace>/<name>"';
    }
    return FormatRule.DNS1123_LABEL.problemWith(namespace) !== undefined ? `its namespace "${namespace}" is not a DNS-1123 label`
      : FormatRule.DNS1123_SUBDOMAIN.problemWith(objectName) !== undefined ? `its name "${objectName}" is not a DNS-1123 subdomain` : undefined;
  }
  const rule = field === 'namespaces' ? FormatRule.DNS1123_LABEL : FormatRule.DNS1123_SUBDOMAIN;
  const problem = rule.problemWith(name);
  return problem === undefined ? undefined : `it is not a ${field === 'namespaces' ? 'namespace name (a DNS-1123 label)' : 'name of a cluster object (a DNS-1123 subdomain)'}: ${problem}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The check at synth: one validation per scope that sets the platform default `cluster`.

/** The scopes that check the charts their `cluster` applies to. */
const CHECKING = new WeakSet<IConstruct>();

/**
 * Makes the charts at and under a scope check, when validated (at synth), that the cluster has what their objects need:
 * each chart whose capabilities `capabilitiesOf` gives (the platform default `cluster` set on this scope and not
 * overridden below), once per chart. Added once per scope.
 *
 * @param capabilitiesOf the capabilities that a chart is checked against by this scope, or `undefined` when another
 * scope checks it (or nothing does)
 * @param defaultsVersion a number that changes whenever any platform default is set (so may the capabilities)
 */
export function checkPrerequisitesAt(scope: IConstruct, capabilitiesOf: (chart: Chart) => ClusterCapabilities | undefined,
  defaultsVersion: () => number): void {
  if (CHECKING.has(scope)) {
    return;
  }
  CHECKING.add(scope);
  // cdk8s validates the app once more before each chart (app.synth()): the check, which synthesizes every object of
  // the charts it covers, is done once per synthesis, and again when the app has other constructs or the platform
  // defaults were set since. What it compares at each validation is cheap to tell (one count of the constructs); the
  // charts and their capabilities are read only when it differs.
  scope.node.addValidation({
    validate: () => {
      const state = `${scope.node.root.node.findAll().length} ${defaultsVersion()}`;
      return oncePerSynthesis(scope, `cluster-prerequisites ${scope.node.path}`, state,
        () => prerequisiteErrors(scope, chartsCheckedAt(scope, capabilitiesOf)).map((e) => e.message));
    },
  });
}

/** What the objects of the whole app make (read without synthesizing them, except CRDs). */
function appSupplies(root: IConstruct): Supplies {
  const stubs = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => (o.kind === 'CustomResourceDefinition'
    ? o.toJson()
    : { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.metadata.namespace } }));
  return suppliesOf(stubs);
}

/** The charts at and under a scope that it checks, with the capabilities each is checked against. */
function chartsCheckedAt(scope: IConstruct, capabilitiesOf: (chart: Chart) => ClusterCapabilities | undefined): CheckedChart[] {
  return scope.node.findAll().filter((c): c is Chart => Chart.isChart(c))
    .map((chart) => ({ chart, capabilities: capabilitiesOf(chart) }))
    .filter((c): c is CheckedChart => c.capabilities !== undefined);
}

interface CheckedChart {
  readonly chart: Chart;
  readonly capabilities: ClusterCapabilities;
}

/** The errors of the charts that a scope checks: one per prerequisite that a chart needs and the cluster lacks. */
function prerequisiteErrors(scope: IConstruct, checked: readonly CheckedChart[]): AppflowInputError[] {
  if (checked.length === 0) {
    return [];
  }
  const supplied = appSupplies(scope.node.root);
  return checked.flatMap(({ chart, capabilities }) => {
    const objects = chartObjects(chart);
    const manifests = withSynthesisCache(chart, () => objects.map((o) => o.toJson()));
    const prerequisites = prerequisitesOf(objects.map((o, i) => ({ object: o, manifest: manifests[i] })), (r) => r.manifest, supplied);
    return missingPrerequisites(prerequisites, capabilities).map((p) => missingError(p, capabilities));
  });
}

function missingError(prerequisite: Prerequisite<{ object: ApiObject; manifest: any }>, capabilities: ClusterCapabilities): AppflowInputError {
  const [first, ...others] = prerequisite.needs;
  const { problem, accepted } = describeMissing(prerequisite, capabilities, 'platformDefaults.cluster');
  const more = others.length === 0 ? '' : `; ${others.length} more object${others.length === 1 ? '' : 's'} of the chart need${others.length === 1 ? 's' : ''} it: `
    + `${others.slice(0, 3).map((n) => describeObject(n.source.manifest)).join(', ')}${others.length > 3 ? `, and ${others.length - 3} more` : ''}`;
  return new AppflowInputError(first.source.object.node.path, first.path, first.value, `${problem}${more}`, accepted);
}

/** `Ingress shop/web`: an object as the messages and the prerequisites file name it. */
export function describeObject(manifest: any): string {
  const namespace = manifest?.metadata?.namespace;
  return `${manifest?.kind} ${nonEmpty(namespace) ? `${namespace}/` : ''}${manifest?.metadata?.name ?? '(no name)'}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The prerequisites file.

const SECTIONS: ReadonlyArray<{ readonly section: Capability['section'] | 'data'; readonly title: string }> = [
  { section: 'custom-resources', title: 'Custom resources' },
  { section: 'controllers', title: 'Controllers and cluster objects' },
  { section: 'data', title: 'Secrets and ConfigMaps' },
  { section: 'namespaces', title: 'Namespaces' },
];

/** The objects that need a prerequisite, as the file lists them: the first three by name, and how many more. */
function usersOf(needs: ReadonlyArray<Need<unknown>>, manifestOf: (source: unknown) => any): string {
  return shortList(needs.map((n) => describeObject(manifestOf(n.source))));
}

/** Names sorted without repeats: the first three, and how many more. */
function shortList(names: readonly string[]): string {
  const sorted = [...new Set(names)].sort();
  const shown = sorted.slice(0, 3).join(', ');
  return sorted.length > 3 ? `${shown} and ${sorted.length - 3} more` : shown;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A Secret or ConfigMap that objects of a chart read and the chart does not make, as the prerequisites file lists it. */
export interface DataPrerequisite {
  readonly kind: 'ConfigMap' | 'Secret';
  /** `<namespace>/<name>`, or the name alone when the objects have no namespace. */
  readonly name: string;
  /** How the objects read it: `env`, `envFrom`, `volume`, `imagePull`, `tls`, `triggerAuthentication`. */
  readonly uses: readonly string[];
  /** The objects that read it, as the file names objects (`Deployment shop/web`). */
  readonly usedBy: readonly string[];
}

/**
 * The prerequisites file of a chart: what the cluster must have for the chart's manifests to work, as Markdown for a
 * reviewer, in a stable order (by kind of prerequisite, then name); `undefined` for a chart without objects.
 *
 * @param chart the chart (its name titles the file)
 * @param manifests the chart's manifests (its objects' JSON, as synthesized)
 * @param kubernetesVersion the version the chart targets (the platform default `kubernetesVersion`)
 * @param data the Secrets and ConfigMaps that the objects read and the chart does not make (found by the manifest
 * analysis: `src/synth/prerequisites-file.ts` gives them)
 */
export function prerequisitesFileOf(
  chart: Chart, manifests: readonly unknown[], kubernetesVersion: KubernetesVersion, data: readonly DataPrerequisite[] = [],
): string | undefined {
  if (manifests.length === 0) {
    return undefined;
  }
  const prerequisites = prerequisitesOf(manifests, (m) => m);
  const name = Names.toDnsLabel(chart);
  const lines = [
    `# Cluster prerequisites of ${name}`,
    '',
    `What the cluster must have for the manifests of the chart \`${name}\` to work, found from its objects (what the`,
    'chart makes itself is left out). Declare what the cluster has in the platform default `cluster` to check it at synth',
    '(docs/prerequisites.md).',
    '',
    `Kubernetes ${kubernetesVersion} or later: the version the manifests are written for (the platform default`,
    '`kubernetesVersion`), whose fields and APIs they may use.',
  ];
  if (prerequisites.length === 0) {
    lines.push('', 'Nothing else: the objects need Kubernetes itself only.');
  }
  for (const { section, title } of SECTIONS) {
    if (section === 'data') {
      if (data.length === 0) {
        continue;
      }
      lines.push('', `## ${title}`, '',
        'The objects read these by name, and the chart does not make them: they must be in the cluster before the objects',
        '(a pod whose Secret or ConfigMap is missing does not start; an Ingress whose TLS Secret is missing serves the',
        'controller\'s default certificate). Make them with your secret manager, `kubectl create secret`, or objects of',
        'another chart. Not checked at synth.', '',
        '| kind | name | read as | used by |', '|---|---|---|---|');
      for (const d of data) {
        lines.push(`| ${d.kind} | \`${cell(d.name)}\` | ${d.uses.join(', ')} | ${cell(shortList(d.usedBy))} |`);
      }
      continue;
    }
    const rows = prerequisites.filter((p) => CAPABILITIES[p.field].section === section);
    if (rows.length === 0) {
      continue;
    }
    lines.push('', `## ${title}`, '');
    if (section === 'custom-resources') {
      lines.push('| kind | API group | served by | used by | in `cluster` |', '|---|---|---|---|---|');
      for (const p of rows) {
        const group = p.name.slice(0, p.name.lastIndexOf('/'));
        const kind = p.name.slice(p.name.lastIndexOf('/') + 1);
        lines.push(`| ${kind} | ${group} | ${p.servedBy} | ${cell(usersOf(p.needs, (m) => m))} | \`customResources: ${p.name}\` |`);
      }
    } else if (section === 'controllers') {
      lines.push('| needs | name | served by | used by | in `cluster` |', '|---|---|---|---|---|');
      for (const p of rows) {
        const capability = CAPABILITIES[p.field];
        const declare = unchecked(p.name) ? '(not checked)' : `\`${cell(capability.flag ? `${p.field}: true` : `${p.field}: ${p.name}`)}\``;
        const shown = unchecked(p.name) ? `the cluster's default ${capability.what}` : `\`${cell(p.name)}\``;
        lines.push(`| ${capability.what} | ${shown} | ${p.servedBy} | ${cell(usersOf(p.needs, (m) => m))} | ${declare} |`);
      }
    } else {
      lines.push('| namespace | objects | in `cluster` |', '|---|---|---|');
      for (const p of rows) {
        lines.push(unchecked(p.name)
          ? `| the namespace they are applied to (\`kubectl apply -n\`): the objects have none | ${p.needs.length} | (not checked) |`
          : `| ${p.name} | ${p.needs.length} | \`namespaces: ${p.name}\` |`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
