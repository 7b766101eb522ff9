/**
 * The rules of namespaces (src/guard/rules/namespaces.ts), through ChangeGuard.compare.
 */
import { ChangeGuard, ChangeRule } from '../../../src';
import { BASE, compare, expectFinding } from '../findings';
import { edit, shop, single, summary } from '../shop';

describe('Namespaces', () => {
  test('a claim moved to another namespace: new, empty claim there', () => {
    const current = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.metadata.namespace = 'files';
    });
    expectFinding(single(compare(current)), {
      rule: ChangeRule.NAMESPACE_CHANGED,
      kind: 'PersistentVolumeClaim',
      name: 'uploads',
      namespace: 'files',
      field: 'metadata.namespace',
      before: 'shop',
      after: 'files',
      happens: [/cannot move between namespaces/, /new, empty claim/],
      proceed: [/keep the namespace shop/, /Velero/],
    });
  });

  test('a StatefulSet moved to another namespace: new, empty claims', () => {
    const current = edit(BASE, 'StatefulSet', 'mysql', (s) => {
      s.metadata.namespace = 'db';
    });
    expectFinding(single(compare(current)), {
      rule: ChangeRule.NAMESPACE_CHANGED,
      kind: 'StatefulSet',
      name: 'mysql',
      namespace: 'db',
      before: 'shop',
      after: 'db',
      happens: [/cannot move between namespaces/, /new, empty claims data-mysql-N/],
      proceed: [/keep the namespace shop/],
    });
  });

  test('the whole chart moved to another namespace', () => {
    expect(summary(compare(shop({ namespace: 'store' })))).toEqual([
      'guard/namespace-changed error StatefulSet store/mysql metadata.namespace',
      'guard/namespace-changed error PersistentVolumeClaim store/uploads metadata.namespace',
    ]);
  });

  test('a Namespace removed that holds claims: everything in it is deleted', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    expectFinding(single(ChangeGuard.compare([ns, ...BASE], BASE)), {
      rule: ChangeRule.NAMESPACE_REMOVED,
      kind: 'Namespace',
      name: 'shop',
      namespace: undefined,
      happens: [/deleting a Namespace deletes every object in it/, /StatefulSet mysql, PersistentVolumeClaim uploads/],
      proceed: [/keep the Namespace object/],
    });
  });

  test('an empty Namespace removed: a warning', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tools' } };
    expect(summary(ChangeGuard.compare([ns], []))).toEqual(['guard/namespace-removed warning Namespace tools metadata.name']);
  });
});
