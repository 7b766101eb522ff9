import { arrayOf, isObject, joinPath } from './objects';

/*
 * Label selectors, with the semantics of the API server: a LabelSelector (`matchLabels`, `matchExpressions`) and
 * the plain map of a Service's or a ReplicationController's selector.
 */

/**
 * Whether a LabelSelector (`matchLabels` and `matchExpressions`) selects the labels. An empty selector selects
 * everything; a selector that is not an object selects nothing.
 */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObject(selector)) {
    return false;
  }
  if (isObject(selector.matchLabels)) {
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      if (labels[k] !== String(v)) {
        return false;
      }
    }
  }
  for (const expression of arrayOf(selector.matchExpressions)) {
    if (!expressionMatches(expression, labels)) {
      return false;
    }
  }
  return true;
}

function expressionMatches(expression: unknown, labels: Record<string, string>): boolean {
  if (!isObject(expression)) {
    return false;
  }
  const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
  const values = arrayOf(expression.values).map(String);
  switch (expression.operator) {
    case 'In': return has && values.includes(labels[expression.key]);
    case 'NotIn': return !(has && values.includes(labels[expression.key]));
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false;
  }
}

/** Whether a plain selector map (a Service's or a ReplicationController's) selects the labels; an empty map selects nothing. */
export function mapSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObject(selector) || Object.keys(selector).length === 0) {
    return false;
  }
  return Object.entries(selector).every(([k, v]) => labels[k] === String(v));
}

/** An entry of a selector that the labels do not meet. */
export interface SelectorMismatch {
  readonly path: string;
  readonly message: string;
}

/** The entries of a selector that the labels do not have, with their paths, for messages. */
export function selectorMismatches(selector: Record<string, any>, labels: Record<string, string>, at: string): SelectorMismatch[] {
  const problems: SelectorMismatch[] = [];
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== String(v)) {
      problems.push({
        path: joinPath(`${at}.matchLabels`, k),
        message: labels[k] === undefined
          ? `selects ${k}=${String(v)}, but the pod template has no ${k} label`
          : `selects ${k}=${String(v)}, but the pod template has ${k}=${labels[k]}`,
      });
    }
  }
  arrayOf(selector.matchExpressions).forEach((expression, i) => {
    if (!expressionMatches(expression, labels)) {
      problems.push({ path: `${at}.matchExpressions[${i}]`, message: `${JSON.stringify(expression)} does not match the pod template labels` });
    }
  });
  return problems;
}
