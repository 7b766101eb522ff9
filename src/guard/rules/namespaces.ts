/**
 * The rules of namespaces: a claim, or a StatefulSet with claim templates, that moved to another namespace, and a
 * Namespace object that is gone.
 */
import { ChangeRule, ChangeSeverity } from '../model';
import { Resource } from '../resources';
import { ChangeCandidate } from './candidate';
import { isClaim, protectionOf } from './claims';
import { claimNamesOf, claimTemplatesOf, deletesClaims, isStatefulSet } from './stateful-sets';

/** A claim, or a StatefulSet with claim templates, now in another namespace: new, empty claims there. */
export function namespaceChanged(r: Resource, target: Resource): ChangeCandidate {
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

/** A Namespace object that is gone: deleting it deletes everything in it. */
export function namespaceRemoved(r: Resource, before: Map<string, Resource>): ChangeCandidate {
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
