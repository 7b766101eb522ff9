/**
 * The performance bench: this library's `WebService` (a) against the same manifests written by hand with
 * cdk8s-plus-34 and the L1 classes (b) and against plain literals written with the `yaml` package (c), for N web
 * applications of 8 objects each, in one chart and in one chart per application. See docs/performance.md.
 *
 *   npx tsx bench/run.ts            # N = 1, 100, 1,000 (about 15 minutes on 2 cores)
 *   npx tsx bench/run.ts --quick    # N = 1, 100, fewer runs (about 3 minutes)
 *   npx tsx bench/run.ts --scale    # 10,000 applications (--scale-n to change), one run per variant and layout
 *
 * Options: --runs <k> (runs of every configuration), --report <file> (also write the markdown there),
 * --timeout <minutes> (per run; default 60), --keep (keep the temporary directory).
 *
 * Every run is a fresh `cdk8s synth` process (the real CLI, in a temporary directory with a plain cdk8s.yaml, so
 * that the repository's validation plugins are not part of the measure) whose app command runs bench/child.ts with
 * tsx, as cdk8s.yaml runs the examples. The child measures its own phases; the bench times the whole process. Runs
 * are interleaved (run 1 of every configuration, then run 2, ...) so that a change in the machine's load spreads
 * over all of them, and the medians are reported.
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

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'node_modules', '.bin', 'cdk8s');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');

type Variant = 'a' | 'b' | 'c' | 'd';
type SynthPath = 'linear' | 'app' | '-';

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
  readonly failures: string[];
}

const VARIANT_LABEL: Record<Variant, string> = {
  a: '(a) cdk8s-appflow WebService',
  b: '(b) hand-written cdk8s-plus-34 + L1',
  c: '(c) literals + yaml (floor)',
  d: '(a) with its side files on (topology pictures, URL files)',
};
const SYNTH_LABEL: Record<SynthPath, string> = { 'linear': 'AppSynthesis.synth', 'app': 'app.synth()', '-': '—' };

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
  for (const n of quick ? [1, 100] : [1, 100, 1000]) {
    // With one application, both layouts are one chart holding one application: measured once.
    for (const layout of n === 1 ? ['one-chart' as Layout] : LAYOUTS) {
      const primary = runsOverride ?? (quick ? 3 : n <= 100 ? 5 : 3);
      // (a) with app.synth() is for reference (the same files as AppSynthesis.synth, the path users get by default).
      const reference = runsOverride ?? (quick ? 2 : n <= 100 ? 3 : 1);
      // cdk8s' app.synth() validates the whole app once per chart: with 1,000 charts it is slow, and one run shows it.
      const quadratic = runsOverride ?? (layout === 'chart-per-app' && n >= 1000 ? 1 : primary);
      out.push({ variant: 'a', synth: 'linear', n, layout, runs: primary });
      out.push({ variant: 'a', synth: 'app', n, layout, runs: reference });
      out.push({ variant: 'b', synth: 'app', n, layout, runs: quadratic });
      out.push({ variant: 'b', synth: 'linear', n, layout, runs: primary });
      out.push({ variant: 'c', synth: '-', n, layout, runs: primary });
      if (n >= 1000) {
        // What the files beside the manifests cost (a user's default; off in (a) so that (a) and (b) write the same files).
        out.push({ variant: 'd', synth: 'linear', n, layout, runs: primary });
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
    '--synth', config.synth === '-' ? 'linear' : config.synth, '--literals', quote(literals), '--result', quote(resultFile),
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
  const measured = new Map<string, Measured>(list.map((c) => [key(c), { config: c, results: [], processMs: [], failures: [] }]));
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
        const what = `${group}: (a) AppSynthesis.synth vs ${name.replace('/-', '').replace('/linear', ' AppSynthesis.synth').replace('/app', ' app.synth()')}`;
        if (cmp.diffs.length > 0) {
          checks.push(`FAILED ${what}: ${cmp.diffs.length} differences, first: ${cmp.diffs[0]}`);
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

function ratio(x: number, y: number): string {
  return Number.isNaN(x) || Number.isNaN(y) || y === 0 ? '—' : `${(x / y).toFixed(2)}×`;
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
  };
}

function table(rows: Map<string, Row>): string[] {
  const lines = [
    '| N | layout | variant | synthesis | runs | start-up + load | construct | synth to JSON | YAML writing | work (construct + synth + YAML) '
    + '| work CPU | whole `cdk8s synth` process | peak RSS MiB | work ÷ (b) | work CPU ÷ (b) | process ÷ (b) | work ÷ (c) | process ÷ (c) |',
    '|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows.values()) {
    const c = row.config;
    // (b) with the same synthesis path as the row; (c) of the same N and layout.
    const b = c.variant === 'a' || c.variant === 'd' ? rows.get(key({ ...c, variant: 'b' })) : undefined;
    const floor = c.variant !== 'c' ? rows.get(key({ ...c, variant: 'c', synth: '-' })) : undefined;
    lines.push(`| ${c.n.toLocaleString('en-US')} | ${c.layout} | ${VARIANT_LABEL[c.variant]} | ${SYNTH_LABEL[c.synth]} | ${row.runs} `
      + `| ${ms(row.startup)} | ${ms(row.construct)} | ${c.variant === 'c' ? '—' : ms(row.synth)} | ${ms(row.yaml)} | ${ms(row.work)} `
      + `| ${ms(row.cpu)} | ${ms(row.process)} | ${row.rss.toFixed(0)} `
      + `| ${b ? ratio(row.work, b.work) : ''} | ${b ? ratio(row.cpu, b.cpu) : ''} | ${b ? ratio(row.process, b.process) : ''} `
      + `| ${floor ? ratio(row.work, floor.work) : ''} | ${floor ? ratio(row.process, floor.process) : ''} |`);
  }
  return lines;
}

function targets(rows: Map<string, Row>): string[] {
  const get = (variant: Variant, synth: SynthPath, n: number, layout: Layout) => rows.get(key({ variant, synth, n, layout }));
  const lines: string[] = [];
  const verdict = (values: number[], limit: number) => (values.some(Number.isNaN) ? 'not measured'
    : values.every((v) => v <= limit) ? 'MET' : values.some((v) => v <= limit) ? 'MET on one measure only' : 'NOT MET');
  const x = (v: number) => `${v.toFixed(2)}×`;
  const a1000 = get('a', 'linear', 1000, 'one-chart');
  const bApp1000 = get('b', 'app', 1000, 'one-chart');
  const bLin1000 = get('b', 'linear', 1000, 'one-chart');
  if (a1000 && bApp1000 && bLin1000) {
    const work = [a1000.work / bApp1000.work, a1000.work / bLin1000.work];
    const cpu = [a1000.cpu / bApp1000.cpu, a1000.cpu / bLin1000.cpu];
    lines.push(`- (a) within 1.15× of (b), N = 1,000, one chart: (b) with app.synth() / with AppSynthesis.synth: work ${x(work[0])} / ${x(work[1])}, `
      + `work CPU ${x(cpu[0])} / ${x(cpu[1])}, whole process ${x(a1000.process / bApp1000.process)} / ${x(a1000.process / bLin1000.process)}: `
      + `${verdict([...work, ...cpu], 1.15)}`);
  }
  const aPer1000 = get('a', 'linear', 1000, 'chart-per-app');
  if (a1000 && aPer1000) {
    const r = [aPer1000.work / a1000.work, aPer1000.cpu / a1000.cpu];
    lines.push(`- (a) one chart per application within 1.3× of one chart, N = 1,000: work ${x(r[0])}, work CPU ${x(r[1])}, `
      + `whole process ${x(aPer1000.process / a1000.process)}: ${verdict(r, 1.3)}`);
  }
  for (const layout of LAYOUTS) {
    const big = get('a', 'linear', 1000, layout);
    const small = get('a', 'linear', 100, layout);
    if (big && small) {
      const r = [big.work / small.work, big.cpu / small.cpu];
      lines.push(`- (a) time(N = 1,000) ÷ time(N = 100) ≤ 11, ${layout}: work ${r[0].toFixed(1)}, work CPU ${r[1].toFixed(1)}, `
        + `whole process ${(big.process / small.process).toFixed(1)} (for comparison (b) with AppSynthesis.synth: work `
        + `${((get('b', 'linear', 1000, layout)?.work ?? NaN) / (get('b', 'linear', 100, layout)?.work ?? NaN)).toFixed(1)}): ${verdict(r, 11)}`);
    }
  }
  for (const n of [100, 1000]) {
    const lin = get('a', 'linear', n, 'chart-per-app');
    const app = get('a', 'app', n, 'chart-per-app');
    const bApp = get('b', 'app', n, 'chart-per-app');
    const bLin = get('b', 'linear', n, 'chart-per-app');
    if (lin && app && bApp && bLin) {
      lines.push(`- synthesis paths, N = ${n.toLocaleString('en-US')}, one chart per application, synth to JSON: (a) ${ms(lin.synth)} ms with `
        + `AppSynthesis.synth, ${ms(app.synth)} ms with app.synth(); (b) ${ms(bLin.synth)} ms with AppSynthesis.synth, ${ms(bApp.synth)} ms with app.synth()`);
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------

function main(): void {
  const started = performance.now();
  const startedAt = new Date();
  const loadAtStart = loadAverage();
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
  const minutes = (performance.now() - started) / 60_000;

  const report = [
    `## ${scale ? `Scale: ${scaleN.toLocaleString('en-US')} applications` : quick ? 'Quick run' : 'Full run'} — ${startedAt.toISOString()}`,
    '',
    'Machine:',
    '',
    ...machine(),
    `- load average (1, 5, 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end`,
    `- duration of this bench run: ${minutes.toFixed(1)} minutes`,
    '',
    'Medians of the runs, in milliseconds. Work = construct + synth to JSON + YAML writing, in the process; whole process = the `cdk8s synth` '
    + 'command from start to end (node, tsx, the CLI, loading the modules, the work). Ratios: (a) against (b) with the same synthesis, '
    + 'and every variant against (c) of the same N and layout.',
    '',
    ...table(rows),
    '',
    ...(scale ? [] : ['Targets (medians; MET when both the wall time and the CPU time of the work are within the target):', '', ...targets(rows), '']),
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
