/*
 * The dependency order of core/chart-objects.ts against cdk8s' own DependencyGraph, on generated trees of charts,
 * objects and plain constructs with dependencies between them (fast-check, fixed seed): the order in which
 * AppSynthesis writes the charts and each chart's objects must stay the order of app.synth().
 */
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as fc from 'fast-check';
import { chartObjects, chartsInOrder, dependencyOrder } from '../../src/core/chart-objects';
import { propertyParameters, propertyTimeout } from '../property/harness';

type Kind = 'chart' | 'object' | 'construct';

interface Tree {
  /** Each construct: its parent (an earlier construct, or -1 for the app), its kind and its id. */
  readonly nodes: ReadonlyArray<{ readonly parent: number; readonly kind: Kind; readonly id: string }>;
  /** Dependencies, from a construct to another, kept acyclic by a rank. */
  readonly dependencies: ReadonlyArray<readonly [number, number]>;
  readonly rank: readonly number[];
}

const IDS = ['0', '1', '7', '10', '2024', '01', 'a', 'b', 'web', 'db'];

const trees: fc.Arbitrary<Tree> = fc.integer({ min: 1, max: 24 }).chain((n) => fc.record({
  nodes: fc.tuple(...Array.from({ length: n }, (_, i) => fc.record({
    parent: fc.integer({ min: -1, max: i - 1 }),
    kind: fc.constantFrom<Kind>('chart', 'object', 'construct'),
    id: fc.constantFrom(...IDS),
  }))),
  dependencies: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 * n }),
  rank: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
}));

/** The app of a tree: a construct whose id its parent has already is left out, as is an object outside every chart. */
function appOf(tree: Tree): { app: App; made: Array<IConstruct | undefined> } {
  const app = new App();
  const made: Array<IConstruct | undefined> = [];
  tree.nodes.forEach(({ parent, kind, id }) => {
    const scope = parent === -1 ? app : made[parent];
    if (scope === undefined || scope.node.tryFindChild(id) !== undefined) {
      made.push(undefined);
    } else if (kind === 'chart') {
      made.push(new Chart(scope, id));
    } else if (kind === 'object' && scope.node.scopes.some((s) => s instanceof Chart)) {
      made.push(new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap' }));
    } else {
      made.push(new Construct(scope, id));
    }
  });
  for (const [from, to] of tree.dependencies) {
    const source = made[from];
    const target = made[to];
    if (source !== undefined && target !== undefined && tree.rank[from] > tree.rank[to]) {
      source.node.addDependency(target);
    }
  }
  return { app, made };
}

const paths = (constructs: readonly IConstruct[]) => constructs.map((c) => c.node.path || '<app>');

describe('the dependency order', () => {
  test('is cdk8s\' DependencyGraph order, for the app and for each chart, on generated trees', () => {
    fc.assert(fc.property(trees, (tree) => {
      const { app } = appOf(tree);
      expect(paths(dependencyOrder(app))).toEqual(paths(new DependencyGraph(app.node).topology()));
      expect(paths(chartsInOrder(app))).toEqual(paths(app.charts));
      for (const chart of app.charts) {
        expect(paths(dependencyOrder(chart))).toEqual(paths(new DependencyGraph(chart.node).topology()));
        expect(paths(chartObjects(chart))).toEqual(paths(new DependencyGraph(chart.node).topology()
          .filter((c) => c instanceof ApiObject && Chart.of(c) === chart)));
      }
    }), propertyParameters(300));
  }, propertyTimeout(300));

  test('puts charts whose path is an array index first, as cdk8s does', () => {
    const app = new App();
    for (const id of ['web', '2024', 'db', '7', '01']) {
      new Chart(app, id);
    }
    expect(paths(chartsInOrder(app))).toEqual(['7', '2024', 'web', 'db', '01']);
    expect(paths(chartsInOrder(app))).toEqual(paths(app.charts));
  });

  test('puts each object after the objects it depends on, and ignores dependencies outside the scope', () => {
    const app = new App();
    const chart = new Chart(app, 'shop');
    const other = new Chart(app, 'other');
    const outside = new ApiObject(other, 'outside', { apiVersion: 'v1', kind: 'ConfigMap' });
    const a = new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap' });
    const b = new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap' });
    const c = new ApiObject(chart, 'c', { apiVersion: 'v1', kind: 'ConfigMap' });
    a.node.addDependency(c);
    a.node.addDependency(outside);
    b.node.addDependency(c);
    expect(chartObjects(chart).map((o) => o.node.id)).toEqual(['c', 'a', 'b']);
  });

  test('fails on a dependency cycle with cdk8s\' own error', () => {
    const app = new App();
    const chart = new Chart(app, 'shop');
    const a = new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap' });
    const b = new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap' });
    a.node.addDependency(b);
    b.node.addDependency(a);
    const expected = (() => {
      try {
        new DependencyGraph(chart.node);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('cdk8s found no cycle');
    })();
    expect(expected).toMatch(/^Dependency cycle detected: shop\/(a|b) => /);
    expect(() => chartObjects(chart)).toThrow(expected);
    expect(() => chartsInOrder(app)).toThrow(expected);
  });

  test('fails on a cycle that a construct reaches too', () => {
    const app = new App();
    const chart = new Chart(app, 'shop');
    const [a, b, c] = ['a', 'b', 'c'].map((id) => new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap' }));
    c.node.addDependency(a);
    a.node.addDependency(b);
    b.node.addDependency(a);
    expect(() => chartObjects(chart)).toThrow(/^Dependency cycle detected: /);
  });
});
