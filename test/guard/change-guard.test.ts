import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { BASE, compare } from './findings';
import { edit, shop, shopChart, single, summary } from './shop';
import { ChangeGuard, ChangeRule, ChangeSeverity, PersistentClaim } from '../../src';
import { AppflowInputError } from '../../src/core/errors';

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
