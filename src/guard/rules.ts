/**
 * The rules of the change guard: what changes between a baseline and new manifests the API server refuses, or
 * lose data. Internal: `ChangeGuard.compare` is the public entry point.
 *
 * Every rule compares manifests, not live objects: that is what `kubectl apply` (and Argo CD, Flux) turn into a
 * patch. A field the manifests leave out keeps what the cluster has; a field they write is patched.
 */
import { ChangeRule, ChangeSeverity } from './model';
import {
  bytesOf, canonical, changeOf, indexResources, isObject, namespaceFlag, qualifiedName, render, Resource, same, storageOf,
} from './resources';
import { quantityKey } from '../core/quantity';
import { PersistentClaim } from '../persistence/persistent-claim';

/** A finding before acknowledgements are applied. */
export interface RawFinding {
  readonly rule: string;
  readonly severity: ChangeSeverity;
  /** The resource the finding is about: the new one when there is one, else the baseline's. */
  readonly resource: Resource;
  /** The resource in the new manifests, whose annotations may acknowledge the finding. */
  readonly current?: Resource;
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
  readonly consequence: string;
  readonly remedy: string;
}

const CLAIM = 'PersistentVolumeClaim';
const IMMUTABLE_STS = 'volumeClaimTemplates are immutable, like every StatefulSet field but replicas, template, updateStrategy, '
  + 'minReadySeconds, ordinals, revisionHistoryLimit and persistentVolumeClaimRetentionPolicy: kubectl apply fails '
  + '("updates to statefulset spec for fields other than ... are forbidden"), and a GitOps sync stays failed';

/** Compares two lists of manifests. */
export function findChanges(baseline: any[], current: any[]): RawFinding[] {
  const before = indexResources(baseline);
  const after = indexResources(current);
  const findings: RawFinding[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (now) {
      findings.push(...compareResource(old, now));
    }
  }
  const removed = [...before.values()].filter((r) => !after.has(r.key));
  const added = [...after.values()].filter((r) => !before.has(r.key));
  findings.push(...goneFindings(removed, added, before, after));
  return findings;
}

function compareResource(old: Resource, now: Resource): RawFinding[] {
  const id = `${now.group}/${now.kind}`;
  switch (id) {
    case `/${CLAIM}`:
      return claimChanges(old, now);
    case 'apps/StatefulSet':
      return [...selectorChanges(old, now), ...statefulSetChanges(old, now)];
    case 'apps/Deployment':
    case 'apps/DaemonSet':
    case 'apps/ReplicaSet':
      return selectorChanges(old, now);
    case 'batch/Job':
      return jobChanges(old, now);
    case '/Service':
      return serviceChanges(old, now);
    case '/ConfigMap':
    case '/Secret':
      return immutableDataChanges(old, now);
    case 'rbac.authorization.k8s.io/RoleBinding':
    case 'rbac.authorization.k8s.io/ClusterRoleBinding':
      return roleRefChanges(old, now);
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PersistentVolumeClaims

function claimChanges(old: Resource, now: Resource): RawFinding[] {
  const findings: RawFinding[] = [];
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

/** The delivery tools whose protection annotation the object carries. */
function protectionOf(object: any): string[] {
  const annotations = object.metadata?.annotations ?? {};
  const tools: string[] = [];
  const argo = String(annotations['argocd.argoproj.io/sync-options'] ?? '').split(',').map((s) => s.trim());
  if (argo.includes(PersistentClaim.PROTECTION_ANNOTATIONS['argocd.argoproj.io/sync-options']) || argo.includes('Prune=false')) {
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

function sameClaimShape(a: any, b: any): boolean {
  const shape = (o: any) => ({
    storage: amountKey(storageOf(o.spec)),
    storageClassName: o.spec?.storageClassName,
    accessModes: [...(o.spec?.accessModes ?? [])].sort(),
    volumeMode: o.spec?.volumeMode ?? 'Filesystem',
    labels: o.metadata?.labels ?? {},
  });
  return same(shape(a), shape(b));
}

/** The workloads of the new manifests whose pods mount a claim by name. */
function mountersOf(claim: Resource, after: Map<string, Resource>): string[] {
  const mounters: string[] = [];
  for (const r of after.values()) {
    const pod = podSpecOf(r.object);
    if (pod && (r.namespace ?? '') === (claim.namespace ?? '')
      && (pod.volumes ?? []).some((v: any) => v?.persistentVolumeClaim?.claimName === claim.name)) {
      mounters.push(`${r.kind} ${qualifiedName(r)}`);
    }
  }
  return mounters;
}

function podSpecOf(object: any): any {
  switch (object.kind) {
    case 'Pod':
      return object.spec;
    case 'CronJob':
      return object.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return object.spec?.template?.spec;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Objects that are gone (removed, renamed, moved)

function goneFindings(removed: Resource[], added: Resource[], before: Map<string, Resource>, after: Map<string, Resource>): RawFinding[] {
  const findings: RawFinding[] = [];
  const used = new Set<string>();
  const take = (match: (a: Resource) => boolean) => {
    const found = added.find((a) => !used.has(a.key) && match(a));
    if (found) {
      used.add(found.key);
    }
    return found;
  };
  // Moves between namespaces first: a moved object is not also a rename candidate.
  const moved = new Map<string, Resource>();
  for (const r of removed) {
    if (isClaim(r) || (isStatefulSet(r) && claimTemplatesOf(r).length > 0)) {
      const target = take((a) => a.group === r.group && a.kind === r.kind && a.name === r.name);
      if (target) {
        moved.set(r.key, target);
      }
    }
  }
  for (const r of removed) {
    const target = moved.get(r.key);
    if (target) {
      findings.push(namespaceChanged(r, target));
    } else if (isClaim(r)) {
      const renamed = take((a) => isClaim(a) && a.namespace === r.namespace && sameClaimShape(r.object, a.object));
      findings.push(renamed ? claimRenamed(r, renamed) : claimRemoved(r, after));
    } else if (isStatefulSet(r) && claimTemplatesOf(r).length > 0) {
      const templateNames = (s: Resource) => canonical(claimTemplatesOf(s).map((t) => t.metadata?.name).sort());
      const renamed = take((a) => isStatefulSet(a) && a.namespace === r.namespace && templateNames(a) === templateNames(r));
      findings.push(renamed ? statefulSetRenamed(r, renamed) : statefulSetRemoved(r));
    } else if (r.group === '' && r.kind === 'Namespace') {
      findings.push(namespaceRemoved(r, before));
    }
  }
  return findings;
}

/**
 * A quantity as its exact amount (`10Gi` and `10240Mi` are the same, `1G` and `1000M` too: the API server stores
 * the amount, not the text); anything else as it is.
 */
function amountKey(value: unknown): unknown {
  const key = typeof value === 'string' ? quantityKey(value) : typeof value === 'number' ? quantityKey(String(value)) : undefined;
  return key === undefined ? value : `quantity ${key}`;
}

function sameAmount(a: unknown, b: unknown): boolean {
  return same(amountKey(a), amountKey(b));
}

/** The quantities of a map of resources (requests or limits) as their amounts. */
function amounts(resources: unknown): unknown {
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
function claimSpecAmounts(spec: any): unknown {
  if (!isObject(spec) || !isObject(spec.resources)) {
    return spec;
  }
  return { ...spec, resources: { ...spec.resources, requests: amounts(spec.resources.requests), limits: amounts(spec.resources.limits) } };
}

function isClaim(r: Resource): boolean {
  return r.group === '' && r.kind === CLAIM;
}

function isStatefulSet(r: Resource): boolean {
  return r.group === 'apps' && r.kind === 'StatefulSet';
}

function claimTemplatesOf(r: Resource): any[] {
  const templates = r.object.spec?.volumeClaimTemplates;
  return Array.isArray(templates) ? templates.filter((t) => isObject(t)) : [];
}

function claimNamesOf(template: string, statefulSet: string): string {
  return `${template}-${statefulSet}-N`;
}

function claimRemoved(r: Resource, after: Map<string, Resource>): RawFinding {
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
      consequence: `the claim ${qualifiedName(r)} is gone from the manifests; its protection annotations keep ${tools.join(' and ')} from deleting it, `
        + 'so its data stays, but nothing manages the claim any more (it stays bound, and billed)'
        + `${unprotected.length > 0 ? `; ${unprotected.join(' and ')} would still delete it` : ''}, and so would kubectl apply --prune.${mounted}`,
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

function claimRenamed(r: Resource, renamed: Resource): RawFinding {
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

function namespaceChanged(r: Resource, target: Resource): RawFinding {
  const claim = isClaim(r);
  const claims = claim ? `the claim ${r.name}` : claimTemplatesOf(r).map((t) => claimNamesOf(t.metadata?.name, r.name)).join(', ');
  const retention = !claim && deletesClaims(r)
    ? ' (and, with persistentVolumeClaimRetentionPolicy.whenDeleted: Delete, its claims and their data are deleted with it)' : '';
  return {
    rule: ChangeRule.NAMESPACE_CHANGED,
    severity: ChangeSeverity.ERROR,
    resource: target,
    current: target,
    field: 'metadata.namespace',
    before: r.namespace ?? '(none)',
    after: target.namespace ?? '(none)',
    consequence: `a ${claim ? 'claim' : 'StatefulSet\'s claims'} cannot move between namespaces: in ${target.namespace ?? 'the default namespace'} `
      + `the ${r.kind} starts on new, empty ${claim ? 'claim' : 'claims'} ${claims}; the old one in ${r.namespace ?? 'the default namespace'} `
      + `and its data are pruned by Argo CD or Flux, or left behind${retention}`,
    remedy: `keep the namespace ${r.namespace ?? '(none)'}. To move, copy the data into the new namespace first (a backup and restore, e.g. with Velero, `
      + 'or re-bind each PersistentVolume: set its reclaim policy to Retain, delete the old claim, clear the volume\'s claimRef and make the new claim with volumeName)',
  };
}

function deletesClaims(r: Resource): boolean {
  return r.object.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
}

function statefulSetRenamed(r: Resource, renamed: Resource): RawFinding {
  const templates = claimTemplatesOf(r).map((t) => t.metadata?.name as string);
  const oldClaims = templates.map((t) => claimNamesOf(t, r.name)).join(', ');
  const newClaims = templates.map((t) => claimNamesOf(t, renamed.name)).join(', ');
  return {
    rule: ChangeRule.STATEFULSET_RENAMED,
    severity: ChangeSeverity.ERROR,
    resource: renamed,
    current: renamed,
    field: 'metadata.name',
    before: r.name,
    after: renamed.name,
    consequence: `the StatefulSet ${qualifiedName(r)} is gone and ${qualifiedName(renamed)}, with the same claim templates, is new: renamed? `
      + `A replica's claim is named after the StatefulSet: the new replicas start on new, empty claims ${newClaims}, and the data stays in ${oldClaims}`
      + `${deletesClaims(r) ? ', which are deleted with the old StatefulSet (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete)' : ''}`,
    remedy: `keep the name ${r.name}. To rename, copy the data of ${oldClaims} into ${newClaims} before the new StatefulSet starts `
      + '(or make those claims in advance, bound to the old volumes)',
  };
}

function statefulSetRemoved(r: Resource): RawFinding {
  const claims = claimTemplatesOf(r).map((t) => claimNamesOf(t.metadata?.name, r.name)).join(', ');
  if (deletesClaims(r)) {
    return {
      rule: ChangeRule.STATEFULSET_REMOVED,
      severity: ChangeSeverity.ERROR,
      resource: r,
      field: 'metadata.name',
      before: r.name,
      consequence: `the StatefulSet ${qualifiedName(r)} is gone: a prune deletes it, and with persistentVolumeClaimRetentionPolicy.whenDeleted: Delete, `
        + `its claims ${claims} and their data with it`,
      remedy: 'set persistentVolumeClaimRetentionPolicy.whenDeleted to Retain and apply before removing the StatefulSet, or back the data up first',
    };
  }
  return {
    rule: ChangeRule.STATEFULSET_REMOVED,
    severity: ChangeSeverity.WARNING,
    resource: r,
    field: 'metadata.name',
    before: r.name,
    consequence: `the StatefulSet ${qualifiedName(r)} is gone: a prune deletes it and its pods; its claims ${claims} and their data stay, unmanaged (and billed)`,
    remedy: `delete the claims ${claims} by hand once their data is no longer needed`,
  };
}

function namespaceRemoved(r: Resource, before: Map<string, Resource>): RawFinding {
  const stateful = [...before.values()].filter((o) => o.namespace === r.name && (isClaim(o) || (isStatefulSet(o) && claimTemplatesOf(o).length > 0)));
  const tools = protectionOf(r.object);
  const severity = stateful.length > 0 && tools.length === 0 ? ChangeSeverity.ERROR : ChangeSeverity.WARNING;
  const holds = stateful.length > 0 ? `, the claims of ${stateful.map((o) => `${o.kind} ${o.name}`).join(', ')} and their data among them` : '';
  return {
    rule: ChangeRule.NAMESPACE_REMOVED,
    severity,
    resource: r,
    field: 'metadata.name',
    before: r.name,
    consequence: `the Namespace ${r.name} is gone: a prune deletes it, and deleting a Namespace deletes every object in it, also those that are not in the manifests`
      + `${holds}${tools.length > 0 ? ` (its annotations keep ${tools.join(' and ')} from deleting it)` : ''}`,
    remedy: 'keep the Namespace object while anything in it is still needed',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Workloads

function selectorChanges(old: Resource, now: Resource): RawFinding[] {
  const before = old.object.spec?.selector;
  const after = now.object.spec?.selector;
  if (same(before, after)) {
    return [];
  }
  const statefulSet = isStatefulSet(now);
  return [{
    rule: ChangeRule.SELECTOR_CHANGED,
    severity: ChangeSeverity.ERROR,
    resource: now,
    current: now,
    field: 'spec.selector',
    before: render(before),
    after: render(after),
    consequence: `spec.selector of a ${now.kind} is immutable (apps/v1): kubectl apply fails ("field is immutable"), and the running pods stay as they are`,
    remedy: statefulSet
      ? 'keep the selector (AppIdentity selects by the stable labels only). To change it, delete the StatefulSet and keep its pods and claims '
        + `(kubectl delete statefulset ${now.name}${namespaceFlag(now)} --cascade=orphan), apply, then delete the old pods one at a time: `
        + `the new StatefulSet re-creates each, and the claims re-attach by name${retentionCaution(old, now)}`
      : `keep the selector (AppIdentity selects by the stable labels only). To change it, deploy the ${now.kind} under a new name and delete the old `
        + `one once the new pods are ready, or delete it and apply (kubectl delete ${now.kind.toLowerCase()} ${now.name}${namespaceFlag(now)}; `
        + 'the pods are down in between; Argo CD: sync option Replace=true)',
  }];
}

function retentionCaution(old: Resource, now: Resource): string {
  return deletesClaims(old) || deletesClaims(now)
    ? '. Careful: persistentVolumeClaimRetentionPolicy.whenDeleted is Delete, so deleting the StatefulSet without --cascade=orphan deletes its claims and data'
    : '';
}

function orphanAndApply(now: Resource): string {
  return `delete the StatefulSet but not its pods and claims (kubectl delete statefulset ${now.name}${namespaceFlag(now)} --cascade=orphan) and apply: `
    + 'the new StatefulSet adopts the running pods';
}

function statefulSetChanges(old: Resource, now: Resource): RawFinding[] {
  const findings: RawFinding[] = [];
  const o = old.object.spec ?? {};
  const n = now.object.spec ?? {};
  const caution = retentionCaution(old, now);
  if (o.serviceName !== n.serviceName) {
    findings.push({
      rule: ChangeRule.STATEFULSET_SERVICE_NAME_CHANGED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.serviceName',
      before: render(o.serviceName),
      after: render(n.serviceName),
      consequence: 'spec.serviceName is immutable: kubectl apply fails ("updates to statefulset spec for fields other than ... are forbidden"); '
        + `the pods' DNS names (${now.name}-0.${o.serviceName ?? '<service>'}...) come from it`,
      remedy: `keep the serviceName. To change it, ${orphanAndApply(now)}; then restart them (kubectl rollout restart statefulset/${now.name}${namespaceFlag(now)}) `
        + `so that they get their DNS names under the new Service${caution}`,
    });
  }
  const policy = (spec: any) => spec.podManagementPolicy ?? 'OrderedReady';
  if (policy(o) !== policy(n)) {
    findings.push({
      rule: ChangeRule.STATEFULSET_POD_MANAGEMENT_CHANGED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.podManagementPolicy',
      before: policy(o),
      after: policy(n),
      consequence: 'spec.podManagementPolicy is immutable: kubectl apply fails ("updates to statefulset spec for fields other than ... are forbidden")',
      remedy: `keep the policy. To change it, ${orphanAndApply(now)}${caution}`,
    });
  }
  findings.push(...claimTemplateChanges(old, now, caution));
  return findings;
}

function claimTemplateChanges(old: Resource, now: Resource, caution: string): RawFinding[] {
  const findings: RawFinding[] = [];
  const byName = (r: Resource) => new Map(claimTemplatesOf(r).map((t) => [String(t.metadata?.name), t]));
  const before = byName(old);
  const after = byName(now);
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const field = (name: string, rest = '') => `spec.volumeClaimTemplates[${name}]${rest}`;
  const claims = (template: string) => claimNamesOf(template, now.name);
  for (const name of removed) {
    const to = added.find((a) => same(claimSpecAmounts(before.get(name).spec), claimSpecAmounts(after.get(a).spec)));
    if (to !== undefined) {
      added.splice(added.indexOf(to), 1);
      findings.push({
        rule: ChangeRule.CLAIM_TEMPLATE_RENAMED,
        severity: ChangeSeverity.ERROR,
        resource: now,
        current: now,
        field: field(name, '.metadata.name'),
        before: name,
        after: to,
        consequence: `${IMMUTABLE_STS}. Were the StatefulSet re-created, its replicas would start on new, empty claims ${claims(to)}, and the data would stay in ${claims(name)}`,
        remedy: `keep the template name ${name}. To rename, copy the data of ${claims(name)} into ${claims(to)} first, then ${orphanAndApply(now)}${caution}`,
      });
    } else {
      findings.push({
        rule: ChangeRule.CLAIM_TEMPLATE_REMOVED,
        severity: ChangeSeverity.ERROR,
        resource: now,
        current: now,
        field: field(name),
        before: name,
        consequence: `${IMMUTABLE_STS}. Were the StatefulSet re-created, its pods would no longer mount ${claims(name)}; the claims and their data stay, unmanaged`,
        remedy: `keep the template. To drop it, ${orphanAndApply(now)}, and delete the claims ${claims(name)} once their data is no longer needed${caution}`,
      });
    }
  }
  for (const name of added) {
    findings.push({
      rule: ChangeRule.CLAIM_TEMPLATE_ADDED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: field(name),
      after: name,
      consequence: `${IMMUTABLE_STS}; the running replicas have no claim ${claims(name)}`,
      remedy: `${orphanAndApply(now)}; each replica gets its new claim when its pod is re-created (kubectl rollout restart statefulset/${now.name}${namespaceFlag(now)})${caution}`,
    });
  }
  for (const [name, o] of before) {
    const n = after.get(name);
    if (n === undefined || same(o, n)) {
      continue;
    }
    const sizeBefore = storageOf(o.spec);
    const sizeAfter = storageOf(n.spec);
    if (!sameAmount(sizeBefore, sizeAfter)) {
      const grown = (bytesOf(sizeAfter) ?? 0) > (bytesOf(sizeBefore) ?? 0);
      findings.push({
        rule: ChangeRule.CLAIM_TEMPLATE_CHANGED,
        severity: ChangeSeverity.ERROR,
        resource: now,
        current: now,
        field: field(name, '.spec.resources.requests.storage'),
        before: render(sizeBefore),
        after: render(sizeAfter),
        consequence: `${IMMUTABLE_STS}. A template never resizes existing claims: ${claims(name)} keep ${render(sizeBefore)}`,
        remedy: grown
          ? `expand each existing claim first (kubectl patch pvc ${name}-${now.name}-0${namespaceFlag(now)} -p '{"spec":{"resources":{"requests":{"storage":"${render(sizeAfter)}"}}}}', `
            + `for every replica; the StorageClass must allow volume expansion), then ${orphanAndApply(now)}${caution}`
          : `keep ${render(sizeBefore)}: a volume cannot shrink. To use less, copy the data into claims of a new template and switch${caution}`,
      });
    }
    const spec = (t: any) => {
      const { resources, ...rest } = t.spec ?? {};
      const { requests, limits, ...otherResources } = resources ?? {};
      const { storage, ...otherRequests } = requests ?? {};
      return { ...rest, volumeMode: rest.volumeMode ?? 'Filesystem', resources: { ...otherResources, limits: amounts(limits), requests: amounts(otherRequests) } };
    };
    if (!same(spec(o), spec(n))) {
      findings.push({
        rule: ChangeRule.CLAIM_TEMPLATE_CHANGED,
        severity: ChangeSeverity.ERROR,
        resource: now,
        current: now,
        ...changeOf(spec(o), spec(n), field(name, '.spec')),
        consequence: `${IMMUTABLE_STS}. Existing claims never change with the template: ${claims(name)} keep their class, access modes and volume mode; `
          + 'only the claims of new replicas would follow it',
        remedy: 'keep the template\'s spec. To move the data, add a template under a new name, copy the data into its claims and drop the old one '
          + `(each step: ${orphanAndApply(now)})${caution}`,
      });
    }
    if (!same(o.metadata ?? {}, n.metadata ?? {})) {
      findings.push({
        rule: ChangeRule.CLAIM_TEMPLATE_CHANGED,
        severity: ChangeSeverity.ERROR,
        resource: now,
        current: now,
        ...changeOf(o.metadata ?? {}, n.metadata ?? {}, field(name, '.metadata')),
        consequence: `${IMMUTABLE_STS}, their labels and annotations too; existing claims ${claims(name)} keep theirs`,
        remedy: `keep the template's labels and annotations stable (no version label in them). To change them, ${orphanAndApply(now)}, `
          + `and relabel the existing claims (kubectl label pvc ...)${caution}`,
      });
    }
  }
  return findings;
}

function jobChanges(old: Resource, now: Resource): RawFinding[] {
  const findings: RawFinding[] = [];
  const o = old.object.spec ?? {};
  const n = now.object.spec ?? {};
  const ttl = n.ttlSecondsAfterFinished;
  const annotations = now.object.metadata?.annotations ?? {};
  const argoOptions = String(annotations['argocd.argoproj.io/sync-options'] ?? '').split(',').map((s) => s.trim());
  const replaced = annotations['argocd.argoproj.io/hook'] !== undefined || annotations['helm.sh/hook'] !== undefined
    || argoOptions.includes('Replace=true') || argoOptions.includes('Force=true');
  const severity = typeof ttl === 'number' || replaced ? ChangeSeverity.WARNING : ChangeSeverity.ERROR;
  const softened = replaced
    ? '; it is a hook or replaced on sync (its annotations say so), so the delivery tool re-creates it'
    : typeof ttl === 'number' ? `; a finished Job is deleted ${ttl}s after it finishes (ttlSecondsAfterFinished), after which the apply creates the new one` : '';
  const remedy = `delete the Job before the apply (kubectl delete job ${now.name}${namespaceFlag(now)}), or give each version of it its own name `
    + '(e.g. with a suffix), or let the delivery tool replace it (Argo CD: sync option Replace=true)';
  if (!same(o.template, n.template)) {
    findings.push({
      rule: ChangeRule.JOB_TEMPLATE_CHANGED,
      severity,
      resource: now,
      current: now,
      ...changeOf(o.template, n.template, 'spec.template'),
      consequence: `a Job's pod template is immutable: kubectl apply fails ("spec.template: Invalid value: ... field is immutable") while the Job ${qualifiedName(now)} exists, and the new version does not run${softened}`,
      remedy,
    });
  }
  const spec = (s: any) => ({
    selector: s.selector,
    manualSelector: s.manualSelector,
    completionMode: s.completionMode ?? 'NonIndexed',
    completions: (s.completionMode ?? 'NonIndexed') === 'Indexed' ? undefined : s.completions,
  });
  if (!same(spec(o), spec(n))) {
    findings.push({
      rule: ChangeRule.JOB_SPEC_CHANGED,
      severity,
      resource: now,
      current: now,
      ...changeOf(spec(o), spec(n), 'spec'),
      consequence: `a Job's selector, manualSelector, completionMode and (non-indexed) completions are immutable: kubectl apply fails while the Job ${qualifiedName(now)} exists${softened}`,
      remedy,
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// Services

function serviceChanges(old: Resource, now: Resource): RawFinding[] {
  const findings: RawFinding[] = [];
  const o = old.object.spec ?? {};
  const n = now.object.spec ?? {};
  const typeBefore = o.type ?? 'ClusterIP';
  const typeAfter = n.type ?? 'ClusterIP';
  const external = typeBefore === 'ExternalName' || typeAfter === 'ExternalName';
  const ipBefore: string | undefined = o.clusterIP || o.clusterIPs?.[0] || undefined;
  const ipAfter: string | undefined = n.clusterIP || n.clusterIPs?.[0] || undefined;
  const recreate = `delete the Service and apply (kubectl delete service ${now.name}${namespaceFlag(now)}; clients cannot reach it in between), `
    + 'or add a Service under a new name and move the clients to it';
  // Changes to and from ExternalName are accepted: the API server drops or allocates the cluster IP.
  if (!external && ipBefore !== ipAfter) {
    if (ipBefore === 'None' && ipAfter === undefined) {
      findings.push({
        rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
        severity: ChangeSeverity.WARNING,
        resource: now,
        current: now,
        field: 'spec.clusterIP',
        before: 'None',
        after: undefined,
        consequence: 'the API server keeps clusterIP None when the manifests leave it out: the Service stays headless, with no cluster IP, '
          + 'although the manifests no longer say so',
        remedy: `write clusterIP: None to keep it headless, or, to give it a cluster IP, ${recreate}`,
      });
    } else if (ipAfter !== undefined) {
      findings.push({
        rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
        severity: ChangeSeverity.ERROR,
        resource: now,
        current: now,
        field: 'spec.clusterIP',
        before: ipBefore,
        after: ipAfter,
        consequence: ipBefore === undefined
          ? `the cluster allocated an address when the Service was made; spec.clusterIP is immutable: the apply fails ("may not change once set") unless ${ipAfter} is that address`
            + `${ipAfter === 'None' ? ' (a Service cannot become headless in place)' : ''}`
          : `spec.clusterIP is immutable: kubectl apply fails ("may not change once set")${ipBefore === 'None' || ipAfter === 'None' ? '; a Service cannot switch between headless and a cluster IP in place' : ''}`,
        remedy: `keep ${ipBefore ?? 'clusterIP out of the manifests'}. To change it, ${recreate}`,
      });
    }
  }
  const familyBefore = o.ipFamilies?.[0];
  const familyAfter = n.ipFamilies?.[0];
  if (!external && familyBefore !== undefined && familyAfter !== undefined && familyBefore !== familyAfter) {
    findings.push({
      rule: ChangeRule.SERVICE_IP_FAMILY_CHANGED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.ipFamilies[0]',
      before: familyBefore,
      after: familyAfter,
      consequence: 'the primary IP family of a Service is immutable (its cluster IP is of that family): kubectl apply fails ("may not change once set")',
      remedy: `keep ${familyBefore} first (a second family may be added or removed). To change it, ${recreate}`,
    });
  }
  if (typeBefore === 'LoadBalancer' && typeAfter === 'LoadBalancer' && o.loadBalancerClass !== n.loadBalancerClass) {
    findings.push({
      rule: ChangeRule.SERVICE_LOAD_BALANCER_CLASS_CHANGED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.loadBalancerClass',
      before: render(o.loadBalancerClass),
      after: render(n.loadBalancerClass),
      consequence: 'spec.loadBalancerClass of a LoadBalancer Service is immutable: kubectl apply fails ("may not change once set")',
      remedy: `keep the class. To change it, ${recreate}; the new load balancer gets a new external address`,
    });
  }
  if (typeBefore === 'LoadBalancer' && typeAfter !== 'LoadBalancer') {
    findings.push({
      rule: ChangeRule.SERVICE_LOAD_BALANCER_RELEASED,
      severity: ChangeSeverity.WARNING,
      resource: now,
      current: now,
      field: 'spec.type',
      before: typeBefore,
      after: typeAfter,
      consequence: 'the Service is no longer a LoadBalancer: the cloud load balancer and its external address are released; clients and DNS records '
        + 'that point at the address stop working, and a new LoadBalancer later gets another address (unless it is reserved)',
      remedy: 'move DNS records and clients to the new entry point (an Ingress, a Gateway) before the change',
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// Other immutable fields

function immutableDataChanges(old: Resource, now: Resource): RawFinding[] {
  if (old.object.immutable !== true) {
    return [];
  }
  const data = (o: any) => ({ immutable: o.immutable ?? false, data: o.data, binaryData: o.binaryData, stringData: o.stringData });
  if (same(data(old.object), data(now.object))) {
    return [];
  }
  const kind = now.kind.toLowerCase();
  return [{
    rule: ChangeRule.IMMUTABLE_DATA_CHANGED,
    severity: ChangeSeverity.ERROR,
    resource: now,
    current: now,
    ...changeOf(data(old.object), data(now.object), ''),
    consequence: `the ${now.kind} is immutable (immutable: true): its data cannot change and it cannot be made mutable again; kubectl apply fails `
      + '("field is immutable when `immutable` is set"), and the pods keep the old data',
    remedy: `give the changed ${now.kind} a new name (e.g. with a hash of its data) and point the pods at it, so that they roll to it; `
      + `or delete it and apply (kubectl delete ${kind} ${now.name}${namespaceFlag(now)}; pods that start in between fail to mount it)`,
  }];
}

function roleRefChanges(old: Resource, now: Resource): RawFinding[] {
  if (same(old.object.roleRef, now.object.roleRef)) {
    return [];
  }
  return [{
    rule: ChangeRule.ROLE_REF_CHANGED,
    severity: ChangeSeverity.ERROR,
    resource: now,
    current: now,
    ...changeOf(old.object.roleRef, now.object.roleRef, 'roleRef'),
    consequence: `the roleRef of a ${now.kind} is immutable: kubectl apply fails ("cannot change roleRef"), and the subjects keep the old role`,
    remedy: `bind the new role with a ${now.kind} under a new name (and remove the old one), or delete it and apply `
      + `(kubectl delete ${now.kind.toLowerCase()} ${now.name}${namespaceFlag(now)}; the subjects lose the permissions in between)`,
  }];
}
