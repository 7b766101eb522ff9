/**
 * The package as users get it: packed from the compiled library (`npm pack`, the `files` of package.json), its contents
 * audited; a new application repository made by its command (`cdk8s-appflow init`), installed from the tarball (npm
 * only), synthesized with the cdk8s CLI (the validation plugin and the change guard of its cdk8s.yaml) and tested; and
 * ManifestValidator used from the installed package, with no ../shared anywhere (CDK8S_APPFLOW_SHARED points at a
 * folder that does not exist, and the app sits outside the repository).
 *
 * Not part of the main jest run: `npx projen test:package` (spawned by `npm test` after the jsii build of
 * api-docs:check) completes lib/ and runs it. Alone: `npx projen compile && npx projen test:package`.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const timings: string[] = [];

let tmp: string;
let tarball: string;
let packed: { size: number; unpackedSize: number; files: Array<{ path: string; size: number }> };
let extracted: string;
let app: string;

/**
 * The environment of the user's commands: without the npm_* variables of the `npm test` that runs this file (they
 * would point npm at this repository), with no shared folder, no upgrade check, and CI as this run has it.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, CDK8S_APPFLOW_SHARED: path.join(tmp, 'no-shared-folder'), CDK8S_CHECK_UPGRADE: 'false', ...extra };
}

/** Runs a command, timed; fails with its output when it fails (unless `allowFailure`). */
function run(
  what: string, command: string, args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
): SpawnSyncReturns<string> {
  const start = Date.now();
  const p = spawnSync(command, args, { cwd, env: options.env ?? userEnv(), encoding: 'utf-8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  timings.push(`${what}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
  if (!options.allowFailure && p.status !== 0) {
    throw new Error(`${what} (${command} ${args.join(' ')} in ${cwd}) failed with exit code ${p.status}${p.error ? ` (${p.error.message})` : ''}:\n${p.stdout}\n${p.stderr}`);
  }
  return p;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-package-'));
  for (const built of ['lib/src/index.js', 'lib/src/starter/starter.js', 'lib/src/testing/kubernetes-apis.json', 'lib/crds/monitoring.coreos.com.yaml', '.jsii']) {
    if (!fs.existsSync(path.join(REPO, built))) {
      throw new Error(`${built} is missing: this test packs the compiled library. Run \`npx projen compile\` first (npm test runs it after the jsii build).`);
    }
  }
  const pack = run('npm pack', 'npm', ['pack', '--json', '--pack-destination', tmp], REPO, { env: userEnv() });
  const [result] = JSON.parse(pack.stdout);
  packed = result;
  tarball = path.join(tmp, result.filename);
  extracted = path.join(tmp, 'extracted');
  fs.mkdirSync(extracted);
  run('tar', 'tar', ['xzf', tarball, '-C', extracted], tmp);
}, 120_000);

afterAll(() => {
  process.stdout.write(`test/package timings: ${timings.join(', ')}\n`);
  if (tmp) {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

describe('the tarball', () => {
  test('holds the compiled library, its built-in data, the starter and the jsii assembly; nothing else of the working tree', () => {
    const files = packed.files.map((f) => f.path);
    const allowed = [
      /^package\.json$/, /^README\.md$/, /^LICENSE$/, /^\.jsii$/,
      /^lib\/.+\.(js|d\.ts)$/, /^lib\/src\/testing\/kubernetes-apis\.json$/, /^lib\/crds\/[a-z0-9.-]+\.yaml$/,
      /^bin\/cdk8s-appflow$/, /^starter\/[^/]+$/,
      /^node_modules\/yaml\//, // the bundled dependency
    ];
    expect(files.filter((f) => !allowed.some((a) => a.test(f)))).toEqual([]);
    // What the issue found in it, and what must never be in it.
    expect(files.filter((f) => /\.tgz$|API\.generated\.md$|^(src|test|docs|examples|bench|projenrc|\.scratch|coverage|dist|imports)\//.test(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining([
      'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/plugin/index.js', 'lib/src/guard/plugin.js', 'lib/src/starter/starter.js',
      'lib/src/testing/kubernetes-apis.json', 'bin/cdk8s-appflow', '.jsii',
      'lib/crds/external-secrets.io.yaml', 'lib/crds/gateway.networking.k8s.io.yaml', 'lib/crds/keda.sh.yaml', 'lib/crds/monitoring.coreos.com.yaml',
      'starter/main.ts', 'starter/main.test.ts', 'starter/cdk8s.yaml', 'starter/README.md', 'starter/gitignore', 'starter/tsconfig.json',
      'starter/yaml-snapshot-serializer.js',
    ]));
  });

  test('is small: under 3 MB packed, 16 MB unpacked (docs/development.md says what it is)', () => {
    const data = packed.files.filter((f) => f.path === 'lib/src/testing/kubernetes-apis.json' || f.path.startsWith('lib/crds/'));
    expect(data.reduce((sum, f) => sum + f.size, 0)).toBeLessThan(1024 * 1024);
    expect(packed.size).toBeLessThan(3 * 1024 * 1024);
    expect(packed.unpackedSize).toBeLessThan(16 * 1024 * 1024);
    process.stdout.write(`test/package: the tarball is ${(packed.size / 1024 / 1024).toFixed(2)} MB packed, ${(packed.unpackedSize / 1024 / 1024).toFixed(2)} MB unpacked, ${packed.files.length} files\n`);
  });

  test('its command refuses what it cannot do, with the reason', () => {
    const bin = path.join(extracted, 'package', 'bin', 'cdk8s-appflow');
    const taken = path.join(tmp, 'taken');
    fs.mkdirSync(taken);
    fs.writeFileSync(path.join(taken, 'notes.txt'), 'mine');
    const refused = run('init (refused)', process.execPath, [bin, 'init', taken], tmp, { allowFailure: true });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`cdk8s-appflow init: invalid directory ${JSON.stringify(taken)}: ${taken} is not empty (notes.txt); nothing was written. Expected a new or empty directory.\n`);
    expect(fs.readdirSync(taken)).toEqual(['notes.txt']);
  });
});

describe('a new application repository from the tarball', () => {
  beforeAll(() => {
    app = path.join(tmp, 'shop-web');
    const bin = path.join(extracted, 'package', 'bin', 'cdk8s-appflow');
    const init = run('cdk8s-appflow init', process.execPath, [bin, 'init', app], tmp);
    expect(init.stdout).toContain(`Wrote the application shop-web into ${app}: .gitignore, README.md, cdk8s.yaml, main.test.ts, main.ts, package.json, tsconfig.json, yaml-snapshot-serializer.js.`);
    // As a user installs a package that is not published yet: its tarball, with the rest from the npm registry.
    run('npm install', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  }, 600_000);

  test('installs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf-8'));
    expect(pkg.dependencies['cdk8s-appflow']).toMatch(/^file:.*\.tgz$/);
    expect(fs.existsSync(path.join(app, 'node_modules', 'cdk8s-appflow', 'lib', 'crds', 'keda.sh.yaml'))).toBe(true);
  });

  test('synthesizes: the manifests in dist/, checked by the validation plugin (custom resources against the built-in CRDs) and the change guard', () => {
    const synth = run('cdk8s synth', 'npx', ['cdk8s', 'synth'], app);
    const output = `${synth.stdout}\n${synth.stderr}`;
    const yaml = fs.readFileSync(path.join(app, 'dist', 'shop-web.k8s.yaml'), 'utf-8');
    expect([...yaml.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]).sort()).toEqual(['ConfigMap', 'Deployment', 'Ingress', 'PodDisruptionBudget', 'PrometheusRule', 'Service']);
    expect(yaml).toMatch(/^ {2}namespace: shop-web$/m);
    expect(output).toContain('Validations ended succesfully'); // sic: the cdk8s CLI's words
    expect(output).toMatch(/Checked\s+│ 6 objects in 1 files/);
    // The PrometheusRule was checked against its CRD: nothing is listed as not schema-checked.
    expect(output).not.toContain('crdFiles');
    expect(output).toContain('no baseline (the baseline directory');
  }, 120_000);

  test('a misspelt prop fails the synth: the type check runs first', () => {
    const main = path.join(app, 'main.ts');
    const original = fs.readFileSync(main, 'utf-8');
    try {
      fs.writeFileSync(main, original.replace(/^(\s*)name: /m, '$1replica: 3,\n$1name: '));
      const synth = run('cdk8s synth (a misspelt prop)', 'npx', ['cdk8s', 'synth'], app, { allowFailure: true });
      expect(synth.status).not.toBe(0);
      expect(`${synth.stdout}${synth.stderr}`).toMatch(
        /main\.ts\(\d+,\d+\): error TS2561: Object literal may only specify known properties, but 'replica' does not exist in type 'WebServiceProps'\. Did you mean to write 'replicas'\?/);
    } finally {
      fs.writeFileSync(main, original);
    }
  }, 120_000);

  test('its tests pass: the type check, then the YAML snapshot through the strict validator (written on the first run, compared in CI)', () => {
    const first = run('npm test (writes the snapshot)', 'npm', ['test'], app, { env: userEnv({ CI: 'false' }) });
    expect(`${first.stdout}${first.stderr}`).toContain('1 snapshot written');
    const snapshot = fs.readFileSync(path.join(app, '__snapshots__', 'main.test.ts.snap'), 'utf-8');
    expect(snapshot).toContain('# PrometheusRule shop-web/shop-web-alerts (monitoring.coreos.com/v1)');
    const ci = run('npm test (CI)', 'npm', ['test'], app, { env: userEnv({ CI: 'true' }) });
    expect(`${ci.stdout}${ci.stderr}`).toMatch(/Snapshots:\s+1 passed, 1 total/);
  }, 120_000);

  test('ManifestValidator works from the installed package, with no schema file anywhere', () => {
    const script = `
      const { ManifestValidator, KubernetesVersion } = require('cdk8s-appflow');
      const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'web', namespace: 'shop' },
        spec: { groups: [{ name: 'web', rules: [{ alert: 'Down', expr: 'up == 0' }] }] } };
      const badRule = { ...rule, spec: { groups: [{ name: 'web', rulez: [] }] } };
      const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: {}, template: {}, replica: 2 } };
      const v136 = ManifestValidator.forKubernetesVersion(KubernetesVersion.V1_36);
      const withoutCrds = ManifestValidator.forKubernetesVersion('1.30', { builtInCrds: false });
      const out = {
        rule: v136.problemsOf(rule),
        badRule: v136.problemsOf(badRule).map((p) => p.path + ': ' + p.message),
        deployment: v136.problemsOf(deployment).map((p) => p.path + ': ' + p.message),
        withoutCrds: withoutCrds.problemsOf(rule).map((p) => p.message),
        kinds: ['monitoring.coreos.com/v1/ServiceMonitor', 'gateway.networking.k8s.io/v1/HTTPRoute', 'external-secrets.io/v1/ExternalSecret', 'keda.sh/v1alpha1/ScaledObject']
          .filter((k) => v136.knownKinds.includes(k)),
      };
      process.stdout.write(JSON.stringify(out));
    `;
    const result = JSON.parse(run('ManifestValidator from the package', process.execPath, ['-e', script], app).stdout);
    expect(result.rule).toEqual([]);
    expect(result.badRule).toEqual([expect.stringMatching(/^spec\.groups\[0\]\.rulez: unknown field "rulez"/)]);
    expect(result.deployment).toEqual(expect.arrayContaining([expect.stringMatching(/^spec\.replica: unknown field "replica" \(did you mean "replicas"\?\)/)]));
    expect(result.withoutCrds).toEqual(['no schema for monitoring.coreos.com/v1 PrometheusRule; load the CRD that defines it']);
    expect(result.kinds).toHaveLength(4);
  });
});
