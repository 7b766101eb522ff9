/**
 * The YAML writer's own measure: the library's writer (src/synth/yaml-writer.ts, compiled in lib/) against cdk8s'
 * `Yaml.stringify`, on the bench's objects — the manifests of N web applications of variant (a), in one chart (one
 * file of 8·N documents) and in one chart per application (N files of 8 documents) — with `JSON.stringify` of the
 * same documents for scale. Part of `npm run bench` (and `npm run bench -- --writer-only`), or alone:
 *
 *   npx tsx --tsconfig tsconfig.dev.json bench/yaml-writer.ts [--runs 5] [--n 1000]
 *
 * Each run is a fresh process that builds the app, synthesizes each chart to JSON, then writes the YAML text of
 * every chart with both writers (which goes first alternates from run to run) and checks that the texts are the same,
 * byte for byte. Times are of the text only, in memory: no file is written.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type * as Cdk8sModule from 'cdk8s';
import type * as AppflowModule from './apps/appflow';
import { Layout, LAYOUTS } from './apps/params';
import type * as YamlWriterModule from '../src/synth/yaml-writer';

const REPO = path.resolve(__dirname, '..');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const COMPILED = path.join(REPO, 'lib', 'src');

/** What one run measured, in milliseconds. */
export interface WriterRun {
  readonly layout: Layout;
  readonly n: number;
  readonly documents: number;
  readonly bytes: number;
  /** cdk8s' `Yaml.stringify` on every chart's documents: wall time, and CPU time (every thread of the process). */
  readonly cdk8sMs: number;
  readonly cdk8sCpuMs: number;
  /** The library's `manifestsToYaml` on the same documents. */
  readonly appflowMs: number;
  readonly appflowCpuMs: number;
  /** `JSON.stringify` of the same documents, for scale. */
  readonly jsonMs: number;
  readonly appflowFirst: boolean;
}

/** A run, in this process: the child side. */
function child(n: number, layout: Layout, appflowFirst: boolean): WriterRun {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const cdk8s = require('cdk8s') as typeof Cdk8sModule;
  const { buildAppflow } = require('./apps/appflow') as typeof AppflowModule;
  const library = require(COMPILED);
  const { manifestsToYaml } = require(path.join(COMPILED, 'synth', 'yaml-writer')) as typeof YamlWriterModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const app = new cdk8s.App();
  buildAppflow(app, n, layout, { library });
  const charts = app.charts.map((chart) => chart.toJson());
  const time = (write: (docs: any[]) => string): { ms: number; cpuMs: number; texts: string[] } => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const texts = charts.map(write);
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, texts };
  };
  const cdk8sWrite = (docs: any[]) => cdk8s.Yaml.stringify(...docs);
  const [first, second] = appflowFirst ? [time(manifestsToYaml), time(cdk8sWrite)] : [time(cdk8sWrite), time(manifestsToYaml)];
  const [ours, theirs] = appflowFirst ? [first, second] : [second, first];
  const json = time((docs) => JSON.stringify(docs));
  const differs = theirs.texts.findIndex((text, i) => text !== ours.texts[i]);
  if (differs !== -1) {
    throw new Error(`bench/yaml-writer.ts: the writers differ on chart ${app.charts[differs].node.id}`);
  }
  return {
    layout,
    n,
    documents: charts.reduce((sum, docs) => sum + docs.length, 0),
    bytes: theirs.texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    cdk8sMs: theirs.ms,
    cdk8sCpuMs: theirs.cpuMs,
    appflowMs: ours.ms,
    appflowCpuMs: ours.cpuMs,
    jsonMs: json.ms,
    appflowFirst,
  };
}

/** Runs the measure in fresh processes, interleaving the layouts. */
export function measureWriter(n: number, runs: number, log: (line: string) => void = () => undefined): WriterRun[] {
  const results: WriterRun[] = [];
  for (let r = 0; r < runs; r++) {
    for (const layout of LAYOUTS) {
      const p = spawnSync(TSX, ['--tsconfig', path.join(REPO, 'tsconfig.dev.json'), __filename, '--child', '--n', String(n), '--layout', layout,
        '--first', r % 2 === 0 ? 'appflow' : 'cdk8s'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (p.status !== 0) {
        throw new Error(`bench/yaml-writer.ts: run ${r + 1} (${layout}) failed: ${p.stderr.trim().split('\n').slice(-5).join(' | ')}`);
      }
      const run = JSON.parse(p.stdout) as WriterRun;
      results.push(run);
      log(`  writer ${layout} run ${r + 1}/${runs}: cdk8s ${run.cdk8sMs.toFixed(0)} ms (CPU ${run.cdk8sCpuMs.toFixed(0)}), appflow ${run.appflowMs.toFixed(0)} ms `
        + `(CPU ${run.appflowCpuMs.toFixed(0)}), ${(run.cdk8sMs / run.appflowMs).toFixed(2)}× (CPU ${(run.cdk8sCpuMs / run.appflowCpuMs).toFixed(2)}×), `
        + `JSON.stringify ${run.jsonMs.toFixed(0)} ms`);
    }
  }
  return results;
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The report of the measure: a table per layout, and the target (at least 3× faster), with the spread over the runs. */
export function writerReport(results: WriterRun[]): string[] {
  const lines = [
    '| N | layout | documents | YAML (MiB) | runs | cdk8s `Yaml.stringify` (ms) | its CPU (ms) | cdk8s-appflow `manifestsToYaml` (ms) | its CPU (ms) '
    + '| `JSON.stringify` (ms) | speed-up, wall time | speed-up, CPU time |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  const verdicts: string[] = [];
  const x = (v: number) => `${v.toFixed(2)}×`;
  const spread = (values: number[]) => `${x(median(values))} (${x(Math.min(...values))}–${x(Math.max(...values))})`;
  for (const layout of LAYOUTS) {
    const runs = results.filter((r) => r.layout === layout);
    if (runs.length === 0) {
      continue;
    }
    const wall = runs.map((r) => r.cdk8sMs / r.appflowMs);
    const cpu = runs.map((r) => r.cdk8sCpuMs / r.appflowCpuMs);
    const med = (f: (r: WriterRun) => number) => median(runs.map(f)).toFixed(0);
    lines.push(`| ${runs[0].n.toLocaleString('en-US')} | ${layout} | ${runs[0].documents.toLocaleString('en-US')} | ${(runs[0].bytes / 2 ** 20).toFixed(1)} `
      + `| ${runs.length} | ${med((r) => r.cdk8sMs)} | ${med((r) => r.cdk8sCpuMs)} | ${med((r) => r.appflowMs)} | ${med((r) => r.appflowCpuMs)} `
      + `| ${med((r) => r.jsonMs)} | ${spread(wall)} | ${spread(cpu)} |`);
    const all = [...wall, ...cpu];
    const medians = [median(wall), median(cpu)];
    const verdict = all.every((v) => v >= 3) ? 'MET in every run'
      : medians.every((v) => v >= 3) ? 'MET by the medians, within the noise (not in every run)'
        : all.some((v) => v >= 3) ? 'NOT MET by the medians, within the noise (met in some runs)' : 'NOT MET';
    verdicts.push(`- YAML writing at least 3× faster than cdk8s' writer, ${layout}: wall time ${spread(wall)}, CPU time ${spread(cpu)}, `
      + `the same bytes in every run: ${verdict}`);
  }
  return [...lines, '', 'The speed-ups are medians, with the lowest and highest of the runs in parentheses.', '', ...verdicts];
}

function main(): void {
  const option = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const n = Number(option('n') ?? 1000);
  if (process.argv.includes('--child')) {
    const layout = option('layout') as Layout;
    process.stdout.write(JSON.stringify(child(n, layout, option('first') === 'appflow')));
    return;
  }
  const runs = Number(option('runs') ?? 5);
  process.stdout.write(`${writerReport(measureWriter(n, runs, (line) => process.stderr.write(`${line}\n`))).join('\n')}\n`);
}

if (require.main === module) {
  main();
}
