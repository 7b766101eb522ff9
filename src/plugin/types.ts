/*
 * The types of the rules engine of the validation plugin (not part of the jsii API: see ./index.ts).
 */

/**
 * How serious a finding is. A finding at or above the plugin's `failOn` threshold fails the report
 * (`cdk8s synth` exits non-zero); the others are listed and pass.
 */
export type Severity = 'error' | 'warning' | 'info';

/** The severities, most serious first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Whether `severity` is at least as serious as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export type { ResourceId, ManifestFile, ManifestObject } from '../analysis/objects';
import type { ClusterComponents } from '../analysis/flows';
import type { ManifestObject, ResourceId } from '../analysis/objects';
import type { ClusterCapabilities } from '../core/cluster-capabilities';
import type { KubernetesVersion } from '../core/kubernetes-version';

/** Why a finding does not count. */
export interface FindingExemption {
  /** The reason given with the exemption. */
  readonly reason: string;
  /**
   * Where the exemption comes from: the object's `cdk8s-appflow/exempt` annotation, the plugin's `exemptions`
   * property, or the security relaxations and profile that the workload declares in its pod annotations.
   */
  readonly source: 'annotation' | 'properties' | 'workload';
}

/** One way in which an object breaks a rule. */
export interface Finding {
  /** The rule id, e.g. `restricted/seccomp` or `readiness-probe`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly resource: ResourceId;
  /** The file of the object. */
  readonly file: string;
  /** The construct path of the object, when cdk8s recorded it. */
  readonly constructPath?: string;
  /** Where in the object, e.g. `spec.template.spec.containers[0].readinessProbe`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix this occurrence. */
  readonly fix: string;
  /** Set when the finding is exempted: it is reported, but never fails the report. */
  readonly exemption?: FindingExemption;
}

/** A finding as a check produces it, before the engine adds the object's facts and the exemptions. */
export interface RawFinding {
  readonly rule: string;
  readonly object: ManifestObject;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** An exemption from the plugin's properties (`exemptions:` in cdk8s.yaml). */
export interface ExemptionSpec {
  /** A rule id, `<prefix>/*` (e.g. `restricted/*`) or `*`. */
  readonly rule: string;
  /** The kind of the objects it applies to (default: every kind). */
  readonly kind?: string;
  /** The namespace of the objects it applies to (default: every namespace). */
  readonly namespace?: string;
  /** The name of the objects it applies to (default: every name). */
  readonly name?: string;
  /** Why: shown in the report beside every finding it exempts. Required. */
  readonly reason: string;
}

/** The Pod Security Standards profile the plugin checks against. */
export type PluginProfile = 'baseline' | 'restricted';

export type { ClusterComponent, ClusterComponents } from '../analysis/flows';

/** The plugin's settings, checked (see properties.ts). */
export interface CheckOptions {
  /**
   * What the cluster has (the capability fields of the `cluster` property): the `cluster-prerequisites` rule runs with
   * it. Default none (the rule finds nothing).
   */
  readonly clusterCapabilities?: ClusterCapabilities;
  /**
   * The Kubernetes version the manifests are for: the api-versions rules check every object against its API
   * definitions. Default 1.27.
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * A directory of Kubernetes OpenAPI definitions files (`kubernetes-v1.NN.0.json`, every supported version) to read
   * instead of the definitions built into the package. Default none (the built-in ones).
   */
  readonly kubernetesSchemas?: string;
  /** YAML files of CustomResourceDefinitions, whose custom resources the api-versions/schema rule checks. Default none. */
  readonly crdFiles?: readonly string[];
  /** Where the cluster's ingress controller, Prometheus and blackbox exporter run. Default none. */
  readonly cluster?: ClusterComponents;
  /** Default `restricted`. */
  readonly profile?: PluginProfile;
  /** Default none. */
  readonly exemptions?: readonly ExemptionSpec[];
  /** Rule ids (or `<prefix>/*`) that are not checked at all. Default none. */
  readonly disabledRules?: readonly string[];
  /** The lowest severity that fails the report. Default `error`. */
  readonly failOn?: Severity;
  /**
   * Whether objects may exempt themselves: the `cdk8s-appflow/exempt` annotation and the security relaxations and
   * profile that a workload declares in its pod annotations. Default true.
   */
  readonly annotationExemptions?: boolean;
}
