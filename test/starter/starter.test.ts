/**
 * The app-repo starter (`npx cdk8s-appflow init <dir>`), from the sources: what it writes, from which templates, and
 * what it refuses. The repository it makes is installed, synthesized and tested from the packed tarball in
 * test/package/package.test.ts (the templates hold `{{name}}` where the application name goes, so main.ts is
 * type-checked here, by tsconfig.dev.json, and synthesized there).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { appNameOf, runCommand, starterPackageJson, writeStarter } from '../../src/starter/starter';
import { REPO_ROOT } from '../support/shared';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-starter-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the command; returns its exit code and what it wrote. */
function command(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCommand(args, (t) => { out += t; }, (t) => { err += t; });
  return { code, out, err };
}

const LIBRARY = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf-8'));

test('writes a ready repository into a new directory, named after it', () => {
  const dir = path.join(tmp, 'Shop_Web');
  const result = writeStarter(dir);
  expect(result).toEqual({
    directory: dir,
    name: 'shop-web',
    files: ['.gitignore', 'README.md', 'cdk8s.yaml', 'main.test.ts', 'main.ts', 'package.json', 'tsconfig.json', 'yaml-snapshot-serializer.js'],
  });
  expect(fs.readdirSync(dir).sort()).toEqual(result.files);
  // The templates, with the name put in.
  for (const file of ['main.ts', 'main.test.ts', 'cdk8s.yaml', 'README.md', 'tsconfig.json', 'yaml-snapshot-serializer.js']) {
    const template = fs.readFileSync(path.join(REPO_ROOT, 'starter', file), 'utf-8');
    expect(fs.readFileSync(path.join(dir, file), 'utf-8')).toBe(template.replace(/\{\{name\}\}/g, 'shop-web'));
  }
  expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf-8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'starter', 'gitignore'), 'utf-8'));
  expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf-8')).toContain('super(scope, id, { namespace: \'shop-web\', ...props });');
  expect(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')).toBe(starterPackageJson('shop-web', LIBRARY));
});

test('an empty directory is fine; a non-empty one or a file is refused, and nothing is written', () => {
  expect(writeStarter(tmp).name).toMatch(/^appflow-starter-/);
  const taken = path.join(tmp, 'taken');
  fs.mkdirSync(taken);
  for (const f of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) {
    fs.writeFileSync(path.join(taken, f), '');
  }
  expect(() => writeStarter(taken)).toThrow(`cdk8s-appflow init: invalid directory ${JSON.stringify(taken)}: ${taken} is not empty (a, b, c, d, e, and 2 more); `
    + 'nothing was written. Expected a new or empty directory.');
  expect(fs.readdirSync(taken)).toHaveLength(7);
  const file = path.join(tmp, 'file');
  fs.writeFileSync(file, '');
  expect(() => writeStarter(file)).toThrow(`cdk8s-appflow init: invalid directory ${JSON.stringify(file)}: ${file} is a file. Expected a new or empty directory.`);
});

test('the application name: a DNS-1123 label from the directory\'s name, or a refusal that says why', () => {
  expect(appNameOf('/x/Shop Web')).toBe('shop-web');
  expect(appNameOf('/x/--my..app--')).toBe('my-app');
  expect(appNameOf(`/x/${'a'.repeat(39)}-b`)).toBe('a'.repeat(39));
  for (const bad of ['/x/123', '/x/___']) {
    expect(() => appNameOf(bad)).toThrow(`cdk8s-appflow init: invalid directory ${JSON.stringify(bad)}: its name ${JSON.stringify(path.basename(bad))} makes no `
      + 'application name (the chart, the namespace and the Service are named after it). Expected a name that starts with a letter, e.g. "shop-web".');
  }
});

test('package.json: the versions of cdk8s and the tools this version of the library is tested with', () => {
  const pkg = JSON.parse(starterPackageJson('shop-web', LIBRARY));
  const plus = Object.keys(LIBRARY.peerDependencies).find((p) => p.startsWith('cdk8s-plus-'))!;
  expect(pkg.dependencies).toEqual({
    'cdk8s': LIBRARY.devDependencies.cdk8s,
    'cdk8s-appflow': `^${LIBRARY.version}`,
    [plus]: LIBRARY.devDependencies[plus],
    'constructs': LIBRARY.devDependencies.constructs,
  });
  for (const tool of ['cdk8s-cli', 'jest', 'ts-jest', 'tsx', 'typescript', '@types/jest', '@types/node']) {
    expect(pkg.devDependencies[tool]).toBe(LIBRARY.devDependencies[tool]);
  }
  expect(pkg.scripts.test).toBe('tsc && jest');
  // main.ts imports the cdk8s-plus package that package.json installs.
  expect(fs.readFileSync(path.join(REPO_ROOT, 'starter', 'main.ts'), 'utf-8')).toContain(`from '${plus}';`);
  expect(() => starterPackageJson('x', { ...LIBRARY, devDependencies: {} })).toThrow('cdk8s-appflow init: the package.json of cdk8s-appflow has no version of cdk8s');
  expect(() => starterPackageJson('x', { ...LIBRARY, peerDependencies: {} })).toThrow('cdk8s-appflow init: the package.json of cdk8s-appflow names no cdk8s-plus peer dependency');
});

test('cdk8s.yaml: the validation plugin and the change guard, from the installed package, with the CRDs it carries', () => {
  const [config] = Yaml.load(path.join(REPO_ROOT, 'starter', 'cdk8s.yaml'));
  expect(config.app).toBe('npx tsc 1>&2 && npx tsx main.ts');
  expect(config.validations.map((v: any) => [v.package, v.class])).toEqual([
    ['./node_modules/cdk8s-appflow/lib/src/plugin', 'AppflowValidation'],
    ['./node_modules/cdk8s-appflow/lib/src/guard/plugin.js', 'AppflowChangeGuard'],
  ]);
  const plugin = config.validations[0].properties;
  // The target of main.ts, as the plugin reads it.
  expect(fs.readFileSync(path.join(REPO_ROOT, 'starter', 'main.ts'), 'utf-8')).toContain(`KUBERNETES_VERSION = KubernetesVersion.V${plugin.kubernetesVersion.replace('.', '_')};`);
  expect(plugin.crdFiles).toEqual(['monitoring.coreos.com', 'gateway.networking.k8s.io', 'external-secrets.io', 'keda.sh']
    .map((group) => `./node_modules/cdk8s-appflow/lib/crds/${group}.yaml`));
});

describe('the command line', () => {
  test('init <directory>: writes it, and says what is next', () => {
    const dir = path.join(tmp, 'orders');
    const { code, out, err } = command('init', dir);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain(`Wrote the application orders into ${dir}: .gitignore, README.md, cdk8s.yaml, main.test.ts, main.ts, package.json, tsconfig.json, yaml-snapshot-serializer.js.`);
    expect(out).toContain('  npm install\n  npx cdk8s synth');
  });

  test.each([
    [[], 1, 'Usage: npx cdk8s-appflow init <directory>'],
    [['new', 'x'], 1, 'cdk8s-appflow: unknown command "new". Expected "init <directory>" (or --help).\n'],
    [['init'], 1, 'cdk8s-appflow init: no directory. Expected one: npx cdk8s-appflow init <directory>.\n'],
    [['init', 'a', 'b'], 1, 'cdk8s-appflow init: 2 directories ("a", "b"). Expected one: npx cdk8s-appflow init <directory>.\n'],
    [['init', '--force', 'a'], 1, 'cdk8s-appflow init: unknown option "--force". Expected only the directory: npx cdk8s-appflow init <directory>.\n'],
  ])('%j is refused', (args, code, message) => {
    const result = command(...args);
    expect(result.code).toBe(code);
    expect(result.out).toBe('');
    expect(result.err).toContain(message);
  });

  test('--help prints the usage', () => {
    expect(command('--help')).toEqual({ code: 0, out: expect.stringContaining('Usage: npx cdk8s-appflow init <directory>'), err: '' });
  });

  test('a non-empty directory: exit code 1 and the reason, no stack trace', () => {
    fs.writeFileSync(path.join(tmp, 'x'), '');
    const { code, out, err } = command('init', tmp);
    expect({ code, out }).toEqual({ code: 1, out: '' });
    expect(err).toBe(`cdk8s-appflow init: invalid directory ${JSON.stringify(tmp)}: ${tmp} is not empty (x); nothing was written. Expected a new or empty directory.\n`);
  });
});
