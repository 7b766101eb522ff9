/**
 * The test command that CI runs (`npm test`, see README and .ci/run) fails on a changed snapshot, never
 * writes a missing one in CI, and fails when the schema files of the strict validator are missing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';

const tasks = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf-8'));
const JEST = path.join(REPO_ROOT, 'node_modules', '.bin', 'jest');

/** The arguments of the jest step of the `test` task (what `npm test` runs). */
function jestArgsOfTestTask(): string[] {
  const steps: any[] = tasks.test.steps;
  const jest = steps.find((s) => (s.exec ?? '').startsWith('jest') || s.execArgs?.[0] === 'jest');
  expect(jest).toBeDefined();
  return jest.execArgs ? jest.execArgs.slice(1) : jest.exec.split(/\s+/).slice(1);
}

function runJest(args: string[], env: Record<string, string | undefined>, cwd = REPO_ROOT) {
  const result = spawnSync(JEST, args, {
    cwd,
    env: { ...process.env, CI: undefined, JEST_WORKER_ID: undefined, ...env },
    encoding: 'utf-8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('npm test', () => {
  test('is `projen test`, whose jest step never updates snapshots', () => {
    expect(pkg.scripts.test).toBe('projen test');
    const args = jestArgsOfTestTask();
    expect(args).not.toContain('--updateSnapshot');
    expect(args).not.toContain('-u');
    expect(args.join(' ')).not.toMatch(/--ci[= ]false/);
    // Snapshots are updated on purpose only, by a separate task.
    expect(JSON.stringify(tasks['test:update'].steps)).toContain('--updateSnapshot');
  });

  test('README shows the two set-up commands, and .ci/run runs exactly the test command, after installing promtool where it lacks', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf-8');
    expect(readme).toContain('npm ci && npx cdk8s synth');
    expect(readme).toContain('npm ci && npm test');
    const ci = fs.readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf-8');
    const commands = ci.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#') && !/^(set|cd|export) /.test(l));
    // The one tool the tests need beyond npm: promtool, from Debian's prometheus package (docs/development.md).
    expect(commands).toEqual([
      'if ! command -v promtool >/dev/null; then',
      '  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null',
      'fi',
      'npm ci && npm test',
    ]);
    expect(ci).toContain('export CI=true');
  });

  describe('snapshots', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-snapshot-'));
      fs.mkdirSync(path.join(dir, '__snapshots__'));
      fs.writeFileSync(path.join(dir, 'guard.test.js'), "test('yaml', () => { expect('---\\n# ConfigMap x (v1)\\nreplicas: 3\\n').toMatchSnapshot(); });\n");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function runTestTaskJest(ci: boolean) {
      const config = JSON.stringify({ rootDir: dir, testMatch: ['<rootDir>/*.test.js'], snapshotFormat: pkg.jest.snapshotFormat });
      return runJest([...jestArgsOfTestTask(), '--config', config], { CI: ci ? 'true' : undefined }, dir);
    }

    test.each([[false], [true]])('a changed snapshot fails the test task\'s jest (CI=%s)', (ci) => {
      const snap = path.join(dir, '__snapshots__', 'guard.test.js.snap');
      fs.writeFileSync(snap, '// Jest Snapshot v1, https://jestjs.io/docs/snapshot-testing\n\nexports[`yaml 1`] = `\n"---\n# ConfigMap x (v1)\nreplicas: 2\n"\n`;\n');
      const before = fs.readFileSync(snap, 'utf-8');
      const { status, output } = runTestTaskJest(ci);
      expect(status).not.toBe(0);
      expect(output).toMatch(/1 snapshot failed/);
      expect(output).toMatch(/-\s+replicas: 2\n\s+\+\s+replicas: 3/);
      // ... and the stored snapshot is left as it was.
      expect(fs.readFileSync(snap, 'utf-8')).toBe(before);
    });

    test('in CI, a missing snapshot fails instead of being written', () => {
      const { status, output } = runTestTaskJest(true);
      expect(status).not.toBe(0);
      expect(output).toMatch(/New snapshot was not written/);
      expect(fs.existsSync(path.join(dir, '__snapshots__', 'guard.test.js.snap'))).toBe(false);
    });
  });

  test('fails, and says where it looked, when the schema files of the strict validator are missing', () => {
    const nowhere = path.join(os.tmpdir(), 'appflow-no-shared-here');
    const { status, output } = runJest(
      [...jestArgsOfTestTask(), '--coverage=false', 'test/testing/manifest-yaml.test.ts'],
      { CDK8S_APPFLOW_SHARED: nowhere, CI: 'true' },
    );
    expect(status).not.toBe(0);
    expect(output).toContain(`Looked in ${nowhere}`);
    expect(output).toContain(`${nowhere}/schemas/kubernetes-v1.27.0.json (missing)`);
    expect(output).not.toMatch(/Tests:.*passed/);
  });
});
