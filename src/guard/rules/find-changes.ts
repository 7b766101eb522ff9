/**
 * The rules of the change guard: what changes between a baseline and new manifests the API server refuses, or lose
 * data. Internal: `ChangeGuard.compare` is the public entry point.
 *
 * One file per family of kinds (claims, StatefulSets, the other workloads, Services, ConfigMaps and Secrets, role
 * bindings, namespaces); this one pairs the objects of the baseline with the new ones and hands each pair to the rules
 * of its kind: an object in both to the rules of changes in place, one that is gone to the rules of removals, renames
 * and moves.
 *
 * Every rule compares manifests, not live objects: that is what `kubectl apply` (and Argo CD, Flux) turn into a
 * patch. A field the manifests leave out keeps what the cluster has; a field they write is patched.
 */
import { ChangeCandidate } from './candidate';
import { claimChanges, claimRemoved, claimRenamed, isClaim, sameClaimShape } from './claims';
import { immutableDataChanges } from './config';
import { namespaceChanged, namespaceRemoved } from './namespaces';
import { roleRefChanges } from './rbac';
import { servicePodsReplaced } from './service-pods';
import { serviceChanges } from './services';
import { claimTemplatesOf, isStatefulSet, statefulSetChanges, statefulSetRemoved, statefulSetRenamed } from './stateful-sets';
import { indexResources, Resource } from '../resources';
import { deploymentReplaced, jobChanges, replicasRemoved, selectorChanges, selectsPodsOf } from './workloads';
import { canonicalJson } from '../../analysis/objects';

/** Compares two lists of manifests. */
export function findChanges(baseline: any[], current: any[]): ChangeCandidate[] {
  const before = indexResources(baseline);
  const after = indexResources(current);
  const findings: ChangeCandidate[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (now) {
      findings.push(...compareResource(old, now));
    }
  }
  const removed = [...before.values()].filter((r) => !after.has(r.key));
  const added = [...after.values()].filter((r) => !before.has(r.key));
  const replaced = new Set(removed.filter((r) => isDeployment(r) && replacementsOf(r, added).length > 0).map((r) => r.key));
  const pods = servicePodsReplaced(before, after, replaced);
  findings.push(...goneFindings(removed, added, before, after, pods.explained), ...pods.findings);
  return findings;
}

function isDeployment(r: Resource): boolean {
  return r.group === 'apps' && r.kind === 'Deployment';
}

/** The new Deployments of a removed one's namespace whose pods its selector selects (a rename, or release tracks). */
function replacementsOf(removed: Resource, added: readonly Resource[]): Resource[] {
  return added.filter((a) => isDeployment(a) && a.namespace === removed.namespace && selectsPodsOf(removed, a));
}

/** The rules of the kind of an object that is in both. */
function compareResource(old: Resource, now: Resource): ChangeCandidate[] {
  const id = `${now.group}/${now.kind}`;
  switch (id) {
    case '/PersistentVolumeClaim':
      return claimChanges(old, now);
    case 'apps/StatefulSet':
      return [...selectorChanges(old, now), ...replicasRemoved(old, now), ...statefulSetChanges(old, now)];
    case 'apps/Deployment':
      return [...selectorChanges(old, now), ...replicasRemoved(old, now)];
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

/** The objects that are gone: moved to another namespace, renamed (a new object of the same kind and shape), or removed. */
function goneFindings(removed: Resource[], added: Resource[], before: Map<string, Resource>, after: Map<string, Resource>,
  explained: ReadonlySet<string>): ChangeCandidate[] {
  const findings: ChangeCandidate[] = [];
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
      const templateNames = (s: Resource) => canonicalJson(claimTemplatesOf(s).map((t) => t.metadata?.name).sort());
      const renamed = take((a) => isStatefulSet(a) && a.namespace === r.namespace && templateNames(a) === templateNames(r));
      findings.push(renamed ? statefulSetRenamed(r, renamed) : statefulSetRemoved(r));
    } else if (r.group === '' && r.kind === 'Namespace') {
      findings.push(namespaceRemoved(r, before));
    } else if (isDeployment(r) && !explained.has(r.key)) {
      // A Deployment whose Service no longer selects its pods is guard/service-pods-replaced's: pruning last does not help it.
      const replacements = replacementsOf(r, added);
      if (replacements.length > 0) {
        findings.push(deploymentReplaced(r, replacements));
      }
    }
  }
  return findings;
}
