import { IConstruct } from 'constructs';
import { PlatformDefaults } from './platform-defaults';

/*
 * Where the cluster's components run, by the platform defaults (internal: src/core/index.ts does not export it).
 */

/** The platform defaults that name where a component of the cluster runs. */
export type PlatformNamespace = 'ingressControllerNamespace' | 'gatewayNamespace' | 'monitoringNamespace';

/**
 * Where a component of the cluster runs, by the platform defaults of a scope; the Gateway's data plane, unless
 * `gatewayNamespace` says otherwise, runs where the ingress controller runs.
 */
export function platformNamespaceOf(scope: IConstruct, setting: PlatformNamespace): string | undefined {
  const defaults = PlatformDefaults.of(scope);
  return setting === 'gatewayNamespace' ? defaults.gatewayNamespace ?? defaults.ingressControllerNamespace : defaults[setting];
}
