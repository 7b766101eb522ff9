/**
 * The rbac rules of the plugin, on every Role, ClusterRole, RoleBinding and ClusterRoleBinding of the app, whoever made
 * it: each with manifests that break it and manifests that pass.
 */
import { check, lines, rulesOf } from './support';
import { RULES } from '../../src/plugin';

function role(rules: unknown[], kind: 'Role' | 'ClusterRole' = 'Role', annotations?: Record<string, string>): Record<string, any> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'web', ...(kind === 'Role' ? { namespace: 'shop' } : {}), ...(annotations ? { annotations } : {}) },
    rules,
  };
}

function binding(roleRef: Record<string, string>, kind: 'RoleBinding' | 'ClusterRoleBinding' = 'RoleBinding'): Record<string, any> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'web', ...(kind === 'RoleBinding' ? { namespace: 'shop' } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }, { kind: 'Group', name: 'ops', apiGroup: 'rbac.authorization.k8s.io' }],
  };
}

test('the rbac rules: errors, in their own family', () => {
  expect(Object.fromEntries(RULES.filter((r) => r.family === 'rbac').map((r) => [r.id, r.severity]))).toEqual({
    'rbac/wildcard': 'error',
    'rbac/escalating-verbs': 'error',
    'rbac/secrets-read': 'error',
    'rbac/broad-role': 'error',
    'rbac/workload-creation': 'error',
    'rbac/escalating-resources': 'error',
  });
});

test('named verbs, resources and Secrets, and a narrow ClusterRole: nothing to report', () => {
  const result = check([
    role([
      { apiGroups: [''], resources: ['configmaps', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['web-tls'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'delete'] },
    ]),
    role([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }], 'ClusterRole'),
    binding({ kind: 'ClusterRole', name: 'view' }),
    binding({ kind: 'Role', name: 'admin' }),
  ]);
  expect(result.findings.filter((f) => f.rule.startsWith('rbac/'))).toEqual([]);
});

describe('rbac/wildcard', () => {
  test('"*" in verbs, API groups, resources or non-resource URLs, each where it is', () => {
    const result = check([
      role([{ apiGroups: ['*'], resources: ['deployments'], verbs: ['*'] }, { apiGroups: ['apps'], resources: ['deployments/*'], verbs: ['get'] }]),
      role([{ nonResourceURLs: ['*'], verbs: ['get'] }], 'ClusterRole'),
    ]);
    expect(lines(result.findings)).toEqual([
      'rbac/wildcard Role web rules[0].verbs',
      'rbac/wildcard Role web rules[0].apiGroups',
      'rbac/wildcard Role web rules[1].resources',
      'rbac/workload-creation Role web rules[0].resources',
      'rbac/wildcard ClusterRole web rules[0].nonResourceURLs',
    ]);
    expect(result.findings[0]).toMatchObject({
      severity: 'error',
      message: '"*" in verbs grants every verb, escalate, bind and impersonate among them, and the verbs added later',
      fix: 'name the verbs, API groups and resources the subject needs instead of "*" (cdk8s-appflow: AccessGrant.read(...), write(...), readNamed(...)), '
        + 'or exempt the object with the reason',
    });
    expect(result.findings[2].message).toBe('"deployments/*" in resources grants every resource (or subresource) it matches, those added later too');
  });
});

describe('rbac/escalating-verbs', () => {
  test('escalate, bind or impersonate, in one finding per rule', () => {
    const result = check([role([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['get', 'escalate', 'bind'] }])]);
    expect(lines(result.findings)).toEqual(['rbac/escalating-verbs Role web rules[0].verbs']);
    expect(result.findings[0].message).toBe('the verbs "escalate", "bind" let the subject gain permissions beyond its own (escalate: write Roles with '
      + 'more permissions than it has; bind: bind such Roles; impersonate: act as another user, group or ServiceAccount)');
    expect(rulesOf(check([role([{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] }], 'ClusterRole')]))).toEqual(['rbac/escalating-verbs']);
  });
});

describe('rbac/secrets-read', () => {
  test('get, list or watch of every Secret: of the namespace for a Role, of every namespace for a ClusterRole', () => {
    const result = check([
      role([{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['list'] }]),
      role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch'] }], 'ClusterRole'),
    ]);
    expect(lines(result.findings)).toEqual(['rbac/secrets-read Role web rules[0].resources', 'rbac/secrets-read ClusterRole web rules[0].resources']);
    expect(result.findings.map((f) => f.message)).toEqual([
      'it reads Secrets ("list") without resourceNames: every Secret of the namespace, with the passwords, tokens and keys of every application in it',
      'it reads Secrets ("get", "watch") without resourceNames: every Secret of every namespace, with the passwords, tokens and keys of every application in it',
    ]);
  });

  test('update or patch of every Secret reads them too: the response carries the whole Secret', () => {
    const result = check([role([{ apiGroups: [''], resources: ['secrets'], verbs: ['create', 'update', 'patch'] }])]);
    expect(lines(result.findings)).toEqual(['rbac/secrets-read Role web rules[0].resources']);
    expect(result.findings[0].message).toBe('it reads Secrets ("update", "patch": an update or a patch answers with the whole Secret) without resourceNames: '
      + 'every Secret of the namespace, with the passwords, tokens and keys of every application in it');
  });

  test('every resource of the core group reads the Secrets too', () => {
    expect(rulesOf(check([role([{ apiGroups: [''], resources: ['*'], verbs: ['get'] }])]))).toEqual(['rbac/secrets-read', 'rbac/wildcard']);
  });
});

describe('rbac/broad-role', () => {
  test('cluster-admin, admin or edit bound in a namespace or across the cluster, with the subjects named', () => {
    const result = check([
      binding({ kind: 'ClusterRole', name: 'edit' }),
      binding({ kind: 'ClusterRole', name: 'cluster-admin' }, 'ClusterRoleBinding'),
    ]);
    expect(lines(result.findings)).toEqual(['rbac/broad-role RoleBinding web roleRef.name', 'rbac/broad-role ClusterRoleBinding web roleRef.name']);
    expect(result.findings.map((f) => f.message)).toEqual([
      'it binds ServiceAccount shop/web, Group ops to the ClusterRole "edit" in namespace shop: it grants writing most resources of the namespace, and '
      + 'reading and writing its Secrets',
      'it binds ServiceAccount shop/web, Group ops to the ClusterRole "cluster-admin" in every namespace: it grants every verb on every resource of the cluster',
    ]);
    expect(result.findings[0].fix).toBe('bind a narrower ClusterRole (such as view) or a Role with the rules the subject needs, or exempt the object with the reason');
  });
});

describe('rbac/workload-creation', () => {
  test('create on pods, workloads or pods/exec, in a Role or a ClusterRole; reading and updating Deployments is not it', () => {
    const result = check([
      role([{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get'] }, { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }]),
      role([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'update', 'patch'] }], 'ClusterRole'),
    ]);
    expect(lines(result.findings)).toEqual(['rbac/workload-creation Role web rules[0].resources', 'rbac/workload-creation Role web rules[1].resources']);
    expect(result.findings[0]).toMatchObject({
      severity: 'error',
      message: 'it creates "jobs": a pod of its making (or a command run in one) may run as any ServiceAccount of the namespace and mount any of its '
        + 'Secrets, so the subject holds all of them',
      fix: 'remove create on pods, workloads and pods/exec or pods/attach (and update or patch of pods/ephemeralcontainers), or exempt the object with the '
        + 'reason (a CI runner or an operator that starts pods)',
    });
  });
});

describe('rbac/escalating-resources', () => {
  test('a token of any ServiceAccount in a Role; the kubelet API in a ClusterRole, not in a Role', () => {
    const result = check([
      role([{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }, { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }]),
      role([{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }], 'ClusterRole'),
    ]);
    expect(lines(result.findings)).toEqual(['rbac/escalating-resources Role web rules[0].resources', 'rbac/escalating-resources ClusterRole web rules[0].resources']);
    expect(result.findings[1]).toMatchObject({
      severity: 'error',
      message: 'it grants get of nodes/proxy (the subject reaches the kubelet\'s API, which runs commands in every pod of the node): permissions beyond its own',
      fix: 'remove the grant, or exempt the object with the reason (the component of the platform that needs it)',
    });
  });
});

test('an object exempts itself with the reason; a List\'s items are checked too', () => {
  const exempted = role([{ apiGroups: ['shop.example.com'], resources: ['orders'], verbs: ['*'] }], 'Role',
    { 'cdk8s-appflow/exempt': 'rbac/wildcard: the operator manages its own orders' });
  const result = check([exempted, { apiVersion: 'v1', kind: 'List', items: [binding({ kind: 'ClusterRole', name: 'admin' })] }]);
  expect(lines(result.findings)).toEqual(['rbac/wildcard Role web rules[0].verbs (exempted)', 'rbac/broad-role RoleBinding web roleRef.name']);
  expect(result.findings[0].exemption).toEqual({ reason: 'the operator manages its own orders', source: 'annotation' });
  expect(rulesOf(check([exempted], { disabledRules: ['rbac/*'] }))).toEqual([]);
});

test('malformed objects are read without failing: rules that are not objects, no roleRef', () => {
  const result = check([
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a', namespace: 'shop' }, rules: ['*', null, { verbs: '*' }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'shop' } },
  ]);
  expect(result.findings.filter((f) => f.rule.startsWith('rbac/'))).toEqual([]);
});
