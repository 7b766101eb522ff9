import * as kplus from 'cdk8s-plus-34';

/*
 * The one place where the library reaches into what cdk8s-plus-34 keeps to itself (internal): the specs it writes
 * for a volume and for a container's environment, a Service's selector, and an Ingress's rules by host. cdk8s-plus-34
 * has no public way to read them back, and the library needs them before synthesis (the ConfigMaps and Secrets a pod
 * refers to, the claims it mounts, the selector a Service has). They are stable across 2.x;
 * test/core/plus-internals.test.ts fails when their shape moves. Also the two workarounds of cdk8s-plus-34 bugs, each
 * with a test that fails once upstream fixes it.
 */

/** The spec cdk8s-plus-34 writes for a volume (`name`, and one of `persistentVolumeClaim`, `configMap`, `secret`...). */
export function volumeSpecOf(volume: kplus.Volume): kplus.k8s.Volume {
  return (volume as unknown as { _toKube(): kplus.k8s.Volume })._toKube();
}

/** What cdk8s-plus-34 writes for a container's environment: its `env` and `envFrom` entries (absent when none). */
export interface EnvSpec {
  readonly variables?: kplus.k8s.EnvVar[];
  readonly from?: kplus.k8s.EnvFromSource[];
}

/** The spec cdk8s-plus-34 writes for a container's environment. */
export function envSpecOf(env: kplus.Env): EnvSpec {
  return (env as unknown as { _toKube(): EnvSpec })._toKube();
}

/** The selector of a cdk8s-plus-34 Service, as it stands (its labels; empty when it has none). */
export function serviceSelectorOf(service: kplus.Service): Record<string, string> {
  return { ...(service as unknown as { _selector: Record<string, string> })._selector };
}

/**
 * Works around a bug of cdk8s-plus-34's Ingress, the one change the library makes to a cdk8s-plus object: it keeps its
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

/**
 * A StatefulSet that keeps the volumes of its pods. cdk8s-plus-34's StatefulSet (2.0.54, like cdk8s-plus-32 and -33)
 * drops every volume of the pod template when it has no claim template of its own: it filters the pod's volumes
 * against its `volumeClaimTemplates` and returns none when they are unset (cdk8s-plus#6735, cdk8s#2858, open). The
 * library adds its claim templates as JSON patches, so every StatefulSet it makes would lose its volumes (`tmp`,
 * ConfigMaps, Secrets) and the API server would refuse the mounts that name them. This subclass writes the pod's
 * volumes as cdk8s-plus-34's Pod does (those its containers and init containers mount, then those added to it; one
 * per name), without the ones a cdk8s-plus-34 claim template replaces. test/core/plus-internals.test.ts fails when
 * upstream fixes the bug, so that this class can go.
 */
export class StatefulSetKeepingVolumes extends kplus.StatefulSet {
  /**
   * The pod spec of cdk8s-plus-34's StatefulSet, with the volumes it drops.
   * @internal
   */
  public _toPodSpec(): kplus.k8s.PodSpec {
    const replacedByTemplates = new Set((this.volumeClaimTemplates ?? []).map((t) => t.name));
    const mounted = [...this.containers, ...this.initContainers].flatMap((c) => c.mounts.map((m) => m.volume));
    const volumes = new Map<string, kplus.Volume>();
    for (const volume of [...mounted, ...this.volumes]) {
      if (!volumes.has(volume.name) && !replacedByTemplates.has(volume.name)) {
        volumes.set(volume.name, volume);
      }
    }
    return { ...super._toPodSpec(), volumes: volumes.size > 0 ? [...volumes.values()].map(volumeSpecOf) : undefined };
  }
}
