import { isObject, ManifestObject, stringMap } from './objects';
import { PodTemplate, podTemplateOf } from './pods';
import { labelSelectorMatches, mapSelectorMatches } from './selectors';
import { compositeKey, LabelIndex, pushTo, requiredLabels } from '../core/label-index';

/*
 * One model of the objects of a set of manifests, indexed for the checks: pods, Services and what selects what.
 */

/** The namespace of an object as the checks compare it: an object without one matches only others without one. */
export function namespaceOf(object: ManifestObject): string {
  return object.id.namespace ?? '';
}

/** The objects of the manifests, indexed for the checks. */
export class ManifestModel {
  /** Every pod (template), by the object that holds it. */
  public readonly pods: PodTemplate[];
  public readonly services: ManifestObject[];
  /** The autoscalers: HorizontalPodAutoscalers and KEDA ScaledObjects (see {@link scaleTargetOf}). */
  public readonly autoscalers: ManifestObject[];
  public readonly pdbs: ManifestObject[];
  private readonly servicesByPod = new Map<ManifestObject, ManifestObject[]>();
  private readonly podsByService = new Map<ManifestObject, PodTemplate[]>();
  /** The pods by namespace and labels, so that each selector is matched against the pods that may match it. */
  private readonly podsByLabel = new LabelIndex<PodTemplate>();
  /** The autoscalers of each object (namespace, kind, name), in the order of the manifests. */
  private readonly autoscalersByTarget = new Map<string, ManifestObject[]>();
  /** The PodDisruptionBudgets that select the pods of each object, in the order of the manifests. */
  private readonly budgetsByPod = new Map<ManifestObject, ManifestObject[]>();
  /** The first Service of each namespace and name. */
  private readonly serviceByName = new Map<string, ManifestObject>();
  /** The namespaces of the objects, and the names of the Namespace objects. */
  private readonly namespaces = new Set<string>();
  /** The labels of each object's metadata, read once. */
  private readonly metadataLabels = new Map<ManifestObject, Record<string, string>>();
  /** The Services by namespace and by the labels of their metadata. */
  private readonly servicesByLabel = new LabelIndex<ManifestObject>();
  /**
   * The objects of each namespace, and for each label key that {@link objectsLabelled} was asked about, the objects
   * by namespace and value of that label (on their metadata or pod template): made on the first question about a
   * key, as few keys are ever asked about (an application's name and instance).
   */
  private readonly objectsByNamespace = new Map<string, ManifestObject[]>();
  private readonly objectsByLabelValue = new Map<string, Map<string, ManifestObject[]>>();
  /** The pod (template) of each object that has one. */
  private readonly podByObject = new Map<ManifestObject, PodTemplate>();
  /** The objects of each kind, in the order of the manifests. */
  private readonly objectsByKind = new Map<string, ManifestObject[]>();
  /** The Services of each namespace, in the order of the manifests. */
  private readonly servicesByNamespace = new Map<string, ManifestObject[]>();
  /** The place of each object in the manifests. */
  private readonly positions = new Map<ManifestObject, number>();

  constructor(public readonly objects: readonly ManifestObject[]) {
    this.pods = [];
    this.services = [];
    this.autoscalers = [];
    this.pdbs = [];
    const targets = new Map<ManifestObject, { kind: string; name: string }>();
    // One pass over the objects: each object's pod template, labels, kind and role read once.
    for (const o of objects) {
      this.positions.set(o, this.positions.size);
      const namespace = namespaceOf(o);
      this.namespaces.add(o.id.kind === 'Namespace' && o.id.apiVersion === 'v1' ? o.id.name : namespace);
      pushTo(this.objectsByKind, o.id.kind, o);
      const labels = stringMap(o.manifest.metadata?.labels);
      this.metadataLabels.set(o, labels);
      pushTo(this.objectsByNamespace, namespace, o);
      const pod = podTemplateOf(o);
      if (pod !== undefined) {
        this.pods.push(pod);
        this.podsByLabel.add(pod, namespace, pod.labels);
        this.podByObject.set(o, pod);
      }
      if (o.id.kind === 'Service' && isCoreGroup(o.id.apiVersion)) {
        this.services.push(o);
        pushTo(this.servicesByNamespace, namespace, o);
      }
      const target = scaleTargetOf(o);
      if (target !== undefined) {
        this.autoscalers.push(o);
        targets.set(o, target);
      }
      if (o.id.kind === 'PodDisruptionBudget') {
        this.pdbs.push(o);
      }
    }
    for (const service of this.services) {
      this.servicesByLabel.add(service, namespaceOf(service), this.labelsOf(service));
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
    for (const autoscaler of this.autoscalers) {
      const target = targets.get(autoscaler)!;
      pushTo(this.autoscalersByTarget, compositeKey(namespaceOf(autoscaler), target.kind, target.name), autoscaler);
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

  /** The labels of an object's metadata (empty when none). */
  public labelsOf(object: ManifestObject): Record<string, string> {
    return this.metadataLabels.get(object) ?? stringMap(object.manifest.metadata?.labels);
  }

  /** The pod (template) of an object, when it has one. */
  public podOf(object: ManifestObject): PodTemplate | undefined {
    return this.podByObject.get(object);
  }

  /**
   * The Services whose labels a LabelSelector selects (a ServiceMonitor's `selector`), in the namespaces given, in the
   * order of the manifests.
   */
  public servicesSelectedBy(selector: unknown, namespaces: readonly string[]): ManifestObject[] {
    return namespaces.flatMap((ns) => this.servicesByLabel.candidates(requiredLabels(isObject(selector) ? selector.matchLabels : undefined), ns)
      .filter((s) => namespaceOf(s) === ns && labelSelectorMatches(selector, this.labelsOf(s))));
  }

  /** The pods whose labels a LabelSelector selects (a PodMonitor's `selector`), in the namespaces given. */
  public podsSelectedBy(selector: unknown, namespaces: readonly string[]): PodTemplate[] {
    return namespaces.flatMap((ns) => this.podsByLabel.candidates(requiredLabels(isObject(selector) ? selector.matchLabels : undefined), ns)
      .filter((p) => namespaceOf(p.object) === ns && labelSelectorMatches(selector, p.labels)));
  }

  /**
   * The objects of a namespace that carry every one of the labels, on their metadata or on their pod template, in the
   * order of the manifests.
   */
  public objectsLabelled(namespace: string, labels: Record<string, string>): ManifestObject[] {
    const fits = (have: Record<string, string>) => Object.keys(labels).every((k) => have[k] === labels[k]);
    let candidates = this.objectsByNamespace.get(namespace) ?? [];
    for (const [key, value] of Object.entries(labels)) {
      const withValue = this.objectsWithLabel(key).get(compositeKey(namespace, value)) ?? [];
      if (withValue.length < candidates.length) {
        candidates = withValue;
      }
    }
    return candidates.filter((o) => fits(this.labelsOf(o)) || (this.podOf(o) !== undefined && fits(this.podOf(o)!.labels)));
  }

  /** The objects by namespace and value of a label, on their metadata or pod template (each object once per value). */
  private objectsWithLabel(key: string): Map<string, ManifestObject[]> {
    let index = this.objectsByLabelValue.get(key);
    if (index === undefined) {
      index = new Map();
      for (const o of this.objects) {
        const values = new Set([this.labelsOf(o)[key], this.podOf(o)?.labels[key]].filter((v) => v !== undefined));
        for (const value of values) {
          pushTo(index, compositeKey(namespaceOf(o), value!), o);
        }
      }
      this.objectsByLabelValue.set(key, index);
    }
    return index;
  }

  /** Whether the manifests have objects in this namespace (or its Namespace object). */
  public hasNamespace(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }

  /** The namespaces of the objects, sorted (`''` for objects without one). */
  public namespaceNames(): string[] {
    return [...this.namespaces].sort();
  }

  /** The names of the Services of a namespace, sorted. */
  public serviceNamesIn(namespace: string): string[] {
    return this.servicesIn(namespace).map((s) => s.id.name).sort();
  }

  /** The Services of a namespace, in the order of the manifests. */
  public servicesIn(namespace: string): readonly ManifestObject[] {
    return this.servicesByNamespace.get(namespace) ?? [];
  }

  /** Objects of the manifests in the order of the manifests, each once: what an index found, in its place. */
  public inManifestOrder(objects: Iterable<ManifestObject>): ManifestObject[] {
    return [...new Set(objects)].sort((a, b) => this.positions.get(a)! - this.positions.get(b)!);
  }

  /** The objects of a kind (of any API group), in the order of the manifests. */
  public objectsOfKind(kind: string): readonly ManifestObject[] {
    return this.objectsByKind.get(kind) ?? [];
  }

  /**
   * The pods of every namespace that carry every label of a plain selector map (a Service's selector), in the order
   * of the manifests.
   */
  public podsWithLabels(selector: Record<string, unknown>): PodTemplate[] {
    return this.podsByLabel.candidates(requiredLabels(selector))
      .filter((p) => Object.entries(selector).every(([k, v]) => p.labels[k] === String(v)));
  }

  /** The first Service of the manifests with this namespace and name. */
  public serviceNamed(namespace: string, name: unknown): ManifestObject | undefined {
    return typeof name === 'string' ? this.serviceByName.get(compositeKey(namespace, name)) : undefined;
  }

  /** The autoscalers (HorizontalPodAutoscalers, KEDA ScaledObjects) that scale an object, in the order of the manifests. */
  public autoscalersOf(object: ManifestObject): ManifestObject[] {
    return this.autoscalersByTarget.get(compositeKey(namespaceOf(object), object.id.kind, object.id.name)) ?? [];
  }

  /**
   * The replicas an object runs at least and at most: the range of its first autoscaler if one scales it (a
   * HorizontalPodAutoscaler's minReplicas, default 1; a ScaledObject's minReplicaCount, default 0, and maxReplicaCount,
   * default 100), else its replicas.
   */
  public replicasOf(object: ManifestObject): { min: number; max: number } {
    if (object.id.kind === 'Pod') {
      return { min: 1, max: 1 };
    }
    const [autoscaler] = this.autoscalersOf(object);
    if (autoscaler?.id.kind === 'ScaledObject') {
      const min = numberOr(autoscaler.manifest.spec?.minReplicaCount, 0);
      return { min, max: Math.max(min, numberOr(autoscaler.manifest.spec?.maxReplicaCount, 100)) };
    }
    if (autoscaler) {
      const min = numberOr(autoscaler.manifest.spec?.minReplicas, 1);
      return { min, max: Math.max(min, numberOr(autoscaler.manifest.spec?.maxReplicas, min)) };
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

/**
 * What an autoscaler scales: a HorizontalPodAutoscaler (autoscaling/*) or a KEDA ScaledObject (keda.sh/*, whose target
 * is a Deployment unless it names another kind); undefined for any other object, or one without a target name.
 */
export function scaleTargetOf(object: ManifestObject): { kind: string; name: string } | undefined {
  const { kind, apiVersion } = object.id;
  const isHpa = kind === 'HorizontalPodAutoscaler' && apiVersion.startsWith('autoscaling/');
  const isScaledObject = kind === 'ScaledObject' && apiVersion.startsWith('keda.sh/');
  const ref = object.manifest.spec?.scaleTargetRef;
  if ((!isHpa && !isScaledObject) || !isObject(ref) || typeof ref.name !== 'string') {
    return undefined;
  }
  const targetKind = typeof ref.kind === 'string' ? ref.kind : isScaledObject ? 'Deployment' : undefined;
  return targetKind === undefined ? undefined : { kind: targetKind, name: ref.name };
}
