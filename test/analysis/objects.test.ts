import { apiGroupOf, describeResource, identityKeyOf, joinPath, picksObject, labelSelectorMatches, mapSelectorMatches, readObjects, valueAt } from '../../src/analysis';

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' } });

describe('readObjects', () => {
  test('reads each document that is a Kubernetes object, with its file and position', () => {
    const { objects, skippedDocuments } = readObjects([{ file: 'a.yaml', documents: [cm('a'), { name: 'chart' }, null, cm('b')] }]);
    expect(objects.map((o) => [o.id.name, o.file, o.index, o.item])).toEqual([['a', 'a.yaml', 0, undefined], ['b', 'a.yaml', 3, undefined]]);
    expect(skippedDocuments).toBe(1);
  });

  test('reads the items of a List and of a <Kind>List in their place, not the list', () => {
    const { objects } = readObjects([{
      file: 'l.yaml',
      documents: [
        { apiVersion: 'v1', kind: 'List', items: [cm('x'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }] },
        { apiVersion: 'v1', kind: 'ConfigMapList', items: [cm('y')] },
      ],
    }]);
    expect(objects.map((o) => `${o.id.kind}/${o.id.name}@${o.index}.${o.item}`)).toEqual(['ConfigMap/x@0.0', 'Deployment/web@0.1', 'ConfigMap/y@1.0']);
  });

  test('names an object without a name by generateName, or says it has none', () => {
    const { objects } = readObjects([{ file: 'f', documents: [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-' } }, { apiVersion: 'v1', kind: 'Pod' }] }]);
    expect(objects.map((o) => describeResource(o.id))).toEqual(['Job migrate-*', 'Pod (no name)']);
  });
});

test('apiGroupOf: the group of an apiVersion, "" for the core group', () => {
  expect([apiGroupOf('v1'), apiGroupOf('apps/v1'), apiGroupOf('monitoring.coreos.com/v1')]).toEqual(['', 'apps', 'monitoring.coreos.com']);
});

test('identityKeyOf: the same object whatever its API version; another group, kind, namespace or name is another object', () => {
  const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
  expect(identityKeyOf({ ...web, apiVersion: 'apps/v1beta2' })).toBe(identityKeyOf(web));
  const others = [
    { ...web, apiVersion: 'extensions/v1beta1' }, { ...web, kind: 'StatefulSet' }, { ...web, namespace: 'db' },
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, { ...web, name: 'web2' },
    // The parts cannot run into each other: namespace "a" and name "b/c" is not namespace "a/b" and name "c".
    { ...web, namespace: 'a', name: 'b/c' }, { ...web, namespace: 'a/b', name: 'c' },
  ];
  expect(new Set([web, ...others].map(identityKeyOf)).size).toBe(others.length + 1);
});

test('picksObject: each of kind, namespace and name that the entry gives must be the object\'s; what it leaves out matches any', () => {
  const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
  const cluster = { apiVersion: 'v1', kind: 'Namespace', name: 'shop' };
  expect([{}, { kind: 'Deployment' }, { namespace: 'shop' }, { name: 'web' }, { kind: 'Deployment', namespace: 'shop', name: 'web' }].every((e) => picksObject(e, web))).toBe(true);
  expect([{ kind: 'StatefulSet' }, { namespace: 'db' }, { name: 'web2' }, { kind: 'Deployment', name: 'api' }].some((e) => picksObject(e, web))).toBe(false);
  expect([picksObject({ name: 'shop' }, cluster), picksObject({ namespace: 'shop', name: 'shop' }, cluster)]).toEqual([true, false]);
});

test('joinPath and valueAt agree on keys that need quoting', () => {
  const object = { metadata: { labels: { 'app.kubernetes.io/name': 'web' } }, spec: { ports: [{ port: 80 }] } };
  expect(valueAt(object, joinPath('metadata.labels', 'app.kubernetes.io/name'))).toBe('web');
  expect(valueAt(object, joinPath(joinPath('spec.ports', 0), 'port'))).toBe(80);
  expect(valueAt(object, 'spec.missing.deeper')).toBeUndefined();
});

describe('selectors', () => {
  const labels = { app: 'web', track: 'canary' };
  test('a LabelSelector: matchLabels and every operator; empty selects all, a non-object nothing', () => {
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(labelSelectorMatches(undefined, labels)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'db' } }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'track', operator: 'In', values: ['canary'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Bogus' }] }, labels)).toBe(false);
  });
  test('a Service selector map: an empty map selects nothing', () => {
    expect(mapSelectorMatches({}, labels)).toBe(false);
    expect(mapSelectorMatches({ app: 'web' }, labels)).toBe(true);
    expect(mapSelectorMatches({ app: 'web', track: 'stable' }, labels)).toBe(false);
  });
});
