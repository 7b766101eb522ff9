import * as kplus from 'cdk8s-plus-34';
import { AccessGrant } from '../../src';

const CONFIG_MAPS = kplus.ApiResource.CONFIG_MAPS;

test('read, write and their named forms: the verbs of each', () => {
  expect(AccessGrant.read(CONFIG_MAPS).verbs).toEqual(['get', 'list', 'watch']);
  expect(AccessGrant.write(CONFIG_MAPS).verbs).toEqual(['create', 'update', 'patch', 'delete']);
  expect(AccessGrant.readNamed(CONFIG_MAPS, 'a').verbs).toEqual(['get', 'list', 'watch']);
  expect(AccessGrant.writeNamed(CONFIG_MAPS, 'a').verbs).toEqual(['update', 'patch', 'delete']);
  expect(AccessGrant.allow(['deletecollection'], CONFIG_MAPS).verbs).toEqual(['deletecollection']);
  expect(AccessGrant.clusterRole('view')).toMatchObject({ verbs: [], resources: [], resourceNames: [], clusterRoleName: 'view', isClusterWide: false });
});

test('a grant is a value: its lists are copies, clusterWide() makes another grant', () => {
  const verbs = ['get'];
  const grant = AccessGrant.allow(verbs, CONFIG_MAPS);
  verbs.push('delete');
  grant.verbs.push('delete');
  grant.resources.push(kplus.ApiResource.SECRETS);
  expect(grant.verbs).toEqual(['get']);
  expect(grant.resources).toEqual([CONFIG_MAPS]);
  const wide = grant.clusterWide();
  expect([grant.isClusterWide, wide.isClusterWide]).toEqual([false, true]);
  expect(wide.verbs).toEqual(['get']);
});

test.each([
  [AccessGrant.read(CONFIG_MAPS, kplus.ApiResource.DEPLOYMENTS), 'AccessGrant.read(configmaps, apps/deployments)'],
  [AccessGrant.readNamed(CONFIG_MAPS, 'web-flags', 'web-env'), 'AccessGrant.readNamed(configmaps, "web-flags", "web-env")'],
  [AccessGrant.allow(['get'], { apiGroup: '', resourceType: 'pods/log' }), 'AccessGrant.allow(["get"], pods/log)'],
  [AccessGrant.read({ apiGroup: 'core', resourceType: 'configmaps', resourceName: 'web-flags' }), 'AccessGrant.read(configmaps "web-flags")'],
  [AccessGrant.clusterRole('view').clusterWide(), 'AccessGrant.clusterRole("view").clusterWide()'],
])('described as written: %#', (grant, description) => {
  expect(grant.description).toBe(description);
});

test('the rules: one per API group and set of names, the core group written ""', () => {
  const grant = AccessGrant.read(CONFIG_MAPS, kplus.ApiResource.SERVICES, kplus.ApiResource.DEPLOYMENTS, CONFIG_MAPS,
    { apiGroup: 'core', resourceType: 'configmaps', resourceName: 'web-flags' });
  expect(grant._rules()).toEqual([
    { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps', 'services'], resourceNames: [], nonResourceURLs: [] },
    { verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: [], nonResourceURLs: [] },
    { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['web-flags'], nonResourceURLs: [] },
  ]);
});

test('a grant in JSON (an error message that quotes it) is the grant as written', () => {
  expect(JSON.stringify({ grant: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'web-flags')] }))
    .toBe('{"grant":["AccessGrant.readNamed(configmaps, \\"web-flags\\")"]}');
});
