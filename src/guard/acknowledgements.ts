/**
 * Acknowledgements of deliberate changes: by options (a list) and by an annotation of the new resource, and how
 * the findings are finished with them. Internal: `ChangeGuard.compare` is the public entry point.
 */
import { ChangeAcknowledgement, ChangeFinding, ChangeRule, ChangeSeverity } from './model';
import { describeWithVersion, Resource } from './resources';
import { ChangeCandidate } from './rules/candidate';
import { describeResource, picksObject } from '../analysis/objects';
import { AppflowInputError } from '../core/errors';

/** The annotation of a new resource that acknowledges changes to it, one `<rule>: <reason>` per line. */
export const ACKNOWLEDGE_ANNOTATION = 'cdk8s-appflow/acknowledge-change';

const ACK_FORMAT = `one "<rule>: <reason>" per line, e.g. "${ChangeRule.CLAIM_TEMPLATE_CHANGED}: claims expanded by hand, StatefulSet re-created with --cascade=orphan"`;
const RULES = `one of ${ChangeRule.ALL.join(', ')}`;

/**
 * Checks a list of acknowledgements; refuses an unknown rule, a missing reason or a field that is not a string.
 *
 * @param where who received them, e.g. `ChangeGuard` or `AppflowChangeGuard`
 * @param prop the prop that holds them, e.g. `acknowledge` or `properties.acknowledge`
 */
export function checkAcknowledgements(where: string, prop: string, list: unknown): ChangeAcknowledgement[] {
  if (list === undefined) {
    return [];
  }
  if (!Array.isArray(list)) {
    throw new AppflowInputError(where, prop, list, 'it is not a list', 'a list of { rule, kind?, namespace?, name?, reason }');
  }
  return list.map((entry, i) => {
    const at = `${prop}[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new AppflowInputError(where, at, entry, 'it is not an object', 'an object { rule, kind?, namespace?, name?, reason }');
    }
    const unknown = Object.keys(entry).filter((k) => !['rule', 'kind', 'namespace', 'name', 'reason'].includes(k));
    if (unknown.length > 0) {
      throw new AppflowInputError(where, `${at}.${unknown[0]}`, (entry as any)[unknown[0]], 'it is not a field of an acknowledgement', 'only rule, kind, namespace, name and reason');
    }
    const { rule, kind, namespace, name, reason } = entry as Record<string, unknown>;
    if (typeof rule !== 'string' || !ChangeRule.ALL.includes(rule)) {
      throw new AppflowInputError(where, `${at}.rule`, rule, 'it is not a rule of the change guard', RULES);
    }
    for (const [field, value] of Object.entries({ kind, namespace, name })) {
      if (value !== undefined && (typeof value !== 'string' || value === '')) {
        throw new AppflowInputError(where, `${at}.${field}`, value, 'it is not a non-empty string', `the ${field} of the resource, or no ${field} to match any`);
      }
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new AppflowInputError(where, `${at}.reason`, reason, 'an acknowledgement needs a reason: why the change is deliberate, and what was done about it',
        'a non-empty reason, e.g. "claims expanded by hand; StatefulSet re-created with --cascade=orphan"');
    }
    const optional = (value: unknown) => value as string | undefined;
    return { rule, kind: optional(kind), namespace: optional(namespace), name: optional(name), reason: reason.trim() };
  });
}

/** The acknowledgements in the annotation of a resource; refuses a line without a known rule or a reason. */
export function annotationAcknowledgements(resource: Resource): Map<string, string> {
  const acknowledged = new Map<string, string>();
  const value = resource.object.metadata?.annotations?.[ACKNOWLEDGE_ANNOTATION];
  if (value === undefined) {
    return acknowledged;
  }
  const where = describeWithVersion(resource);
  const prop = `metadata.annotations["${ACKNOWLEDGE_ANNOTATION}"]`;
  if (typeof value !== 'string') {
    throw new AppflowInputError(where, prop, value, 'it is not a string', ACK_FORMAT);
  }
  for (const line of value.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    const match = /^([^\s:]+)\s*:\s*(.*)$/.exec(line);
    if (!match) {
      throw new AppflowInputError(where, prop, line, 'it does not name a rule before a colon', ACK_FORMAT);
    }
    if (!ChangeRule.ALL.includes(match[1])) {
      throw new AppflowInputError(where, prop, line, `"${match[1]}" is not a rule of the change guard`, `${ACK_FORMAT}; the rule ${RULES}`);
    }
    if (match[2].trim() === '') {
      throw new AppflowInputError(where, prop, line, 'it has no reason after the rule: an acknowledgement says why the change is deliberate', ACK_FORMAT);
    }
    acknowledged.set(match[1], match[2].trim());
  }
  return acknowledged;
}

/** The annotation value with one more acknowledgement (replacing one of the same rule). */
export function withAcknowledgement(existing: string | undefined, rule: string, reason: string): string {
  const lines = (existing ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith(`${rule}:`));
  return [...lines, `${rule}: ${reason.trim()}`].join('\n');
}

/** Applies the acknowledgements and the failOn level to the changes that the rules found. */
export function finish(
  candidates: ChangeCandidate[], current: Resource[], acknowledgements: ChangeAcknowledgement[], failOn: ChangeSeverity,
): ChangeFinding[] {
  // Every annotation is checked, also those of resources without a finding.
  const annotations = new Map(current.map((r) => [r.key, annotationAcknowledgements(r)]));
  return candidates.map((f) => {
    const r = f.resource;
    const byAnnotation = f.current ? annotations.get(f.current.key)?.get(f.rule) : undefined;
    const byOption = acknowledgements.find((a) => a.rule === f.rule && picksObject(a, r))?.reason;
    const reason = byAnnotation ?? byOption;
    const acknowledged = reason !== undefined;
    const failing = !acknowledged && (f.severity === ChangeSeverity.ERROR || failOn === ChangeSeverity.WARNING);
    const how = f.current
      ? `the annotation ${ACKNOWLEDGE_ANNOTATION}: "${f.rule}: <reason>" on the new ${describeResource(r)}, or `
      : '';
    const target = `{ rule: "${f.rule}", kind: "${r.kind}",${r.namespace ? ` namespace: "${r.namespace}",` : ''} name: "${r.name}", reason: "<reason>" }`;
    const remedy = `${f.remedy}. Deliberate? Acknowledge it with ${how}the acknowledgement ${target}.`;
    const resource = describeWithVersion(r);
    const values = f.before !== undefined || f.after !== undefined ? ` ${f.before ?? '(absent)'} → ${f.after ?? '(absent)'}` : '';
    const status = acknowledged ? `, acknowledged: ${reason}` : '';
    const consequence = f.consequence.replace(/\.$/, '');
    return {
      rule: f.rule,
      severity: f.severity,
      apiVersion: r.apiVersion,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      resource,
      field: f.field,
      before: f.before,
      after: f.after,
      consequence,
      remedy,
      acknowledged,
      reason,
      failing,
      message: `${resource}: ${f.field}${values} [${f.rule}, ${f.severity}${status}]: ${consequence}. To proceed: ${remedy}`,
    };
  });
}

/** Checks a failOn level. */
export function checkFailOn(where: string, prop: string, value: unknown): ChangeSeverity {
  if (value === undefined) {
    return ChangeSeverity.ERROR;
  }
  if (value !== ChangeSeverity.ERROR && value !== ChangeSeverity.WARNING) {
    throw new AppflowInputError(where, prop, value, 'it is not a severity', '"error" (ChangeSeverity.ERROR, the default) or "warning" (ChangeSeverity.WARNING)');
  }
  return value;
}
