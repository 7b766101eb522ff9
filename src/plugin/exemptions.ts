import { isObject, ManifestModel, picksObject } from '../analysis';
import { patternCovers, RULE_PATTERNS_ACCEPTED, rulePatternProblem } from './rules';
import { ExemptionSpec, FindingExemption, ManifestObject, PluginProfile, RawFinding } from './types';
import { joinPath, valueAt } from '../analysis/objects';
import { SECURITY_PROFILE_ANNOTATION, SECURITY_RELAXATIONS_ANNOTATION } from '../workload/annotations';
import { SecurityRelaxation } from '../workload/security';

/** The annotation by which an object exempts itself from rules: `"<rule-id>[,<rule-id>...]: <reason>[; ...]"`. */
export const EXEMPT_ANNOTATION = 'cdk8s-appflow/exempt';

/** An exemption that an object declares for itself. */
interface SelfExemption {
  /** Which rules (ids or `<prefix>/*`), or a test of the finding. */
  readonly covers: (finding: RawFinding) => boolean;
  readonly reason: string;
  readonly source: 'annotation' | 'workload';
}

/**
 * What each security relaxation of a workload (its pods' `cdk8s-appflow/security-relaxations` annotation) lets its
 * pods break: exactly these findings, and no other. The writable root filesystem is no Pod Security rule.
 */
const RELAXED: Record<SecurityRelaxation, (f: RawFinding) => boolean> = {
  [SecurityRelaxation.RUN_AS_ROOT]: (f) => f.rule === 'restricted/run-as-non-root' || f.rule === 'restricted/run-as-user',
  [SecurityRelaxation.WRITABLE_ROOT_FILESYSTEM]: () => false,
  [SecurityRelaxation.PRIVILEGE_ESCALATION]: (f) => f.rule === 'restricted/privilege-escalation',
  // The runtime's default capabilities: not dropping ALL (adding capabilities is not this relaxation).
  [SecurityRelaxation.DEFAULT_CAPABILITIES]: (f) => f.rule === 'restricted/capabilities' && f.path.endsWith('.capabilities.drop'),
  // No profile set (a profile set to something else is not this relaxation).
  [SecurityRelaxation.NO_SECCOMP_PROFILE]: (f) => f.rule === 'restricted/seccomp' && valueAt(f.object.manifest, f.path) === undefined,
  [SecurityRelaxation.HOST_NETWORK]: (f) => f.rule === 'baseline/host-namespaces' && f.path.endsWith('.hostNetwork'),
  [SecurityRelaxation.HOST_PATH]: (f) => f.rule === 'baseline/host-path-volumes',
};

const PROFILES = ['restricted', 'baseline', 'privileged'];

/**
 * The exemptions that objects declare for themselves, and the problems of those declarations.
 */
export class SelfExemptions {
  /** The problems of the declarations, as `exemption-invalid` findings. */
  public readonly problems: RawFinding[] = [];
  private readonly byObject = new Map<ManifestObject, SelfExemption[]>();

  /**
   * @param model the objects, and their pod templates (read once, by the model)
   */
  constructor(private readonly model: ManifestModel, private readonly profile: PluginProfile) {
    for (const object of model.objects) {
      const exemptions = [...this.annotated(object), ...this.declared(object)];
      if (exemptions.length > 0) {
        this.byObject.set(object, exemptions);
      }
    }
  }

  /** The exemption of a finding that its object declares, if any. */
  public exemptionOf(finding: RawFinding): FindingExemption | undefined {
    const exemption = this.byObject.get(finding.object)?.find((e) => e.covers(finding));
    return exemption ? { reason: exemption.reason, source: exemption.source } : undefined;
  }

  /** The `cdk8s-appflow/exempt` annotations of the object and (for workloads) of its pod template. */
  private annotated(object: ManifestObject): SelfExemption[] {
    const places = [{ annotations: object.manifest.metadata?.annotations, at: 'metadata.annotations' }];
    const pod = this.model.podOf(object);
    if (pod && pod.metadataPath !== 'metadata') {
      places.push({ annotations: pod.annotations, at: `${pod.metadataPath}.annotations` });
    }
    return places.flatMap(({ annotations, at }) => {
      if (!isObject(annotations) || annotations[EXEMPT_ANNOTATION] === undefined) {
        return [];
      }
      const path = joinPath(at, EXEMPT_ANNOTATION);
      const parsed = parseExemptAnnotation(annotations[EXEMPT_ANNOTATION]);
      for (const problem of parsed.problems) {
        this.invalid(object, path, problem, 'write it as "<rule-id>[,<rule-id>]: <reason>", entries separated by ";"');
      }
      return parsed.entries.map((e) => ({ covers: (f: RawFinding) => e.rules.some((r) => patternCovers(r, f.rule)), reason: e.reason, source: 'annotation' as const }));
    });
  }

  /** The security profile and relaxations that a workload declares in its pod annotations. */
  private declared(object: ManifestObject): SelfExemption[] {
    const pod = this.model.podOf(object);
    if (!pod) {
      return [];
    }
    const exemptions: SelfExemption[] = [];
    const profile = pod.annotations[SECURITY_PROFILE_ANNOTATION];
    if (profile !== undefined) {
      if (typeof profile !== 'string' || !PROFILES.includes(profile)) {
        const profilePath = joinPath(`${pod.metadataPath}.annotations`, SECURITY_PROFILE_ANNOTATION);
        this.invalid(object, profilePath, `${JSON.stringify(profile)} is not a security profile`, `use one of ${PROFILES.join(', ')}`);
      } else if (PROFILES.indexOf(profile) > PROFILES.indexOf(this.profile)) {
        // A lower profile than the plugin's: the rules of the levels above it are exempted.
        const exempted = profile === 'privileged' ? ['baseline/', 'restricted/'] : ['restricted/'];
        exemptions.push({
          covers: (f) => exempted.some((prefix) => f.rule.startsWith(prefix)),
          reason: `the workload declares the ${profile} profile (${SECURITY_PROFILE_ANNOTATION})`,
          source: 'workload',
        });
      }
    }
    const relaxations = pod.annotations[SECURITY_RELAXATIONS_ANNOTATION];
    if (relaxations !== undefined) {
      const relaxationPath = joinPath(`${pod.metadataPath}.annotations`, SECURITY_RELAXATIONS_ANNOTATION);
      const known = Object.values(SecurityRelaxation) as string[];
      for (const name of String(relaxations).split(',').map((r) => r.trim()).filter((r) => r !== '')) {
        if (!known.includes(name)) {
          this.invalid(object, relaxationPath, `${JSON.stringify(name)} is not a security relaxation`, `use only ${known.join(', ')}`);
          continue;
        }
        exemptions.push({
          covers: RELAXED[name as SecurityRelaxation],
          reason: `the workload relaxes ${name} on purpose (${SECURITY_RELAXATIONS_ANNOTATION})`,
          source: 'workload',
        });
      }
    }
    return exemptions;
  }

  private invalid(object: ManifestObject, path: string, message: string, fix: string): void {
    this.problems.push({ rule: 'exemption-invalid', object, path, message, fix });
  }
}

/** One entry of an exemption annotation. */
export interface ExemptEntry {
  readonly rules: string[];
  readonly reason: string;
}

/**
 * Reads a `cdk8s-appflow/exempt` annotation: entries separated by `;` or new lines, each
 * `<rule-id>[,<rule-id>...]: <reason>`. A rule id may be `<prefix>/*` (`restricted/*`) or `*`.
 */
export function parseExemptAnnotation(value: unknown): { entries: ExemptEntry[]; problems: string[] } {
  const entries: ExemptEntry[] = [];
  const problems: string[] = [];
  if (typeof value !== 'string' || value.trim() === '') {
    return { entries, problems: [`${JSON.stringify(value)} names no rule and gives no reason`] };
  }
  for (const raw of value.split(/[;\n]/).map((e) => e.trim()).filter((e) => e !== '')) {
    const colon = raw.indexOf(':');
    if (colon < 0 || raw.slice(colon + 1).trim() === '') {
      problems.push(`${JSON.stringify(raw)} gives no reason (an exemption needs one, after a ":")`);
      continue;
    }
    const rules = raw.slice(0, colon).split(',').map((r) => r.trim());
    const bad = rules.map((r) => ({ r, problem: rulePatternProblem(r) })).filter((x) => x.problem !== undefined);
    if (bad.length > 0) {
      problems.push(...bad.map((b) => `${JSON.stringify(b.r)} in ${JSON.stringify(raw)}: ${b.problem} (expected ${RULE_PATTERNS_ACCEPTED})`));
      continue;
    }
    entries.push({ rules, reason: raw.slice(colon + 1).trim() });
  }
  return { entries, problems };
}

/**
 * The exemptions of the plugin's properties, counting how many findings each one exempts.
 */
export class PropertyExemptions {
  private readonly used: number[];

  constructor(private readonly specs: readonly ExemptionSpec[]) {
    this.used = specs.map(() => 0);
  }

  public exemptionOf(finding: RawFinding): FindingExemption | undefined {
    const i = this.specs.findIndex((e) => patternCovers(e.rule, finding.rule) && picksObject(e, finding.object.id));
    if (i < 0) {
      return undefined;
    }
    this.used[i]++;
    return { reason: this.specs[i].reason, source: 'properties' };
  }

  /** The exemptions that exempted nothing (stale, or misspelled). */
  public unused(): ExemptionSpec[] {
    return this.specs.filter((_, i) => this.used[i] === 0);
  }
}

