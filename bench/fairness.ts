/**
 * The fairness check, in one process: variants (a), (b) and (c) of the bench make the same manifests. Used by
 * bench/run.ts before it measures anything, and by test/bench/fairness.test.ts in the normal test suite.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildAppflow } from './apps/appflow';
import { buildHandWritten } from './apps/handwritten';
import { buildLiterals, LiteralApp, literalInputs, literalModuleSource, writeLiterals } from './apps/literals';
import { Layout, ONE_CHART_ID } from './apps/params';
import { compareOutputs, Comparison } from './compare';
import { AppSynthesis } from '../src';

/**
 * Writes the module of variant (c)'s literals (generated from one application of variant (a)) to a file.
 *
 * @returns the file
 */
export function writeLiteralModule(dir: string): string {
  const app = new App({ outdir: path.join(dir, 'template') });
  buildAppflow(app, 1, 'one-chart');
  const chart = app.charts.find((c) => c.node.id === ONE_CHART_ID)!;
  const file = path.join(dir, 'literals.generated.js');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, literalModuleSource(chart.toJson(), literalInputs(0, 'one-chart')));
  return file;
}

/** What {@link checkFairness} compared. */
export interface FairnessResult {
  /** (a), synthesized with AppSynthesis, against (b), synthesized with app.synth(). */
  readonly aVersusB: Comparison;
  /** (a) against (c), the literals. */
  readonly aVersusC: Comparison;
  /** (a) synthesized with AppSynthesis against (a) synthesized with app.synth(). */
  readonly linearVersusAppSynth: Comparison;
}

/**
 * Synthesizes N applications of each variant into `<dir>/<variant>` and compares their manifests.
 */
export function checkFairness(n: number, layout: Layout, dir: string, literalApp: LiteralApp): FairnessResult {
  const out = (name: string) => {
    const d = path.join(dir, `${layout}-${n}-${name}`);
    fs.rmSync(d, { recursive: true, force: true });
    return d;
  };
  const a = new App({ outdir: out('a') });
  buildAppflow(a, n, layout);
  AppSynthesis.synth(a);
  const a2 = new App({ outdir: out('a-app-synth') });
  buildAppflow(a2, n, layout);
  a2.synth();
  const b = new App({ outdir: out('b') });
  buildHandWritten(b, n, layout);
  b.synth();
  const inputs = Array.from({ length: n }, (_, i) => literalInputs(i, layout));
  writeLiterals(out('c'), buildLiterals(literalApp, n, layout, inputs));
  return {
    aVersusB: compareOutputs(a.outdir, b.outdir),
    aVersusC: compareOutputs(a.outdir, path.join(dir, `${layout}-${n}-c`)),
    linearVersusAppSynth: compareOutputs(a.outdir, a2.outdir),
  };
}
