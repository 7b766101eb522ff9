import { describeResource } from '../analysis';
import { CheckResult } from './engine';
import { ruleInfo } from './rules';
import { atLeast, Finding, PluginProfile, Severity } from './types';

/** A violating resource, as cdk8s-cli's report takes it (`ValidationViolatingResource`). */
export interface ViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli's report takes it (`ValidationViolation`). */
export interface Violation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly ViolatingResource[];
}

/** The report, ready for cdk8s-cli. */
export interface PluginReport {
  readonly status: 'success' | 'failure';
  /** Active findings first (errors, warnings, info), then the exempted ones. */
  readonly violations: readonly Violation[];
  /** The summary lines of the report. */
  readonly summary: { readonly [key: string]: string };
  /**
   * The construct path of each resource name used in `violations`, for cdk8s-cli to show (it looks them up by
   * resource name in its construct metadata).
   */
  readonly constructPaths: { readonly [resourceName: string]: string };
}

/** The plugin's settings that the summary shows. */
export interface ReportSettings {
  readonly profile: PluginProfile;
  readonly failOn: Severity;
  readonly disabledRules: readonly string[];
}

/** What the report shows for a finding: `[error] readiness-probe`, `[exempted] restricted/run-as-non-root`. */
function groupOf(f: Finding): string {
  return f.exemption ? 'exempted' : f.severity;
}

const GROUP_ORDER = ['error', 'warning', 'info', 'exempted'];

/**
 * Turns the engine's result into cdk8s-cli's report: one violation per rule (and per severity, or exempted), one
 * violating resource per object, one location per finding (`<path in the object>: <what is wrong> (fix: ...)`).
 */
export function buildReport(result: CheckResult, settings: ReportSettings): PluginReport {
  const groups = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = `${groupOf(f)}\u0000${f.rule}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    const [ga, ra] = a.split('\u0000');
    const [gb, rb] = b.split('\u0000');
    return GROUP_ORDER.indexOf(ga) - GROUP_ORDER.indexOf(gb) || ra.localeCompare(rb);
  });
  const constructPaths: { [resourceName: string]: string } = {};
  const violations: Violation[] = keys.map((key) => {
    const findings = groups.get(key)!;
    const [group, rule] = key.split('\u0000');
    const info = ruleInfo(rule);
    const resources = new Map<string, { resourceName: string; manifestPath: string; locations: string[] }>();
    for (const f of findings) {
      const resourceName = describeResource(f.resource);
      if (f.constructPath) {
        constructPaths[resourceName] = f.constructPath;
      }
      const resourceKey = `${f.file}\u0000${resourceName}`;
      const entry = resources.get(resourceKey) ?? { resourceName, manifestPath: f.file, locations: [] };
      entry.locations.push(f.exemption
        ? `${f.path}: ${f.message} — exempted (${f.exemption.source}): ${f.exemption.reason}`
        : `${f.path}: ${f.message} (fix: ${f.fix})`);
      resources.set(resourceKey, entry);
    }
    return {
      ruleName: `[${group}] ${rule}`,
      recommendation: group === 'exempted'
        ? `Exempted on purpose (the reason is beside each occurrence); does not fail the report. The rule: ${info.recommendation}`
        : `${info.recommendation} (${info.sources})`,
      fix: group === 'exempted' ? `nothing while the exemption holds; to comply: ${info.fix}` : info.fix,
      violatingResources: [...resources.values()],
    };
  });
  const active = result.findings.filter((f) => !f.exemption);
  const count = (severity: Severity) => String(active.filter((f) => f.severity === severity).length);
  const failing = active.filter((f) => atLeast(f.severity, settings.failOn));
  const summary: { [key: string]: string } = {
    'Profile': `${settings.profile} (Pod Security Standards of Kubernetes ${result.podSecurityVersion})`,
    'Fails on': settings.failOn === 'error' ? 'errors' : 'errors and warnings',
    'Checked': `${result.objects} objects in ${result.files} files`,
    'Errors': count('error'),
    'Warnings': count('warning'),
    'Exempted': String(result.findings.length - active.length),
  };
  if (result.kubernetesVersion !== undefined) {
    summary.Kubernetes = `${result.kubernetesVersion} (the target: API versions, deprecations and schemas)`;
  }
  if (result.notSchemaChecked.length > 0) {
    const unchecked = result.notSchemaChecked.reduce((n, k) => n + k.objects, 0);
    summary['Not schema-checked'] = `${unchecked} custom resource${unchecked === 1 ? '' : 's'} without a CRD (`
      + `${result.notSchemaChecked.map((k) => `${k.kind}${k.objects > 1 ? ` ×${k.objects}` : ''}`).join(', ')}): add their CRDs to crdFiles`;
  }
  if (result.notFlowChecked.length > 0) {
    const source = (u: { kind: string; setting: string }) => (u.setting === 'cluster.gateway' ? 'the Gateway\'s data plane'
      : u.kind === 'ingress' ? 'the ingress controller' : 'Prometheus');
    summary['Not flow-checked'] = result.notFlowChecked.map((u) => `${u.flows} flow${u.flows === 1 ? '' : 's'} of ${source(u)} `
      + `into pods a NetworkPolicy isolates: set ${u.setting}.namespace${u.setting === 'cluster.gateway' ? ' (or cluster.ingressController.namespace, its default)' : ''}`)
      .join('; ');
  }
  if (settings.disabledRules.length > 0) {
    summary['Disabled rules'] = settings.disabledRules.join(', ');
  }
  if (result.skippedDocuments > 0) {
    summary['Skipped documents'] = `${result.skippedDocuments} (not Kubernetes objects)`;
  }
  if (result.unusedExemptions.length > 0) {
    summary['Unused exemptions'] = result.unusedExemptions.map((e) => `${e.rule} for ${[e.kind, e.namespace, e.name].filter((x) => x).join(' ') || 'every object'}`).join('; ');
  }
  return { status: failing.length > 0 ? 'failure' : 'success', violations, summary, constructPaths };
}
