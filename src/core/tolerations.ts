import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { checkInteger, inputError, MAX_INT64_SECONDS } from './errors';
import { FormatRule } from './format-rule';
import { misspeltName } from './near-names';

/*
 * The check of tolerations, for the pods' own (`tolerations`) and the platform default (internal).
 */

const TOLERATION_EXAMPLE = '{ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }';
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
/** The fields of a toleration (core/v1 Toleration). */
const TOLERATION_FIELDS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];

/**
 * Refuses the tolerations that the API server refuses (the rules of Kubernetes' validateTolerations): an unknown
 * operator or effect, a key that is not a label key, an empty key without the operator Exists, a value with the
 * operator Exists (or a value that is not a label value), and tolerationSeconds that are not whole, or not for the
 * NoExecute effect.
 */
export function checkTolerations(scope: IConstruct, prop: string, tolerations: kplus.k8s.Toleration[] | undefined): void {
  if (tolerations === undefined) {
    return;
  }
  if (!Array.isArray(tolerations)) {
    throw inputError(scope, prop, tolerations, 'it is not a list', `a list of tolerations, e.g. [${TOLERATION_EXAMPLE}]`);
  }
  tolerations.forEach((t, i) => {
    const at = `${prop}[${i}]`;
    if (t === null || typeof t !== 'object') {
      throw inputError(scope, at, t, 'it is not a toleration', `a toleration such as ${TOLERATION_EXAMPLE}`);
    }
    // A field of another name is dropped by cdk8s: a misspelt operator would read as Equal with an empty value.
    const unknown = Object.keys(t).filter((f) => !TOLERATION_FIELDS.includes(f));
    if (unknown.length > 0) {
      const meant = misspeltName(unknown[0], TOLERATION_FIELDS);
      throw inputError(scope, `${at}.${unknown[0]}`, (t as any)[unknown[0]], `it is not a field of a toleration${meant ? ` (did you mean ${meant}?)` : ''}`,
        `only ${TOLERATION_FIELDS.join(', ')}`);
    }
    // Kubernetes reads a missing or empty operator as Equal, and a missing or empty effect as every effect.
    if (t.operator !== undefined && !['Exists', 'Equal', ''].includes(t.operator)) {
      throw inputError(scope, `${at}.operator`, t.operator, 'it is not a toleration operator', '"Exists" or "Equal" (the default)');
    }
    const exists = t.operator === 'Exists';
    if (t.key === undefined || t.key === '') {
      if (!exists) {
        throw inputError(scope, `${at}.operator`, t.operator ?? 'Equal', 'the key is empty, and only the operator Exists matches every key',
          'operator "Exists" without a key (to tolerate every taint), or a key');
      }
    } else {
      const keyProblem = FormatRule.LABEL_KEY.problemWith(t.key);
      if (keyProblem !== undefined) {
        throw inputError(scope, `${at}.key`, t.key, keyProblem, `a taint key, which is a ${FormatRule.LABEL_KEY.ruleName}: ${FormatRule.LABEL_KEY.accepted}`);
      }
    }
    if (t.value !== undefined && t.value !== '') {
      if (exists) {
        throw inputError(scope, `${at}.value`, t.value, 'the operator is Exists, which matches every value', 'no value with the operator Exists, or the operator "Equal"');
      }
      const valueProblem = FormatRule.LABEL_VALUE.problemWith(t.value);
      if (valueProblem !== undefined) {
        throw inputError(scope, `${at}.value`, t.value, valueProblem, `a taint value, which is a ${FormatRule.LABEL_VALUE.ruleName}: ${FormatRule.LABEL_VALUE.accepted}`);
      }
    }
    if (t.effect !== undefined && t.effect !== '' && !TAINT_EFFECTS.includes(t.effect)) {
      throw inputError(scope, `${at}.effect`, t.effect, 'it is not a taint effect',
        `one of ${TAINT_EFFECTS.map((e) => JSON.stringify(e)).join(', ')}, or no effect (to match every effect)`);
    }
    if (t.tolerationSeconds !== undefined) {
      checkInteger(scope, `${at}.tolerationSeconds`, t.tolerationSeconds, {
        min: 0, max: MAX_INT64_SECONDS, what: 'a number of seconds (0 evicts at once): an integer',
      });
      if (t.effect !== 'NoExecute') {
        throw inputError(scope, `${at}.tolerationSeconds`, t.tolerationSeconds,
          `the effect is ${t.effect ? JSON.stringify(t.effect) : 'not given'}, and only NoExecute taints evict pods after a time`,
          'tolerationSeconds with effect "NoExecute" only');
      }
    }
  });
}
