/**
 * Determinism of synth: the examples app (cdk8s.yaml `app:`, examples/main.ts) synthesized twice with the real
 * `cdk8s synth` gives byte-identical output, and once more run directly from another working directory, in another
 * time zone and locale, gives the same again: every file (YAML, kustomization, topology pictures, published URLs, image
 * build plans, Helm chart), byte for byte.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';

const BIN = path.join(REPO_ROOT, 'node_modules', '.bin');

/** The environment of a run: the test's, without what would make two runs differ for reasons of their own. */
function environment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.CDK8S_OUTDIR;
  delete env.CDK8S_RECORD_CONSTRUCT_METADATA;
  return { ...env, ...overrides };
}

function check(what: string, result: SpawnSyncReturns<string>): void {
  if (result.error || result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** `cdk8s synth --output <out>`, as test/project/cdk8s-synth.test.ts runs it. */
function cdk8sSynth(out: string, env: Record<string, string>): void {
  check('cdk8s synth', spawnSync(path.join(BIN, 'cdk8s'), ['synth', '--output', out], {
    cwd: REPO_ROOT, env: environment(env), encoding: 'utf-8', timeout: 180_000,
  }));
}

/**
 * The app command of cdk8s.yaml (`tsx --tsconfig tsconfig.dev.json examples/main.ts`) run directly, with absolute
 * paths, from another working directory, with the environment that `cdk8s synth` gives it: the output folder
 * (CDK8S_OUTDIR), and construct metadata recorded when cdk8s.yaml has validations (`construct-metadata.json`).
 */
function appFrom(cwd: string, out: string, env: Record<string, string>): void {
  const config = fs.readFileSync(path.join(REPO_ROOT, 'cdk8s.yaml'), 'utf-8');
  expect(/^app:\s*(.+)$/m.exec(config)?.[1].trim()).toBe('npx tsx --tsconfig tsconfig.dev.json examples/main.ts');
  const recordMetadata = /^validations:/m.test(config) ? 'true' : 'false';
  check('the examples app', spawnSync(path.join(BIN, 'tsx'), ['--tsconfig', path.join(REPO_ROOT, 'tsconfig.dev.json'), path.join(REPO_ROOT, 'examples', 'main.ts')], {
    cwd, env: environment({ ...env, CDK8S_OUTDIR: out, CDK8S_RECORD_CONSTRUCT_METADATA: recordMetadata }), encoding: 'utf-8', timeout: 180_000,
  }));
}

/** Every file under a folder, as sorted paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  }).sort();
}

/** The first difference between two outputs, or undefined when they are byte-identical. */
function firstDifference(a: string, b: string): string | undefined {
  const filesA = filesUnder(a);
  const filesB = filesUnder(b);
  if (JSON.stringify(filesA) !== JSON.stringify(filesB)) {
    const onlyA = filesA.filter((f) => !filesB.includes(f));
    const onlyB = filesB.filter((f) => !filesA.includes(f));
    return `the files differ: only in the first ${JSON.stringify(onlyA)}, only in the second ${JSON.stringify(onlyB)}`;
  }
  for (const file of filesA) {
    const bytesA = fs.readFileSync(path.join(a, file));
    const bytesB = fs.readFileSync(path.join(b, file));
    if (!bytesA.equals(bytesB)) {
      const linesA = bytesA.toString('utf-8').split('\n');
      const linesB = bytesB.toString('utf-8').split('\n');
      const line = linesA.findIndex((l, i) => l !== linesB[i]);
      return `${file} differs at line ${line + 1}:\n  ${JSON.stringify(linesA[line])}\n  ${JSON.stringify(linesB[line])}`;
    }
  }
  return undefined;
}

test('synth twice, and from another working directory, time zone and locale: byte-identical output', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-determinism-'));
  try {
    const [first, second, third] = ['first', 'second', 'third'].map((name) => path.join(root, name));
    const elsewhere = path.join(root, 'elsewhere', 'deeper');
    fs.mkdirSync(elsewhere, { recursive: true });

    cdk8sSynth(first, { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });
    cdk8sSynth(second, { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });
    // UTC+14 (another day than UTC for part of every day), and a locale whose case mapping differs ("I" → "ı").
    appFrom(elsewhere, third, { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });

    // The output holds every kind of file synth writes: the manifests, the side files beside them, the Helm chart.
    const files = filesUnder(first);
    const sideFiles = filesUnder(`${first}-side-files`);
    expect(files.filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThanOrEqual(11);
    expect(sideFiles.filter((f) => f.endsWith('.topology.md')).length).toBeGreaterThanOrEqual(11);
    expect(sideFiles.some((f) => f.startsWith('urls/'))).toBe(true);
    expect(sideFiles.some((f) => f.startsWith('images/'))).toBe(true);
    expect(filesUnder(`${first}-helm`)).toContain('Chart.yaml');

    for (const suffix of ['', '-side-files', '-helm']) {
      expect(firstDifference(`${first}${suffix}`, `${second}${suffix}`)).toBeUndefined();
      expect(firstDifference(`${first}${suffix}`, `${third}${suffix}`)).toBeUndefined();
    }
    // Nothing was written into the other working directory.
    expect(filesUnder(path.join(root, 'elsewhere'))).toEqual([]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 600_000);
