import { AccessRelaxation } from '../../src';
import { PolicyRuleFields, policyRuleProblems, rbacRuleId, roleRefProblem } from '../../src/access/rbac-rules';
import { RULES } from '../../src/plugin';

function rule(fields: Partial<PolicyRuleFields>): PolicyRuleFields {
  return { verbs: [], apiGroups: [''], resources: [], resourceNames: [], nonResourceURLs: [], ...fields };
}

function judged(fields: Partial<PolicyRuleFields>, clusterWide = false): unknown[][] {
  return policyRuleProblems(rule(fields), clusterWide).map((p) => [p.relaxation, p.field, p.values]);
}

test('a rule that names what it grants breaks nothing', () => {
  expect(judged({ verbs: ['get', 'list', 'watch'], resources: ['configmaps', 'pods/log'] })).toEqual([]);
  expect(judged({ verbs: ['get'], resources: ['secrets'], resourceNames: ['db'] })).toEqual([]);
  expect(judged({ verbs: ['create', 'delete'], resources: ['secrets'] })).toEqual([]);
  expect(judged({ verbs: ['get'], apiGroups: [], resources: [], nonResourceURLs: ['/healthz', '/metrics/*'] })).toEqual([]);
});

test('wildcards in each field, one problem per field', () => {
  expect(judged({ verbs: ['*'], apiGroups: ['*'], resources: ['pods/*', 'configmaps'], nonResourceURLs: ['*'] })).toEqual([
    [AccessRelaxation.WILDCARD, 'verbs', ['*']],
    [AccessRelaxation.WILDCARD, 'apiGroups', ['*']],
    [AccessRelaxation.WILDCARD, 'resources', ['pods/*']],
    [AccessRelaxation.WILDCARD, 'nonResourceURLs', ['*']],
  ]);
});

test('escalate, bind and impersonate together', () => {
  expect(judged({ verbs: ['get', 'escalate', 'bind', 'impersonate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] })).toEqual([
    [AccessRelaxation.ESCALATING_VERBS, 'verbs', ['escalate', 'bind', 'impersonate']],
  ]);
});

test('reading Secrets: by any read verb or "*", of "secrets" or "*", in the core group or "*", without names', () => {
  expect(judged({ verbs: ['watch'], resources: ['secrets'] })).toEqual([[AccessRelaxation.SECRETS_READ, 'resources', ['secrets']]]);
  // An update or a patch answers with the whole Secret as stored: a no-op patch reads it.
  expect(judged({ verbs: ['update'], resources: ['secrets'] })).toEqual([[AccessRelaxation.SECRETS_READ, 'resources', ['secrets']]]);
  expect(judged({ verbs: ['create', 'patch'], resources: ['secrets'] })).toEqual([[AccessRelaxation.SECRETS_READ, 'resources', ['secrets']]]);
  expect(judged({ verbs: ['patch'], resources: ['secrets'], resourceNames: ['db'] })).toEqual([]);
  expect(judged({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }).map((p) => p[0])).toEqual([
    AccessRelaxation.WILDCARD, AccessRelaxation.WILDCARD, AccessRelaxation.WILDCARD,
    AccessRelaxation.SECRETS_READ, AccessRelaxation.WORKLOAD_CREATION, AccessRelaxation.ESCALATING_RESOURCES,
  ]);
  expect(judged({ verbs: ['get'], apiGroups: ['example.com'], resources: ['secrets'] })).toEqual([]);
  expect(policyRuleProblems(rule({ verbs: ['get'], resources: ['secrets'] }), true)[0].problem).toContain('every Secret of every namespace');
});

test('creating pods, the workloads that make them, or commands in pods: by create or "*", in their API group or "*"', () => {
  expect(judged({ verbs: ['create'], resources: ['pods'] })).toEqual([[AccessRelaxation.WORKLOAD_CREATION, 'resources', ['pods']]]);
  expect(judged({ verbs: ['get', 'create'], resources: ['pods/exec', 'pods/attach', 'pods/log'] })).toEqual([
    [AccessRelaxation.WORKLOAD_CREATION, 'resources', ['pods/exec', 'pods/attach']],
  ]);
  expect(judged({ verbs: ['create'], apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'controllerrevisions'] })).toEqual([
    [AccessRelaxation.WORKLOAD_CREATION, 'resources', ['deployments', 'statefulsets']],
  ]);
  expect(judged({ verbs: ['create'], apiGroups: ['batch'], resources: ['jobs', 'cronjobs'] })).toEqual([[AccessRelaxation.WORKLOAD_CREATION, 'resources', ['jobs', 'cronjobs']]]);
  expect(judged({ verbs: ['create'], apiGroups: ['*'], resources: ['jobs'] }).map((p) => p[0])).toEqual([AccessRelaxation.WILDCARD, AccessRelaxation.WORKLOAD_CREATION]);
  expect(judged({ verbs: ['*'], apiGroups: ['apps'], resources: ['daemonsets'] }).map((p) => p[0])).toEqual([AccessRelaxation.WILDCARD, AccessRelaxation.WORKLOAD_CREATION]);
  expect(policyRuleProblems(rule({ verbs: ['create'], resources: ['pods'] }), true)[0].problem).toBe('it creates "pods": a pod of its making (or a command '
    + 'run in one) may run as any ServiceAccount of every namespace and mount any of its Secrets, so the subject holds all of them');
  // Reading and updating them, creating other things, and workloads of another API group named alike are not it.
  expect(judged({ verbs: ['get', 'list', 'watch', 'update', 'patch', 'delete'], apiGroups: ['apps'], resources: ['deployments'] })).toEqual([]);
  expect(judged({ verbs: ['create'], resources: ['configmaps', 'events'] })).toEqual([]);
  expect(judged({ verbs: ['create'], apiGroups: ['apps'], resources: ['pods', 'jobs'] })).toEqual([]);
  expect(judged({ verbs: ['create'], apiGroups: ['example.com', 'constructor'], resources: ['*'] }).map((p) => p[0])).toEqual([AccessRelaxation.WILDCARD]);
});

test('binding a broad built-in ClusterRole; a Role of the same name is the user\'s own', () => {
  expect(['cluster-admin', 'admin', 'edit'].map((name) => roleRefProblem('ClusterRole', name)?.relaxation)).toEqual([
    AccessRelaxation.BROAD_ROLE, AccessRelaxation.BROAD_ROLE, AccessRelaxation.BROAD_ROLE,
  ]);
  expect(roleRefProblem('ClusterRole', 'view')).toBeUndefined();
  expect(roleRefProblem('Role', 'admin')).toBeUndefined();
  expect(roleRefProblem('ClusterRole', 'constructor')).toBeUndefined();
});

test('each relaxation is the exemption of a plugin rule of the rbac family', () => {
  expect(Object.values(AccessRelaxation).map(rbacRuleId).sort()).toEqual(RULES.filter((r) => r.family === 'rbac').map((r) => r.id).sort());
});

test('escalating resources: tokens of ServiceAccounts in a Role; the kubelet API, PersistentVolumes, namespaces, webhooks, certificates in a ClusterRole', () => {
  expect(policyRuleProblems(rule({ verbs: ['create'], resources: ['serviceaccounts/token'] }), false)).toEqual([{
    relaxation: AccessRelaxation.ESCALATING_RESOURCES,
    field: 'resources',
    values: ['serviceaccounts/token'],
    problem: 'it grants create of serviceaccounts/token (the subject requests a token of any ServiceAccount, and acts as it): permissions beyond its own',
  }]);
  const cluster = (fields: Partial<PolicyRuleFields>) => judged(fields, true);
  expect(cluster({ verbs: ['get'], resources: ['nodes/proxy'] })).toEqual([[AccessRelaxation.ESCALATING_RESOURCES, 'resources', ['nodes/proxy']]]);
  expect(cluster({ verbs: ['create'], resources: ['persistentvolumes'] })).toEqual([[AccessRelaxation.ESCALATING_RESOURCES, 'resources', ['persistentvolumes']]]);
  expect(cluster({ verbs: ['patch'], resources: ['namespaces'] })).toEqual([[AccessRelaxation.ESCALATING_RESOURCES, 'resources', ['namespaces']]]);
  expect(cluster({ verbs: ['delete'], apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'] }))
    .toEqual([[AccessRelaxation.ESCALATING_RESOURCES, 'resources', ['validatingwebhookconfigurations']]]);
  expect(cluster({ verbs: ['update'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'] }))
    .toEqual([[AccessRelaxation.ESCALATING_RESOURCES, 'resources', ['certificatesigningrequests/approval']]]);
  expect(cluster({ verbs: ['sign'], apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['example.com/issuer'] }))
    .toEqual([[AccessRelaxation.ESCALATING_RESOURCES, 'resources', ['signers']]]);
  // Reading them, and the cluster-scoped ones in a Role (where they grant nothing), are not it.
  expect(cluster({ verbs: ['get', 'list', 'watch'], resources: ['namespaces', 'persistentvolumes'] })).toEqual([]);
  expect(cluster({ verbs: ['get', 'list'], apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'] })).toEqual([]);
  expect(cluster({ verbs: ['get'], resources: ['serviceaccounts'] })).toEqual([]);
  expect(judged({ verbs: ['get'], resources: ['nodes/proxy'] })).toEqual([]);
  // Updating the ephemeral containers of a pod runs a container in it: workload creation.
  expect(judged({ verbs: ['patch'], resources: ['pods/ephemeralcontainers'] })).toEqual([[AccessRelaxation.WORKLOAD_CREATION, 'resources', ['pods/ephemeralcontainers']]]);
  expect(judged({ verbs: ['get'], resources: ['pods/ephemeralcontainers'] })).toEqual([]);
});

test('the ClusterRoles of which admin and edit are made are as broad', () => {
  expect(roleRefProblem('ClusterRole', 'system:aggregate-to-edit')?.relaxation).toBe(AccessRelaxation.BROAD_ROLE);
  expect(roleRefProblem('ClusterRole', 'system:aggregate-to-admin')?.relaxation).toBe(AccessRelaxation.BROAD_ROLE);
  expect(roleRefProblem('ClusterRole', 'system:aggregate-to-view')).toBeUndefined();
});
