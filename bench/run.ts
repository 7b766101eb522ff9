/**
 * The performance bench: this library's `WebService` (a) against the same manifests written by hand with
 * cdk8s-plus-34 and the L1 classes (b) and against plain literals written with the `yaml` package (c), for N web
 * applications of 8 objects each, in one chart and in one chart per application; then the YAML writer's own measure
 * (bench/yaml-writer.ts). See docs/performance.md. It measures the compiled package, `lib/` (run
 * `npx projen compile` first), as users install it.
 *
 *   npx tsx bench/run.ts                 # N = 1, 100, 1,000 (about 20 minutes on 2 cores)
 *   npx tsx bench/run.ts --quick         # N = 1, 100, fewer runs (about 4 minutes)
 *   npx tsx bench/run.ts --scale         # 10,000 applications (--scale-n to change), one run per variant and layout
 *   npx tsx bench/run.ts --targets       # only what the targets of issues #22 and #25 need, at N = 1,000 (about 30 minutes)
 *   npx tsx bench/run.ts --writer-only   # the YAML writer's measure alone
 *
 * Options: --runs <k> (runs of every configuration), --report <file> (also write the markdown there),
 * --timeout <minutes> (per run; default 60), --keep (keep the temporary directory), --library src (the TypeScript
 * sources through tsx instead of lib/, as the bench measured before).
 *
 * Every run is a fresh `cdk8s synth` process (the real CLI, in a temporary directory with a plain cdk8s.yaml, so
 * that the repository's validation plugins are not part of the measure) whose app command runs bench/child.ts with
 * tsx, as cdk8s.yaml runs the examples. The child measures its own phases; the bench times the whole process. Runs
 * are interleaved (run 1 of every configuration, then run 2, ...) so that a change in the machine's load spreads
 * over all of them; the medians are reported, and the ratios between configurations with their spread over the runs
 * (run k of one against run k of the other, which ran beside it).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { loadLiteralApp } from './apps/literals';
import { Layout, LAYOUTS } from './apps/params';
import type { RunResult } from './child';
import { compareOutputs } from './compare';
import { checkFairness, writeLiteralModule } from './fairness';
import { measureWriter, writerReport } from './yaml-writer';

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'node_modules', '.bin', 'cdk8s');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');

type Variant = 'a' | 'b' | 'c' | 'd';
/**
 * `writer`: `AppSynthesis.synth` with the library's YAML writer in place of cdk8s' `Yaml.save` in the process, what
 * the synthesis does once it calls the writer itself (measured only while it does not).
 */
type SynthPath = 'linear' | 'app' | 'writer' | '-';

interface Config {
  readonly variant: Variant;
  readonly synth: SynthPath;
  readonly n: number;
  readonly layout: Layout;
  readonly runs: number;
}

interface Measured {
  readonly config: Config;
  readonly results: RunResult[];
  /** Wall time of each whole `cdk8s synth` process, ms. */
  readonly processMs: number[];
  /** The round of each result (run k of every configuration ran beside run k of the others). */
  readonly rounds: number[];
  readonly failures: string[];
}

const VARIANT_LABEL: Record<Variant, string> = {
  a: '(a) cdk8s-appflow WebService',
  b: '(b) hand-written cdk8s-plus-34 + L1',
  c: '(c) literals + yaml (floor)',
  d: '(a) with its side files on (topology pictures, URL files)',
};
const SYNTH_LABEL: Record<SynthPath, string> = {
  'linear': 'AppSynthesis.synth',
  'app': 'app.synth()',
  'writer': 'AppSynthesis.synth + the YAML writer',
  '-': '—',
};

// ---------------------------------------------------------------------------------------------------------------
// Options

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const quick = flag('quick');
const scale = flag('scale');
const keep = flag('keep');
const runsOverride = option('runs') !== undefined ? Number(option('runs')) : undefined;
const timeoutMs = Number(option('timeout') ?? 60) * 60_000;
const reportFile = option('report');
const scaleN = Number(option('scale-n') ?? 10_000);
const writerOnly = flag('writer-only');
const targetsOnly = flag('targets');
const library = option('library') ?? 'lib';
const COMPILED = path.join(REPO, 'lib', 'src');

/** Whether the compiled synthesis writes the YAML with the library's writer itself (then the `writer` path is the same). */
function writerWired(): boolean {
  return fs.readFileSync(path.join(COMPILED, 'synth', 'app-synthesis.js'), 'utf8').includes('yaml-writer');
}

/** The configurations of a run of the bench, in the order of the table. */
function configs(): Config[] {
  const out: Config[] = [];
  if (scale) {
    for (const layout of LAYOUTS) {
      const runs = runsOverride ?? 1;
      out.push({ variant: 'a', synth: 'linear', n: scaleN, layout, runs });
      out.push({ variant: 'b', synth: 'linear', n: scaleN, layout, runs });
      out.push({ variant: 'c', synth: '-', n: scaleN, layout, runs });
    }
    return out;
  }
  if (targetsOnly) {
    // The targets at N = 1,000: (a) against (b) in one chart, one chart per application against one chart (issue #22), and app.synth()
    // with a chart per application (issue #25).
    const runs = runsOverride ?? 5;
    const synths: SynthPath[] = writerWired() ? ['linear'] : ['linear', 'writer'];
    for (const layout of LAYOUTS) {
      for (const synth of synths) {
        out.push({ variant: 'a', synth, n: 1000, layout, runs });
        out.push({ variant: 'b', synth, n: 1000, layout, runs });
      }
      if (layout === 'one-chart') {
        out.push({ variant: 'b', synth: 'app', n: 1000, layout, runs });
        out.push({ variant: 'c', synth: '-', n: 1000, layout, runs });
      } else {
        // Issue #25's target: the default path, app.synth() with a chart per application, (a) against (b).
        out.push({ variant: 'a', synth: 'app', n: 1000, layout, runs });
        out.push({ variant: 'b', synth: 'app', n: 1000, layout, runs });
      }
    }
    return out;
  }
  for (const n of quick ? [1, 100] : [1, 100, 1000]) {
    // With one application, both layouts are one chart holding one application: measured once.
    for (const layout of n === 1 ? ['one-chart' as Layout] : LAYOUTS) {
      // The targets are medians of at least five interleaved runs.
      const primary = runsOverride ?? (quick ? 3 : 5);
      // (a) with app.synth() (the same files as AppSynthesis.synth) is the path users get by default: with a chart per
      // application it is issue #25's target, measured as often as the others; in one chart, for reference.
      const reference = runsOverride ?? (layout === 'chart-per-app' ? primary : quick ? 2 : n <= 100 ? 3 : 1);
      out.push({ variant: 'a', synth: 'linear', n, layout, runs: primary });
      out.push({ variant: 'a', synth: 'app', n, layout, runs: reference });
      out.push({ variant: 'b', synth: 'app', n, layout, runs: primary });
      out.push({ variant: 'b', synth: 'linear', n, layout, runs: primary });
      out.push({ variant: 'c', synth: '-', n, layout, runs: primary });
      if (n >= 100 && !writerWired()) {
        // What the synthesis will cost once it writes the YAML with the library's writer.
        out.push({ variant: 'a', synth: 'writer', n, layout, runs: primary });
        out.push({ variant: 'b', synth: 'writer', n, layout, runs: primary });
      }
      if (n >= 1000) {
        // What the files beside the manifests cost (a user's default; off in (a) so that (a) and (b) write the same files).
        out.push({ variant: 'd', synth: 'linear', n, layout, runs: runsOverride ?? 3 });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Machine

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(', ');
}

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores (os.cpus()), ${os.availableParallelism()} available`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB (${(os.freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    `- OS: ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node.js ${process.version}; cdk8s ${version('cdk8s')}, cdk8s-plus-34 ${version('cdk8s-plus-34')}, constructs ${version('constructs')}, `
    + `yaml ${version('yaml')}, cdk8s-cli ${version('cdk8s-cli')}, tsx ${version('tsx')}`,
  ];
}

function version(pkg: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Runs

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function runOnce(config: Config, work: string, literals: string, outdir: string): { result?: RunResult; processMs: number; failure?: string } {
  const resultFile = path.join(work, 'result.json');
  fs.rmSync(resultFile, { force: true });
  // Unquoted: yargs (the CLI's parser) strips quotes at the ends of the --app value.
  const quote = (s: string) => {
    if (!/^[\w./@+-]+$/.test(s)) {
      throw new Error(`bench: the path ${s} has characters that the app command would need quoted`);
    }
    return s;
  };
  const app = [
    quote(TSX), '--tsconfig', quote(path.join(REPO, 'tsconfig.dev.json')), quote(path.join(REPO, 'bench', 'child.ts')),
    '--variant', config.variant, '--n', String(config.n), '--layout', config.layout,
    '--synth', config.synth === 'app' ? 'app' : 'linear', '--writer', config.synth === 'writer' ? 'appflow' : 'cdk8s', '--library', library,
    '--literals', quote(literals), '--result', quote(resultFile),
  ].join(' ');
  const t0 = performance.now();
  const p = spawnSync(CLI, ['synth', '--check-upgrade=false', '--app', app, '--output', outdir], {
    cwd: work,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const processMs = performance.now() - t0;
  if (p.status !== 0 || !fs.existsSync(resultFile)) {
    const why = p.error ? String(p.error) : `exit ${p.status ?? p.signal}`;
    return { processMs, failure: `${why}: ${(p.stderr?.toString() ?? '').trim().split('\n').slice(-5).join(' | ')}` };
  }
  return { result: JSON.parse(fs.readFileSync(resultFile, 'utf8')) as RunResult, processMs };
}

function key(c: Pick<Config, 'variant' | 'synth' | 'n' | 'layout'>): string {
  return `${c.variant}/${c.synth}/${c.n}/${c.layout}`;
}

function measureAll(list: Config[], work: string, literals: string): { measured: Map<string, Measured>; checks: string[] } {
  const measured = new Map<string, Measured>(list.map((c) => [key(c), { config: c, results: [], processMs: [], rounds: [], failures: [] }]));
  const checks: string[] = [];
  const groups = new Map<string, Config[]>();
  for (const c of list) {
    const g = `${c.n}/${c.layout}`;
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  for (const [group, members] of groups) {
    const maxRuns = Math.max(...members.map((c) => c.runs));
    const kept = new Map<string, string>();
    for (let r = 0; r < maxRuns; r++) {
      for (const c of members.filter((x) => x.runs > r)) {
        const outdir = path.join(work, 'out', `${c.variant}-${c.synth === '-' ? 'literals' : c.synth}-${c.n}-${c.layout}-${r}`);
        const { result, processMs, failure } = runOnce(c, work, literals, outdir);
        const m = measured.get(key(c))!;
        if (failure || !result) {
          m.failures.push(failure ?? 'no result');
          log(`  ${key(c)} run ${r + 1}: FAILED ${failure}`);
        } else {
          m.results.push(result);
          m.processMs.push(processMs);
          m.rounds.push(r);
          log(`  ${key(c)} run ${r + 1}/${c.runs}: work ${ms(result.workMs)} ms, process ${ms(processMs)} ms, peak RSS ${result.peakRssMiB.toFixed(0)} MiB`
            + ` (load ${loadAverage()})`);
        }
        if (r === 0 && result) {
          kept.set(`${c.variant}/${c.synth}`, outdir);
        } else {
          fs.rmSync(outdir, { recursive: true, force: true });
        }
      }
    }
    // The fairness check on the files the measured runs wrote: every variant against (a) with AppSynthesis.
    const reference = kept.get('a/linear');
    for (const [name, dir] of kept) {
      if (reference && dir !== reference) {
        const cmp = compareOutputs(reference, dir);
        const [variant, synth] = name.split('/') as [Variant, SynthPath];
        const what = `${group}: (a) AppSynthesis.synth vs (${variant})${synth === '-' ? '' : ` ${SYNTH_LABEL[synth]}`}`;
        if (cmp.diffs.length > 0) {
          checks.push(`FAILED ${what}: ${cmp.diffs.length} differences, first: ${cmp.diffs[0]}`);
        } else if (name === 'a/writer' && cmp.identicalFiles !== cmp.files) {
          checks.push(`FAILED ${what}: the YAML writer wrote other bytes in ${cmp.files - cmp.identicalFiles} of ${cmp.files} files`);
        } else {
          checks.push(`ok ${what}: ${cmp.files} files, ${cmp.objects} objects equal (${cmp.identicalFiles} files byte for byte)`);
        }
        log(`  ${checks[checks.length - 1]}`);
      }
    }
    for (const dir of kept.values()) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { measured, checks };
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function median(values: number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function ms(v: number): string {
  return Number.isNaN(v) ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}

interface Row {
  readonly config: Config;
  readonly runs: number;
  readonly startup: number;
  readonly construct: number;
  readonly synth: number;
  readonly yaml: number;
  readonly work: number;
  readonly cpu: number;
  readonly process: number;
  readonly rss: number;
  /** The constructs of the app per application (0 for (c)). */
  readonly constructsPerApp: number;
  /** What each run measured, by round. */
  readonly byRound: Map<number, { work: number; cpu: number; process: number; rss: number }>;
}

function rowOf(m: Measured): Row {
  const med = (f: (r: RunResult) => number) => median(m.results.map(f));
  return {
    config: m.config,
    runs: m.results.length,
    startup: med((r) => r.startupMs),
    construct: med((r) => r.constructMs),
    synth: med((r) => r.synthMs),
    yaml: med((r) => r.yamlMs),
    work: med((r) => r.workMs),
    cpu: med((r) => r.workCpuMs),
    process: median(m.processMs),
    rss: med((r) => r.peakRssMiB),
    constructsPerApp: med((r) => r.constructs) / m.config.n,
    byRound: new Map(m.rounds.map((round, i) => [round, {
      work: m.results[i].workMs, cpu: m.results[i].workCpuMs, process: m.processMs[i], rss: m.results[i].peakRssMiB,
    }])),
  };
}

type Measure = 'work' | 'cpu' | 'process' | 'rss';

/** The ratio of two rows' medians, and its spread: the ratios of the runs that ran beside each other (same round). */
interface Ratio {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly pairs: number;
}

function ratioOf(x: Row, y: Row, measure: Measure): Ratio {
  const perRun = [...x.byRound].filter(([round]) => y.byRound.has(round)).map(([round, v]) => v[measure] / y.byRound.get(round)![measure]);
  return { median: x[measure] / y[measure], min: Math.min(...perRun), max: Math.max(...perRun), pairs: perRun.length };
}

function times(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(2)}×` : '—';
}

/** `1.38× (1.30–1.45)`: the ratio of the medians, and the lowest and highest ratio of runs that ran side by side. */
function ratioText(r: Ratio | undefined): string {
  if (r === undefined) {
    return '';
  }
  return r.pairs > 1 ? `${times(r.median)} (${times(r.min)}–${times(r.max)})` : times(r.median);
}

function table(rows: Map<string, Row>): string[] {
  const lines = [
    '| N | layout | variant | synthesis | runs | start-up + load | construct | synth to JSON | YAML writing | work (construct + synth + YAML) '
    + '| work CPU | whole `cdk8s synth` process | peak RSS MiB | constructs ÷ N | work ÷ (b) | work CPU ÷ (b) | process ÷ (b) | work ÷ (c) |',
    '|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|',
  ];
  for (const row of rows.values()) {
    const c = row.config;
    // (b) with the same synthesis as the row; (c) of the same N and layout.
    const b = c.variant === 'a' || c.variant === 'd' ? rows.get(key({ ...c, variant: 'b' })) : undefined;
    const floor = c.variant !== 'c' ? rows.get(key({ ...c, variant: 'c', synth: '-' })) : undefined;
    lines.push(`| ${c.n.toLocaleString('en-US')} | ${c.layout} | ${VARIANT_LABEL[c.variant]} | ${SYNTH_LABEL[c.synth]} | ${row.runs} `
      + `| ${ms(row.startup)} | ${ms(row.construct)} | ${c.variant === 'c' ? '—' : ms(row.synth)} | ${ms(row.yaml)} | ${ms(row.work)} `
      + `| ${ms(row.cpu)} | ${ms(row.process)} | ${row.rss.toFixed(0)} | ${c.variant === 'c' ? '—' : row.constructsPerApp.toFixed(1)} `
      + `| ${b ? ratioText(ratioOf(row, b, 'work')) : ''} | ${b ? ratioText(ratioOf(row, b, 'cpu')) : ''} | ${b ? ratioText(ratioOf(row, b, 'process')) : ''} `
      + `| ${floor ? ratioText(ratioOf(row, floor, 'work')) : ''} |`);
  }
  return lines;
}

/**
 * Whether ratios are within a limit: MET when the median is and every run is; "within the noise" when the median is
 * on one side of the limit and some runs on the other.
 */
function verdict(ratios: Ratio[], limit: number, atMost = true): string {
  const within = (v: number) => (atMost ? v <= limit : v >= limit);
  if (ratios.some((r) => !Number.isFinite(r.median))) {
    return 'not measured';
  }
  if (ratios.every((r) => within(r.median))) {
    return ratios.every((r) => within(r.min) && within(r.max)) ? 'MET' : 'MET by the medians, within the noise (not in every run)';
  }
  return ratios.some((r) => within(r.min) || within(r.max)) ? 'NOT MET by the medians, within the noise (met in some runs)' : 'NOT MET';
}

function targets(rows: Map<string, Row>): string[] {
  const get = (variant: Variant, synth: SynthPath, n: number, layout: Layout) => rows.get(key({ variant, synth, n, layout }));
  const lines: string[] = [];
  const both = (x: Row, y: Row) => [ratioOf(x, y, 'work'), ratioOf(x, y, 'cpu')];
  const say = (rs: Ratio[]) => `work ${ratioText(rs[0])}, work CPU ${ratioText(rs[1])}`;
  const n = 1000;
  const bApp = get('b', 'app', n, 'one-chart');
  const bLin = get('b', 'linear', n, 'one-chart');
  for (const synth of ['linear', 'writer'] as SynthPath[]) {
    const a = get('a', synth, n, 'one-chart');
    const bSame = get('b', synth, n, 'one-chart');
    if (!a) {
      continue;
    }
    const label = SYNTH_LABEL[synth];
    if (bApp) {
      const rs = both(a, bApp);
      lines.push(`- (a) with ${label} ≤ 0.8× (b) with app.synth(), N = 1,000, one chart: ${say(rs)}: ${verdict(rs, 0.8)}`);
    }
    if (bSame) {
      const rs = both(a, bSame);
      lines.push(`- (a) with ${label} ≤ 1.3× (b) with ${label}, N = 1,000, one chart: ${say(rs)}: ${verdict(rs, 1.3)}`);
    }
    if (synth === 'linear' && bLin && bApp) {
      lines.push(`  (for comparison, (b) with AppSynthesis.synth against (b) with app.synth(): ${say(both(bLin, bApp))})`);
    }
  }
  for (const synth of ['linear', 'writer'] as SynthPath[]) {
    const one = get('a', synth, n, 'one-chart');
    const per = get('a', synth, n, 'chart-per-app');
    if (one && per) {
      const rs = both(per, one);
      lines.push(`- (a) with ${SYNTH_LABEL[synth]}, one chart per application ≤ 1.3× one chart, N = 1,000: ${say(rs)}: ${verdict(rs, 1.3)}`);
    }
  }
  // Issue #25: the default path, app.synth() with a chart per application.
  const aPer = get('a', 'app', n, 'chart-per-app');
  const bPer = get('b', 'app', n, 'chart-per-app');
  if (aPer && bPer) {
    const rs = both(aPer, bPer);
    lines.push(`- (a) with app.synth(), one chart per application ≤ 1.5× (b) with app.synth(), N = 1,000 (issue #25): ${say(rs)}: ${verdict(rs, 1.5)}`);
    const constructs = aPer.constructsPerApp / bPer.constructsPerApp;
    lines.push(`- constructs per application, (a) ≤ 1.5× (b) (issue #25): ${aPer.constructsPerApp.toFixed(1)} against ${bPer.constructsPerApp.toFixed(1)}, `
      + `${times(constructs)}: ${constructs <= 1.5 ? 'MET' : 'NOT MET'}`);
  }
  for (const layout of LAYOUTS) {
    const big = get('a', 'linear', 1000, layout);
    const small = get('a', 'linear', 100, layout);
    if (big && small) {
      const r = [big.work / small.work, big.cpu / small.cpu];
      lines.push(`- (a) time(N = 1,000) ÷ time(N = 100) ≤ 11, ${layout}: work ${r[0].toFixed(1)}, work CPU ${r[1].toFixed(1)} `
        + `(for comparison (b) with AppSynthesis.synth: work ${((get('b', 'linear', 1000, layout)?.work ?? NaN) / (get('b', 'linear', 100, layout)?.work ?? NaN)).toFixed(1)}): `
        + `${r.every((v) => v <= 11) ? 'MET' : 'NOT MET'}`);
    }
  }
  for (const layout of LAYOUTS) {
    const a = get('a', 'linear', n, layout);
    const w = get('a', 'writer', n, layout);
    if (a && w) {
      lines.push(`- YAML writing inside the synthesis, (a), N = 1,000, ${layout}: ${ms(a.yaml)} ms with cdk8s' writer, ${ms(w.yaml)} ms with the library's `
        + `(${times(a.yaml / w.yaml)} faster); the work ${ratioText(ratioOf(w, a, 'work'))} of AppSynthesis.synth's as it is`);
    }
  }
  return lines;
}

function scaleTargets(rows: Map<string, Row>): string[] {
  return LAYOUTS.flatMap((layout) => {
    const a = rows.get(key({ variant: 'a', synth: 'linear', n: scaleN, layout }));
    const b = rows.get(key({ variant: 'b', synth: 'linear', n: scaleN, layout }));
    if (!a || !b) {
      return [];
    }
    const r = ratioOf(a, b, 'rss');
    return [`- peak memory of (a) ≤ 1.3× (b)'s, N = ${scaleN.toLocaleString('en-US')}, ${layout}, both with AppSynthesis.synth: `
      + `${a.rss.toFixed(0)} MiB against ${b.rss.toFixed(0)} MiB, ${ratioText(r)}: ${verdict([r], 1.3)}`];
  });
}

/** What the report says of the library it measured: lib/ (when it was compiled, and whether src/ changed since) or the sources. */
function libraryLine(): string {
  if (library === 'src') {
    return '- library: the TypeScript sources (src/) through tsx (`--library src`)';
  }
  const compiled = fs.statSync(path.join(COMPILED, 'index.js')).mtimeMs;
  const newer = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? newer(full) : fs.statSync(full).mtimeMs > compiled ? [path.relative(REPO, full)] : [];
  });
  const changed = newer(path.join(REPO, 'src'));
  return `- library: the compiled package, lib/ (compiled ${new Date(compiled).toISOString()}`
    + `${changed.length > 0 ? `; changed in src/ since: ${changed.join(', ')}` : '; nothing in src/ changed since'})`
    + `; AppSynthesis writes the YAML with ${writerWired() ? 'the library\'s writer' : 'cdk8s\' Yaml.stringify'}`;
}

function main(): void {
  const started = performance.now();
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  if (library !== 'lib' && library !== 'src') {
    throw new Error(`bench: --library is lib (the compiled package, the default) or src, not ${library}`);
  }
  if (!fs.existsSync(path.join(COMPILED, 'synth', 'yaml-writer.js'))) {
    throw new Error('bench: the compiled package is missing or older than the YAML writer: run npx projen compile first');
  }
  const writerRuns = runsOverride ?? 5;
  if (writerOnly) {
    const report = [`## YAML writer — ${startedAt.toISOString()}`, '', 'Machine:', '', ...machine(), libraryLine(),
      '', ...writerReport(measureWriter(1000, writerRuns, log)), ''].join('\n');
    process.stdout.write(report);
    if (reportFile) {
      fs.writeFileSync(reportFile, report);
    }
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-appflow-bench-'));
  // A plain cdk8s.yaml: the CLI reads the one of its working directory (the repository's has validation plugins).
  fs.writeFileSync(path.join(work, 'cdk8s.yaml'), 'language: typescript\n');
  log(`bench: working in ${work}`);

  // (c)'s literals, from one application of (a); then the fairness check in process, before anything is measured.
  const literals = writeLiteralModule(work);
  const literalApp = loadLiteralApp(literals);
  const checks: string[] = [];
  for (const layout of LAYOUTS) {
    const f = checkFairness(3, layout, path.join(work, 'fairness'), literalApp);
    for (const [what, cmp] of [['(a) vs (b)', f.aVersusB], ['(a) vs (c)', f.aVersusC], ['(a) AppSynthesis.synth vs app.synth()', f.linearVersusAppSynth]] as const) {
      if (cmp.diffs.length > 0) {
        throw new Error(`bench: the variants do not make the same manifests (N = 3, ${layout}, ${what}):\n${cmp.diffs.join('\n')}`);
      }
      checks.push(`ok in process, N = 3, ${layout}, ${what}: ${cmp.files} files, ${cmp.objects} objects equal`);
    }
  }
  fs.rmSync(path.join(work, 'fairness'), { recursive: true, force: true });

  // Warm-up (tsx's transpile cache, the file cache): one unmeasured run of each variant.
  for (const variant of ['a', 'b', 'c'] as Variant[]) {
    const w = runOnce({ variant, synth: variant === 'c' ? '-' : 'linear', n: 1, layout: 'one-chart', runs: 1 }, work, literals, path.join(work, 'out', 'warm-up'));
    if (w.failure) {
      throw new Error(`bench: the warm-up run of (${variant}) failed: ${w.failure}`);
    }
  }

  const list = configs();
  log(`bench: ${list.length} configurations, ${list.reduce((s, c) => s + c.runs, 0)} runs`);
  const { measured, checks: outputChecks } = measureAll(list, work, literals);
  checks.push(...outputChecks);
  const rows = new Map<string, Row>([...measured].map(([k, m]) => [k, rowOf(m)]));
  const failures = [...measured.values()].flatMap((m) => m.failures.map((f) => `- ${key(m.config)}: ${f}`));
  const writer = scale ? [] : writerReport(measureWriter(1000, writerRuns, log));
  const minutes = (performance.now() - started) / 60_000;

  const report = [
    `## ${scale ? `Scale: ${scaleN.toLocaleString('en-US')} applications` : quick ? 'Quick run' : targetsOnly ? 'The targets of issues #22 and #25' : 'Full run'} `
    + `— ${startedAt.toISOString()}`,
    '',
    'Machine:',
    '',
    ...machine(),
    libraryLine(),
    `- load average (1, 5, 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end`,
    `- duration of this bench run: ${minutes.toFixed(1)} minutes`,
    '',
    'Medians of the runs, in milliseconds. Work = construct + synth to JSON + YAML writing, in the process; whole process = the `cdk8s synth` '
    + 'command from start to end (node, tsx, the CLI, loading the modules, the work). Ratios: (a) against (b) with the same synthesis, '
    + 'and every variant against (c) of the same N and layout: the ratio of the medians, then in parentheses the lowest and the highest '
    + 'ratio of two runs that ran side by side (the same round).',
    '',
    ...table(rows),
    '',
    ...(scale
      ? ['Targets:', '', ...scaleTargets(rows), '']
      : ['Targets (the ratio of the medians, and its spread over the rounds; MET when the work\'s wall time and CPU time are within the target '
        + 'in every run; within the noise when the median is on one side and some runs on the other):', '', ...targets(rows), '',
      'The YAML writer alone (bench/yaml-writer.ts): the text of every chart of N = 1,000 applications of (a), made by cdk8s\' '
      + '`Yaml.stringify` and by the library\'s `manifestsToYaml` in the same fresh process (which goes first alternates), compared byte for byte:', '',
      ...writer, '']),
    'Same manifests (fairness check):',
    '',
    ...checks.map((c) => `- ${c}`),
    ...(failures.length > 0 ? ['', 'Failed runs:', '', ...failures] : []),
    '',
  ].join('\n');
  process.stdout.write(report);
  if (reportFile) {
    fs.writeFileSync(reportFile, report);
  }
  if (!keep) {
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (failures.length > 0 || checks.some((c) => c.startsWith('FAILED'))) {
    process.exitCode = 1;
  }
}

main();
