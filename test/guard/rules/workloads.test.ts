/**
 * The rules of the workloads' selectors and of Jobs (src/guard/rules/workloads.ts), through ChangeGuard.compare.
 */
import { ChangeGuard, ChangeRule, ChangeSeverity } from '../../../src';
import { BASE, compare, expectFinding } from '../findings';
import { edit, shop, single } from '../shop';

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

  test('the remedy names the labels that changed the selector: an application\'s `component` is one of them', () => {
    const current = edit(BASE, 'StatefulSet', 'mysql', (w) => {
      w.spec.selector.matchLabels['app.kubernetes.io/component'] = 'database';
      w.spec.template.metadata.labels['app.kubernetes.io/component'] = 'database';
    });
    expect(single(compare(current)).remedy).toMatch(/^keep the selector \(the label app\.kubernetes\.io\/component was added \("database"\)\): AppIdentity selects by its name, instance and component .*a change of an application's name, instance or component \(adding or removing a `component` too\) changes it\. To change it, delete the StatefulSet/);
    const daemonSet = (labels: Record<string, string>) => [{
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'logs' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
    }];
    expect(single(ChangeGuard.compare(daemonSet({ app: 'agent', tier: 'x' }), daemonSet({ app: 'logger' }))).remedy)
      .toMatch(/^keep the selector \(the label app changed from "agent" to "logger"; the label tier was removed \(it was "x"\)\): /);
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

  test('replicas handed to an autoscaler: a warning, as the apply that removes them resets the count to 1', () => {
    const current = edit(BASE, 'Deployment', 'web', (d) => {
      delete d.spec.replicas;
    });
    const f = single(compare(current));
    expect(f).toMatchObject({ rule: ChangeRule.REPLICAS_REMOVED, severity: ChangeSeverity.WARNING, kind: 'Deployment', name: 'web', field: 'spec.replicas', failing: false });
    expect(f.consequence).toBe('a client-side kubectl apply (and Argo CD\'s) removes spec.replicas, which the last apply set: the API server defaults it to 1, '
      + 'so the Deployment drops from 2 pods to 1 until its autoscaler scales it back up');
    expect(f.remedy).toMatch(/^before this apply, remove replicas from the last applied configuration \(kubectl apply edit-last-applied deployment\/web -n shop, /);
    // Set again, changed, or never set: nothing.
    expect(compare(edit(BASE, 'Deployment', 'web', (d) => {
      d.spec.replicas = 5;
    }))).toEqual([]);
    const unset = edit(BASE, 'Deployment', 'web', (d) => {
      delete d.spec.replicas;
    });
    expect(ChangeGuard.compare(unset, unset)).toEqual([]);
  });

  test('a Deployment replaced by new ones whose pods its selector selects (a rename, release tracks): a warning, the prune deletes the old pods first', () => {
    const web = BASE.find((m: any) => m.kind === 'Deployment' && m.metadata.name === 'web');
    const track = (name: string, value: string) => {
      const d = JSON.parse(JSON.stringify(web));
      d.metadata.name = name;
      d.spec.selector.matchLabels['cdk8s-appflow/track'] = value;
      d.spec.template.metadata.labels['cdk8s-appflow/track'] = value;
      return d;
    };
    const current = [...BASE.filter((m: any) => m !== web), track('web-stable', 'stable'), track('web-canary', 'canary')];
    const f = single(compare(current));
    expect(f).toMatchObject({ rule: ChangeRule.DEPLOYMENT_REPLACED, severity: ChangeSeverity.WARNING, kind: 'Deployment', name: 'web', failing: false });
    expect(f.consequence).toBe('the Deployment shop/web is gone and shop/web-stable and shop/web-canary, whose pods its selector selects, are new: a prune '
      + 'deletes the old pods while the new ones start, so the Services in front of them have fewer ready pods (none, with one replica) until the new ones are ready');
    expect(f.remedy).toMatch(/^remove the old Deployment only once the new pods are ready: Argo CD sync option PruneLast=true/);
    // Removed with nothing in its place, or replaced by a Deployment of other pods: no such warning.
    expect(compare(BASE.filter((m: any) => m !== web))).toEqual([]);
    const other = track('admin', 'x');
    other.spec.template.metadata.labels['app.kubernetes.io/name'] = 'admin';
    other.spec.selector.matchLabels['app.kubernetes.io/name'] = 'admin';
    expect(compare([...BASE.filter((m: any) => m !== web), other])).toEqual([]);
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
