/*
 * How the API server names an object made with `generateName` (the pods of Deployments' ReplicaSets, DaemonSets and
 * Jobs): the base cut to 58 characters, then 5 random characters (internal; apiserver `names.SimpleNameGenerator`).
 */

/** The longest part of a `generateName` base that the API server keeps (63 − 5 random characters). */
export const GENERATED_NAME_BASE_MAX = 58;

/**
 * The name the API server generates from a base and the random characters, e.g. a pod of the ReplicaSet
 * `web-7d9f8b6c5d`: `generatedName('web-7d9f8b6c5d-', 'x2x4z')` is `web-7d9f8b6c5d-x2x4z`. A long base loses its end.
 */
export function generatedName(base: string, random: string): string {
  return base.slice(0, GENERATED_NAME_BASE_MAX) + random;
}
