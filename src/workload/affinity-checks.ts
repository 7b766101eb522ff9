import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { checkInteger, inputError, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { checkLabelMap } from '../core/label-keys';

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
      const terms = listOf(scope, `${at}.${REQUIRED}.nodeSelectorTerms`, required.nodeSelectorTerms);
      if (terms.length === 0) {
        throw inputError(scope, `${at}.${REQUIRED}.nodeSelectorTerms`, terms, 'a required node affinity needs a term (the API server refuses none)',
          'one or more node selector terms, e.g. [{ matchExpressions: [{ key: "kubernetes.io/arch", operator: "In", values: ["arm64"] }] }]');
      }
      terms.forEach((term, i) => checkNodeTerm(scope, `${at}.${REQUIRED}.nodeSelectorTerms[${i}]`, term));
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
  listOf(scope, `${prop}.matchExpressions`, term.matchExpressions).forEach((r, i) => checkOperator(scope, `${prop}.matchExpressions[${i}]`, r, NODE_OPERATORS));
  listOf(scope, `${prop}.matchFields`, term.matchFields).forEach((r, i) => {
    const at = `${prop}.matchFields[${i}]`;
    checkOperator(scope, at, r, NODE_OPERATORS);
    // The API server takes one node field, by name, and one value for it.
    if (r.key !== 'metadata.name') {
      throw inputError(scope, `${at}.key`, r.key, 'it is not a node field that can be selected', '"metadata.name"');
    }
    if (!['In', 'NotIn'].includes(r.operator) || (r.values ?? []).length !== 1) {
      throw inputError(scope, at, { operator: r.operator, values: r.values }, 'a node field is selected by In or NotIn and exactly one value',
        'e.g. { key: "metadata.name", operator: "In", values: ["node-1"] }');
    }
  });
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
      checkLabelMap(scope, `${prop}.${field}.matchLabels`, selector.matchLabels);
      listOf(scope, `${prop}.${field}.matchExpressions`, selector.matchExpressions)
        .forEach((r, i) => checkOperator(scope, `${prop}.${field}.matchExpressions[${i}]`, r, LABEL_OPERATORS));
    }
  }
}

/**
 * Refuses a requirement whose operator, key or values the API server refuses (ValidateNodeSelectorRequirement,
 * ValidateLabelSelectorRequirement): In and NotIn take values, Exists and DoesNotExist none, Gt and Lt one integer.
 */
function checkOperator(scope: IConstruct, prop: string, requirement: { readonly key: string; readonly operator: string; readonly values?: string[] },
  operators: string[]): void {
  checkFields(scope, prop, requirement, ['key', 'operator', 'values']);
  if (!operators.includes(requirement.operator)) {
    throw inputError(scope, `${prop}.operator`, requirement.operator, 'it is not an operator of the API (they are case-sensitive)',
      `one of ${operators.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  if (requirement.key !== 'metadata.name') {
    FormatRule.LABEL_KEY.check(scope, `${prop}.key`, requirement.key);
  }
  const values = listOf(scope, `${prop}.values`, requirement.values);
  const operator = requirement.operator;
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    throw inputError(scope, `${prop}.values`, requirement.values, `the operator ${operator} compares with values, and there are none`, 'one or more values');
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    throw inputError(scope, `${prop}.values`, values, `the operator ${operator} looks at the key alone, and takes no values`,
      `no values, or the operator ${operator === 'Exists' ? 'In' : 'NotIn'}`);
  }
  if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || !/^-?[0-9]+$/.test(String(values[0])))) {
    throw inputError(scope, `${prop}.values`, requirement.values, `the operator ${operator} compares with one integer`, 'one integer as a string, e.g. ["3"]');
  }
  values.forEach((v, i) => FormatRule.LABEL_VALUE.check(scope, `${prop}.values[${i}]`, v));
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
