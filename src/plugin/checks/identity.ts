import { canonicalJson, describeResource, identityKeyOf, ManifestModel, ManifestObject } from '../../analysis';
import { RawFinding } from '../types';

/*
 * object-unique: every object of the app has its own (API group, kind, namespace, name). Two objects with the same
 * identity are one object on the cluster: the one applied last overwrites the other.
 */

export function identityFindings(model: ManifestModel): RawFinding[] {
  const first = new Map<string, ManifestObject>();
  const findings: RawFinding[] = [];
  for (const object of model.objects) {
    if (object.id.name === '(no name)' || object.id.name.endsWith('*')) {
      continue; // generateName: the API server makes a new name each time
    }
    const key = identityKeyOf(object.id);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, object);
      continue;
    }
    if (canonicalJson(earlier.manifest) === canonicalJson(object.manifest)) {
      continue; // the same object twice: applying it twice changes nothing
    }
    findings.push({
      rule: 'object-unique',
      object,
      path: 'metadata.name',
      message: `${describeResource(object.id)} is written twice, differently: by ${sourceOf(earlier)} and by ${sourceOf(object)}; `
        + 'on the cluster they are one object, and the one applied last overwrites the other',
      fix: 'give one of them another name (for an application: another `name`, which also renames the objects derived from it)'
        // A cluster-scoped object (a Namespace, a ClusterRole) has no namespace to move it to.
        + (object.id.namespace === undefined ? '' : ', or put it in another namespace'),
    });
  }
  return findings;
}

/** Where an object comes from, for the message: its construct path when cdk8s recorded one, else its file and position. */
function sourceOf(object: ManifestObject): string {
  const at = `${object.file}#${object.index}${object.item !== undefined ? `.items[${object.item}]` : ''}`;
  return object.constructPath !== undefined ? `${object.constructPath} (${at})` : at;
}
