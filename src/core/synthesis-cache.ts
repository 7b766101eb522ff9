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
 * both, nothing is cached. A validation whose work looks at the whole app does it once per synthesis, however many
 * times cdk8s validates the app (`oncePerSynthesis`).
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
 * What the current synchronous run armed or cached, which one microtask drops when the run ends (undefined when
 * nothing is). One microtask per run, not one per validation: `app.synth()` validates the whole app once per chart,
 * so an app of N charts with a workload each arms N² times, and a microtask per arm would keep N² closures (each with
 * its cache) alive until the run ends.
 */
interface SynthesisRun {
  /** The charts whose cache a validation armed. */
  readonly armed: Set<Chart>;
  /** The roots whose validations cached their work (`oncePerSynthesis`). */
  readonly roots: Set<IConstruct>;
}

let currentRun: SynthesisRun | undefined;

/** The current synchronous run, begun (with the microtask that ends it) by the first construct that needs it. */
function synthesisRun(): SynthesisRun {
  if (!currentRun) {
    const run: SynthesisRun = { armed: new Set(), roots: new Set() };
    currentRun = run;
    queueMicrotask(() => {
      for (const chart of run.armed) {
        ARMED.delete(chart);
      }
      for (const root of run.roots) {
        DONE.delete(root);
      }
      if (currentRun === run) {
        currentRun = undefined;
      }
    });
  }
  return currentRun;
}

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
  ARMED.set(chart, new Map());
  synthesisRun().armed.add(chart);
}

/** The work of validations done in the current run, by root and key, with the state of the app it was done for. */
const DONE = new WeakMap<IConstruct, Map<string, { readonly state: string; readonly value: unknown }>>();

/**
 * The result of a validation's work, done once for the synthesis that is running however many times cdk8s validates
 * the app: `app.synth()` validates the whole app once, then once more before each chart, so the work of a validation
 * that looks at every chart would be done N + 1 times for N charts (N² in all). The result is kept, under `key`, for
 * the construct's root until the synchronous run ends, and made again when `state` changes: a new synthesis in the
 * same run after a change of the app (a test that synthesizes, adds an object and synthesizes again) must give a
 * state of its own, e.g. the number of constructs in the app, which the work usually counts anyway.
 *
 * @param state what the work depends on, cheap to tell: the result is made again when it differs from the last one
 */
export function oncePerSynthesis<T>(scope: IConstruct, key: string, state: string, make: () => T): T {
  const root = scope.node.root;
  let done = DONE.get(root);
  if (!done) {
    done = new Map();
    DONE.set(root, done);
    synthesisRun().roots.add(root);
  }
  const last = done.get(key);
  if (last && last.state === state) {
    return last.value as T;
  }
  const value = make();
  done.set(key, { state, value });
  return value;
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
