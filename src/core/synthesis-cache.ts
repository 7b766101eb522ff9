import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/*
 * A cache that lives while a chart or an app is synthesized (internal). Some values of an object depend on the other
 * objects of its chart (the checksum of the ConfigMaps and Secrets a pod uses): looking them up once per object
 * would walk the whole chart once per object, quadratic in the size of the chart. While a synthesis runs the tree
 * does not change, so an index made once can serve every object. A synthesis is either `AppSynthesis`
 * (`withSynthesisCache`), or one that cdk8s runs (`app.synth()`, `chart.toJson()`, `Testing.synth()`): cdk8s
 * validates the whole app right before it resolves any object, and a construct that needs the cache arms it from
 * a validation (`armSynthesisCache`): a fresh cache, dropped when the synchronous run that synthesizes ends. Outside
 * both, nothing is cached.
 */

/** The cache of each chart or app while it is synthesized, kept beside it (never on it): values by chart and key. */
const CACHES = new WeakMap<Chart | App, Map<Chart, Map<string, unknown>>>();

/** Runs `fn` with a synthesis cache for the chart or app (nested calls share the outer one). */
export function withSynthesisCache<T>(scope: Chart | App, fn: () => T): T {
  if (CACHES.has(scope)) {
    return fn();
  }
  CACHES.set(scope, new Map());
  try {
    return fn();
  } finally {
    CACHES.delete(scope);
  }
}

/** The caches armed by a validation, by chart: fresh at every validation, dropped when the synchronous run ends. */
const ARMED = new WeakMap<Chart, Map<string, unknown>>();

/**
 * Arms a fresh cache for the construct's chart, for the synthesis that cdk8s is about to run (call it from a
 * validation: cdk8s validates the app right before it resolves its objects). Synthesis is synchronous: the cache is
 * dropped at the end of the current run, so a change made after it is seen by the next synthesis.
 */
export function armSynthesisCache(scope: IConstruct): void {
  let chart: Chart;
  try {
    chart = Chart.of(scope);
  } catch {
    return;
  }
  const cache = new Map<string, unknown>();
  ARMED.set(chart, cache);
  queueMicrotask(() => {
    if (ARMED.get(chart) === cache) {
      ARMED.delete(chart);
    }
  });
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
  if (!chart) {
    return make();
  }
  const app = chartApp(chart);
  const cache = CACHES.get(chart) ?? (app ? CACHES.get(app) : undefined);
  let values = cache?.get(chart) ?? ARMED.get(chart);
  if (!values) {
    if (!cache) {
      return make();
    }
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
