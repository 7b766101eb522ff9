import { isPlainObject } from './errors';

/**
 * Whether a pod spec (as the manifests hold it) projects a token of its ServiceAccount for the Kubernetes API into a
 * volume that one of its containers mounts: a `serviceAccountToken` source without an audience, which the API
 * server issues for its own audience. A token for another audience (Vault's, a cloud's) is one the API server refuses.
 *
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
 */
export function projectsApiToken(podSpec: unknown): boolean {
  if (!isPlainObject(podSpec)) {
    return false;
  }
  const tokenVolumes = new Set(listOf(podSpec.volumes).filter((v) => isPlainObject(v) && isPlainObject(v.projected)
    && listOf(v.projected.sources).some((s) => isPlainObject(s) && isPlainObject(s.serviceAccountToken)
      && s.serviceAccountToken.audience === undefined))
    .map((v) => (v as Record<string, unknown>).name));
  return [...listOf(podSpec.containers), ...listOf(podSpec.initContainers)]
    .some((c) => isPlainObject(c) && listOf(c.volumeMounts).some((m) => isPlainObject(m) && tokenVolumes.has(m.name)));
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
