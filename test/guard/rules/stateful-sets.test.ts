/**
 * The rules of StatefulSets (src/guard/rules/stateful-sets.ts), through ChangeGuard.compare.
 */
import * as kplus from 'cdk8s-plus-34';
import { ChangeGuard, ChangeRule, ChangeSeverity } from '../../../src';
import { BASE, compare, expectFinding } from '../findings';
import { edit, shop, single, statefulWorkload, summary } from '../shop';

describe('StatefulSets', () => {
  test('a claim template grown: immutable, the claims keep their size', () => {
    const f = single(compare(shop({ templates: [{ name: 'data', gi: 20 }] })));
    expectFinding(f, {
      rule: ChangeRule.CLAIM_TEMPLATE_CHANGED,
      kind: 'StatefulSet',
      name: 'mysql',
      field: 'spec.volumeClaimTemplates[data].spec.resources.requests.storage',
      before: '10Gi',
      after: '20Gi',
      happens: [/volumeClaimTemplates are immutable/, /kubectl apply fails/, /data-mysql-N keep 10Gi/],
      proceed: [/expand each existing claim first \(kubectl patch pvc data-mysql-0 -n shop/, /--cascade=orphan/],
    });
  });

  test.each([['10Gi', '10240Mi'], ['10G', '10000M'], ['10Gi', '10737418240']])('a claim template of the same amount written otherwise is no change: %s and %s', (before, after) => {
    const withStorage = (storage: string) => edit(BASE, 'StatefulSet', 'mysql', (sts) => {
      sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage = storage;
    });
    expect(compare(withStorage(after), withStorage(before))).toEqual([]);
    // And renamed with the same amount: a rename, not a removal and an addition.
    const renamed = edit(withStorage(after), 'StatefulSet', 'mysql', (sts) => {
      sts.spec.volumeClaimTemplates[0].metadata.name = 'storage';
    });
    expect(compare(renamed, withStorage(before)).map((f) => f.rule)).toEqual([ChangeRule.CLAIM_TEMPLATE_RENAMED]);
  });

  test('a claim template shrunk', () => {
    const f = single(compare(shop({ templates: [{ name: 'data', gi: 5 }] })));
    expect(f.rule).toBe(ChangeRule.CLAIM_TEMPLATE_CHANGED);
    expect(f.remedy).toMatch(/keep 10Gi: a volume cannot shrink/);
  });

  test('a claim template\'s storage class changed', () => {
    const f = single(compare(shop({ templates: [{ name: 'data', gi: 10, storageClassName: 'fast-ssd' }] })));
    expectFinding(f, {
      rule: ChangeRule.CLAIM_TEMPLATE_CHANGED,
      kind: 'StatefulSet',
      name: 'mysql',
      field: 'spec.volumeClaimTemplates[data].spec.storageClassName',
      before: undefined,
      after: 'fast-ssd',
      happens: [/immutable/, /data-mysql-N keep their class/],
      proceed: [/template under a new name, copy the data/],
    });
  });

  test('a claim template\'s labels changed', () => {
    const current = edit(BASE, 'StatefulSet', 'mysql', (s) => {
      s.spec.volumeClaimTemplates[0].metadata.labels['app.kubernetes.io/version'] = '8.0.37';
    });
    expectFinding(single(compare(current)), {
      rule: ChangeRule.CLAIM_TEMPLATE_CHANGED,
      kind: 'StatefulSet',
      name: 'mysql',
      field: 'spec.volumeClaimTemplates[data].metadata.labels["app.kubernetes.io/version"]',
      after: '8.0.37',
      happens: [/their labels and annotations too/],
      proceed: [/no version label/],
    });
  });

  test('a claim template renamed: the data stays in the old claims', () => {
    expectFinding(single(compare(shop({ templates: [{ name: 'storage', gi: 10 }] }))), {
      rule: ChangeRule.CLAIM_TEMPLATE_RENAMED,
      kind: 'StatefulSet',
      name: 'mysql',
      before: 'data',
      after: 'storage',
      happens: [/immutable/, /new, empty claims storage-mysql-N/, /data would stay in data-mysql-N/],
      proceed: [/keep the template name data/, /copy the data of data-mysql-N into storage-mysql-N first/, /kubectl delete statefulset mysql -n shop --cascade=orphan/],
    });
  });

  test('a claim template added', () => {
    expectFinding(single(compare(shop({ templates: [{ name: 'data', gi: 10 }, { name: 'logs', gi: 1 }] }))), {
      rule: ChangeRule.CLAIM_TEMPLATE_ADDED,
      kind: 'StatefulSet',
      name: 'mysql',
      field: 'spec.volumeClaimTemplates[logs]',
      after: 'logs',
      happens: [/immutable/, /no claim logs-mysql-N/],
      proceed: [/--cascade=orphan/, /kubectl rollout restart statefulset\/mysql -n shop/],
    });
  });

  test('a claim template removed', () => {
    const baseline = shop({ templates: [{ name: 'data', gi: 10 }, { name: 'logs', gi: 1 }] });
    expectFinding(single(compare(BASE, baseline)), {
      rule: ChangeRule.CLAIM_TEMPLATE_REMOVED,
      kind: 'StatefulSet',
      name: 'mysql',
      field: 'spec.volumeClaimTemplates[logs]',
      before: 'logs',
      happens: [/immutable/, /no longer mount logs-mysql-N/, /stay, unmanaged/],
      proceed: [/--cascade=orphan/, /delete the claims logs-mysql-N once their data is no longer needed/],
    });
  });

  test('the retention policy Delete adds a caution to the orphan-and-apply remedies', () => {
    const withPolicy = (m: any[]) => edit(m, 'StatefulSet', 'mysql', (s) => {
      s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
    });
    const f = single(ChangeGuard.compare(withPolicy(BASE), withPolicy(shop({ templates: [{ name: 'data', gi: 20 }] }))));
    expect(f.remedy).toMatch(/Careful: persistentVolumeClaimRetentionPolicy.whenDeleted is Delete/);
  });

  test('serviceName changed: immutable, pod DNS names', () => {
    expectFinding(single(ChangeGuard.compare(statefulWorkload('pg-headless'), statefulWorkload('pg-peers'))), {
      rule: ChangeRule.STATEFULSET_SERVICE_NAME_CHANGED,
      kind: 'StatefulSet',
      name: 'pg',
      namespace: 'db',
      field: 'spec.serviceName',
      before: 'pg-headless',
      after: 'pg-peers',
      happens: [/serviceName is immutable/, /kubectl apply fails/, /DNS names/],
      proceed: [/--cascade=orphan/, /rollout restart/],
    });
  });

  test('podManagementPolicy changed: immutable (unset is OrderedReady)', () => {
    expectFinding(single(compare(shop({ dbPodManagement: kplus.PodManagementPolicy.PARALLEL }))), {
      rule: ChangeRule.STATEFULSET_POD_MANAGEMENT_CHANGED,
      kind: 'StatefulSet',
      name: 'mysql',
      field: 'spec.podManagementPolicy',
      before: 'OrderedReady',
      after: 'Parallel',
      happens: [/immutable/],
      proceed: [/--cascade=orphan/],
    });
    const unset = edit(BASE, 'StatefulSet', 'mysql', (s) => {
      delete s.spec.podManagementPolicy;
    });
    expect(compare(unset)).toEqual([]);
  });

  test('a StatefulSet renamed: new, empty claims', () => {
    const current = shop({ dbName: 'mariadb' });
    const findings = compare(current);
    const f = findings.find((x) => x.rule === ChangeRule.STATEFULSET_RENAMED)!;
    expectFinding(f, {
      rule: ChangeRule.STATEFULSET_RENAMED,
      kind: 'StatefulSet',
      name: 'mariadb',
      before: 'mysql',
      after: 'mariadb',
      happens: [/renamed\?/, /new, empty claims data-mariadb-N/, /data stays in data-mysql-N/],
      proceed: [/keep the name mysql/],
    });
    expect(summary(findings)).toEqual(['guard/statefulset-renamed error StatefulSet shop/mariadb metadata.name']);
  });

  test('a StatefulSet with claim templates removed: a warning, or an error when its claims go with it', () => {
    const current = BASE.filter((m) => !(m.kind === 'StatefulSet' && m.metadata.name === 'mysql'));
    expectFinding(single(compare(current)), {
      rule: ChangeRule.STATEFULSET_REMOVED,
      severity: ChangeSeverity.WARNING,
      kind: 'StatefulSet',
      name: 'mysql',
      happens: [/data-mysql-N and their data stay, unmanaged/],
      proceed: [/delete the claims data-mysql-N by hand/],
    });
    const deleting = edit(BASE, 'StatefulSet', 'mysql', (s) => {
      s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete' };
    });
    expectFinding(single(compare(current, deleting)), {
      rule: ChangeRule.STATEFULSET_REMOVED,
      kind: 'StatefulSet',
      name: 'mysql',
      happens: [/whenDeleted: Delete/, /data-mysql-N and their data with it/],
      proceed: [/set persistentVolumeClaimRetentionPolicy.whenDeleted to Retain/],
    });
  });

});
