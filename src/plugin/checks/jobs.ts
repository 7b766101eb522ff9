import { arrayOf, isObject, ManifestModel } from '../../analysis';
import { EXITS_ON_ITS_OWN_ANNOTATION } from '../../workload/annotations';
import { RawFinding } from '../types';

/*
 * job-completes: a Job (or a CronJob's Job) completes when every regular container of its pod has exited. A second
 * container that serves (a proxy, a log shipper) never exits, and the Job runs for ever. Native sidecars (init
 * containers with `restartPolicy: Always`, Kubernetes 1.29 and later) are stopped by the kubelet and do not count.
 */

export function jobFindings(model: ManifestModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const pod of model.pods) {
    if (pod.object.id.kind !== 'Job' && pod.object.id.kind !== 'CronJob') {
      continue;
    }
    const containers = arrayOf(pod.spec.containers).filter(isObject);
    if (containers.length < 2) {
      continue;
    }
    const declared = String(pod.annotations[EXITS_ON_ITS_OWN_ANNOTATION] ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
    const undeclared = containers.slice(1).filter((c) => !declared.includes(String(c.name)));
    if (undeclared.length === 0) {
      continue;
    }
    const names = undeclared.map((c) => String(c.name));
    findings.push({
      rule: 'job-completes',
      object: pod.object,
      path: `${pod.specPath}.containers`,
      message: `the Job's pod runs ${containers.length} containers (${containers.map((c) => String(c.name)).join(', ')}): it completes only when every one `
        + `has exited, and ${names.join(', ')} ${names.length === 1 ? 'is a sidecar that is' : 'are sidecars that are'} not declared to exit on `
        + 'its own, so the Job may never complete',
      fix: `make ${names.join(', ')} exit when the main container is done and declare it in the pod annotation `
        + `${EXITS_ON_ITS_OWN_ANNOTATION}: "${names.join(',')}" (cdk8s-appflow: \`exitsOnItsOwn: true\` on the sidecar), run it as a native `
        + 'sidecar (an init container with restartPolicy: Always, Kubernetes 1.29 and later), or move its work into the main container',
    });
  }
  return findings;
}
