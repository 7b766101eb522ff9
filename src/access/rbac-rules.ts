import { AccessRelaxation } from './access-relaxation';

/*
 * The least-privilege rules of RBAC (internal): how a rule of a Role or ClusterRole, and the role a binding names, are
 * judged. One judgement for the library, which refuses what breaks them unless relaxed (AppServiceAccount), and for
 * the validation plugin, which finds them in every RBAC object of the App (src/plugin/checks/rbac.ts). Vocabulary of
 * the manifests only: the plugin may import this file.
 */

/**
 * The annotation by which an object exempts itself from rules of the validation plugin (the plugin's
 * `EXEMPT_ANNOTATION`, which this folder may not import): `"<rule-id>[,<rule-id>...]: <reason>[; ...]"`.
 */
export const EXEMPT_ANNOTATION = 'cdk8s-appflow/exempt';

/** The validation plugin's rule of a relaxation: `rbac/<relaxation>`. */
export function rbacRuleId(relaxation: AccessRelaxation): string {
  return `rbac/${relaxation}`;
}

/** The verbs that let a subject grant itself, or act with, permissions it does not hold. */
export const ESCALATING_VERBS: readonly string[] = ['escalate', 'bind', 'impersonate'];

/** The verbs that read objects. */
export const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];

/**
 * The verbs that reveal a Secret's data: those that read it, and update and patch, whose responses carry the whole
 * object as it is stored.
 */
const SECRET_REVEALING_VERBS: readonly string[] = [...READ_VERBS, 'update', 'patch'];

/** A resource of an API group, and the verbs on it that a least-privilege rule is about. */
interface GuardedResource {
  readonly group: string;
  readonly resource: string;
  readonly verbs: readonly string[];
}

/** The verbs that change objects. */
const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * The resources whose creation runs a pod of the creator's choosing, or a command in a running pod (an ephemeral
 * container is added by an update): the pod may run as any ServiceAccount of the namespace and mount any of its Secrets.
 */
const WORKLOAD_RESOURCES: readonly GuardedResource[] = [
  ...['pods', 'pods/exec', 'pods/attach', 'replicationcontrollers'].map((resource) => ({ group: '', resource, verbs: ['create'] })),
  { group: '', resource: 'pods/ephemeralcontainers', verbs: ['update', 'patch'] },
  ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map((resource) => ({ group: 'apps', resource, verbs: ['create'] })),
  ...['jobs', 'cronjobs'].map((resource) => ({ group: 'batch', resource, verbs: ['create'] })),
];

/**
 * The resources that let a subject gain permissions beyond its own without an escalating verb, and how (the privilege
 * escalation risks of Kubernetes' RBAC good practices).
 */
const ESCALATING_RESOURCES: ReadonlyArray<GuardedResource & { readonly how: string; readonly clusterScoped?: boolean }> = [
  { group: '', resource: 'serviceaccounts/token', verbs: ['create'], how: 'requests a token of any ServiceAccount, and acts as it' },
  // Cluster-scoped: only a ClusterRole grants them.
  { group: '', resource: 'nodes/proxy', verbs: ['get', 'create'], clusterScoped: true, how: 'reaches the kubelet\'s API, which runs commands in every pod of the node' },
  { group: '', resource: 'persistentvolumes', verbs: ['create'], clusterScoped: true, how: 'creates a hostPath volume of any path of a node, for a pod to mount' },
  { group: '', resource: 'namespaces', verbs: ['update', 'patch'], clusterScoped: true, how: 'relabels namespaces, and so the Pod Security level they enforce' },
  ...['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'].map((resource) => ({
    group: 'admissionregistration.k8s.io',
    resource,
    verbs: WRITE_VERBS,
    clusterScoped: true,
    how: 'sends the objects of every request to a webhook of its choosing (which may read, change or let through anything), or removes a policy\'s webhook',
  })),
  {
    group: 'certificates.k8s.io',
    resource: 'certificatesigningrequests/approval',
    verbs: ['update', 'patch'],
    clusterScoped: true,
    how: 'approves certificates of any user, group or node',
  },
  { group: 'certificates.k8s.io', resource: 'signers', verbs: ['approve', 'sign'], clusterScoped: true, how: 'approves or signs certificates of any user, group or node' },
];

/** The guarded resources that a rule grants with a guarded verb ("*" stands for every group, resource and verb). */
function grantedOf<T extends GuardedResource>(rule: PolicyRuleFields, guarded: readonly T[]): T[] {
  const any = (values: readonly string[], value: string) => values.includes('*') || values.includes(value);
  return guarded.filter((g) => any(rule.apiGroups, g.group) && any(rule.resources, g.resource) && g.verbs.some((v) => any(rule.verbs, v)));
}

/** The built-in ClusterRoles that grant nearly everything, and what each grants. */
export const BROAD_CLUSTER_ROLES: Readonly<Record<string, string>> = {
  'cluster-admin': 'grants every verb on every resource of the cluster',
  'admin': 'grants every resource of the namespace, Secrets, Roles and RoleBindings among them',
  'edit': 'grants writing most resources of the namespace, and reading and writing its Secrets',
  // The roles whose rules make up admin and edit: bound alone, they grant the same.
  'system:aggregate-to-admin': 'grants what admin adds to edit (Roles and RoleBindings of the namespace); with system:aggregate-to-edit, all of admin',
  'system:aggregate-to-edit': 'grants what edit adds to view: writing most resources of the namespace, and reading and writing its Secrets',
};

/** The fields of a PolicyRule of a Role or ClusterRole (absent ones as empty lists). */
export interface PolicyRuleFields {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** How a rule, or the role a binding names, breaks a least-privilege rule. */
export interface RbacProblem {
  /** The least-privilege rule it breaks. */
  readonly relaxation: AccessRelaxation;
  /** The field, as the manifest names it: `verbs`, `apiGroups`, `resources`, `nonResourceURLs` or `roleRef.name`. */
  readonly field: string;
  /** The values of the field that break it. */
  readonly values: readonly string[];
  /** What is wrong, in words. */
  readonly problem: string;
}

function quoted(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/**
 * The least-privilege rules that a PolicyRule breaks (one problem per rule and field).
 *
 * @param clusterWide whether the rule is a ClusterRole's (bound cluster-wide, it reaches every namespace)
 */
export function policyRuleProblems(rule: PolicyRuleFields, clusterWide: boolean): RbacProblem[] {
  const problems: RbacProblem[] = [];
  const wildcards = (values: readonly string[]) => values.filter((v) => v.includes('*'));
  const verbs = wildcards(rule.verbs);
  if (verbs.length > 0) {
    problems.push({
      relaxation: AccessRelaxation.WILDCARD,
      field: 'verbs',
      values: verbs,
      problem: '"*" in verbs grants every verb, escalate, bind and impersonate among them, and the verbs added later',
    });
  }
  const groups = wildcards(rule.apiGroups);
  if (groups.length > 0) {
    problems.push({
      relaxation: AccessRelaxation.WILDCARD,
      field: 'apiGroups',
      values: groups,
      problem: '"*" in apiGroups grants the resources of every API group, and of every CRD installed later',
    });
  }
  const resources = wildcards(rule.resources);
  if (resources.length > 0) {
    problems.push({
      relaxation: AccessRelaxation.WILDCARD,
      field: 'resources',
      values: resources,
      problem: `${quoted(resources)} in resources ${resources.length === 1 ? 'grants' : 'grant'} every resource (or subresource) it matches, those added later too`,
    });
  }
  const urls = rule.nonResourceURLs.filter((u) => u === '*');
  if (urls.length > 0) {
    problems.push({
      relaxation: AccessRelaxation.WILDCARD,
      field: 'nonResourceURLs',
      values: urls,
      problem: '"*" in nonResourceURLs grants every path of the API server that is not a resource',
    });
  }
  const escalating = rule.verbs.filter((v) => ESCALATING_VERBS.includes(v));
  if (escalating.length > 0) {
    problems.push({
      relaxation: AccessRelaxation.ESCALATING_VERBS,
      field: 'verbs',
      values: escalating,
      problem: `${escalating.length === 1 ? 'the verb' : 'the verbs'} ${quoted(escalating)} ${escalating.length === 1 ? 'lets' : 'let'} the subject `
        + 'gain permissions beyond its own (escalate: write Roles with more permissions than it has; bind: bind such Roles; impersonate: act as '
        + 'another user, group or ServiceAccount)',
    });
  }
  const readsSecrets = rule.resourceNames.length === 0
    && rule.apiGroups.some((g) => g === '' || g === '*')
    && rule.resources.some((r) => r === 'secrets' || r === '*')
    && rule.verbs.some((v) => v === '*' || SECRET_REVEALING_VERBS.includes(v));
  if (readsSecrets) {
    const revealing = rule.verbs.filter((v) => v === '*' || SECRET_REVEALING_VERBS.includes(v));
    const writes = revealing.some((v) => v === 'update' || v === 'patch');
    problems.push({
      relaxation: AccessRelaxation.SECRETS_READ,
      field: 'resources',
      values: rule.resources.filter((r) => r === 'secrets' || r === '*'),
      problem: `it reads Secrets (${quoted(revealing)}${writes ? ': an update or a patch answers with the whole Secret' : ''}) without resourceNames: every Secret of `
        + `${clusterWide ? 'every namespace' : 'the namespace'}, with the passwords, tokens and keys of every application in it`,
    });
  }
  // "*" in resources stands for each of the workload resources it grants.
  const workloads = grantedOf(rule, WORKLOAD_RESOURCES);
  const created = rule.resources.filter((r) => workloads.some((w) => r === '*' || r === w.resource));
  if (created.length > 0) {
    problems.push({
      relaxation: AccessRelaxation.WORKLOAD_CREATION,
      field: 'resources',
      values: created,
      problem: `it creates ${quoted(created)}: a pod of its making (or a command run in one) may run as any ServiceAccount of `
        + `${clusterWide ? 'every namespace' : 'the namespace'} and mount any of its Secrets, so the subject holds all of them`,
    });
  }
  const paths = grantedOf(rule, ESCALATING_RESOURCES.filter((e) => clusterWide || !e.clusterScoped));
  if (paths.length > 0) {
    const granted = (e: GuardedResource) => `${e.verbs.filter((v) => rule.verbs.includes('*') || rule.verbs.includes(v)).join(' and ')} of ${e.resource}`;
    problems.push({
      relaxation: AccessRelaxation.ESCALATING_RESOURCES,
      field: 'resources',
      values: rule.resources.filter((r) => paths.some((e) => r === '*' || r === e.resource)),
      problem: `it grants ${paths.map((e) => `${granted(e)} (the subject ${e.how})`).join('; ')}: permissions beyond its own`,
    });
  }
  return problems;
}

/**
 * How the role a RoleBinding or ClusterRoleBinding names breaks a least-privilege rule: a broad built-in ClusterRole.
 */
export function roleRefProblem(kind: string, name: string): RbacProblem | undefined {
  if (kind !== 'ClusterRole' || !Object.prototype.hasOwnProperty.call(BROAD_CLUSTER_ROLES, name)) {
    return undefined;
  }
  return {
    relaxation: AccessRelaxation.BROAD_ROLE,
    field: 'roleRef.name',
    values: [name],
    problem: `the ClusterRole ${JSON.stringify(name)} ${BROAD_CLUSTER_ROLES[name]}`,
  };
}
