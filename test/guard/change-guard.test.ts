import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { edit, shop, shopChart, single, statefulWorkload, summary } from './shop';
import { ChangeFinding, ChangeGuard, ChangeRule, ChangeSeverity, PersistentClaim, ServiceExposure } from '../../src';
import { AppflowInputError } from '../../src/core/errors';

const BASE = shop();

function compare(current: any[], baseline: any[] = BASE): ChangeFinding[] {
  return ChangeGuard.compare(baseline, current);
}

/** Asserts a finding's rule, severity, what happens and how to proceed (by key words). */
function expectFinding(f: ChangeFinding, expected: {
  rule: string;
  severity?: ChangeSeverity;
  kind: string;
  name: string;
  namespace?: string;
  field?: string | RegExp;
  before?: string;
  after?: string;
  happens: RegExp[];
  proceed: RegExp[];
}): void {
  expect(f.rule).toBe(expected.rule);
  expect(f.severity).toBe(expected.severity ?? ChangeSeverity.ERROR);
  expect(f.kind).toBe(expected.kind);
  expect(f.name).toBe(expected.name);
  expect(f.namespace).toBe('namespace' in expected ? expected.namespace : 'shop');
  if (expected.field !== undefined) {
    expect(f.field).toMatch(expected.field);
  }
  if (expected.before !== undefined) {
    expect(f.before).toBe(expected.before);
  }
  if (expected.after !== undefined) {
    expect(f.after).toBe(expected.after);
  }
  for (const words of expected.happens) {
    expect(f.consequence).toMatch(words);
  }
  for (const words of expected.proceed) {
    expect(f.remedy).toMatch(words);
  }
  expect(f.failing).toBe((expected.severity ?? ChangeSeverity.ERROR) === ChangeSeverity.ERROR);
  expect(f.acknowledged).toBe(false);
  // Every remedy ends with how to acknowledge the change, naming the rule.
  expect(f.remedy).toContain(`{ rule: "${expected.rule}", kind: "${expected.kind}"`);
  // The message has it all.
  expect(f.message).toContain(f.resource);
  expect(f.message).toContain(`[${expected.rule}, ${f.severity}]`);
  expect(f.message).toContain(f.consequence);
  expect(f.message).toContain(f.remedy);
}

describe('harmless changes find nothing', () => {
  test('the same manifests', () => {
    expect(compare(shop())).toEqual([]);
  });

  test.each<[string, Parameters<typeof shop>[0]]>([
    ['an image bump of the Deployment', { webImage: 'nginxinc/nginx-unprivileged:1.27.4-alpine' }],
    ['an image bump of the StatefulSet', { dbImage: 'mysql:8.0.37' }],
    ['a replica change of the Deployment', { webReplicas: 5 }],
    ['a replica change of the StatefulSet', { dbReplicas: 3 }],
    ['a resources change', { webMemoryMi: 256 }],
    ['a grown claim (the class decides whether it can grow; not checked)', { claimGi: 50 }],
    ['new objects', {
      extra: (chart: Chart) => {
        new PersistentClaim(chart, 'Cache', { name: 'cache', size: Size.gibibytes(5) });
        new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'settings' }, data: { a: '1' } });
      },
    }],
  ])('%s', (_what, version) => {
    expect(summary(compare(shop(version)))).toEqual([]);
  });

  test('annotations and labels other than selectors', () => {
    let current = edit(BASE, 'Deployment', 'web', (d) => {
      d.metadata.annotations = { 'example.com/owner': 'shop-team' };
      d.metadata.labels['example.com/tier'] = 'front';
      d.spec.template.metadata.labels['example.com/tier'] = 'front';
    });
    current = edit(current, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.metadata.annotations = { 'example.com/backup': 'daily' };
      c.metadata.labels = { 'example.com/tier': 'data' };
    });
    current = edit(current, 'StatefulSet', 'mysql', (s) => {
      s.metadata.annotations = { 'example.com/owner': 'dba' };
      s.spec.updateStrategy = { type: 'OnDelete' };
      s.spec.minReadySeconds = 10;
      s.spec.persistentVolumeClaimRetentionPolicy = { whenScaled: 'Delete', whenDeleted: 'Retain' };
    });
    current = edit(current, 'Service', 'web', (s) => {
      s.spec.ports[0].port = 80;
      s.metadata.annotations = { 'example.com/dns': 'web.shop.example.com' };
    });
    expect(summary(compare(current))).toEqual([]);
  });

  test('objects of other kinds removed (a ConfigMap, a Deployment, a Service) find nothing', () => {
    const current = BASE.filter((m) => !(m.metadata.name === 'web' && ['Deployment', 'Service', 'PodDisruptionBudget'].includes(m.kind)));
    expect(summary(compare(current))).toEqual([]);
  });

  test('a new apiVersion of the same group and kind is the same object', () => {
    const baseline = edit(BASE, 'PodDisruptionBudget', 'web', (p) => {
      p.apiVersion = 'policy/v1beta1';
    });
    expect(compare(BASE, baseline)).toEqual([]);
  });

  test('lists of objects are compared item by item: kind List and <Kind>List, in the baseline or the new manifests', () => {
    const claims = BASE.filter((m) => m.kind === 'PersistentVolumeClaim');
    const rest = BASE.filter((m) => m.kind !== 'PersistentVolumeClaim');
    const asList = [{ apiVersion: 'v1', kind: 'PersistentVolumeClaimList', items: claims }, { apiVersion: 'v1', kind: 'List', items: rest }];
    expect(compare(asList)).toEqual([]);
    expect(compare(BASE, asList)).toEqual([]);
    // A claim missing from the list is removed: the list is read, not skipped.
    const without = [{ apiVersion: 'v1', kind: 'PersistentVolumeClaimList', items: claims.filter((c) => c.metadata.name !== 'uploads') }, ...rest];
    expect(compare(without).map((f) => `${f.rule} ${f.name}`)).toEqual(['guard/claim-removed uploads']);
  });

  test('a Job unchanged but for its labels finds nothing', () => {
    const current = edit(BASE, 'Job', 'import', (j) => {
      j.metadata.labels['example.com/run'] = '2';
    });
    expect(compare(current)).toEqual([]);
  });
});

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
      happens: [/protection annotations keep Argo CD and Flux and Helm from deleting it/, /its data stays/, /kubectl apply --prune/],
      proceed: [/delete the claim by hand .*kubectl delete pvc uploads -n shop/],
    });
  });

  test('a claim protected for Argo CD only: the others would still delete it', () => {
    const baseline = edit(BASE, 'PersistentVolumeClaim', 'uploads', (c) => {
      c.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Prune=false' };
    });
    const f = single(ChangeGuard.compare(baseline, shop({ withClaim: false })));
    expect(f.severity).toBe(ChangeSeverity.WARNING);
    expect(f.consequence).toMatch(/keep Argo CD from deleting it.*Flux and Helm would still delete it/);
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
});

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
});

describe('selectors', () => {
  test.each([['Deployment', 'web'], ['StatefulSet', 'mysql']])('%s: spec.selector is immutable', (kind, name) => {
    const current = edit(BASE, kind, name, (w) => {
      w.spec.selector.matchLabels['app.kubernetes.io/component'] = 'main';
      w.spec.template.metadata.labels['app.kubernetes.io/component'] = 'main';
    });
    expectFinding(single(compare(current)), {
      rule: ChangeRule.SELECTOR_CHANGED,
      kind,
      name,
      field: 'spec.selector',
      happens: [/spec.selector of a .* is immutable/, /kubectl apply fails/],
      proceed: kind === 'StatefulSet'
        ? [/keep the selector/, /--cascade=orphan/, /claims re-attach by name/]
        : [/keep the selector/, /under a new name/, /kubectl delete deployment web -n shop/],
    });
  });

  test('a DaemonSet: spec.selector is immutable', () => {
    const daemonSet = (component: string) => [{
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'logs' },
      spec: { selector: { matchLabels: { app: 'agent', component } }, template: { metadata: { labels: { app: 'agent', component } }, spec: { containers: [] } } },
    }];
    const f = single(ChangeGuard.compare(daemonSet('a'), daemonSet('b')));
    expect(f.rule).toBe(ChangeRule.SELECTOR_CHANGED);
    expect(f.kind).toBe('DaemonSet');
  });

  test('the key order of matchLabels does not matter', () => {
    const current = edit(BASE, 'Deployment', 'web', (d) => {
      d.spec.selector.matchLabels = Object.fromEntries(Object.entries(d.spec.selector.matchLabels).reverse());
    });
    expect(compare(current)).toEqual([]);
  });
});

describe('Jobs', () => {
  test('a Job\'s template changed (an image bump): immutable, the Job is re-created by deleting it', () => {
    const f = single(compare(shop({ jobImage: 'busybox:1.37' })));
    expectFinding(f, {
      rule: ChangeRule.JOB_TEMPLATE_CHANGED,
      kind: 'Job',
      name: 'import',
      field: 'spec.template.spec.containers[import].image',
      before: 'busybox:1.36',
      after: 'busybox:1.37',
      happens: [/pod template is immutable/, /kubectl apply fails/, /the new version does not run/],
      proceed: [/delete the Job before the apply \(kubectl delete job import -n shop\)/, /its own name/, /Replace=true/],
    });
  });

  test('a Job deleted after it finishes (ttlSecondsAfterFinished): a warning', () => {
    const f = single(ChangeGuard.compare(shop({ jobTtl: true }), shop({ jobTtl: true, jobImage: 'busybox:1.37' })));
    expect(f.rule).toBe(ChangeRule.JOB_TEMPLATE_CHANGED);
    expect(f.severity).toBe(ChangeSeverity.WARNING);
    expect(f.consequence).toMatch(/deleted 86400s after it finishes/);
  });

  test('a Job replaced by Argo CD on sync: a warning', () => {
    const replace = (m: any[]) => edit(m, 'Job', 'import', (j) => {
      j.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Replace=true' };
    });
    const f = single(ChangeGuard.compare(replace(BASE), replace(shop({ jobImage: 'busybox:1.37' }))));
    expect(f.severity).toBe(ChangeSeverity.WARNING);
    expect(f.consequence).toMatch(/replaced on sync/);
  });

  test('a Job\'s completions changed (not indexed): immutable', () => {
    const current = edit(BASE, 'Job', 'import', (j) => {
      j.spec.completions = 3;
    });
    expectFinding(single(compare(current)), {
      rule: ChangeRule.JOB_SPEC_CHANGED,
      kind: 'Job',
      name: 'import',
      field: 'spec.completions',
      after: '3',
      happens: [/immutable/],
      proceed: [/kubectl delete job import -n shop/],
    });
  });
});

describe('Services', () => {
  test('ClusterIP to headless: a Service cannot become headless in place', () => {
    expectFinding(single(compare(shop({ dbExposure: ServiceExposure.headless() }))), {
      rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
      kind: 'Service',
      name: 'mysql',
      field: 'spec.clusterIP',
      before: undefined,
      after: 'None',
      happens: [/immutable/, /cannot become headless in place/],
      proceed: [/delete the Service and apply \(kubectl delete service mysql -n shop/, /a Service under a new name/],
    });
  });

  test('a set clusterIP changed', () => {
    const at = (ip: string) => edit(BASE, 'Service', 'web', (s) => {
      s.spec.clusterIP = ip;
    });
    const f = single(ChangeGuard.compare(at('10.96.0.20'), at('10.96.0.21')));
    expectFinding(f, {
      rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
      kind: 'Service',
      name: 'web',
      before: '10.96.0.20',
      after: '10.96.0.21',
      happens: [/may not change once set/],
      proceed: [/keep 10.96.0.20/],
    });
    // Leaving a set clusterIP out keeps the allocated one: nothing to find.
    expect(ChangeGuard.compare(at('10.96.0.20'), BASE)).toEqual([]);
  });

  test('headless to unset: the Service stays headless (a warning)', () => {
    expectFinding(single(ChangeGuard.compare(shop({ dbExposure: ServiceExposure.headless() }), BASE)), {
      rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
      severity: ChangeSeverity.WARNING,
      kind: 'Service',
      name: 'mysql',
      before: 'None',
      happens: [/keeps clusterIP None/, /stays headless/],
      proceed: [/write clusterIP: None/],
    });
  });

  test('to and from ExternalName: accepted by the API server (it drops or allocates the cluster IP)', () => {
    const external = edit(shop({ dbExposure: ServiceExposure.headless() }), 'Service', 'mysql', (s) => {
      s.spec = { type: 'ExternalName', externalName: 'db.example.com' };
    });
    expect(compare(external)).toEqual([]);
    expect(ChangeGuard.compare(external, BASE)).toEqual([]);
    expect(ChangeGuard.compare(external, shop({ dbExposure: ServiceExposure.headless() }))).toEqual([]);
  });

  test('LoadBalancer to ClusterIP: the external address is released (a warning)', () => {
    expectFinding(single(ChangeGuard.compare(shop({ dbExposure: ServiceExposure.loadBalancer() }), BASE)), {
      rule: ChangeRule.SERVICE_LOAD_BALANCER_RELEASED,
      severity: ChangeSeverity.WARNING,
      kind: 'Service',
      name: 'mysql',
      field: 'spec.type',
      before: 'LoadBalancer',
      after: 'ClusterIP',
      happens: [/external address are released/],
      proceed: [/move DNS records/],
    });
  });

  test('the load balancer class and the primary IP family are immutable', () => {
    const lb = (cls: string | undefined, family: string) => edit(shop({ dbExposure: ServiceExposure.loadBalancer() }), 'Service', 'mysql', (s) => {
      s.spec.loadBalancerClass = cls;
      s.spec.ipFamilies = [family];
    });
    expect(summary(ChangeGuard.compare(lb('example.com/a', 'IPv4'), lb('example.com/b', 'IPv6')))).toEqual([
      'guard/service-ip-family-changed error Service shop/mysql spec.ipFamilies[0]',
      'guard/service-load-balancer-class-changed error Service shop/mysql spec.loadBalancerClass',
    ]);
  });
});

describe('Namespaces', () => {
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

describe('other immutable fields', () => {
  test('the data of an immutable ConfigMap changed, or the ConfigMap made mutable', () => {
    const config = (data: Record<string, string>, immutable = true) => Testing.synth(withChart((chart) => {
      new kplus.ConfigMap(chart, 'Settings', { metadata: { name: 'settings' }, data, immutable });
    }));
    expectFinding(single(ChangeGuard.compare(config({ mode: 'a' }), config({ mode: 'b' }))), {
      rule: ChangeRule.IMMUTABLE_DATA_CHANGED,
      kind: 'ConfigMap',
      name: 'settings',
      field: 'data.mode',
      before: 'a',
      after: 'b',
      happens: [/immutable: true/, /kubectl apply fails/, /the pods keep the old data/],
      proceed: [/a new name \(e.g. with a hash of its data\)/, /kubectl delete configmap settings -n shop/],
    });
    expect(single(ChangeGuard.compare(config({ mode: 'a' }), config({ mode: 'a' }, false))).field).toBe('immutable');
    // A mutable ConfigMap changes freely, and may become immutable.
    expect(ChangeGuard.compare(config({ mode: 'a' }, false), config({ mode: 'b' }, true))).toEqual([]);
  });

  test('a RoleBinding\'s roleRef changed', () => {
    const binding = (role: string) => [{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'deployer', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
      subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'shop' }],
    }];
    expectFinding(single(ChangeGuard.compare(binding('edit'), binding('admin'))), {
      rule: ChangeRule.ROLE_REF_CHANGED,
      kind: 'RoleBinding',
      name: 'deployer',
      field: 'roleRef.name',
      before: 'edit',
      after: 'admin',
      happens: [/cannot change roleRef/],
      proceed: [/under a new name/, /kubectl delete rolebinding deployer -n shop/],
    });
  });
});

describe('acknowledgements', () => {
  test('by the annotation on the new resource, with ChangeGuard.acknowledge', () => {
    const chart = shopChart({ templates: [{ name: 'data', gi: 20 }] });
    const db = chart.node.findChild('Db').node.findChild('Workload');
    ChangeGuard.acknowledge(db, ChangeRule.CLAIM_TEMPLATE_CHANGED, 'claims expanded by hand; StatefulSet re-created with --cascade=orphan');
    const current = Testing.synth(chart);
    const statefulSet = current.find((m) => m.kind === 'StatefulSet');
    expect(statefulSet.metadata.annotations[ChangeGuard.ACKNOWLEDGE_ANNOTATION])
      .toBe('guard/claim-template-changed: claims expanded by hand; StatefulSet re-created with --cascade=orphan');
    const f = single(compare(current));
    expect(f).toMatchObject({ rule: ChangeRule.CLAIM_TEMPLATE_CHANGED, acknowledged: true, failing: false, reason: 'claims expanded by hand; StatefulSet re-created with --cascade=orphan' });
    expect(f.message).toContain('[guard/claim-template-changed, error, acknowledged: claims expanded by hand');
    expect(() => ChangeGuard.assertSafe(BASE, current)).not.toThrow();
  });

  test('several rules in one annotation, one per line; an acknowledgement of another rule does not count', () => {
    const chart = shopChart({ claimName: 'files' });
    const claim = chart.node.findChild('Uploads');
    ChangeGuard.acknowledge(claim, ChangeRule.CLAIM_SHRUNK, 'not this one');
    ChangeGuard.acknowledge(claim, ChangeRule.CLAIM_RENAMED, 'data copied by the files-migration Job');
    const current = Testing.synth(chart);
    expect(current.find((m) => m.kind === 'PersistentVolumeClaim').metadata.annotations[ChangeGuard.ACKNOWLEDGE_ANNOTATION])
      .toBe('guard/claim-shrunk: not this one\nguard/claim-renamed: data copied by the files-migration Job');
    expect(single(compare(current))).toMatchObject({ rule: ChangeRule.CLAIM_RENAMED, acknowledged: true, reason: 'data copied by the files-migration Job' });

    const other = shopChart({ claimName: 'files' });
    ChangeGuard.acknowledge(other.node.findChild('Uploads'), ChangeRule.CLAIM_SHRUNK, 'not this one');
    expect(single(compare(Testing.synth(other)))).toMatchObject({ rule: ChangeRule.CLAIM_RENAMED, acknowledged: false, failing: true });
  });

  test('by options: a removed claim, matched by rule, kind, namespace and name', () => {
    const current = shop({ withClaim: false });
    const reason = 'uploads moved to object storage; data copied';
    expect(single(ChangeGuard.compare(BASE, current, {
      acknowledge: [{ rule: ChangeRule.CLAIM_REMOVED, kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'uploads', reason }],
    }))).toMatchObject({ acknowledged: true, failing: false, reason });
    // Another name: not acknowledged.
    expect(single(ChangeGuard.compare(BASE, current, {
      acknowledge: [{ rule: ChangeRule.CLAIM_REMOVED, name: 'other', reason }],
    }))).toMatchObject({ acknowledged: false, failing: true });
    // Without kind, namespace and name: every finding of the rule.
    const forTheRule = ChangeGuard.compare(BASE, current, { acknowledge: [{ rule: ChangeRule.CLAIM_REMOVED, reason }] });
    expect(single(forTheRule)).toMatchObject({ acknowledged: true });
  });

  test('failOn: WARNING fails on unacknowledged warnings too', () => {
    const baseline = shop({ claimProtected: true });
    const current = shop({ withClaim: false });
    expect(single(ChangeGuard.compare(baseline, current)).failing).toBe(false);
    expect(single(ChangeGuard.compare(baseline, current, { failOn: ChangeSeverity.WARNING })).failing).toBe(true);
    expect(() => ChangeGuard.assertSafe(baseline, current)).not.toThrow();
    expect(() => ChangeGuard.assertSafe(baseline, current, { failOn: ChangeSeverity.WARNING })).toThrow(/1 change would lose data/);
  });

  test('assertSafe lists every failing finding with what happens and how to proceed', () => {
    const current = shop({ claimGi: 10, jobImage: 'busybox:1.37' });
    expect(() => ChangeGuard.assertSafe(BASE, current)).toThrow(/^2 changes would lose data or be refused by the API server:\n\n- v1 PersistentVolumeClaim shop\/uploads: spec.resources.requests.storage 20Gi → 10Gi \[guard\/claim-shrunk, error\]: Kubernetes refuses to shrink a claim/);
    expect(() => ChangeGuard.assertSafe(BASE, current)).toThrow(/To proceed: delete the Job before the apply/);
  });
});

describe('bad input is refused with the house error format', () => {
  function refusal(run: () => unknown): AppflowInputError {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(AppflowInputError);
      return e as AppflowInputError;
    }
    throw new Error('expected a refusal');
  }

  test('an acknowledgement without a reason', () => {
    const e = refusal(() => ChangeGuard.compare(BASE, BASE, { acknowledge: [{ rule: ChangeRule.CLAIM_REMOVED, reason: ' ' }] }));
    expect(e.message).toBe('ChangeGuard: invalid acknowledge[0].reason " ": an acknowledgement needs a reason: why the change is deliberate, and what was done about it. '
      + 'Expected a non-empty reason, e.g. "claims expanded by hand; StatefulSet re-created with --cascade=orphan".');
  });

  test('an unknown rule, an unknown field, a wrong type, a bad failOn', () => {
    expect(refusal(() => ChangeGuard.compare(BASE, BASE, { acknowledge: [{ rule: 'guard/claim-deleted', reason: 'x' }] })).message)
      .toMatch(/^ChangeGuard: invalid acknowledge\[0\].rule "guard\/claim-deleted": it is not a rule of the change guard. Expected one of guard\/claim-removed, /);
    expect(refusal(() => ChangeGuard.compare(BASE, BASE, { acknowledge: [{ rule: ChangeRule.CLAIM_REMOVED, reason: 'x', because: 'y' } as any] })).prop)
      .toBe('acknowledge[0].because');
    expect(refusal(() => ChangeGuard.compare(BASE, BASE, { acknowledge: [{ rule: ChangeRule.CLAIM_REMOVED, name: 3, reason: 'x' } as any] })).prop)
      .toBe('acknowledge[0].name');
    expect(refusal(() => ChangeGuard.compare(BASE, BASE, { failOn: 'fatal' as any })).message)
      .toBe('ChangeGuard: invalid failOn "fatal": it is not a severity. Expected "error" (ChangeSeverity.ERROR, the default) or "warning" (ChangeSeverity.WARNING).');
    expect(refusal(() => ChangeGuard.compare({} as any, BASE)).prop).toBe('baseline');
  });

  test('an annotation without a reason, or with an unknown rule, names the resource', () => {
    const annotate = (value: string) => edit(BASE, 'StatefulSet', 'mysql', (s) => {
      s.metadata.annotations = { [ChangeGuard.ACKNOWLEDGE_ANNOTATION]: value };
    });
    const noReason = refusal(() => ChangeGuard.compare(BASE, annotate('guard/claim-template-changed:')));
    expect(noReason.message).toMatch(/^apps\/v1 StatefulSet shop\/mysql: invalid metadata.annotations\["cdk8s-appflow\/acknowledge-change"\] "guard\/claim-template-changed:": it has no reason after the rule/);
    expect(refusal(() => ChangeGuard.compare(BASE, annotate('guard/everything: yes'))).problem).toBe('"guard/everything" is not a rule of the change guard');
    expect(refusal(() => ChangeGuard.compare(BASE, annotate('just because'))).problem).toBe('it does not name a rule before a colon');
  });

  test('ChangeGuard.acknowledge refuses a missing reason, an unknown rule, and a construct without an object', () => {
    const chart = shopChart();
    const claim = chart.node.findChild('Uploads');
    expect(refusal(() => ChangeGuard.acknowledge(claim, ChangeRule.CLAIM_RENAMED, '')).message)
      .toMatch(/^shop\/Uploads: invalid reason "": an acknowledgement needs a reason/);
    expect(refusal(() => ChangeGuard.acknowledge(claim, 'claim-renamed', 'x')).prop).toBe('rule');
    expect(refusal(() => ChangeGuard.acknowledge(claim, ChangeRule.CLAIM_RENAMED, 'a\nb')).prop).toBe('reason');
    expect(refusal(() => ChangeGuard.acknowledge(chart.node.findChild('Db'), ChangeRule.CLAIM_RENAMED, 'x')).prop).toBe('scope');
    // An ApiObject works as it is.
    ChangeGuard.acknowledge(ApiObject.of(claim), ChangeRule.CLAIM_RENAMED, 'x');
  });
});

function withChart(make: (chart: Chart) => void): Chart {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  make(chart);
  return chart;
}

function mountUploads(chart: Chart): void {
  const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'UploadsRef', 'uploads');
  new kplus.Deployment(chart, 'Files', {
    metadata: { name: 'files' },
    replicas: 1,
    securityContext: { ensureNonRoot: true, user: 1000, group: 1000 },
    containers: [{
      name: 'files',
      image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
      portNumber: 8080,
      resources: { cpu: { request: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(64) } },
      volumeMounts: [{ path: '/srv', volume: kplus.Volume.fromPersistentVolumeClaim(chart, 'UploadsVolume', claim) }],
    }],
  });
}
