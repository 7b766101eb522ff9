/**
 * The rules of StatefulSets: the immutable fields (serviceName, podManagementPolicy, the claim templates), and a
 * StatefulSet with claim templates that is gone (removed, or renamed: its replicas' claims are named after it).
 * Its selector is checked with the other workloads' (./workloads.ts).
 */
import { isObject } from '../../analysis/objects';
import { ChangeRule, ChangeSeverity } from '../model';
import { bytesOf, changeOf, namespaceFlag, qualifiedName, render, Resource, same, storageOf } from '../resources';
import { ChangeCandidate } from './candidate';
import { amounts, claimSpecAmounts, sameAmount } from './claims';

const IMMUTABLE_STS = 'volumeClaimTemplates are immutable, like every StatefulSet field but replicas, template, updateStrategy, '
  + 'minReadySeconds, ordinals, revisionHistoryLimit and persistentVolumeClaimRetentionPolicy: kubectl apply fails '
  + '("updates to statefulset spec for fields other than ... are forbidden"), and a GitOps sync stays failed';

/** The changes of a StatefulSet that is in both: serviceName, podManagementPolicy and its claim templates. */
export function statefulSetChanges(old: Resource, now: Resource): ChangeCandidate[] {
  const findings: ChangeCandidate[] = [];
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

/** The claim templates removed, renamed (same spec, new name), added or changed. */
function claimTemplateChanges(old: Resource, now: Resource, caution: string): ChangeCandidate[] {
  const findings: ChangeCandidate[] = [];
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

/** A StatefulSet with claim templates that is gone while another with the same templates is new: a rename. */
export function statefulSetRenamed(r: Resource, renamed: Resource): ChangeCandidate {
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

/** A StatefulSet with claim templates that is gone: an error when its claims go with it, else a warning. */
export function statefulSetRemoved(r: Resource): ChangeCandidate {
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

/** Whether the object is a StatefulSet. */
export function isStatefulSet(r: Resource): boolean {
  return r.group === 'apps' && r.kind === 'StatefulSet';
}

/** The claim templates of a StatefulSet (the entries that are objects). */
export function claimTemplatesOf(r: Resource): any[] {
  const templates = r.object.spec?.volumeClaimTemplates;
  return Array.isArray(templates) ? templates.filter((t) => isObject(t)) : [];
}

/** The claims of a template, as messages name them: `<template>-<statefulset>-N`. */
export function claimNamesOf(template: string, statefulSet: string): string {
  return `${template}-${statefulSet}-N`;
}

/** Whether deleting the StatefulSet deletes its claims (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete). */
export function deletesClaims(r: Resource): boolean {
  return r.object.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
}

/** The caution that remedies which delete the StatefulSet add when its claims would go with it. */
export function retentionCaution(old: Resource, now: Resource): string {
  return deletesClaims(old) || deletesClaims(now)
    ? '. Careful: persistentVolumeClaimRetentionPolicy.whenDeleted is Delete, so deleting the StatefulSet without --cascade=orphan deletes its claims and data'
    : '';
}

/** The remedy that re-creates the StatefulSet and keeps its pods and claims. */
function orphanAndApply(now: Resource): string {
  return `delete the StatefulSet but not its pods and claims (kubectl delete statefulset ${now.name}${namespaceFlag(now)} --cascade=orphan) and apply: `
    + 'the new StatefulSet adopts the running pods';
}
