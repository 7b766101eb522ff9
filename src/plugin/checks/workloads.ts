import { isObject, joinPath, ManifestModel, selectorMismatches } from '../../analysis';
import { RawFinding } from '../types';

/*
 * The rules on workloads themselves: selector-matches-labels, cronjob-starting-deadline, job-ttl.
 */

export function workloadFindings(model: ManifestModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const pod of model.pods) {
    const { object } = pod;
    const spec = object.manifest.spec;
    switch (object.id.kind) {
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'ReplicaSet':
      case 'Job': {
        const selector = spec?.selector;
        if (selector === undefined || selector === null) {
          if (object.id.kind !== 'Job') {
            findings.push({
              rule: 'selector-matches-labels',
              object,
              path: 'spec.selector',
              message: 'has no selector',
              fix: 'set spec.selector.matchLabels to the stable labels of the pod template',
            });
          }
          break;
        }
        if (!isObject(selector) || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
          findings.push({
            rule: 'selector-matches-labels',
            object,
            path: 'spec.selector',
            message: 'the selector is empty (it would select every pod of the namespace; the API server refuses it)',
            fix: 'set spec.selector.matchLabels to the stable labels of the pod template',
          });
          break;
        }
        for (const problem of selectorMismatches(selector, pod.labels, 'spec.selector')) {
          findings.push({
            rule: 'selector-matches-labels',
            object,
            path: problem.path,
            message: problem.message,
            fix: 'make the selector and spec.template.metadata.labels agree (the selector is immutable: change the labels if the object exists)',
          });
        }
        break;
      }
      case 'ReplicationController':
        if (isObject(spec?.selector)) {
          for (const [k, v] of Object.entries(spec.selector)) {
            if (pod.labels[k] !== String(v)) {
              findings.push({
                rule: 'selector-matches-labels',
                object,
                path: joinPath('spec.selector', k),
                message: `selects ${k}=${String(v)}, but the pod template has ${pod.labels[k] === undefined ? `no ${k} label` : `${k}=${pod.labels[k]}`}`,
                fix: 'make spec.selector and spec.template.metadata.labels agree',
              });
            }
          }
        }
        break;
      default:
        break;
    }
    if (object.id.kind === 'CronJob' && (spec?.startingDeadlineSeconds === undefined || spec?.startingDeadlineSeconds === null)) {
      findings.push({
        rule: 'cronjob-starting-deadline',
        object,
        path: 'spec.startingDeadlineSeconds',
        message: 'is not set: a run that cannot start on time starts whenever it can, and after 100 missed schedules the CronJob stops',
        fix: 'set spec.startingDeadlineSeconds (e.g. 600 for an hourly schedule)',
      });
    }
    if (object.id.kind === 'Job' && (spec?.ttlSecondsAfterFinished === undefined || spec?.ttlSecondsAfterFinished === null)) {
      findings.push({
        rule: 'job-ttl',
        object,
        path: 'spec.ttlSecondsAfterFinished',
        message: 'is not set: the finished Job and its pods stay in the cluster until someone deletes them',
        fix: 'set spec.ttlSecondsAfterFinished (e.g. 86400 to keep it for a day after it finishes)',
      });
    }
  }
  return findings;
}
