import { ManifestObject } from './types';
import { compositeKey, LabelIndex, pushTo, requiredLabels } from '../core/label-index';
import { joinPath } from '../testing/schema-check';

/*
 * What the checks need to know about the objects of the manifests: pod templates, selectors, and which objects
 * refer to which.
 */

/** The kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);
/** The kinds that run a number of replicas of their pod template. */
export const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function arrayOf(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** A pod (template) of an object, with where its parts are. */
export interface PodTemplate {
  readonly object: ManifestObject;
  /** The pod spec. */
  readonly spec: Record<string, any>;
  /** Where the pod spec is in the object, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** The pod's labels (empty when none). */
  readonly labels: Record<string, string>;
  /** The pod's annotations (empty when none). */
  readonly annotations: Record<string, unknown>;
  /** Where the pod's metadata is, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
}

/** A container of a pod, with where it is. */
export interface ContainerAt {
  readonly container: Record<string, any>;
  /** e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: string;
}

/** The pod (template) of a Pod, of a workload, or of a CronJob's job template. */
export function podTemplateOf(object: ManifestObject): PodTemplate | undefined {
  const m = object.manifest;
  let template: any;
  let at: string;
  if (m.kind === 'Pod') {
    template = m;
    at = '';
  } else if (TEMPLATE_KINDS.has(m.kind)) {
    template = m.spec?.template;
    at = 'spec.template';
  } else if (m.kind === 'CronJob') {
    template = m.spec?.jobTemplate?.spec?.template;
    at = 'spec.jobTemplate.spec.template';
  } else {
    return undefined;
  }
  if (!isObject(template) || !isObject(template.spec)) {
    return undefined;
  }
  const metadata = isObject(template.metadata) ? template.metadata : {};
  return {
    object,
    spec: template.spec,
    specPath: at === '' ? 'spec' : `${at}.spec`,
    labels: stringMap(metadata.labels),
    annotations: isObject(metadata.annotations) ? metadata.annotations : {},
    metadataPath: at === '' ? 'metadata' : `${at}.metadata`,
  };
}

/** The containers of a pod: init containers, containers, ephemeral containers. */
export function containersOf(pod: PodTemplate): ContainerAt[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((list) =>
    arrayOf(pod.spec[list]).flatMap((container, i) => (isObject(container) ? [{ container, path: `${pod.specPath}.${list}[${i}]`, list }] : [])));
}

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) {
    return {};
  }
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    result[k] = v === null || v === undefined ? '' : String(v);
  }
  return result;
}

/** The namespace of an object as the checks compare it: an object without one matches only others without one. */
export function namespaceOf(object: ManifestObject): string {
  return object.id.namespace ?? '';
}

/**
 * Whether a LabelSelector (`matchLabels` and `matchExpressions`) selects the labels. An empty selector selects
 * everything; a selector that is not an object selects nothing.
 */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObject(selector)) {
    return false;
  }
  if (isObject(selector.matchLabels)) {
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      if (labels[k] !== String(v)) {
        return false;
      }
    }
  }
  for (const expression of arrayOf(selector.matchExpressions)) {
    if (!isObject(expression)) {
      return false;
    }
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const values = arrayOf(expression.values).map(String);
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[expression.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expression.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a plain selector map (a Service's or a ReplicationController's) selects the labels; an empty map selects nothing. */
export function mapSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObject(selector) || Object.keys(selector).length === 0) {
    return false;
  }
  return Object.entries(selector).every(([k, v]) => labels[k] === String(v));
}

/** An entry of a selector that the labels do not meet. */
export interface SelectorMismatch {
  readonly path: string;
  readonly message: string;
}

/** The entries of a selector that the labels do not have, with their paths, for messages. */
export function selectorMismatches(selector: Record<string, any>, labels: Record<string, string>, at: string): SelectorMismatch[] {
  const problems: SelectorMismatch[] = [];
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== String(v)) {
      problems.push({
        path: joinPath(`${at}.matchLabels`, k),
        message: labels[k] === undefined
          ? `selects ${k}=${String(v)}, but the pod template has no ${k} label`
          : `selects ${k}=${String(v)}, but the pod template has ${k}=${labels[k]}`,
      });
    }
  }
  arrayOf(selector.matchExpressions).forEach((expression, i) => {
    if (!labelSelectorMatches({ matchExpressions: [expression] }, labels)) {
      problems.push({ path: `${at}.matchExpressions[${i}]`, message: `${JSON.stringify(expression)} does not match the pod template labels` });
    }
  });
  return problems;
}

/** The objects of the manifests, indexed for the checks. */
export class ManifestModel {
  /** Every pod (template), by the object that holds it. */
  public readonly pods: PodTemplate[];
  public readonly services: ManifestObject[];
  public readonly hpas: ManifestObject[];
  public readonly pdbs: ManifestObject[];
  private readonly servicesByPod = new Map<ManifestObject, ManifestObject[]>();
  private readonly podsByService = new Map<ManifestObject, PodTemplate[]>();
  /** The pods by namespace and labels, so that each selector is matched against the pods that may match it. */
  private readonly podsByLabel = new LabelIndex<PodTemplate>();
  /** The first HorizontalPodAutoscaler that scales each object (namespace, kind, name). */
  private readonly hpaByTarget = new Map<string, ManifestObject>();
  /** The PodDisruptionBudgets that select the pods of each object, in the order of the manifests. */
  private readonly budgetsByPod = new Map<ManifestObject, ManifestObject[]>();
  /** The first Service of each namespace and name. */
  private readonly serviceByName = new Map<string, ManifestObject>();

  constructor(public readonly objects: readonly ManifestObject[]) {
    this.pods = objects.flatMap((o) => {
      const pod = podTemplateOf(o);
      return pod ? [pod] : [];
    });
    for (const pod of this.pods) {
      this.podsByLabel.add(pod, namespaceOf(pod.object), pod.labels);
    }
    this.services = objects.filter((o) => o.id.kind === 'Service' && isCoreGroup(o.id.apiVersion));
    this.hpas = objects.filter((o) => o.id.kind === 'HorizontalPodAutoscaler');
    this.pdbs = objects.filter((o) => o.id.kind === 'PodDisruptionBudget');
    for (const service of this.services) {
      const selected = this.selectedPods(service);
      this.podsByService.set(service, selected);
      for (const pod of selected) {
        pushTo(this.servicesByPod, pod.object, service);
      }
      const key = compositeKey(namespaceOf(service), service.id.name);
      if (!this.serviceByName.has(key)) {
        this.serviceByName.set(key, service);
      }
    }
    for (const hpa of this.hpas) {
      const target = hpa.manifest.spec?.scaleTargetRef;
      if (typeof target?.kind === 'string' && typeof target?.name === 'string') {
        const key = compositeKey(namespaceOf(hpa), target.kind, target.name);
        if (!this.hpaByTarget.has(key)) {
          this.hpaByTarget.set(key, hpa);
        }
      }
    }
    for (const budget of this.pdbs) {
      const selector = budget.manifest.spec?.selector;
      for (const pod of this.podsByLabel.candidates(requiredLabels(selector?.matchLabels), namespaceOf(budget))) {
        if (namespaceOf(pod.object) === namespaceOf(budget) && labelSelectorMatches(selector, pod.labels)) {
          pushTo(this.budgetsByPod, pod.object, budget);
        }
      }
    }
  }

  /** The pods that a Service selects, in its namespace (none for a Service without a selector or of type ExternalName). */
  public podsOf(service: ManifestObject): PodTemplate[] {
    return this.podsByService.get(service) ?? [];
  }

  /** The Services that select the pods of an object. */
  public servicesOf(object: ManifestObject): ManifestObject[] {
    return this.servicesByPod.get(object) ?? [];
  }

  /** The PodDisruptionBudgets of the manifests that select the pods of an object, in its namespace. */
  public budgetsOf(object: ManifestObject): ManifestObject[] {
    return this.budgetsByPod.get(object) ?? [];
  }

  /** The first Service of the manifests with this namespace and name. */
  public serviceNamed(namespace: string, name: unknown): ManifestObject | undefined {
    return typeof name === 'string' ? this.serviceByName.get(compositeKey(namespace, name)) : undefined;
  }

  /** The HorizontalPodAutoscaler that scales an object, if one of the manifests does (the first). */
  public hpaOf(object: ManifestObject): ManifestObject | undefined {
    return this.hpaByTarget.get(compositeKey(namespaceOf(object), object.id.kind, object.id.name));
  }

  /** The replicas an object runs at least and at most: its HorizontalPodAutoscaler's range if one scales it. */
  public replicasOf(object: ManifestObject): { min: number; max: number } {
    if (object.id.kind === 'Pod') {
      return { min: 1, max: 1 };
    }
    const hpa = this.hpaOf(object);
    if (hpa) {
      const min = numberOr(hpa.manifest.spec?.minReplicas, 1);
      return { min, max: Math.max(min, numberOr(hpa.manifest.spec?.maxReplicas, min)) };
    }
    const replicas = numberOr(object.manifest.spec?.replicas, 1);
    return { min: replicas, max: replicas };
  }

  private selectedPods(service: ManifestObject): PodTemplate[] {
    const spec = service.manifest.spec;
    if (!isObject(spec) || spec.type === 'ExternalName' || !isObject(spec.selector) || Object.keys(spec.selector).length === 0) {
      return [];
    }
    return this.podsByLabel.candidates(requiredLabels(spec.selector), namespaceOf(service))
      .filter((pod) => namespaceOf(pod.object) === namespaceOf(service) && mapSelectorMatches(spec.selector, pod.labels));
  }
}

function isCoreGroup(apiVersion: string): boolean {
  return apiVersion === 'v1';
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The container ports of a pod (containers and sidecar init containers) by name and by number. */
export function podServesPort(pod: PodTemplate, targetPort: string | number): ContainerAt[] {
  return containersOf(pod).filter((c) => (c.list === 'containers' || (c.list === 'initContainers' && c.container.restartPolicy === 'Always'))
    && arrayOf(c.container.ports).some((p) => isObject(p) && (typeof targetPort === 'string' ? p.name === targetPort : p.containerPort === targetPort)));
}
