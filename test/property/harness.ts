/**
 * The harness of the property tests of bad input (see docs/testing.md, "Property tests of bad input").
 *
 * A property builds constructs from generated props (valid and hostile values mixed) and synthesizes the chart
 * (`Testing.synth`, which runs the strict validator: test/setup/strict-validation.ts). It accepts exactly two
 * outcomes:
 *
 * - **synthesized**: the output passed the strict validator; every pod meets the Pod Security profile it
 *   claims, but for the rules it relaxed on purpose; and synth wrote nothing but the chart's topology picture and
 *   the published URL files, inside the output directory;
 * - **refused**: an `AppflowInputError` whose `prop` and `accepted` are non-empty and whose message names the
 *   construct path (a construct of the chart) and says what is "Expected".
 *
 * Anything else (a TypeError, an error of cdk8s or cdk8s-plus-34, a validator error, which means invalid YAML
 * reached the output) fails the property, and fast-check shrinks the input to a minimal counterexample.
 *
 * Runs: a fixed seed and a small number of runs per property in CI; `APPFLOW_PROPERTY_RUNS=2000` (and optionally
 * `APPFLOW_PROPERTY_SEED=<n>`, or `random`) for a larger run on demand.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, ChartProps, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { PodSecurity, SecurityProfile, SecurityRelaxation } from '../../src';
import { AppflowInputError } from '../../src/core/errors';
import { RELAXED_RULES } from '../support/relaxed-rules';

/** The seed of every property in CI; `APPFLOW_PROPERTY_SEED` sets another (`random`: a new one each run). */
export const PROPERTY_SEED: number | undefined = seedFromEnv(process.env.APPFLOW_PROPERTY_SEED);

function seedFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return 0x5afe7;
  }
  if (value === 'random') {
    return undefined;
  }
  const seed = Number(value);
  if (!Number.isInteger(seed)) {
    throw new Error(`APPFLOW_PROPERTY_SEED must be an integer or "random", not ${JSON.stringify(value)}`);
  }
  return seed;
}

/** The runs of every property when `APPFLOW_PROPERTY_RUNS` is set (a larger run on demand). */
const RUNS_FROM_ENV = runsFromEnv(process.env.APPFLOW_PROPERTY_RUNS);

function runsFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`APPFLOW_PROPERTY_RUNS must be a whole number of runs, not ${JSON.stringify(value)}`);
  }
  return runs;
}

/**
 * The fast-check parameters of a property: the fixed seed, and `ciRuns` runs unless `APPFLOW_PROPERTY_RUNS`
 * asks for more (or fewer).
 */
export function propertyParameters<T>(ciRuns: number): fc.Parameters<T> {
  return { seed: PROPERTY_SEED, numRuns: RUNS_FROM_ENV ?? ciRuns };
}

/** A jest timeout for a property test that scales with the number of runs on demand. */
export function propertyTimeout(ciRuns: number): number {
  const runs = RUNS_FROM_ENV ?? ciRuns;
  return Math.max(120_000, runs * 1_000);
}

/** What a property accepts. */
export type Outcome =
  | { readonly kind: 'synthesized'; readonly manifests: any[]; readonly files: string[] }
  | { readonly kind: 'refused'; readonly error: AppflowInputError };

/** What a property needs to build its constructs. */
export interface BuildContext {
  readonly app: App;
  readonly chart: Chart;
}

/** Options of {@link synthOrRefuse}. */
export interface SynthOptions {
  /** Props of the chart (its namespace). */
  readonly chartProps?: ChartProps;
  /** Called on the App before the chart is made (e.g. to set platform defaults). */
  readonly beforeChart?: (app: App) => void;
  /** Extra checks of a synthesized output (e.g. PromQL). Throws to fail the property. */
  readonly checkOutput?: (manifests: any[], context: BuildContext) => void;
}

/** The id of the chart of every property: construct paths in errors start with it. */
export const CHART_ID = 'prop';

/**
 * Builds the constructs of one generated input in a fresh App and chart, synthesizes the chart, and returns the
 * outcome; throws (failing the property) when the outcome is neither of the two accepted ones.
 */
export function synthOrRefuse(build: (context: BuildContext) => void, options: SynthOptions = {}): Outcome {
  // Synth writes the topology picture and the published URLs into the app's outdir: one folder per run, two
  // levels below the run's own folder, so that a file name that climbs out ("../../x") is caught and contained.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-property-'));
  const outdir = path.join(runDir, 'out', 'dist');
  try {
    let context: BuildContext | undefined;
    let manifests: any[];
    try {
      const app = Testing.app({ outdir });
      options.beforeChart?.(app);
      const chart = new Chart(app, CHART_ID, options.chartProps);
      context = { app, chart };
      build(context);
      manifests = Testing.synth(chart);
    } catch (error) {
      return { kind: 'refused', error: checkRefusal(error) };
    }
    checkPodSecurity(manifests);
    const files = checkWrittenFiles(runDir, outdir);
    options.checkOutput?.(manifests, context);
    return { kind: 'synthesized', manifests, files };
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** A failure of the property that is not an input error, named as what it is. */
export class UnexpectedOutcome extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedOutcome';
  }
}

/**
 * Returns the error when it is a house input error of the promised shape; throws an {@link UnexpectedOutcome}
 * that says what it is otherwise.
 */
export function checkRefusal(error: unknown): AppflowInputError {
  if (!(error instanceof AppflowInputError)) {
    const e = error as Error | undefined;
    const name = e?.constructor?.name ?? typeof error;
    const message = String(e?.message ?? error);
    const what = /^\d+ problems? in the manifests/.test(message)
      ? 'INVALID OUTPUT: the strict validator refused the synthesized manifests'
      : `not an AppflowInputError but a ${name}`;
    const stack = (e?.stack ?? '').split('\n').slice(1, 6).join('\n');
    throw new UnexpectedOutcome(`${what}:\n${message}\n${stack}`);
  }
  const problems: string[] = [];
  if (typeof error.prop !== 'string' || error.prop.trim() === '') {
    problems.push('its prop is empty');
  }
  if (typeof error.accepted !== 'string' || error.accepted.trim() === '') {
    problems.push('it says nothing of what would be accepted');
  }
  // The App ("<root>"), or a construct of a chart of the app ("prop", or another chart "prop-<name>").
  if (error.constructPath !== '<root>' && !new RegExp(`^${CHART_ID}(-[a-z]+)?(/|$)`).test(error.constructPath)) {
    problems.push(`its construct path ${JSON.stringify(error.constructPath)} is not a construct of the app`);
  }
  if (!error.message.startsWith(`${error.constructPath}: invalid ${error.prop} `)) {
    problems.push('its message does not start with the construct path and the prop');
  }
  if (!error.message.includes('. Expected ')) {
    problems.push('its message does not say what is "Expected"');
  }
  if (problems.length > 0) {
    throw new UnexpectedOutcome(`an AppflowInputError without what every refusal gives (${problems.join('; ')}):\n${error.message}`);
  }
  return error;
}


const POD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

function podTemplateMetadata(manifest: any): any {
  switch (manifest.kind) {
    case 'Pod': return manifest.metadata;
    case 'CronJob': return manifest.spec?.jobTemplate?.spec?.template?.metadata;
    default: return manifest.spec?.template?.metadata;
  }
}

/**
 * Every pod meets the profile it claims (its `cdk8s-appflow/security-profile` annotation, restricted when it has
 * none), but for the rules of the relaxations it names: a restricted pod that relaxes nothing has no problem.
 */
export function checkPodSecurity(manifests: any[]): void {
  const unexpected: string[] = [];
  for (const manifest of manifests.filter((m) => POD_KINDS.has(m?.kind))) {
    const annotations = podTemplateMetadata(manifest)?.annotations ?? {};
    const profile = (annotations['cdk8s-appflow/security-profile'] ?? SecurityProfile.RESTRICTED) as SecurityProfile;
    if (profile === SecurityProfile.PRIVILEGED) {
      continue;
    }
    const relaxed = String(annotations['cdk8s-appflow/security-relaxations'] ?? '').split(',').filter((r) => r !== '');
    const allowed = new Set(relaxed.flatMap((r) => RELAXED_RULES[r as SecurityRelaxation] ?? []));
    for (const problem of PodSecurity.problemsOf(manifest, profile)) {
      if (!allowed.has(problem.rule)) {
        unexpected.push(`${problem.resource} (${profile}${relaxed.length > 0 ? `, relaxing ${relaxed.join(',')}` : ''}): ${problem.rule} at ${problem.path}: ${problem.message}`);
      }
    }
  }
  if (unexpected.length > 0) {
    throw new UnexpectedOutcome(`INSECURE OUTPUT: pods break the profile they claim:\n  ${unexpected.join('\n  ')}`);
  }
}

/** What synth may write into the output folder when a test synthesizes a chart. */
const WRITTEN = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?\.topology\.md|urls\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?\.txt)$/;

/**
 * Synth wrote nothing outside the output folder, and inside it only the chart's topology picture and published
 * URL files with DNS names; returns the files written (relative to the output folder).
 */
export function checkWrittenFiles(runDir: string, outdir: string): string[] {
  const all = listFiles(runDir).map((f) => path.relative(runDir, f).split(path.sep).join('/'));
  const prefix = `${path.relative(runDir, outdir).split(path.sep).join('/')}/`;
  const outside = all.filter((f) => !f.startsWith(prefix));
  const inside = all.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  const unexpected = inside.filter((f) => !WRITTEN.test(f));
  if (outside.length > 0 || unexpected.length > 0) {
    throw new UnexpectedOutcome([
      'UNEXPECTED FILES: synth wrote files other than the topology picture and the published URLs:',
      ...outside.map((f) => `  outside the output folder: ${JSON.stringify(f)}`),
      ...unexpected.map((f) => `  in the output folder: ${JSON.stringify(f)}`),
    ].join('\n'));
  }
  return inside.sort();
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** How many runs of a property ended in each outcome. */
export interface OutcomeCounts {
  synthesized: number;
  refused: number;
  /** The props named by the refusals, with how often. */
  readonly refusedProps: Map<string, number>;
}

/**
 * Runs a property of `synthOrRefuse` over the generated inputs, with the CI seed and runs; returns how many runs
 * ended in each outcome (for a check that the arbitraries reach both).
 */
export function assertOutcomes<T>(arbitrary: fc.Arbitrary<T>, ciRuns: number, run: (input: T) => Outcome): OutcomeCounts {
  const counts: OutcomeCounts = { synthesized: 0, refused: 0, refusedProps: new Map() };
  const examples = new Map<string, string>();
  fc.assert(fc.property(arbitrary, (input) => {
    const outcome = run(input);
    if (outcome.kind === 'synthesized') {
      counts.synthesized++;
    } else {
      counts.refused++;
      counts.refusedProps.set(outcome.error.prop, (counts.refusedProps.get(outcome.error.prop) ?? 0) + 1);
      if (!examples.has(outcome.error.prop)) {
        examples.set(outcome.error.prop, outcome.error.message);
      }
    }
  }), propertyParameters<[T]>(ciRuns));
  if (process.env.APPFLOW_PROPERTY_STATS) {
    const props = [...counts.refusedProps.entries()].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${n} ${p}: ${examples.get(p)!.slice(0, 240)}`);
    // eslint-disable-next-line no-console
    console.log(`${expect.getState().currentTestName}: ${counts.synthesized} synthesized, ${counts.refused} refused:\n  ${props.join('\n  ')}`);
  }
  return counts;
}
