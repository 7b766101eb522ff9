/**
 * One measured run of the bench: one variant, N applications, one layout, one synthesis path. Run by bench/run.ts
 * as the app command of `cdk8s synth` (so the files go to CDK8S_OUTDIR, which the CLI sets), in a fresh process.
 *
 *   tsx --tsconfig tsconfig.dev.json bench/child.ts --variant a|b|c|d --n 1000 --layout one-chart|chart-per-app
 *     --synth linear|app [--writer cdk8s|appflow] [--library lib|src] [--literals <generated module>] [--result <file.json>]
 *
 * The library is the compiled package, `lib/src` (what users install; `npx projen compile` makes it), unless
 * `--library src` asks for the TypeScript sources through tsx. `--writer appflow` writes the YAML with the library's
 * writer (src/synth/yaml-writer.ts) in place of cdk8s' `Yaml.stringify` and `Yaml.save`, in this process: for a
 * `lib/` compiled before `AppSynthesis.synth` wrote with the writer, what it does now.
 *
 * It writes what it measured, as JSON, to the result file (or to standard output): the time from the start of the
 * process to the end of loading the modules, the construction of the app, its synthesis (of which the YAML writing,
 * cdk8s' `Yaml.save` or the library's `writeManifests`, is measured apart), and the peak resident set size.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type * as Cdk8sModule from 'cdk8s';
import type * as LibraryModule from '../src';
import type * as AppflowModule from './apps/appflow';
import type * as HandWrittenModule from './apps/handwritten';
import type * as LiteralsModule from './apps/literals';
import { LAYOUTS, Layout } from './apps/params';
import type * as AppSynthesisModule from '../src/synth/app-synthesis';
import type * as YamlWriterModule from '../src/synth/yaml-writer';

type App = Cdk8sModule.App;

/** The library's compiled package, as `npx projen compile` writes it. */
export const COMPILED = path.join(__dirname, '..', 'lib', 'src');

/* eslint-disable @typescript-eslint/no-require-imports */
/** The modules of the variant only: (c) loads neither cdk8s nor the library, (b) not the library. */
function loaders(library: 'lib' | 'src') {
  const root = library === 'lib' ? COMPILED : path.join(__dirname, '..', 'src');
  return {
    cdk8s: () => require('cdk8s') as typeof Cdk8sModule,
    library: () => require(root) as typeof LibraryModule,
    literals: () => require('./apps/literals') as typeof LiteralsModule,
    appflow: () => require('./apps/appflow') as typeof AppflowModule,
    handWritten: () => require('./apps/handwritten') as typeof HandWrittenModule,
    appSynthesis: () => require(path.join(root, 'synth', 'app-synthesis')) as typeof AppSynthesisModule,
    yamlWriter: () => require(path.join(root, 'synth', 'yaml-writer')) as typeof YamlWriterModule,
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** What a run measured. Times in milliseconds. */
export interface RunResult {
  readonly variant: string;
  readonly synth: string;
  /** `cdk8s` (its Yaml.save) or `appflow` (the library's writer in place of Yaml.save). */
  readonly writer: string;
  /** `lib` (the compiled package) or `src` (the TypeScript sources through tsx). */
  readonly library: string;
  readonly n: number;
  readonly layout: Layout;
  /** From the start of the process to the variant's modules loaded (node, tsx, the modules). */
  readonly startupMs: number;
  /** Making the constructs (for (c): building the literals). */
  readonly constructMs: number;
  /** The synthesis to JSON: the whole synth call without its YAML writing (for (c): 0). */
  readonly synthMs: number;
  /** Serializing to YAML and writing the files (cdk8s' `Yaml.save` or the library's `writeManifests`). */
  readonly yamlMs: number;
  /** construct + synth + YAML. */
  readonly workMs: number;
  /** The CPU time (user + system, every thread of the process) of the work: less sensitive than wall time to the load of the machine. */
  readonly workCpuMs: number;
  /** Peak resident set size of the process, in MiB. */
  readonly peakRssMiB: number;
  /**
   * The constructs of the app (its charts, the platform chart of (a) and the App itself included), counted after the
   * measured work; 0 for (c), which makes none.
   */
  readonly constructs: number;
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
  const writer = arg('writer', 'cdk8s');
  const source = arg('library', 'lib');
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  if (!['a', 'b', 'c', 'd'].includes(variant) || !Number.isInteger(n) || n < 1 || !LAYOUTS.includes(layout) || !['linear', 'app'].includes(synthPath)
    || !['cdk8s', 'appflow'].includes(writer) || (source !== 'lib' && source !== 'src')) {
    throw new Error(`bench/child.ts: bad arguments ${process.argv.slice(2).join(' ')}`);
  }
  const load = loaders(source);
  let constructMs: number;
  let synthMs = 0;
  let yamlMs = 0;
  let startupMs: number;
  let cpu0: NodeJS.CpuUsage;
  /** Counts the constructs of the app, after the measures. */
  let countConstructs = () => 0;
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
    let build: (app: App) => void;
    let linear: (app: App) => void;
    if (variant === 'b') {
      const { buildHandWritten } = load.handWritten();
      build = (app) => buildHandWritten(app, n, layout);
      // The library's linear synthesis from its own module, so that (b) does not load the whole library.
      linear = synthPath === 'linear' ? load.appSynthesis().AppSynthesis.synth : () => undefined;
    } else {
      const { buildAppflow } = load.appflow();
      const library = load.library();
      // The compiled package loads a module on the first use of one of its exports (the lazy index files of lib/):
      // the modules the app uses are loaded here, before the clock starts, as the sources are.
      const used = [library.WebService, library.PlatformDefaults, library.TlsIssuer, library.ContainerImage, library.MonitoringPart];
      if ([...used, library.AppSynthesis].some((x) => x === undefined)) {
        throw new Error('bench/child.ts: the library does not export what the bench uses');
      }
      build = (app) => buildAppflow(app, n, layout, { library, sideFiles: variant === 'd' });
      linear = library.AppSynthesis.synth;
    }
    // Every YAML text of the synthesis is made by cdk8s' Yaml.stringify (which Yaml.save calls) or by the library's
    // writer: each is timed, once when one calls another.
    let depth = 0;
    const timed = <F extends (...args: any[]) => any>(f: F, self?: unknown) => ((...args: Parameters<F>): ReturnType<F> => {
      const t = depth === 0 ? performance.now() : undefined;
      depth++;
      try {
        return f.apply(self, args);
      } finally {
        depth--;
        if (t !== undefined) {
          yamlMs += performance.now() - t;
        }
      }
    });
    const yaml = cdk8s.Yaml as unknown as { save(file: string, docs: any[]): void; stringify(...docs: any[]): string };
    const yamlWriter = load.yamlWriter() as { -readonly [K in keyof typeof YamlWriterModule]: (typeof YamlWriterModule)[K] };
    const { manifestsToYaml, writeManifests } = yamlWriter;
    yamlWriter.manifestsToYaml = timed(manifestsToYaml);
    yamlWriter.writeManifests = timed(writeManifests);
    if (writer === 'appflow') {
      // What the synthesis does once it calls the library's writer (and what app.synth() would do with it).
      yaml.stringify = timed((...docs: any[]) => manifestsToYaml(docs));
      yaml.save = timed(writeManifests);
    } else {
      yaml.stringify = timed(yaml.stringify, cdk8s.Yaml);
      yaml.save = timed(yaml.save, cdk8s.Yaml);
    }
    startupMs = performance.now();
    cpu0 = process.cpuUsage();
    const app = new cdk8s.App({ outdir });
    build(app);
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
    countConstructs = () => app.node.findAll().length;
  }
  const cpu = process.cpuUsage(cpu0);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const result: RunResult = {
    variant,
    synth: variant === 'c' ? '-' : synthPath,
    writer,
    library: source,
    n,
    layout,
    startupMs,
    constructMs,
    synthMs,
    yamlMs,
    workMs: constructMs + synthMs + yamlMs,
    workCpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMiB,
    constructs: countConstructs(),
  };
  const resultFile = process.argv.includes('--result') ? arg('result') : undefined;
  if (resultFile) {
    fs.writeFileSync(resultFile, JSON.stringify(result));
  } else {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

main();
