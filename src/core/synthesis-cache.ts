import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/*
 * A cache that lives while a chart or an app is synthesized (internal). Some values of an object depend on the other
 * objects of its chart (the checksum of the ConfigMaps and Secrets a pod uses): looking them up once per object
 * would walk the whole chart once per object, quadratic in the size of the chart. While a synthesis runs the tree
 * does not change, so an index made once can serve every object; outside one (an object's `toJson()` called on its
 * own) nothing is cached.
 */

const CACHE = Symbol.for('cdk8s-appflow.SynthesisCache');

type Holder = { [CACHE]?: Map<Chart, Map<string, unknown>> };

/** Runs `fn` with a synthesis cache on the chart or app (nested calls share the outer one). */
export function withSynthesisCache<T>(scope: Chart | App, fn: () => T): T {
  const holder = scope as unknown as Holder;
  if (holder[CACHE]) {
    return fn();
  }
  Object.defineProperty(holder, CACHE, { value: new Map(), configurable: true, enumerable: false, writable: true });
  try {
    return fn();
  } finally {
    delete holder[CACHE];
  }
}

/**
 * The value cached under `key` for the synthesis running over the construct's chart (or app), made by `make` the
 * first time; `make()` itself when no synthesis runs.
 */
export function cachedDuringSynthesis<T>(scope: IConstruct, key: string, make: () => T): T {
  let chart: Chart | undefined;
  try {
    chart = Chart.of(scope);
  } catch {
    chart = undefined;
  }
  const holders = [chart, chart ? chartApp(chart) : undefined] as unknown as Array<Holder | undefined>;
  const cache = holders.find((h) => h?.[CACHE] !== undefined)?.[CACHE];
  if (!cache || !chart) {
    return make();
  }
  let values = cache.get(chart);
  if (!values) {
    values = new Map();
    cache.set(chart, values);
  }
  if (!values.has(key)) {
    values.set(key, make());
  }
  return values.get(key) as T;
}

function chartApp(chart: Chart): App | undefined {
  const root = chart.node.root;
  return root instanceof App ? root : undefined;
}
