import { ManifestModel, namespaceOf } from '../../analysis';
import { KUBERNETES_VERSIONS, KubernetesVersion } from '../../core/kubernetes-version';
import { SecurityProfile } from '../../core/security-profile';
import { PodSecurity } from '../../testing/pod-security';
import { PluginProfile, RawFinding } from '../types';

/**
 * The Pod Security Standards rules (`baseline/*`, and `restricted/*` under the restricted profile), of the target
 * Kubernetes version: the problems that `PodSecurity` finds in every pod (template) of the manifests, one finding per field.
 */
export function podSecurityFindings(model: ManifestModel, profile: PluginProfile, version: KubernetesVersion): RawFinding[] {
  const level = profile === 'baseline' ? SecurityProfile.BASELINE : SecurityProfile.RESTRICTED;
  return model.pods.flatMap((pod) => PodSecurity.problemsOf(pod.object.manifest, level, version).map((problem) => {
    // PodSecurity's message is "<what is wrong> (<level> profile): <how to fix it>".
    const split = /^(.*?) \((?:baseline|restricted) profile\): (.*)$/s.exec(problem.message);
    return {
      rule: problem.rule,
      object: pod.object,
      path: problem.path,
      message: split ? split[1] : problem.message,
      fix: split ? split[2] : problem.message,
    };
  }));
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';

/**
 * namespace-admits-pods: the pods of every workload meet the Pod Security level that a Namespace of the manifests
 * enforces for their namespace (its `pod-security.kubernetes.io/enforce` label, at its `enforce-version`): admission
 * refuses the others, whatever the pod's own exemptions of the pod-security rules say (admission does not read them).
 * One finding per pod, on its first problem.
 */
export function namespaceAdmissionFindings(model: ManifestModel, target: KubernetesVersion): RawFinding[] {
  const enforced = new Map<string, { level: SecurityProfile; version: KubernetesVersion; label: string }>();
  for (const namespace of model.objectsOfKind('Namespace').filter((o) => o.id.apiVersion === 'v1')) {
    const labels = model.labelsOf(namespace);
    const level = labels[ENFORCE] === 'restricted' ? SecurityProfile.RESTRICTED : labels[ENFORCE] === 'baseline' ? SecurityProfile.BASELINE : undefined;
    if (level !== undefined) {
      const version = enforcedVersion(labels[ENFORCE_VERSION], target);
      const pinned = labels[ENFORCE_VERSION] !== undefined && labels[ENFORCE_VERSION] !== 'latest' ? `, version ${labels[ENFORCE_VERSION]}` : '';
      enforced.set(namespace.id.name, { level, version, label: `${ENFORCE}: ${labels[ENFORCE]}${pinned}` });
    }
  }
  const findings: RawFinding[] = [];
  for (const pod of model.pods) {
    const namespace = namespaceOf(pod.object);
    const policy = enforced.get(namespace);
    const problems = policy === undefined ? [] : PodSecurity.problemsOf(pod.object.manifest, policy.level, policy.version);
    if (policy === undefined || problems.length === 0) {
      continue;
    }
    const meetsBaseline = PodSecurity.problemsOf(pod.object.manifest, SecurityProfile.BASELINE, policy.version).length === 0;
    const meets = policy.level === SecurityProfile.RESTRICTED && meetsBaseline ? 'baseline' : 'privileged';
    const refused = pod.object.id.kind === 'Pod' ? 'admission refuses the Pod'
      : `admission refuses every pod of it, so the ${pod.object.id.kind} runs none (its controller reports FailedCreate)`;
    findings.push({
      rule: 'namespace-admits-pods',
      object: pod.object,
      path: problems[0].path,
      message: `its Namespace ${namespace} enforces the ${policy.level} Pod Security level (${policy.label}), `
        + `and the pods fail ${[...new Set(problems.map((p) => p.rule))].join(', ')}: ${refused}`,
      fix: `make the pods meet the ${policy.level} level, or label the Namespace ${ENFORCE}: ${meets}, the level they meet `
        + '(a Namespace of createNamespace takes the least strict level of the library\'s workloads in it)',
    });
  }
  return findings;
}

/**
 * The version of the policies that a Namespace enforces: its `enforce-version` (`v1.30`), the target for `latest` or
 * none (the cluster's own version, which the target stands for); a version older than those the library knows has
 * the policies of the oldest, a newer one those of the newest.
 */
function enforcedVersion(label: string | undefined, target: KubernetesVersion): KubernetesVersion {
  const minor = /^v1\.([0-9]+)$/.exec(label ?? '')?.[1];
  if (minor === undefined) {
    return target;
  }
  const known = KUBERNETES_VERSIONS.find((v) => v === `1.${minor}`);
  return known ?? (Number(minor) < Number(KUBERNETES_VERSIONS[0].split('.')[1]) ? KUBERNETES_VERSIONS[0] : KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]);
}
