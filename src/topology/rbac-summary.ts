import { READ_VERBS } from '../access/rbac-rules';
import { arrayOf, isObject } from '../analysis';

/*
 * What a Role or ClusterRole allows, in a few words for its node in the topology picture: `read configmaps/app-config`.
 */

/** The verbs that `AccessGrant.write` grants, written `write`. */
const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete'];
/** A summary longer than this is the number of rules instead: the node stays small. */
const MAX_SUMMARY = 60;

/**
 * The rules of a Role or ClusterRole in a few words: per rule the verbs (`read` for get, list and watch, `write` for
 * create, update, patch and delete, the others by name, joined by `/`), then the resources (`resource.group` outside
 * the core group, then the subresource: `deployments.apps/scale`; `/name,name` for `resourceNames`) or the
 * non-resource URLs, or `nothing` for a rule without verbs or without resources; rules joined by `; `. `N rules` when
 * that is longer than 60 characters, `aggregated` for a ClusterRole whose rules an aggregation rule fills, `no rules`.
 */
export function summarizeRules(role: any): string {
  if (isObject(role.aggregationRule)) {
    return 'aggregated';
  }
  const rules = arrayOf(role.rules);
  if (rules.length === 0) {
    return 'no rules';
  }
  const summary = rules.map(summarizeRule).join('; ');
  return summary.length <= MAX_SUMMARY ? summary : `${rules.length} rule${rules.length === 1 ? '' : 's'}`;
}

function summarizeRule(rule: any): string {
  let verbs = arrayOf(rule?.verbs).map(String);
  const words: string[] = [];
  for (const [word, group] of [['read', READ_VERBS], ['write', WRITE_VERBS]] as const) {
    if (group.every((v) => verbs.includes(v))) {
      words.push(word);
      verbs = verbs.filter((v) => !group.includes(v));
    }
  }
  words.push(...verbs);
  const names = arrayOf(rule?.resourceNames).map(String);
  const groups = arrayOf(rule?.apiGroups).map(String);
  const resources = arrayOf(rule?.resources).map(String).flatMap((resource) => {
    const [main, ...subresource] = resource.split('/');
    return (groups.length === 0 ? [''] : groups).map((group) => [group === '' ? main : `${main}.${group}`, ...subresource].join('/'));
  });
  const targets = [
    ...resources.map((r) => (names.length > 0 ? `${r}/${names.join(',')}` : r)),
    ...arrayOf(rule?.nonResourceURLs).map(String),
  ];
  return words.length === 0 || targets.length === 0 ? 'nothing' : `${words.join('/')} ${targets.join(', ')}`;
}
