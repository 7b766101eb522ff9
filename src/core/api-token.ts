/**
 * Whether a pod spec (as the manifests hold it) projects a token of its ServiceAccount for the Kubernetes API into a
 * volume that one of its containers mounts: a `serviceAccountToken` source without an audience, which the API
 * server issues for its own audience. A token for another audience (Vault's, a cloud's) is one the API server refuses.
 *
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
 */
export function projectsApiToken(podSpec: unknown): boolean {
  if (!isRecord(podSpec)) {
    return false;
  }
  const tokenVolumes = new Set(listOf(podSpec.volumes).filter((v) => isRecord(v) && isRecord(v.projected)
    && listOf(v.projected.sources).some((s) => isRecord(s) && isRecord(s.serviceAccountToken) && s.serviceAccountToken.audience === undefined))
    .map((v) => (v as Record<string, unknown>).name));
  return [...listOf(podSpec.containers), ...listOf(podSpec.initContainers)]
    .some((c) => isRecord(c) && listOf(c.volumeMounts).some((m) => isRecord(m) && tokenVolumes.has(m.name)));
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
