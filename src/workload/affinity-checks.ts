import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { checkInteger, inputError, kindOfValue } from '../core/errors';

/*
 * The check of a pod's `affinity`, given in the API's own terms (internal to the workload step). cdk8s writes an
 * Affinity as it is given, and drops the keys it does not know: a misspelt field would vanish from the YAML, and an
 * operator such as "in" would be written for the API server to refuse.
 */

/** The operators of a node selector requirement (node affinity). */
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
/** The operators of a label selector requirement (pod affinity and anti-affinity). */
const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';

/**
 * Refuses an affinity with a field that the Affinity of the API does not have (at the levels the library reads), an
 * operator that the API server refuses, a weight outside 1–100 and a pod affinity term without a topology key.
 *
 * @param prop the prop that holds the affinity, e.g. `affinity`
 */
export function checkAffinity(scope: IConstruct, prop: string, affinity: kplus.k8s.Affinity): void {
  checkFields(scope, prop, affinity, ['nodeAffinity', 'podAffinity', 'podAntiAffinity']);
  const node = affinity.nodeAffinity;
  if (node !== undefined) {
    const at = `${prop}.nodeAffinity`;
    checkFields(scope, at, node, [REQUIRED, PREFERRED]);
    if (node.requiredDuringSchedulingIgnoredDuringExecution !== undefined) {
      const required = node.requiredDuringSchedulingIgnoredDuringExecution;
      checkFields(scope, `${at}.${REQUIRED}`, required, ['nodeSelectorTerms']);
      listOf(scope, `${at}.${REQUIRED}.nodeSelectorTerms`, required.nodeSelectorTerms)
        .forEach((term, i) => checkNodeTerm(scope, `${at}.${REQUIRED}.nodeSelectorTerms[${i}]`, term));
    }
    listOf(scope, `${at}.${PREFERRED}`, node.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const pat = `${at}.${PREFERRED}[${i}]`;
      checkFields(scope, pat, p, ['weight', 'preference']);
      checkInteger(scope, `${pat}.weight`, p.weight, { min: 1, max: 100, what: 'a weight: an integer' });
      checkNodeTerm(scope, `${pat}.preference`, p.preference);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pods = affinity[kind];
    if (pods === undefined) {
      continue;
    }
    const at = `${prop}.${kind}`;
    checkFields(scope, at, pods, [REQUIRED, PREFERRED]);
    listOf(scope, `${at}.${REQUIRED}`, pods.requiredDuringSchedulingIgnoredDuringExecution)
      .forEach((term, i) => checkPodTerm(scope, `${at}.${REQUIRED}[${i}]`, term));
    listOf(scope, `${at}.${PREFERRED}`, pods.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const pat = `${at}.${PREFERRED}[${i}]`;
      checkFields(scope, pat, p, ['weight', 'podAffinityTerm']);
      checkInteger(scope, `${pat}.weight`, p.weight, { min: 1, max: 100, what: 'a weight: an integer' });
      checkPodTerm(scope, `${pat}.podAffinityTerm`, p.podAffinityTerm);
    });
  }
}

function checkNodeTerm(scope: IConstruct, prop: string, term: kplus.k8s.NodeSelectorTerm): void {
  checkFields(scope, prop, term, ['matchExpressions', 'matchFields']);
  for (const field of ['matchExpressions', 'matchFields'] as const) {
    listOf(scope, `${prop}.${field}`, term[field]).forEach((r, i) => checkOperator(scope, `${prop}.${field}[${i}]`, r, NODE_OPERATORS));
  }
}

function checkPodTerm(scope: IConstruct, prop: string, term: kplus.k8s.PodAffinityTerm): void {
  checkFields(scope, prop, term, ['labelSelector', 'namespaceSelector', 'namespaces', 'topologyKey', 'matchLabelKeys', 'mismatchLabelKeys']);
  if (typeof term.topologyKey !== 'string' || term.topologyKey === '') {
    throw inputError(scope, `${prop}.topologyKey`, term.topologyKey, 'a pod affinity term needs a topology key',
      'a node label that groups the nodes, e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone"');
  }
  for (const field of ['labelSelector', 'namespaceSelector'] as const) {
    const selector = term[field];
    if (selector !== undefined) {
      checkFields(scope, `${prop}.${field}`, selector, ['matchLabels', 'matchExpressions']);
      listOf(scope, `${prop}.${field}.matchExpressions`, selector.matchExpressions)
        .forEach((r, i) => checkOperator(scope, `${prop}.${field}.matchExpressions[${i}]`, r, LABEL_OPERATORS));
    }
  }
}

function checkOperator(scope: IConstruct, prop: string, requirement: { readonly operator: string }, operators: string[]): void {
  checkFields(scope, prop, requirement, ['key', 'operator', 'values']);
  if (!operators.includes(requirement.operator)) {
    throw inputError(scope, `${prop}.operator`, requirement.operator, 'it is not an operator of the API (they are case-sensitive)',
      `one of ${operators.map((o) => JSON.stringify(o)).join(', ')}`);
  }
}

/** Refuses a value that is not an object, or that has a field the API's type does not (cdk8s would drop it). */
function checkFields(scope: IConstruct, prop: string, value: unknown, fields: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw inputError(scope, prop, value, `it is ${kindOfValue(value)}, not an object`, `an object of the fields ${fields.join(', ')}`);
  }
  const unknown = Object.keys(value).filter((k) => !fields.includes(k));
  if (unknown.length > 0) {
    throw inputError(scope, `${prop}.${unknown[0]}`, (value as Record<string, unknown>)[unknown[0]], 'it is not a field of the API here (cdk8s would drop it)',
      `one of the fields ${fields.join(', ')}`);
  }
}

function listOf<T>(scope: IConstruct, prop: string, value: T[] | undefined): T[] {
  if (value !== undefined && !Array.isArray(value)) {
    throw inputError(scope, prop, value, `it is ${kindOfValue(value)}, not a list`, 'a list');
  }
  return value ?? [];
}
