/**
 * The rule of immutable ConfigMaps and Secrets (`immutable: true`): their data cannot change.
 */
import { ChangeRule, ChangeSeverity } from '../model';
import { changeOf, namespaceFlag, Resource, same } from '../resources';
import { ChangeCandidate } from './candidate';

/** The data of an immutable ConfigMap or Secret changed, or the object made mutable. */
export function immutableDataChanges(old: Resource, now: Resource): ChangeCandidate[] {
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
