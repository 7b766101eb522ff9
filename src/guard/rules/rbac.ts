/**
 * The rule of RoleBindings and ClusterRoleBindings: their roleRef is immutable.
 */
import { ChangeRule, ChangeSeverity } from '../model';
import { changeOf, namespaceFlag, Resource, same } from '../resources';
import { ChangeCandidate } from './candidate';

/** The roleRef of a RoleBinding or ClusterRoleBinding. */
export function roleRefChanges(old: Resource, now: Resource): ChangeCandidate[] {
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
