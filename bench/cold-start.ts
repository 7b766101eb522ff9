/**
 * Cold start: how long `require('cdk8s-appflow')` takes in a fresh node process, against `require('cdk8s-plus-34')`
 * and `require('cdk8s')` alone, and which modules the time goes to.
 *
 *   npx jsii --silence-warnings=reserved-word   # the compiled library, lib/ (what package.json's main points to)
 *   npx tsx bench/cold-start.ts [--runs 11] [--lib lib/src/index.js] [--report <file>]
 *
 * For each module: the wall time of the whole `node -e "require('<module>')"` process, and the time of the
 * require() alone measured inside it; medians of the runs, the runs of the modules interleaved. The compile task
 * makes the library's index load lazily (projenrc/lazy-exports.ts), so the first use matters more than the
 * require(): the same for a minimal application of each, synthesized to JSON. Then, in a few more processes, every
 * module load of that first use is timed (a hook on Module._load): the self time of each file (its load minus the
 * loads it started), summed by package or by folder of the library.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

const REPO = path.resolve(__dirname, '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(option('runs') ?? 11);
const lib = path.resolve(REPO, option('lib') ?? 'lib/src/index.js');
const libRoot = path.resolve(path.dirname(lib), '..');
const reportFile = option('report');

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function newestSource(): { file: string; mtime: number } {
  let newest = { file: '', mtime: 0 };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.ts')) {
        const mtime = fs.statSync(full).mtimeMs;
        if (mtime > newest.mtime) {
          newest = { file: path.relative(REPO, full), mtime };
        }
      }
    }
  };
  walk(path.join(REPO, 'src'));
  walk(path.join(REPO, 'imports'));
  return newest;
}

/** The snippet run by `node -e`: requires the module and prints how long the require took, in ms. */
function snippet(module: string | undefined): string {
  if (module === undefined) {
    return 'const t = process.hrtime.bigint(); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));';
  }
  return `const t = process.hrtime.bigint(); require(${JSON.stringify(module)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
}

/**
 * The snippet of the breakdown: a hook on Module._load times every load; prints, per file, the time of its load
 * minus the loads it started (its self time).
 */
function breakdownSnippet(code: string): string {
  return `
const Module = require('module');
const load = Module._load;
const self = new Map();
const parents = new Map();
const stack = [];
Module._load = function (request, parent, isMain) {
  let file;
  try { file = Module._resolveFilename(request, parent, isMain); } catch { file = request; }
  if (Module._cache[file] || !file.startsWith('/')) { return load.apply(this, arguments); }
  if (parent && parent.filename && !parents.has(file)) { parents.set(file, parent.filename); }
  const start = process.hrtime.bigint();
  stack.push(0n);
  try {
    return load.apply(this, arguments);
  } finally {
    const total = process.hrtime.bigint() - start;
    const children = stack.pop();
    if (stack.length > 0) { stack[stack.length - 1] += total; }
    self.set(file, (self.get(file) || 0n) + total - children);
  }
};
const t = process.hrtime.bigint();
${code}
const total = Number(process.hrtime.bigint() - t) / 1e6;
process.stdout.write(JSON.stringify({ total, self: [...self].map(([f, ns]) => [f, Number(ns) / 1e6]), parents: [...parents] }));
`;
}

/** What the breakdown snippet prints: the require's time, the self time of each file, the file that first loaded each file. */
interface Breakdown {
  readonly total: number;
  readonly self: Array<[string, number]>;
  readonly parents: Array<[string, string]>;
}

function nodeE(code: string): { wallMs: number; stdout: string } {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, ['-e', code], { cwd: REPO, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (p.status !== 0) {
    throw new Error(`cold-start: node -e failed: ${p.stderr}`);
  }
  return { wallMs, stdout: p.stdout };
}

/**
 * The group of a loaded file: the package of node_modules (a copy nested in another package's node_modules is
 * named with it: `yaml (in cdk8s)`), or the folder of the library.
 */
function groupOf(file: string): string {
  const parts = file.split('/node_modules/').slice(1);
  if (parts.length > 0) {
    const names = parts.map((p) => {
      const rest = p.split('/');
      return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    });
    const name = names[names.length - 1];
    return names.length > 1 ? `${name} (in ${names.slice(0, -1).join('/')})` : name;
  }
  if (file.startsWith(`${libRoot}/`)) {
    const rel = path.relative(libRoot, file).split(path.sep);
    return rel[0] === 'imports' ? `cdk8s-appflow: ${rel.join('/')}` : `cdk8s-appflow: ${rel.slice(0, Math.min(rel.length - 1, 2)).join('/') || rel.join('/')}/`;
  }
  return file.startsWith('/') ? 'node: other files' : `node: ${file}`;
}

function main(): void {
  if (!fs.existsSync(lib)) {
    throw new Error(`cold-start: ${path.relative(REPO, lib)} does not exist. Build the library first: npx jsii --silence-warnings=reserved-word`);
  }
  const lines: string[] = [];
  const out = (line = '') => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  const builtAt = fs.statSync(lib).mtimeMs;
  const newest = newestSource();
  const cpus = os.cpus();
  out(`## Cold start — ${new Date().toISOString()}`);
  out();
  out(`- ${cpus[0]?.model ?? 'CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node.js ${process.version}; load average at the start ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  out(`- the library: ${path.relative(REPO, lib)}, built ${new Date(builtAt).toISOString()}`
    + (newest.mtime > builtAt ? ` — WARNING: ${newest.file} is newer (rebuild with npx jsii --silence-warnings=reserved-word)` : ' (newer than every source file)'));
  out(`- ${runs} runs of each, interleaved; medians`);
  out();

  const subjects: Array<{ name: string; module?: string }> = [
    { name: 'node alone (`node -e ""`)' },
    { name: '`require(\'cdk8s\')`', module: 'cdk8s' },
    { name: '`require(\'cdk8s-plus-34\')`', module: 'cdk8s-plus-34' },
    { name: '`require(\'cdk8s-appflow\')`', module: lib },
  ];
  const wall = subjects.map(() => [] as number[]);
  const inner = subjects.map(() => [] as number[]);
  // One unmeasured round: the file cache.
  subjects.forEach((s) => nodeE(snippet(s.module)));
  for (let r = 0; r < runs; r++) {
    subjects.forEach((s, i) => {
      const { wallMs, stdout } = nodeE(snippet(s.module));
      wall[i].push(wallMs);
      inner[i].push(Number(stdout));
    });
  }
  const w = wall.map(median);
  const q = inner.map(median);
  const plus = 2;
  const appflow = 3;
  out('| what | whole process (ms) | the require() in it (ms) | process ÷ cdk8s-plus-34 | require ÷ cdk8s-plus-34 |');
  out('|---|---:|---:|---:|---:|');
  subjects.forEach((s, i) => {
    out(`| ${s.name} | ${w[i].toFixed(0)} | ${q[i].toFixed(0)} | ${(w[i] / w[plus]).toFixed(2)}× | ${i === 0 ? '—' : `${(q[i] / q[plus]).toFixed(2)}×`} |`);
  });
  out();
  out(`cdk8s-appflow against cdk8s-plus-34: ${(w[appflow] / w[plus]).toFixed(2)}× the whole process, ${(q[appflow] / q[plus]).toFixed(2)}× the require() `
    + `(target: within 1.2×: ${w[appflow] / w[plus] <= 1.2 ? 'MET' : 'NOT MET'}); what cdk8s-appflow adds to cdk8s-plus-34: ${(q[appflow] - q[plus]).toFixed(0)} ms.`);
  out();

  // The require() alone says little when the index loads lazily: the first use is what a user waits for. A minimal
  // application of each (its own objects: a WebService makes more of them than a Deployment and its Service).
  const firstUse: Array<{ name: string; code: string }> = [
    {
      name: '`require(\'cdk8s-plus-34\')`, a Deployment and `exposeViaService()`, `chart.toJson()`',
      code: 'const p = require(\'cdk8s-plus-34\'); const { App, Chart } = require(\'cdk8s\'); const c = new Chart(new App(), \'c\'); '
        + 'new p.Deployment(c, \'web\', { containers: [{ image: \'nginx:1.27.3\', portNumber: 8080 }] }).exposeViaService(); const objects = c.toJson().length;',
    },
    {
      name: '`require(\'cdk8s-appflow\')`, a `WebService` (name, image, port), `chart.toJson()`',
      code: `const m = require(${JSON.stringify(lib)}); const { App, Chart } = require('cdk8s'); const c = new Chart(new App(), 'c'); `
        + 'new m.WebService(c, \'web\', { name: \'web\', image: m.ContainerImage.fromReference(\'nginx:1.27.3\'), port: 8080 }); '
        + 'const objects = c.toJson().length;',
    },
  ];
  const useWall = firstUse.map(() => [] as number[]);
  const useInner = firstUse.map(() => [] as number[]);
  const useObjects = firstUse.map(() => 0);
  for (let r = 0; r < runs; r++) {
    firstUse.forEach((u, i) => {
      const { wallMs, stdout } = nodeE(`const t = process.hrtime.bigint(); ${u.code} `
        + 'process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - t) / 1e6, objects }));');
      const parsed = JSON.parse(stdout.trim().split('\n').pop()!);
      useWall[i].push(wallMs);
      useInner[i].push(parsed.ms);
      useObjects[i] = parsed.objects;
    });
  }
  out('First use: the require() and a minimal application synthesized to JSON, in a fresh process:');
  out();
  out('| what | objects | whole process (ms) | require + construct + toJson (ms) | process ÷ cdk8s-plus-34 | ÷ cdk8s-plus-34 |');
  out('|---|---:|---:|---:|---:|---:|');
  firstUse.forEach((u, i) => {
    out(`| ${u.name} | ${useObjects[i]} | ${median(useWall[i]).toFixed(0)} | ${median(useInner[i]).toFixed(0)} `
      + `| ${(median(useWall[i]) / median(useWall[0])).toFixed(2)}× | ${(median(useInner[i]) / median(useInner[0])).toFixed(2)}× |`);
  });
  out();

  // The breakdown of require('cdk8s-appflow').
  const breakdownRuns = Math.max(3, Math.min(runs, 5));
  const groups = new Map<string, number[]>();
  const files = new Map<string, number[]>();
  const loadedBy = new Map<string, string>();
  const totals: number[] = [];
  for (let r = 0; r < breakdownRuns; r++) {
    const result = JSON.parse(nodeE(breakdownSnippet(firstUse[1].code)).stdout) as Breakdown;
    totals.push(result.total);
    // Who loads each group first: the first file of another group that requires a file of it.
    for (const [file, parent] of result.parents) {
      const g = groupOf(file);
      if (!loadedBy.has(g) && groupOf(parent) !== g) {
        loadedBy.set(g, parent.startsWith(REPO) ? path.relative(REPO, parent) : parent);
      }
    }
    const byGroup = new Map<string, number>();
    for (const [file, ms] of result.self) {
      byGroup.set(groupOf(file), (byGroup.get(groupOf(file)) ?? 0) + ms);
      files.set(file, [...(files.get(file) ?? []), ms]);
    }
    for (const [g, ms] of byGroup) {
      groups.set(g, [...(groups.get(g) ?? []), ms]);
    }
  }
  const total = median(totals);
  out(`Where the time of the first use of cdk8s-appflow (the last row above) goes (self time of each module, summed by package or folder; medians of ${breakdownRuns} `
    + `processes with a timing hook on Module._load, which adds its own overhead: it took ${total.toFixed(0)} ms in them):`);
  out();
  out('| package or folder | self time (ms) | share | first loaded by |');
  out('|---|---:|---:|---|');
  const sorted = [...groups].map(([g, v]) => [g, median(v)] as const).sort((a, b) => b[1] - a[1]);
  for (const [g, ms] of sorted) {
    if (ms >= 1) {
      out(`| ${g} | ${ms.toFixed(0)} | ${((ms / total) * 100).toFixed(0)}% | ${loadedBy.get(g)?.replace(/^.*\/node_modules\//, '') ?? ''} |`);
    }
  }
  out();
  out('The heaviest files:');
  out();
  out('| file | self time (ms) | size (KiB) |');
  out('|---|---:|---:|');
  const heavy = [...files].map(([f, v]) => [f, median(v)] as const).sort((a, b) => b[1] - a[1]).slice(0, 12);
  for (const [f, ms] of heavy) {
    const size = fs.existsSync(f) ? (fs.statSync(f).size / 1024).toFixed(0) : '?';
    out(`| ${f.startsWith(REPO) ? path.relative(REPO, f) : f} | ${ms.toFixed(0)} | ${size} |`);
  }
  out();
  const crd = sorted.filter(([g]) => g.startsWith('cdk8s-appflow: imports/')).reduce((s, [, ms]) => s + ms, 0);
  out(`The CRD classes (lib/imports/*.js) take ${crd.toFixed(0)} ms of it (${((crd / total) * 100).toFixed(0)}%). `
    + `Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`);
  if (reportFile) {
    fs.writeFileSync(reportFile, `${lines.join('\n')}\n`);
  }
}

main();
