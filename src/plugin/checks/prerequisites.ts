import { describeResource } from '../../analysis';
import { ClusterCapabilities } from '../../core/cluster-capabilities';
import { describeMissing, missingPrerequisites, prerequisitesOf } from '../../core/cluster-prerequisites';
import { describeValue } from '../../core/errors';
import { ManifestObject, RawFinding } from '../types';

/*
 * cluster-prerequisites: the cluster has what the objects need (their CRDs, the classes, issuers, Gateways, stores and
 * namespaces they name...), as the `cluster` property declares it. The same prerequisites and the same check as the
 * platform default `cluster` at synth (core/cluster-prerequisites.ts), over every file of the output together: what
 * one file makes (a Namespace, a CRD) serves the others.
 */

/** One finding per object that needs what the declared cluster lacks; none without a declared cluster. */
export function prerequisiteFindings(objects: readonly ManifestObject[], capabilities: ClusterCapabilities | undefined): RawFinding[] {
  if (capabilities === undefined) {
    return [];
  }
  return missingPrerequisites(prerequisitesOf(objects, (o) => o.manifest), capabilities).flatMap((prerequisite) => {
    const { problem, accepted } = describeMissing(prerequisite, capabilities, 'properties.cluster');
    return prerequisite.needs.map((need) => ({
      rule: 'cluster-prerequisites',
      object: need.source,
      path: need.path,
      message: `${describeResource(need.source.id)} has ${need.path} ${describeValue(need.value)}, but ${problem}`,
      fix: `expected ${accepted}`,
    }));
  });
}
