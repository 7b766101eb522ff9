import { apiGroupOf, ManifestModel, ManifestObject } from '../../analysis';
import { isAtLeast, KUBERNETES_VERSIONS, KubernetesVersion } from '../../core/kubernetes-version';
import { kindKey, KubernetesApis, ServedKind } from '../../testing/kubernetes-apis';
import { ManifestValidator, validatorOf } from '../../testing/manifest-validator';
import { RawFinding } from '../types';

/*
 * The api-versions rules: every object of the app against the API of the target Kubernetes version, derived from the
 * API definitions of the supported versions (never from a hand-kept list).
 *
 * - api-versions/removed: the target does not serve the object's apiVersion/kind (removed, or not served yet), when
 *   its API group is Kubernetes' own;
 * - api-versions/deprecated: the target's definition of it says it is deprecated, or a later supported version no
 *   longer serves it;
 * - api-versions/schema: the object is not valid against the target's definitions (or the schema of its CRD: the
 *   plugin's `crdFiles`, and the CustomResourceDefinitions of the manifests).
 */

/** What the api-versions rules read besides the manifests. */
export interface ApiVersionsInput {
  /** The API definitions of every supported version. */
  readonly apis: KubernetesApis;
  /** The target version. */
  readonly target: KubernetesVersion;
  /** YAML files of CustomResourceDefinitions (the plugin's `crdFiles`). */
  readonly crdFiles?: readonly string[];
}

/** What the api-versions rules found, and the objects they could not check against a schema. */
export interface ApiVersionsResult {
  readonly findings: RawFinding[];
  /** `<apiVersion> <Kind>` of each custom resource without a known CRD, with how many objects of it. */
  readonly unchecked: ReadonlyMap<string, number>;
}

export function apiVersionFindings(model: ManifestModel, input: ApiVersionsInput): ApiVersionsResult {
  const { apis, target } = input;
  const served = apis.kindsOf(target);
  const validator = validatorOf(apis.definitionsOf(target), {
    crdFiles: input.crdFiles,
    crds: model.objects.filter((o) => o.id.kind === 'CustomResourceDefinition').map((o) => o.manifest),
  });
  const known = new Set(validator.knownKinds);
  const findings: RawFinding[] = [];
  const unchecked = new Map<string, number>();
  for (const object of model.objects) {
    const { apiVersion, kind } = object.id;
    if (apiVersion === '' || kind === '') {
      continue;
    }
    const servedKind = served.get(kindKey(apiVersion, kind));
    if (servedKind === undefined && apis.isBuiltInGroup(apiGroupOf(apiVersion))) {
      findings.push(removedFinding(object, apis, target));
      continue;
    }
    if (servedKind !== undefined) {
      const deprecated = deprecatedFinding(object, servedKind, apis, target);
      if (deprecated) {
        findings.push(deprecated);
      }
    }
    if (known.has(kindKey(apiVersion, kind))) {
      findings.push(...schemaFindings(object, validator, target));
    } else {
      const key = `${apiVersion} ${kind}`;
      unchecked.set(key, (unchecked.get(key) ?? 0) + 1);
    }
  }
  return { findings, unchecked };
}

function removedFinding(object: ManifestObject, apis: KubernetesApis, target: KubernetesVersion): RawFinding {
  const { apiVersion, kind } = object.id;
  const serving = apis.versionsServing(apiVersion, kind);
  const replacement = replacementOf(apis, apiVersion, kind, target);
  const when = serving.length === 0
    ? `no Kubernetes version from ${KUBERNETES_VERSIONS[0]} on serves it (it was removed before, or never existed)`
    : isAtLeast(serving[0], target)
      ? `Kubernetes ${serving[0]} is the first to serve it`
      : `it was removed in Kubernetes ${nextVersion(serving[serving.length - 1]) ?? '(after the last supported version)'}`;
  return {
    rule: 'api-versions/removed',
    object,
    path: 'apiVersion',
    message: `${apiVersion} ${kind} is not served by Kubernetes ${target}, the target: ${when}; the API server refuses the object`,
    fix: replacement
      ? `use ${replacement.apiVersion} ${replacement.kind} (apiVersion: ${replacement.apiVersion}), converting the fields that changed`
      : `remove the object, or target a Kubernetes version that serves ${apiVersion} ${kind}`
        + (serving.length > 0 ? ` (${serving[0]}${serving.length > 1 ? ` to ${serving[serving.length - 1]}` : ''})` : ''),
  };
}

function deprecatedFinding(object: ManifestObject, servedKind: ServedKind, apis: KubernetesApis, target: KubernetesVersion): RawFinding | undefined {
  const { apiVersion, kind } = object.id;
  const serving = apis.versionsServing(apiVersion, kind);
  const removedIn = KUBERNETES_VERSIONS.find((v) => isAtLeast(v, target) && !serving.includes(v));
  if (servedKind.deprecation === undefined && removedIn === undefined) {
    return undefined;
  }
  const notes = [
    ...(servedKind.deprecation ? [`its definition in Kubernetes ${target} says: "${servedKind.deprecation}"`] : []),
    ...(removedIn ? [`Kubernetes ${removedIn} no longer serves it`] : []),
  ];
  // What to use instead: served where this is gone (and by the target too, when one is), or what the note names.
  const after = removedIn ?? target;
  const replacement = replacementOf(apis, apiVersion, kind, after, target) ?? namedReplacement(apis, servedKind.deprecation, after);
  const since = replacement ? apis.versionsServing(replacement.apiVersion, replacement.kind)[0] : undefined;
  const before = removedIn ? `, before the cluster runs Kubernetes ${removedIn}` : '';
  return {
    rule: 'api-versions/deprecated',
    object,
    path: 'apiVersion',
    message: `${apiVersion} ${kind} is deprecated: ${notes.join('; ')}`,
    fix: replacement === undefined
      ? `plan for ${apiVersion} ${kind} to go${servedKind.deprecation ? ' (see the note of its definition)' : ''}${before}`
      : since !== undefined && !isAtLeast(target, since)
        ? `use ${replacement.apiVersion} ${replacement.kind} once the cluster runs Kubernetes ${since} (the first to serve it)${before}`
        : `use ${replacement.apiVersion} ${replacement.kind}${before}`,
  };
}

function schemaFindings(object: ManifestObject, validator: ManifestValidator, target: KubernetesVersion): RawFinding[] {
  return validator.problemsOf(object.manifest).map((problem) => ({
    rule: 'api-versions/schema',
    object,
    path: problem.path,
    message: problem.message,
    fix: `make the object valid for Kubernetes ${target} (the API server refuses it, or drops the field); if the app targets a newer `
      + 'version (the platform default kubernetesVersion), the plugin\'s properties.kubernetesVersion must say the same',
  }));
}

/**
 * What to use instead of an apiVersion/kind at a version: the same kind of the same group that the version serves,
 * else the same kind of another of Kubernetes' groups (`extensions/v1beta1 Ingress` → `networking.k8s.io/v1 Ingress`);
 * of those, one that `alsoAt` serves too when there is one; then stable before beta before alpha, the newest first.
 */
function replacementOf(
  apis: KubernetesApis, apiVersion: string, kind: string, at: KubernetesVersion, alsoAt: KubernetesVersion = at,
): ServedKind | undefined {
  const candidates = [...apis.kindsOf(at).values()].filter((k) => k.kind === kind && k.apiVersion !== apiVersion);
  const group = apiGroupOf(apiVersion);
  const sameGroup = candidates.filter((k) => apiGroupOf(k.apiVersion) === group);
  const pool = sameGroup.length > 0 ? sameGroup : candidates;
  const bridging = pool.filter((k) => apis.kindsOf(alsoAt).has(kindKey(k.apiVersion, k.kind)));
  return [...(bridging.length > 0 ? bridging : pool)].sort((a, b) => versionPriority(b.apiVersion) - versionPriority(a.apiVersion))[0];
}

/**
 * The replacement a deprecation note names in Go's way (`Use discoveryv1.EndpointSlice.`), as an apiVersion/kind that
 * the version serves.
 */
function namedReplacement(apis: KubernetesApis, note: string | undefined, at: KubernetesVersion): ServedKind | undefined {
  const named = /\b([a-z]+?)(v\d+(?:(?:alpha|beta)\d+)?)\.([A-Z]\w*)/.exec(note ?? '');
  if (!named) {
    return undefined;
  }
  const [, pkg, version, kind] = named;
  return [...apis.kindsOf(at).values()].find((k) => k.definition === `io.k8s.api.${pkg}.${version}.${kind}`);
}

/** Kubernetes' order of API versions: v1 before v1beta2 before v1beta1 before v1alpha1; v2 before v1. */
function versionPriority(apiVersion: string): number {
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) {
    return -1;
  }
  const stage = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
  return stage * 1_000_000 + Number(m[1]) * 1000 + Number(m[3] ?? 0);
}

/** The supported version after one, if any. */
function nextVersion(version: KubernetesVersion): KubernetesVersion | undefined {
  return KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.indexOf(version) + 1];
}

