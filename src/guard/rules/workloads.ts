/**
 * The rules of the workloads' immutable fields: the selector of a Deployment, StatefulSet, DaemonSet or ReplicaSet,
 * and a Job's pod template and spec.
 */
import { ChangeRule, ChangeSeverity } from '../model';
import { changeOf, namespaceFlag, qualifiedName, render, Resource, same } from '../resources';
import { ChangeCandidate } from './candidate';
import { isStatefulSet, retentionCaution } from './stateful-sets';

/** The selector of a Deployment, StatefulSet, DaemonSet or ReplicaSet. */
export function selectorChanges(old: Resource, now: Resource): ChangeCandidate[] {
  const before = old.object.spec?.selector;
  const after = now.object.spec?.selector;
  if (same(before, after)) {
    return [];
  }
  const statefulSet = isStatefulSet(now);
  const cause = selectorLabelChanges(before, after);
  const keep = `keep the selector${cause ? ` (${cause})` : ''}: AppIdentity selects by its name, instance and component (app.kubernetes.io/name, `
    + 'instance and component), so a change of an application\'s name, instance or component (adding or removing a `component` too) changes it.';
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
      ? `${keep} To change it, delete the StatefulSet and keep its pods and claims `
        + `(kubectl delete statefulset ${now.name}${namespaceFlag(now)} --cascade=orphan), apply, then delete the old pods one at a time: `
        + `the new StatefulSet re-creates each, and the claims re-attach by name${retentionCaution(old, now)}`
      : `${keep} To change it, deploy the ${now.kind} under a new name and delete the old `
        + `one once the new pods are ready, or delete it and apply (kubectl delete ${now.kind.toLowerCase()} ${now.name}${namespaceFlag(now)}; `
        + 'the pods are down in between; Argo CD: sync option Replace=true)',
  }];
}

/**
 * The replicas of a Deployment or StatefulSet, set before and left out now (an autoscaler takes the count over): a
 * client-side apply (kubectl's default, Argo CD's) removes the field it set last time, and the API server defaults it
 * to 1, so the workload drops to one pod until the autoscaler scales it back up.
 */
export function replicasRemoved(old: Resource, now: Resource): ChangeCandidate[] {
  const before = old.object.spec?.replicas;
  if (before === undefined || before === null || now.object.spec?.replicas !== undefined) {
    return [];
  }
  const kind = now.kind.toLowerCase();
  return [{
    rule: ChangeRule.REPLICAS_REMOVED,
    severity: ChangeSeverity.WARNING,
    resource: now,
    current: now,
    field: 'spec.replicas',
    before: render(before),
    after: '(not set)',
    consequence: `a client-side kubectl apply (and Argo CD's) removes spec.replicas, which the last apply set: the API server defaults it to 1, so the ${now.kind} `
      + `drops from ${render(before)} pods to 1 until its autoscaler scales it back up`,
    remedy: `before this apply, remove replicas from the last applied configuration (kubectl apply edit-last-applied ${kind}/${now.name}${namespaceFlag(now)}, `
      + 'and delete the replicas line), or apply server-side once the autoscaler manages the count; see "Migrating Deployments and StatefulSets to horizontal '
      + 'autoscaling" in the Kubernetes documentation',
  }];
}

/**
 * A Deployment that is gone, replaced by new Deployments of its namespace whose pods its selector selects (renamed,
 * or split into release tracks `<name>-stable` and `<name>-canary`): the prune of the same apply deletes the old pods
 * while the new ones start, so the Services in front of them have fewer ready pods (none, with one replica) until the
 * new ones are ready.
 */
export function deploymentReplaced(old: Resource, replacements: readonly Resource[]): ChangeCandidate {
  const names = replacements.map((r) => qualifiedName(r)).join(' and ');
  return {
    rule: ChangeRule.DEPLOYMENT_REPLACED,
    severity: ChangeSeverity.WARNING,
    resource: old,
    current: replacements[0],
    field: 'metadata.name',
    before: old.name,
    after: replacements.map((r) => r.name).join(', '),
    consequence: `the Deployment ${qualifiedName(old)} is gone and ${names}, whose pods its selector selects, ${replacements.length === 1 ? 'is' : 'are'} new: `
      + 'a prune deletes the old pods while the new ones start, so the Services in front of them have fewer ready pods (none, with one replica) '
      + 'until the new ones are ready',
    remedy: 'remove the old Deployment only once the new pods are ready: Argo CD sync option PruneLast=true (argocd.argoproj.io/sync-options on the '
      + 'Application), or apply without --prune and delete the old Deployment afterwards; or keep the name',
  };
}

/** Whether the pods of a Deployment carry every label that another's selector asks for (matchLabels). */
export function selectsPodsOf(selectorOf: Resource, podsOf: Resource): boolean {
  const wanted = selectorOf.object.spec?.selector?.matchLabels;
  const labels = podsOf.object.spec?.template?.metadata?.labels;
  if (wanted === null || typeof wanted !== 'object' || Object.keys(wanted).length === 0 || labels === null || typeof labels !== 'object') {
    return false;
  }
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/**
 * What changed in the labels a selector matches (`matchLabels`), e.g. `the label app.kubernetes.io/component was added
 * ("database")`; undefined when they did not change (another part of the selector did).
 */
function selectorLabelChanges(before: any, after: any): string | undefined {
  const labelsOf = (selector: any): Record<string, unknown> => (selector?.matchLabels !== null && typeof selector?.matchLabels === 'object' ? selector.matchLabels : {});
  const old = labelsOf(before);
  const now = labelsOf(after);
  const changes = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort().flatMap((key) => {
    if (!(key in old)) {
      return [`the label ${key} was added (${JSON.stringify(now[key])})`];
    }
    if (!(key in now)) {
      return [`the label ${key} was removed (it was ${JSON.stringify(old[key])})`];
    }
    return old[key] === now[key] ? [] : [`the label ${key} changed from ${JSON.stringify(old[key])} to ${JSON.stringify(now[key])}`];
  });
  return changes.length === 0 ? undefined : changes.join('; ');
}

/** A Job's pod template and immutable spec fields: a warning when the Job is re-created anyway (a hook, Replace=true, ttlSecondsAfterFinished). */
export function jobChanges(old: Resource, now: Resource): ChangeCandidate[] {
  const findings: ChangeCandidate[] = [];
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
