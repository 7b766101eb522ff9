/**
 * Manifests for the tests of the validation plugin: a clean application (Deployment, Service, PodDisruptionBudget,
 * Ingress) that breaks no rule under the restricted profile, and helpers to break it one rule at a time.
 */
import { checkManifests, CheckInput, CheckResult, Finding } from '../../src/plugin';

export const LABELS = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };

/** A container that breaks no rule. */
export function cleanContainer(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    name: 'web',
    image: 'registry.example.com/shop/web:1.2.3',
    ports: [{ name: 'http', containerPort: 8080 }],
    readinessProbe: { tcpSocket: { port: 'http' } },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
    ...overrides,
  };
}

/** A pod spec that breaks no rule. */
export function cleanPodSpec(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [cleanContainer()],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: LABELS } }],
    ...overrides,
  };
}

/** A Deployment `shop/web` that breaks no rule (with the Service and budget of {@link cleanApp}). */
export interface DeploymentOverrides {
  readonly spec?: Record<string, any>;
  readonly pod?: Record<string, any>;
  readonly metadata?: Record<string, any>;
  readonly podMetadata?: Record<string, any>;
}

export function deployment(overrides: DeploymentOverrides = {}): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', ...overrides.metadata },
    spec: {
      replicas: 2,
      selector: { matchLabels: LABELS },
      template: { metadata: { labels: LABELS, ...overrides.podMetadata }, spec: cleanPodSpec(overrides.pod) },
      ...overrides.spec,
    },
  };
}

export function service(overrides: Record<string, any> = {}, metadata: Record<string, any> = {}): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', ...metadata },
    spec: { selector: LABELS, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...overrides },
  };
}

export function pdb(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { maxUnavailable: 1, selector: { matchLabels: LABELS }, ...overrides },
  };
}

export function ingress(backend: Record<string, any> = { service: { name: 'web', port: { number: 80 } } }): Record<string, any> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
  };
}

/** The clean application: a Deployment behind a Service, its budget and an Ingress. */
export function cleanApp(): Array<Record<string, any>> {
  return [deployment(), pdb(), service(), ingress()];
}

/** Checks manifests as one file `app.k8s.yaml`. */
export function check(manifests: unknown[], input: CheckInput = {}): CheckResult {
  return checkManifests([{ file: 'dist/app.k8s.yaml', documents: manifests }], input);
}

/** The findings as `<rule> <Kind> <name> <path>` lines (exempted ones end with ` (exempted)`). */
export function lines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.resource.kind} ${f.resource.name} ${f.path}${f.exemption ? ' (exempted)' : ''}`);
}

/** The ids of the rules that the findings break (not exempted), sorted, without repeats. */
export function rulesOf(result: CheckResult): string[] {
  return [...new Set(result.findings.filter((f) => !f.exemption).map((f) => f.rule))].sort();
}
