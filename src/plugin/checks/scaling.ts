import { describeResource, ManifestModel, namespaceOf, scaleTargetOf } from '../../analysis';
import { compositeKey, pushTo } from '../../core/label-index';
import { ManifestObject, RawFinding } from '../types';

/*
 * one-autoscaler: a workload is scaled by one autoscaler. A HorizontalPodAutoscaler and a KEDA ScaledObject (for which
 * KEDA makes a HorizontalPodAutoscaler of its own), or two of either, on one Deployment or StatefulSet set its replicas
 * in turn: the count flaps between what each asks for. KEDA's admission webhook refuses a second ScaledObject, not an
 * HPA applied next to one.
 */

/** An autoscaler of the manifests, and what it scales. */
interface Autoscaler {
  readonly object: ManifestObject;
  /** `<kind> <name>` of the target, as the finding shows it. */
  readonly target: string;
  /** The namespace, kind and name of the target. */
  readonly key: string;
}

export function scalingFindings(model: ManifestModel): RawFinding[] {
  const byTarget = new Map<string, Autoscaler[]>();
  for (const object of model.autoscalers) {
    const autoscaler = autoscalerOf(object)!;
    pushTo(byTarget, autoscaler.key, autoscaler);
  }
  const findings: RawFinding[] = [];
  for (const autoscalers of byTarget.values()) {
    for (const [i, autoscaler] of autoscalers.entries()) {
      if (i === 0) {
        continue;
      }
      const others = autoscalers.filter((a) => a !== autoscaler).map((a) => describeResource(a.object.id));
      findings.push({
        rule: 'one-autoscaler',
        object: autoscaler.object,
        path: 'spec.scaleTargetRef',
        message: `${describeResource(autoscaler.object.id)} scales ${autoscaler.target}, which ${others.join(' and ')} scale${others.length === 1 ? 's' : ''} too: `
          + 'each sets the replicas in turn, so the count flaps between what they ask for'
          + (autoscalers.some((a) => a.object.id.kind === 'ScaledObject') ? ' (KEDA makes a HorizontalPodAutoscaler of its own for a ScaledObject)' : ''),
        fix: 'scale the workload by one autoscaler: put every metric in one HorizontalPodAutoscaler, or every trigger (cpu and memory included) in one '
          + 'ScaledObject, and delete the other',
      });
    }
  }
  return findings;
}

/** The autoscaler that an object is (a HorizontalPodAutoscaler, a KEDA ScaledObject), with its target; else undefined. */
function autoscalerOf(object: ManifestObject): Autoscaler | undefined {
  const target = scaleTargetOf(object);
  if (target === undefined) {
    return undefined;
  }
  const namespace = namespaceOf(object);
  return {
    object,
    target: describeResource({ apiVersion: '', kind: target.kind, name: target.name, ...(namespace !== '' ? { namespace } : {}) }),
    key: compositeKey(namespace, target.kind, target.name),
  };
}
