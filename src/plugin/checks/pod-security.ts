import { ManifestModel } from '../../analysis';
import { KubernetesVersion } from '../../core/kubernetes-version';
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
