/**
 * The rules of PersistentVolumeClaims: a claim changed in place (shrunk, another class, access modes or spec), and a
 * claim that is gone from the manifests (removed, or renamed); and the amounts of storage quantities, which the
 * claim templates of StatefulSets compare too.
 */
import { arrayOf, describeResource, isObject } from '../../analysis/objects';
import { podTemplateOf } from '../../analysis/pods';
import { ChangeRule, ChangeSeverity } from '../model';
import { bytesOf, changeOf, namespaceFlag, qualifiedName, render, Resource, same, storageOf } from '../resources';
import { ChangeCandidate } from './candidate';
import { quantityKey } from '../../core/quantity';
import { PersistentClaim } from '../../persistence/persistent-claim';

const CLAIM = 'PersistentVolumeClaim';

/** The changes of a claim that is in both: shrunk, another class, other access modes, another immutable field of its spec. */
export function claimChanges(old: Resource, now: Resource): ChangeCandidate[] {
  const findings: ChangeCandidate[] = [];
  const o = old.object.spec ?? {};
  const n = now.object.spec ?? {};
  const where = `the claim ${qualifiedName(now)}`;
  const sizeBefore = bytesOf(storageOf(o));
  const sizeAfter = bytesOf(storageOf(n));
  if (sizeBefore !== undefined && sizeAfter !== undefined && sizeAfter < sizeBefore && !sameAmount(storageOf(o), storageOf(n))) {
    findings.push({
      rule: ChangeRule.CLAIM_SHRUNK,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.resources.requests.storage',
      before: render(storageOf(o)),
      after: render(storageOf(n)),
      consequence: `Kubernetes refuses to shrink a claim ("spec.resources.requests.storage: Forbidden: field can not be less than previous value"): kubectl apply fails, and ${where} keeps ${render(storageOf(o))}`,
      remedy: `keep ${render(storageOf(o))}: a volume cannot shrink. To use less, copy the data to a new, smaller claim under a new name and switch the workload to it`,
    });
  }
  if (o.storageClassName !== n.storageClassName) {
    const fromDefault = o.storageClassName === undefined;
    findings.push({
      rule: ChangeRule.CLAIM_STORAGE_CLASS_CHANGED,
      severity: fromDefault ? ChangeSeverity.WARNING : ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.storageClassName',
      before: render(o.storageClassName),
      after: render(n.storageClassName),
      consequence: fromDefault
        ? `${where} was made without a class, so the cluster wrote its default class into it; the claim's spec is immutable: the apply succeeds only if "${n.storageClassName}" is that default class, and fails otherwise`
        : `the claim's spec is immutable but for the storage request ("spec: Forbidden: spec is immutable after creation"): kubectl apply fails; the volume stays in class ${render(o.storageClassName) ?? '(the default)'}`,
      remedy: fromDefault
        ? `write the class the claim has (kubectl get pvc ${now.name}${namespaceFlag(now)} -o jsonpath='{.spec.storageClassName}'), or leave storageClassName out`
        : 'keep the class. To move the data to another class, make a new claim with it under a new name, copy the data (a Job that mounts both, or a VolumeSnapshot restored into the new class), switch the workload, then remove the old claim',
    });
  }
  if (!same(o.accessModes, n.accessModes)) {
    findings.push({
      rule: ChangeRule.CLAIM_ACCESS_MODES_CHANGED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.accessModes',
      before: render(o.accessModes),
      after: render(n.accessModes),
      consequence: 'the claim\'s spec is immutable but for the storage request ("spec: Forbidden: spec is immutable after creation"): kubectl apply fails; the volume keeps its access modes',
      remedy: 'keep the access modes. To change them, make a new claim under a new name, copy the data, switch the workload, then remove the old claim',
    });
  }
  const other = (spec: any) => ({
    volumeMode: spec.volumeMode ?? 'Filesystem',
    volumeName: spec.volumeName,
    selector: spec.selector,
    dataSource: spec.dataSource,
    dataSourceRef: spec.dataSourceRef,
    resources: { limits: amounts(spec.resources?.limits) },
  });
  if (!same(other(o), other(n))) {
    findings.push({
      rule: ChangeRule.CLAIM_SPEC_CHANGED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      ...changeOf(other(o), other(n), 'spec'),
      consequence: 'the claim\'s spec is immutable but for the storage request ("spec: Forbidden: spec is immutable after creation"): kubectl apply fails',
      remedy: 'keep the claim\'s spec. To change it, make a new claim under a new name, copy the data, switch the workload, then remove the old claim',
    });
  }
  return findings;
}

/** A claim that is gone (neither renamed nor moved): an error, or a warning when protection annotations keep it. */
export function claimRemoved(r: Resource, after: Map<string, Resource>): ChangeCandidate {
  const tools = protectionOf(r.object);
  const mounters = mountersOf(r, after);
  const mounted = mounters.length > 0
    ? ` The pods of ${mounters.join(', ')} still mount it: it stays Terminating until they stop, then it goes.`
    : '';
  if (tools.length > 0) {
    const unprotected = ['Argo CD', 'Flux', 'Helm'].filter((t) => !tools.includes(t));
    return {
      rule: ChangeRule.CLAIM_REMOVED,
      severity: ChangeSeverity.WARNING,
      resource: r,
      field: 'metadata.name',
      before: r.name,
      consequence: `the claim ${qualifiedName(r)} is gone from the manifests; its protection annotations keep ${inWords(tools)} from deleting it, `
        + 'so its data stays, but nothing manages the claim any more (it stays bound, and billed)'
        + `; ${inWords([...unprotected, 'kubectl apply --prune'])} would still delete it.${mounted}`,
      remedy: `delete the claim by hand once its data is no longer needed (kubectl delete pvc ${r.name}${namespaceFlag(r)}), or keep it in the manifests`,
    };
  }
  return {
    rule: ChangeRule.CLAIM_REMOVED,
    severity: ChangeSeverity.ERROR,
    resource: r,
    field: 'metadata.name',
    before: r.name,
    consequence: `the claim ${qualifiedName(r)} is gone from the manifests: Argo CD or Flux prune (or kubectl apply --prune) would delete it, `
      + `and with the usual reclaim policy (Delete) its volume and data with it.${mounted}`,
    remedy: 'keep the claim in the manifests (a PersistentClaim of the same name). To let go of the claim but keep the data, first give it '
      + 'the protection annotations (PersistentClaim does by default) and apply, then remove it in a later change',
  };
}

/** A claim that is gone while another of the same shape is new in its namespace: a rename, which leaves the data behind. */
export function claimRenamed(r: Resource, renamed: Resource): ChangeCandidate {
  const kept = protectionOf(r.object).length > 0 ? 'left behind, unmanaged (its protection annotations keep it)' : 'pruned by Argo CD or Flux, volume and data included';
  return {
    rule: ChangeRule.CLAIM_RENAMED,
    severity: ChangeSeverity.ERROR,
    resource: renamed,
    current: renamed,
    field: 'metadata.name',
    before: r.name,
    after: renamed.name,
    consequence: `the claim ${qualifiedName(r)} is gone and ${qualifiedName(renamed)}, of the same size, class and labels, is new: renamed? `
      + `The workload would start on the new, empty claim ${renamed.name}, and ${r.name} would be ${kept}`,
    remedy: `keep the name ${r.name} (claim names are explicit for this reason). To rename, copy the data from ${r.name} to ${renamed.name} first `
      + '(a Job that mounts both), then switch',
  };
}

/** Whether the object is a PersistentVolumeClaim. */
export function isClaim(r: Resource): boolean {
  return r.group === '' && r.kind === CLAIM;
}

/** Whether two claims have the same size, class, access modes, volume mode and labels (a rename, not a removal). */
export function sameClaimShape(a: any, b: any): boolean {
  const shape = (o: any) => ({
    storage: amountKey(storageOf(o.spec)),
    storageClassName: o.spec?.storageClassName,
    accessModes: [...(o.spec?.accessModes ?? [])].sort(),
    volumeMode: o.spec?.volumeMode ?? 'Filesystem',
    labels: o.metadata?.labels ?? {},
  });
  return same(shape(a), shape(b));
}

/** The delivery tools whose protection annotation the object carries. */
export function protectionOf(object: any): string[] {
  const annotations = object.metadata?.annotations ?? {};
  const tools: string[] = [];
  const argo = String(annotations['argocd.argoproj.io/sync-options'] ?? '').split(',').map((s) => s.trim());
  // Only Prune=false (or Prune=confirm) keeps Argo CD from pruning a claim that left the manifests; Delete=false keeps
  // it only when the whole Application is deleted.
  if (argo.includes('Prune=false') || argo.includes('Prune=confirm')) {
    tools.push('Argo CD');
  }
  if (annotations['kustomize.toolkit.fluxcd.io/prune'] === PersistentClaim.PROTECTION_ANNOTATIONS['kustomize.toolkit.fluxcd.io/prune']) {
    tools.push('Flux');
  }
  if (annotations['helm.sh/resource-policy'] === PersistentClaim.PROTECTION_ANNOTATIONS['helm.sh/resource-policy']) {
    tools.push('Helm');
  }
  return tools;
}

/** The objects of the new manifests whose pods mount a claim by name (the analysis core finds the pod of each). */
function mountersOf(claim: Resource, after: Map<string, Resource>): string[] {
  const mounters: string[] = [];
  for (const r of after.values()) {
    const pod = podTemplateOf({ id: r, manifest: r.object, file: '', index: 0 });
    if (pod && (r.namespace ?? '') === (claim.namespace ?? '')
      && arrayOf(pod.spec.volumes).some((v: any) => v?.persistentVolumeClaim?.claimName === claim.name)) {
      mounters.push(describeResource(r));
    }
  }
  return mounters;
}

/**
 * A quantity as its exact amount (`10Gi` and `10240Mi` are the same, `1G` and `1000M` too: the API server stores
 * the amount, not the text); anything else as it is.
 */
function amountKey(value: unknown): unknown {
  const key = typeof value === 'string' ? quantityKey(value) : typeof value === 'number' ? quantityKey(String(value)) : undefined;
  return key === undefined ? value : `quantity ${key}`;
}

/** Whether two quantities are the same amount (see amountKey). */
export function sameAmount(a: unknown, b: unknown): boolean {
  return same(amountKey(a), amountKey(b));
}

/** The quantities of a map of resources (requests or limits) as their amounts. */
export function amounts(resources: unknown): unknown {
  if (!isObject(resources)) {
    return resources;
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(resources)) {
    result[key] = amountKey(resources[key]);
  }
  return result;
}

/** A claim spec with the quantities of its requests and limits as their amounts. */
export function claimSpecAmounts(spec: any): unknown {
  if (!isObject(spec) || !isObject(spec.resources)) {
    return spec;
  }
  return { ...spec, resources: { ...spec.resources, requests: amounts(spec.resources.requests), limits: amounts(spec.resources.limits) } };
}

/** Names in words: `A`, `A and B`, `A, B and C`. */
function inWords(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
