/**
 * The rules of PersistentVolumeClaims (src/guard/rules/claims.ts), through ChangeGuard.compare.
 */
import * as kplus from 'cdk8s-plus-34';
import { ChangeGuard, ChangeRule, ChangeSeverity } from '../../../src';
import { BASE, compare, expectFinding } from '../findings';
import { edit, mountUploads, shop, single, summary } from '../shop';

describe('claims', () => {
  test('a claim removed: a prune deletes it and its data', () => {
    const f = single(compare(shop({ withClaim: false })));
    expectFinding(f, {
      rule: ChangeRule.CLAIM_REMOVED,
      kind: 'PersistentVolumeClaim',
      name: 'uploads',
      field: 'metadata.name',
      before: 'uploads',
      happens: [/the claim shop\/uploads is gone/, /Argo CD or Flux prune .* would delete it/, /its volume and data/],
      proceed: [/keep the claim in the manifests/, /protection annotations/],
    });
    // Gone from the new manifests: only an acknowledgement entry can acknowledge it.
    expect(f.remedy).not.toContain('the annotation');
  });

  test('a claim removed that a workload still mounts: says so', () => {
    const baseline = shop({ extra: (chart) => mountUploads(chart) });
    const f = single(ChangeGuard.compare(baseline, shop({ withClaim: false, extra: (chart) => mountUploads(chart) })));
    expect(f.rule).toBe(ChangeRule.CLAIM_REMOVED);
    expect(f.consequence).toMatch(/The pods of Deployment shop\/files still mount it: it stays Terminating until they stop/);
  });

  test('a claim removed: the pods of every kind that mount it count, a ReplicationController\'s and a CronJob\'s too; volumes that are no list mount nothing', () => {
    const pod = (volumes: unknown) => ({ containers: [{ name: 'c', image: 'busybox:1.36' }], volumes });
    const mounting = [{ name: 'u', persistentVolumeClaim: { claimName: 'uploads' } }];
    const extra = [
      { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy', namespace: 'shop' }, spec: { template: { spec: pod(mounting) } } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'sweep', namespace: 'shop' }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: pod(mounting) } } } } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'odd', namespace: 'shop' }, spec: { template: { spec: pod({ u: mounting[0] }) } } },
    ];
    const f = single(ChangeGuard.compare([...shop(), ...extra], [...shop({ withClaim: false }), ...extra]));
    expect(f.rule).toBe(ChangeRule.CLAIM_REMOVED);
    expect(f.consequence).toMatch(/The pods of ReplicationController shop\/legacy, CronJob shop\/sweep still mount it:/);
  });

  test('a protected claim removed: a warning, the data stays', () => {
    const f = single(ChangeGuard.compare(shop({ claimProtected: true }), shop({ withClaim: false })));
    expectFinding(f, {
      rule: ChangeRule.CLAIM_REMOVED,
      severity: ChangeSeverity.WARNING,
      kind: 'PersistentVolumeClaim',
      name: 'uploads',
      happens: [/protection annotations keep Argo CD, Flux and Helm from deleting it/, /its data stays/, /\(it stays bound, and billed\); kubectl apply --prune would still delete it$/],
      proceed: [/delete the claim by hand .*kubectl delete pvc uploads -n shop/],
    });
  });

  test('a claim protected for Argo CD only: the others would still delete it', () => {
    const baseline = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Prune=false' };
    });
    const f = single(ChangeGuard.compare(baseline, shop({ withClaim: false })));
    expect(f.severity).toBe(ChangeSeverity.WARNING);
    expect(f.consequence).toMatch(/keep Argo CD from deleting it.*; Flux, Helm and kubectl apply --prune would still delete it$/);
  });

  test('a claim with Argo CD\'s Delete=false only (kept when the Application is deleted, pruned when it leaves the manifests): an error', () => {
    const baseline = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Delete=false' };
    });
    expect(single(ChangeGuard.compare(baseline, shop({ withClaim: false }))).severity).toBe(ChangeSeverity.ERROR);
    const confirm = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Delete=false, Prune=confirm' };
    });
    expect(single(ChangeGuard.compare(confirm, shop({ withClaim: false }))).severity).toBe(ChangeSeverity.WARNING);
  });

  test('renaming a claim in the chart: renamed?, the workload starts on an empty claim', () => {
    const f = single(compare(shop({ claimName: 'files' })));
    expectFinding(f, {
      rule: ChangeRule.CLAIM_RENAMED,
      kind: 'PersistentVolumeClaim',
      name: 'files',
      field: 'metadata.name',
      before: 'uploads',
      after: 'files',
      happens: [/shop\/uploads is gone and shop\/files, of the same size, class and labels, is new: renamed\?/, /new, empty claim files/, /pruned/],
      proceed: [/keep the name uploads/, /copy the data from uploads to files first/],
    });
    // The new claim exists: the annotation on it can acknowledge the rename.
    expect(f.remedy).toContain('the annotation cdk8s-appflow/acknowledge-change: "guard/claim-renamed: <reason>" on the new PersistentVolumeClaim shop/files');
  });

  test('a claim removed and another of another size added: removed, not renamed', () => {
    expect(summary(compare(shop({ claimName: 'files', claimGi: 30 })))).toEqual([
      'guard/claim-removed error PersistentVolumeClaim shop/uploads metadata.name',
    ]);
  });

  test('a claim shrunk: Kubernetes refuses', () => {
    expectFinding(single(compare(shop({ claimGi: 10 }))), {
      rule: ChangeRule.CLAIM_SHRUNK,
      kind: 'PersistentVolumeClaim',
      name: 'uploads',
      field: 'spec.resources.requests.storage',
      before: '20Gi',
      after: '10Gi',
      happens: [/refuses to shrink a claim/, /kubectl apply fails/],
      proceed: [/keep 20Gi/, /a volume cannot shrink/, /new, smaller claim/],
    });
  });

  test('quantities are compared by value: 20Gi and 21474836480 are the same', () => {
    const current = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.spec.resources.requests.storage = '21474836480';
    });
    expect(compare(current)).toEqual([]);
  });

  test.each([['10Gi', '10240Mi'], ['1G', '1000M'], ['1.1G', '1100M'], ['0.5Gi', '512Mi']])('equal amounts written otherwise are no change: %s and %s', (before, after) => {
    const baseline = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.spec.resources.requests.storage = before;
      c.spec.resources.limits = { storage: before };
    });
    const current = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.spec.resources.requests.storage = after;
      c.spec.resources.limits = { storage: after };
    });
    expect(compare(current, baseline)).toEqual([]);
    // Renamed as well: the same shape.
    const renamed = edit(current, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.metadata.name = 'uploads-2';
    });
    expect(summary(compare(renamed, baseline))).toEqual([expect.stringMatching(/^guard\/claim-renamed /)]);
  });

  test('a claim\'s storage class changed: immutable', () => {
    expectFinding(single(compare(shop({ claimClass: 'standard' }))), {
      rule: ChangeRule.CLAIM_STORAGE_CLASS_CHANGED,
      kind: 'PersistentVolumeClaim',
      name: 'uploads',
      field: 'spec.storageClassName',
      before: 'fast-ssd',
      after: 'standard',
      happens: [/spec is immutable/, /kubectl apply fails/, /stays in class fast-ssd/],
      proceed: [/keep the class/, /new claim .* under a new name, copy the data/],
    });
  });

  test('a storage class written where the claim had the default one: a warning', () => {
    const baseline = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      delete c.spec.storageClassName;
    });
    expectFinding(single(compare(BASE, baseline)), {
      rule: ChangeRule.CLAIM_STORAGE_CLASS_CHANGED,
      severity: ChangeSeverity.WARNING,
      kind: 'PersistentVolumeClaim',
      name: 'uploads',
      happens: [/made without a class/, /succeeds only if "fast-ssd" is that default class/],
      proceed: [/kubectl get pvc uploads -n shop -o jsonpath/],
    });
  });

  test('a claim\'s access modes changed: immutable', () => {
    expectFinding(single(compare(shop({ claimModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE] }))), {
      rule: ChangeRule.CLAIM_ACCESS_MODES_CHANGED,
      kind: 'PersistentVolumeClaim',
      name: 'uploads',
      field: 'spec.accessModes',
      before: '["ReadWriteMany"]',
      after: '["ReadWriteOnce"]',
      happens: [/immutable/, /kubectl apply fails/],
      proceed: [/keep the access modes/],
    });
  });

  test('another immutable field of a claim changed (volumeMode)', () => {
    const current = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.spec.volumeMode = 'Block';
    });
    expectFinding(single(compare(current)), {
      rule: ChangeRule.CLAIM_SPEC_CHANGED,
      kind: 'PersistentVolumeClaim',
      name: 'uploads',
      field: 'spec.volumeMode',
      before: 'Filesystem',
      after: 'Block',
      happens: [/immutable/],
      proceed: [/keep the claim's spec/],
    });
  });

});
