import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct, Node } from 'constructs';
import { AppIdentity, AppSynthesis, ContainerImage, StatelessWorkload } from '../../src';
import { armSynthesisCache, cachedDuringSynthesis, oncePerSynthesis, withSynthesisCache } from '../../src/core/synthesis-cache';

const APP = ContainerImage.fromReference('registry.example.com/shop/app:0.3.2');

describe('cachedDuringSynthesis', () => {
  test('makes the value once per synthesis of the chart, and again for the next synthesis', () => {
    const chart = Testing.chart();
    const child = new Construct(chart, 'Child');
    let made = 0;
    const make = () => ++made;
    // Outside a synthesis: nothing is cached.
    expect(cachedDuringSynthesis(child, 'k', make)).toBe(1);
    expect(cachedDuringSynthesis(child, 'k', make)).toBe(2);
    // Inside one: made once, for the chart (another key is another value); nested scopes share the outer cache.
    withSynthesisCache(chart, () => {
      expect(cachedDuringSynthesis(child, 'k', make)).toBe(3);
      expect(cachedDuringSynthesis(chart, 'k', make)).toBe(3);
      expect(cachedDuringSynthesis(child, 'other', make)).toBe(4);
      withSynthesisCache(chart, () => expect(cachedDuringSynthesis(child, 'k', make)).toBe(3));
      expect(cachedDuringSynthesis(child, 'k', make)).toBe(3);
    });
    // The cache ends with the synthesis, also when it throws.
    expect(cachedDuringSynthesis(child, 'k', make)).toBe(5);
    expect(() => withSynthesisCache(chart, () => {
      cachedDuringSynthesis(child, 'k', make);
      throw new Error('synthesis failed');
    })).toThrow('synthesis failed');
    expect(cachedDuringSynthesis(child, 'k', make)).toBe(7);
  });

  test('a cache on the app serves each chart its own values', () => {
    const app = Testing.app();
    const one = new Construct(Testing.chart(), 'NotInApp');
    const a = new Construct(new Chart(app, 'a'), 'X');
    const b = new Construct(new Chart(app, 'b'), 'X');
    let made = 0;
    withSynthesisCache(app, () => {
      expect(cachedDuringSynthesis(a, 'k', () => `a${++made}`)).toBe('a1');
      expect(cachedDuringSynthesis(b, 'k', () => `b${++made}`)).toBe('b2');
      expect(cachedDuringSynthesis(a, 'k', () => `a${++made}`)).toBe('a1');
      // A construct of another app is not cached by this one.
      expect(cachedDuringSynthesis(one, 'k', () => `c${++made}`)).toBe('c3');
      expect(cachedDuringSynthesis(one, 'k', () => `c${++made}`)).toBe('c4');
    });
  });
});

describe('armSynthesisCache', () => {
  test('an armed cache serves the synchronous run, fresh at every arming, and is dropped when the run ends', async () => {
    const app = Testing.app();
    const a = new Construct(new Chart(app, 'a'), 'X');
    const b = new Construct(new Chart(app, 'b'), 'X');
    let made = 0;
    const make = () => ++made;
    armSynthesisCache(a);
    armSynthesisCache(b);
    expect(cachedDuringSynthesis(a, 'k', make)).toBe(1);
    expect(cachedDuringSynthesis(a, 'k', make)).toBe(1);
    expect(cachedDuringSynthesis(b, 'k', make)).toBe(2);
    // The next validation (cdk8s' next pass, or the next synthesis of the same run) arms a fresh cache.
    armSynthesisCache(a);
    expect(cachedDuringSynthesis(a, 'k', make)).toBe(3);
    expect(cachedDuringSynthesis(b, 'k', make)).toBe(2);
    // When the run ends, every chart armed in it is disarmed: nothing is cached outside a synthesis.
    await Promise.resolve();
    expect(cachedDuringSynthesis(a, 'k', make)).toBe(4);
    expect(cachedDuringSynthesis(a, 'k', make)).toBe(5);
    expect(cachedDuringSynthesis(b, 'k', make)).toBe(6);
    // A construct outside any chart is not armed (and nothing throws).
    expect(() => armSynthesisCache(new Construct(undefined as unknown as Construct, 'Root'))).not.toThrow();
  });

  test('app.synth() of a chart per workload arms once per chart and validation pass, and queues one microtask for the run', () => {
    const app = Testing.app();
    const charts = 20;
    try {
      for (let i = 0; i < charts; i++) {
        const chart = new Chart(app, `app-${i}`);
        new StatelessWorkload(chart, 'Web', { identity: new AppIdentity(chart, 'Identity', { name: `app-${i}` }), replicas: 1, container: { image: APP } });
      }
      const queued = jest.spyOn(globalThis, 'queueMicrotask');
      try {
        app.synth();
        // cdk8s validates the whole app once, then again before each chart: each workload is armed charts + 1 times,
        // and the caches are dropped by one microtask at the end of the run, not by one per arming (charts × (charts + 1)).
        expect(queued).toHaveBeenCalledTimes(1);
      } finally {
        queued.mockRestore();
      }
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

describe('oncePerSynthesis', () => {
  test('a validation of the whole app does its work once per app.synth(), not once per chart, and again for a changed app', async () => {
    const app = Testing.app();
    try {
      for (let i = 0; i < 10; i++) {
        new ApiObject(new Chart(app, `app-${i}`), 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `config-${i}` } });
      }
      // A check of every chart's objects, as the cluster prerequisites' check: the work is to synthesize them all.
      let work = 0;
      const checked: number[] = [];
      app.node.addValidation({
        validate: () => oncePerSynthesis(app, 'test-check', String(app.node.findAll().length), () => {
          work++;
          checked.push(app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson()).length);
          return [];
        }),
      });
      app.synth();
      // cdk8s validates the app 11 times (once, then before each of the 10 charts): the work is done once.
      expect(work).toBe(1);
      // Another synthesis in the same run, of a changed app, does it again; so does the next run.
      new ApiObject(new Chart(app, 'app-10'), 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-10' } });
      app.synth();
      expect(work).toBe(2);
      await Promise.resolve();
      app.synth();
      expect(work).toBe(3);
      expect(checked).toEqual([10, 11, 11]);
      // Each key is its own work.
      expect(oncePerSynthesis(app, 'other', 's', () => 'a')).toBe('a');
      expect(oncePerSynthesis(app, 'other', 's', () => 'b')).toBe('a');
      expect(oncePerSynthesis(app, 'test-check', 's', () => 'c')).toBe('c');
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

describe('the config checksum of many workloads', () => {
  function chartWithWorkloads(count: number) {
    const chart = Testing.chart();
    const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'app-config' }, data: { LOG_LEVEL: 'info' } });
    for (let i = 0; i < count; i++) {
      const identity = new AppIdentity(chart, `Identity${i}`, { name: `app-${i}` });
      new StatelessWorkload(chart, `Web${i}`, {
        identity,
        replicas: 1,
        container: { image: APP, env: { LOG_LEVEL: kplus.EnvValue.fromConfigMap(config, 'LOG_LEVEL') } },
      });
    }
    return { chart, config };
  }

  const checksums = (manifests: any[]) => manifests.filter((m) => m.kind === 'Deployment')
    .map((m) => m.spec.template.metadata.annotations['cdk8s-appflow/config-checksum']);

  test('the chart is searched for config once per synthesis, not once per pod', () => {
    const { chart, config } = chartWithWorkloads(30);
    const findAll = jest.spyOn(Node.prototype, 'findAll');
    try {
      const first = checksums(chart.toJson());
      const searches = findAll.mock.contexts.filter((node) => node === chart.node).length;
      expect(first).toHaveLength(30);
      expect(new Set(first).size).toBe(1);
      expect(first[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
      // cdk8s' own toJson searches the chart a few times; the checksums add one search, not thirty.
      expect(searches).toBeLessThanOrEqual(4);

      // The next synthesis sees a change made in between.
      config.addData('LOG_LEVEL_2', 'debug');
      const second = checksums(chart.toJson());
      expect(new Set(second).size).toBe(1);
      expect(second[0]).not.toBe(first[0]);
      // An object synthesized on its own (no synthesis running) finds the config too.
      const deployment = chart.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Deployment')!;
      expect(deployment.toJson().spec.template.metadata.annotations['cdk8s-appflow/config-checksum']).toBe(second[0]);
    } finally {
      findAll.mockRestore();
    }
  });

  test('AppSynthesis.synth gives the same checksums as chart.toJson()', () => {
    const { chart } = chartWithWorkloads(3);
    const expected = checksums(chart.toJson());
    const app = chart.node.root as App;
    AppSynthesis.synth(app);
    const written = fs.readFileSync(path.join(app.outdir, 'test.k8s.yaml'), 'utf8');
    expect(written).toContain(`cdk8s-appflow/config-checksum: ${expected[0]}`);
  });
});
