import { ManifestModel, readObjects, UncheckedFlows } from '../analysis';
import { apiVersionFindings } from './checks/api-versions';
import { containerFindings } from './checks/containers';
import { flowFindings } from './checks/flows';
import { identityFindings } from './checks/identity';
import { jobFindings } from './checks/jobs';
import { monitoringFindings } from './checks/monitoring';
import { namespaceAdmissionFindings, podSecurityFindings } from './checks/pod-security';
import { prerequisiteFindings } from './checks/prerequisites';
import { rbacFindings } from './checks/rbac';
import { routeFindings } from './checks/routes';
import { scalingFindings } from './checks/scaling';
import { serviceFindings } from './checks/services';
import { workloadFindings } from './checks/workloads';
import { PropertyExemptions, SelfExemptions } from './exemptions';
import { parseProperties } from './properties';
import { patternCovers, ruleInfo, RULES } from './rules';
import { CheckOptions, ExemptionSpec, Finding, ManifestFile, ManifestObject, RawFinding, SEVERITIES } from './types';
import { attributeConstructPaths, constructPathFromPodLabel, RecordedConstructPaths } from '../analysis/construct-paths';
import { DEFAULT_KUBERNETES_VERSION } from '../core/kubernetes-version';
import { KubernetesApis } from '../testing/kubernetes-apis';

/** A YAML file that could not be parsed. */
export interface UnreadableFile {
  readonly file: string;
  /** The parser's message (with the line). */
  readonly error: string;
}

/** What the engine found. */
export interface CheckResult {
  /** Every finding, the exempted ones too (with `exemption` set), in the order of the files and objects. */
  readonly findings: readonly Finding[];
  /** How many files were read. */
  readonly files: number;
  /** How many Kubernetes objects were checked. */
  readonly objects: number;
  /** How many documents were not Kubernetes objects (no apiVersion or kind, e.g. a Helm Chart.yaml) and were skipped. */
  readonly skippedDocuments: number;
  /** The exemptions of the properties that exempted nothing. */
  readonly unusedExemptions: readonly ExemptionSpec[];
  /** The Kubernetes version the api-versions rules checked the objects against, when they ran. */
  readonly kubernetesVersion?: string;
  /** The Kubernetes version whose Pod Security Standards the pods were checked against (the target version). */
  readonly podSecurityVersion: string;
  /** The custom resources that no CRD told the schema of, as `<apiVersion> <Kind>` with how many objects. */
  readonly notSchemaChecked: ReadonlyArray<{ readonly kind: string; readonly objects: number }>;
  /**
   * The flows into pods that a NetworkPolicy isolates, from a cluster component whose namespace the `cluster` property
   * does not give (the ingress controller, Prometheus): not checked by flow/ingress and flow/prometheus.
   */
  readonly notFlowChecked: readonly UncheckedFlows[];
}

/** Input of {@link checkManifests} besides the manifests. */
export interface CheckInput extends CheckOptions {
  /** The construct paths that cdk8s recorded, by object name (cdk8s-cli's `context.metadata`). */
  readonly constructPaths?: RecordedConstructPaths;
  /** Files that could not be parsed: reported as `manifest-readable`. */
  readonly unreadable?: readonly UnreadableFile[];
  /**
   * The API definitions of the supported Kubernetes versions, for the api-versions rules, which run only with them
   * (the plugin always gives them: built into the package, or read from `kubernetesSchemas`).
   */
  readonly kubernetesApis?: KubernetesApis;
}

/**
 * Checks parsed manifests against the rules (see rules.ts and docs/validation.md) and applies the exemptions.
 *
 * @param files the YAML documents of each file, parsed
 * @param input the plugin's settings, and what cdk8s recorded
 */
export function checkManifests(files: readonly ManifestFile[], input: CheckInput = {}): CheckResult {
  checkOptions(input);
  const profile = input.profile ?? 'restricted';
  const read = readObjects(files);
  const skippedDocuments = read.skippedDocuments;
  const placed = read.objects.map((o) => ({ ...o, name: o.id.name }));
  const paths = attributeConstructPaths(placed, input.constructPaths);
  const objects: ManifestObject[] = placed.map((p) => {
    // When the record cannot tell (a shared name), a cdk8s-plus workload still names its construct in its pod labels.
    const constructPath = p.constructPath ?? paths.get(p) ?? constructPathFromPodLabel(p);
    const { name, ...object } = p;
    return { ...object, ...(constructPath ? { constructPath } : {}) };
  });
  const model = new ManifestModel(objects);

  const disabled = input.disabledRules ?? [];
  const target = input.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const apiRules = RULES.filter((r) => r.family === 'api-versions' && !disabled.some((d) => patternCovers(d, r.id)));
  const api = input.kubernetesApis && apiRules.length > 0
    ? apiVersionFindings(model, { apis: input.kubernetesApis, target, crdFiles: input.crdFiles })
    : undefined;
  const flows = flowFindings(model, input.cluster);
  const raw = [
    ...(api?.findings ?? []),
    ...podSecurityFindings(model, profile, target),
    ...namespaceAdmissionFindings(model, target),
    ...containerFindings(model),
    ...serviceFindings(model, target),
    ...workloadFindings(model),
    ...rbacFindings(model),
    ...identityFindings(model),
    ...flows.findings,
    ...jobFindings(model),
    ...scalingFindings(model),
    ...routeFindings(model),
    ...monitoringFindings(model),
    ...prerequisiteFindings(objects, input.clusterCapabilities),
  ].filter((f) => !disabled.some((d) => patternCovers(d, f.rule)));

  const selfExempt = input.annotationExemptions === false ? undefined : new SelfExemptions(model, profile);
  const propertyExempt = new PropertyExemptions(input.exemptions ?? []);
  const position = new Map(objects.map((o, i) => [o, i]));
  const entries: Array<{ finding: Finding; at: number }> = [];
  for (const f of dedupe(raw)) {
    entries.push({ finding: toFinding(f, propertyExempt.exemptionOf(f) ?? selfExempt?.exemptionOf(f)), at: position.get(f.object) ?? -1 });
  }
  for (const f of selfExempt?.problems ?? []) {
    entries.push({ finding: toFinding(f, undefined), at: position.get(f.object) ?? -1 });
  }
  for (const u of input.unreadable ?? []) {
    entries.push({
      finding: {
        rule: 'manifest-readable',
        severity: 'error',
        resource: { apiVersion: '', kind: 'File', name: u.file },
        file: u.file,
        path: '(file)',
        message: `the YAML does not parse: ${u.error}`,
        fix: ruleInfo('manifest-readable').fix,
      },
      at: -1,
    });
  }
  entries.sort((a, b) => a.at - b.at
    || SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity)
    || a.finding.rule.localeCompare(b.finding.rule));
  return {
    findings: entries.map((e) => e.finding),
    files: files.length + (input.unreadable?.length ?? 0),
    objects: objects.length,
    skippedDocuments,
    unusedExemptions: propertyExempt.unused(),
    ...(api ? { kubernetesVersion: target } : {}),
    podSecurityVersion: target,
    // Only when the schema rule ran: otherwise nothing was schema-checked, and nothing is missing.
    notSchemaChecked: apiRules.some((r) => r.id === 'api-versions/schema') ? [...api?.unchecked ?? []].map(([kind, count]) => ({ kind, objects: count })) : [],
    // Only for the rules that ran.
    notFlowChecked: flows.unchecked.filter((u) => !disabled.some((d) => patternCovers(d, `flow/${u.kind}`))),
  };
}

/** The construct path that a workload's pod label names (see pathFromAddressLabel). */
function toFinding(f: RawFinding, exemption: Finding['exemption']): Finding {
  return {
    rule: f.rule,
    severity: ruleInfo(f.rule).severity,
    resource: f.object.id,
    file: f.object.file,
    ...(f.object.constructPath !== undefined ? { constructPath: f.object.constructPath } : {}),
    path: f.path,
    message: f.message,
    fix: f.fix,
    ...(exemption ? { exemption } : {}),
  };
}

/** One finding per rule, object and path (a pod behind two Services is reported once). */
function dedupe(findings: RawFinding[]): RawFinding[] {
  const seen = new Map<ManifestObject, Set<string>>();
  return findings.filter((f) => {
    const keys = seen.get(f.object) ?? new Set<string>();
    seen.set(f.object, keys);
    const key = `${f.rule}\u0000${f.path}`;
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}

/**
 * Refuses the options of a programmatic check as the plugin refuses its properties in cdk8s.yaml: an exemption without a
 * reason, a profile or a severity it does not know, a rule pattern that matches no rule. (The cluster's capabilities
 * come apart here, as `clusterCapabilities`.)
 */
function checkOptions(input: CheckInput): void {
  const { clusterCapabilities, constructPaths, unreadable, kubernetesApis, ...options } = input;
  parseProperties(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)), { source: 'checkManifests(input)', root: 'input' });
}
