import { summarizeRules } from '../../src/topology/rbac-summary';

const role = (...rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules });

test('verbs: read for get, list and watch; write for create, update, patch and delete; the others by name', () => {
  expect(summarizeRules(role({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] }))).toBe('get configmaps/app-config');
  expect(summarizeRules(role({ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }))).toBe('read pods');
  expect(summarizeRules(role({ apiGroups: [''], resources: ['pods'], verbs: ['list', 'get', 'watch', 'create', 'update', 'patch', 'delete'] }))).toBe('read/write pods');
  expect(summarizeRules(role({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'], verbs: ['update', 'patch', 'delete'] }))).toBe('update/patch/delete configmaps/a');
  expect(summarizeRules(role({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }))).toBe('* *.*');
});

test('resources: resource.group outside the core group, names after a slash, subresources as written, non-resource URLs', () => {
  expect(summarizeRules(role({ apiGroups: ['apps', ''], resources: ['deployments/scale'], verbs: ['get'] }))).toBe('get deployments.apps/scale, deployments/scale');
  expect(summarizeRules(role({ apiGroups: ['apps', 'batch'], resources: ['jobs', 'pods'], verbs: ['get'] }))).toBe('get jobs.apps, jobs.batch, pods.apps, pods.batch');
  expect(summarizeRules(role({ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }))).toBe('get pods/log');
  expect(summarizeRules(role({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'], verbs: ['get', 'list', 'watch'] }))).toBe('read configmaps/a,b');
  expect(summarizeRules(role({ nonResourceURLs: ['/healthz', '/metrics'], verbs: ['get'] }))).toBe('get /healthz, /metrics');
  expect(summarizeRules(role({ resources: ['pods'], verbs: ['get'] }))).toBe('get pods');
});

test('rules joined by "; "; the number of rules when that is longer than 60 characters', () => {
  const read = (resource: string) => ({ apiGroups: [''], resources: [resource], verbs: ['get', 'list', 'watch'] });
  expect(summarizeRules(role(read('pods'), read('namespaces')))).toBe('read pods; read namespaces');
  expect(summarizeRules(role(read('pods'), read('namespaces'), read('configmaps'), read('endpoints'), read('services')))).toBe('5 rules');
  expect(summarizeRules(role({ apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], verbs: ['get'] }))).toBe('1 rule');
});

test('aggregated ClusterRoles, no rules, and malformed rules without a TypeError', () => {
  expect(summarizeRules({ kind: 'ClusterRole', aggregationRule: { clusterRoleSelectors: [] }, rules: [] })).toBe('aggregated');
  expect(summarizeRules(role())).toBe('no rules');
  expect(summarizeRules({ kind: 'Role', rules: 'x' })).toBe('no rules');
  expect(summarizeRules(role(null, {}, { verbs: ['get'] }, { resources: ['pods'] }))).toBe('nothing; nothing; nothing; nothing');
});
