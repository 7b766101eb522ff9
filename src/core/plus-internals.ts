import * as kplus from 'cdk8s-plus-27';

/*
 * The one place where the library reads what cdk8s-plus-27 keeps to itself (internal): the specs it writes for a
 * volume and for a container's environment. cdk8s-plus-27 has no public way to read them back, and the library needs
 * them before synthesis (the ConfigMaps and Secrets a pod refers to, the claims it mounts). Its `_toKube()` methods
 * are stable across 2.x; test/core/plus-internals.test.ts fails when their shape moves.
 */

/** The spec cdk8s-plus-27 writes for a volume (`name`, and one of `persistentVolumeClaim`, `configMap`, `secret`...). */
export function volumeSpecOf(volume: kplus.Volume): kplus.k8s.Volume {
  return (volume as unknown as { _toKube(): kplus.k8s.Volume })._toKube();
}

/** What cdk8s-plus-27 writes for a container's environment: its `env` and `envFrom` entries (absent when none). */
export interface EnvSpec {
  readonly variables?: kplus.k8s.EnvVar[];
  readonly from?: kplus.k8s.EnvFromSource[];
}

/** The spec cdk8s-plus-27 writes for a container's environment. */
export function envSpecOf(env: kplus.Env): EnvSpec {
  return (env as unknown as { _toKube(): EnvSpec })._toKube();
}
