import * as kplus from 'cdk8s-plus-27';

/*
 * The one place where the library reaches into what cdk8s-plus-27 keeps to itself (internal): the specs it writes
 * for a volume and for a container's environment, a Service's selector, and an Ingress's rules by host. cdk8s-plus-27
 * has no public way to read them back, and the library needs them before synthesis (the ConfigMaps and Secrets a pod
 * refers to, the claims it mounts, the selector a Service has). They are stable across 2.x;
 * test/core/plus-internals.test.ts fails when their shape moves.
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

/** The selector of a cdk8s-plus-27 Service, as it stands (its labels; empty when it has none). */
export function serviceSelectorOf(service: kplus.Service): Record<string, string> {
  return { ...(service as unknown as { _selector: Record<string, string> })._selector };
}

/**
 * Works around a bug of cdk8s-plus-27's Ingress, the one change the library makes to a cdk8s-plus object: it keeps its
 * rules in a plain object keyed by host (`_rulesPerHost`), where the host `constructor` (a valid host name) finds
 * `Object.prototype.constructor` and `addHostRule` throws a TypeError. Before any rule is added, the Ingress gets an
 * object without a prototype instead (it reads the rules with `Object.keys` and `Object.entries`, which work on it
 * alike).
 */
export function keepIngressRulesWithoutPrototype(ingress: kplus.Ingress): void {
  const internals = ingress as unknown as { _rulesPerHost?: Record<string, unknown> };
  if (typeof internals._rulesPerHost === 'object' && internals._rulesPerHost !== null && Object.keys(internals._rulesPerHost).length === 0) {
    internals._rulesPerHost = Object.create(null);
  }
}
