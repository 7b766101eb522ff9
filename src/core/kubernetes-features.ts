import { IConstruct } from 'constructs';
import { inputError } from './errors';
import { DEFAULT_KUBERNETES_VERSION, hasFeature, KubernetesFeature, KubernetesVersion } from './kubernetes-version';
import { PlatformDefaults } from './platform-defaults';
import { PlatformSetting } from './platform-settings';

/** The Kubernetes version that the manifests of a construct target (the platform default `kubernetesVersion`). */
export function targetVersionOf(scope: IConstruct): KubernetesVersion {
  return PlatformDefaults.of(scope).kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
}

/**
 * The same, read at synthesis: with `PlatformDefaults.peek`, which does not freeze the scope's defaults as reading them
 * while the constructs are made does (defaults set after a synthesis still apply to the next).
 */
export function targetVersionAtSynthesisOf(scope: IConstruct): KubernetesVersion {
  return PlatformDefaults.peek(scope).kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
}

/**
 * Refuses a prop that needs a feature newer than the target Kubernetes version, naming the version it needs, the target
 * and where the target is set.
 *
 * @param prop the prop as the user wrote it, e.g. `nativeSidecars`
 * @param value its value
 * @param otherwise what the user can do instead of raising the target, e.g. `no nativeSidecars`
 */
export function requireFeature(scope: IConstruct, prop: string, value: unknown, feature: KubernetesFeature, otherwise: string): void {
  const target = targetVersionOf(scope);
  if (hasFeature(target, feature)) {
    return;
  }
  const origin = PlatformDefaults.originOf(scope, PlatformSetting.KUBERNETES_VERSION);
  throw inputError(scope, prop, value,
    `it needs ${feature.name}, on by default from Kubernetes ${feature.since}, and the target is Kubernetes ${target} `
    + `(platform default kubernetesVersion, ${origin === 'built-in' ? 'the built-in default' : `set at ${origin}`})`,
    `${otherwise}, or a target of Kubernetes ${feature.since} or later (PlatformDefaults.set(app, { kubernetesVersion: `
    + `KubernetesVersion.V${feature.since.replace('.', '_')} }))`);
}
