/**
 * One measured run of the bench: one variant, N applications, one layout, one synthesis path. Run by bench/run.ts
 * as the app command of `cdk8s synth` (so the files go to CDK8S_OUTDIR, which the CLI sets), in a fresh process.
 *
 *   tsx --tsconfig tsconfig.dev.json bench/child.ts --variant a|b|c|d --n 1000 --layout one-chart|chart-per-app
 *     --synth linear|app [--literals <generated module>] [--result <file.json>]
 *
 * It writes what it measured, as JSON, to the result file (or to standard output): the time from the start of the
 * process to the end of loading the modules, the construction of the app, its synthesis (of which the YAML writing,
 * that is cdk8s' `Yaml.save`, is measured apart), and the peak resident set size.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import type * as Cdk8sModule from 'cdk8s';
import type * as LibraryModule from '../src';
import type * as AppflowModule from './apps/appflow';
import type * as HandWrittenModule from './apps/handwritten';
import type * as LiteralsModule from './apps/literals';
import { LAYOUTS, Layout } from './apps/params';
import type * as AppSynthesisModule from '../src/synth/app-synthesis';

type App = Cdk8sModule.App;

/* eslint-disable @typescript-eslint/no-require-imports */
// The modules of the variant only: (c) loads neither cdk8s nor the library, (b) not the library.
const load = {
  cdk8s: () => require('cdk8s') as typeof Cdk8sModule,
  library: () => require('../src') as typeof LibraryModule,
  literals: () => require('./apps/literals') as typeof LiteralsModule,
  appflow: () => require('./apps/appflow') as typeof AppflowModule,
  handWritten: () => require('./apps/handwritten') as typeof HandWrittenModule,
  appSynthesis: () => require('../src/synth/app-synthesis') as typeof AppSynthesisModule,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** What a run measured. Times in milliseconds. */
export interface RunResult {
  readonly variant: string;
  readonly synth: string;
  readonly n: number;
  readonly layout: Layout;
  /** From the start of the process to the variant's modules loaded (node, tsx, the modules). */
  readonly startupMs: number;
  /** Making the constructs (for (c): building the literals). */
  readonly constructMs: number;
  /** The synthesis to JSON: the whole synth call without its YAML writing (for (c): 0). */
  readonly synthMs: number;
  /** Serializing to YAML and writing the files (cdk8s' `Yaml.save`). */
  readonly yamlMs: number;
  /** construct + synth + YAML. */
  readonly workMs: number;
  /** The CPU time (user + system, every thread of the process) of the work: less sensitive than wall time to the load of the machine. */
  readonly workCpuMs: number;
  /** Peak resident set size of the process, in MiB. */
  readonly peakRssMiB: number;
}

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) {
    throw new Error(`bench/child.ts: --${name} is required`);
  }
  return value;
}

function main(): void {
  const variant = arg('variant');
  const n = Number(arg('n'));
  const layout = arg('layout') as Layout;
  const synthPath = arg('synth', 'linear');
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  if (!['a', 'b', 'c', 'd'].includes(variant) || !Number.isInteger(n) || n < 1 || !LAYOUTS.includes(layout) || !['linear', 'app'].includes(synthPath)) {
    throw new Error(`bench/child.ts: bad arguments ${process.argv.slice(2).join(' ')}`);
  }
  let constructMs: number;
  let synthMs = 0;
  let yamlMs = 0;
  let startupMs: number;
  let cpu0: NodeJS.CpuUsage;
  if (variant === 'c') {
    const literals = load.literals();
    const app = literals.loadLiteralApp(arg('literals'));
    const inputs = Array.from({ length: n }, (_, i) => literals.literalInputs(i, layout));
    startupMs = performance.now();
    cpu0 = process.cpuUsage();
    const files = literals.buildLiterals(app, n, layout, inputs);
    const t1 = performance.now();
    constructMs = t1 - startupMs;
    literals.writeLiterals(outdir, files);
    yamlMs = performance.now() - t1;
  } else {
    const cdk8s = load.cdk8s();
    const build: (app: App, n: number, layout: Layout) => void = variant === 'a'
      ? load.appflow().buildAppflow
      : variant === 'd'
        ? (app, count, lay) => load.appflow().buildAppflow(app, count, lay, { sideFiles: true })
        : load.handWritten().buildHandWritten;
    // The library's linear synthesis (for (b), from its own module, so that (b) does not load the whole library).
    const linear: (app: App) => void = variant === 'a' || variant === 'd'
      ? load.library().AppSynthesis.synth
      : synthPath === 'linear' ? load.appSynthesis().AppSynthesis.synth : () => undefined;
    // Every YAML file cdk8s writes goes through Yaml.save (app.synth() and AppSynthesis.synth alike).
    const yaml = cdk8s.Yaml as unknown as { save(file: string, docs: any[]): void };
    const save = yaml.save;
    yaml.save = (file: string, docs: any[]) => {
      const t = performance.now();
      save.call(cdk8s.Yaml, file, docs);
      yamlMs += performance.now() - t;
    };
    startupMs = performance.now();
    cpu0 = process.cpuUsage();
    const app = new cdk8s.App({ outdir });
    build(app, n, layout);
    const t1 = performance.now();
    constructMs = t1 - startupMs;
    if (synthPath === 'linear') {
      linear(app);
    } else {
      app.synth();
      if (variant === 'd') {
        // app.synth() writes only the YAML: the side files are the library's step.
        load.library().AppSynthesis.writeSideFiles(app);
      }
    }
    synthMs = performance.now() - t1 - yamlMs;
  }
  const cpu = process.cpuUsage(cpu0);
  const result: RunResult = {
    variant,
    synth: variant === 'c' ? '-' : synthPath,
    n,
    layout,
    startupMs,
    constructMs,
    synthMs,
    yamlMs,
    workMs: constructMs + synthMs + yamlMs,
    workCpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  const resultFile = process.argv.includes('--result') ? arg('result') : undefined;
  if (resultFile) {
    fs.writeFileSync(resultFile, JSON.stringify(result));
  } else {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

main();
