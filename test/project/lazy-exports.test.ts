/**
 * The compile task rewrites the re-exports of the compiled index files into lazy getters
 * (projenrc/lazy-exports.ts): `require('cdk8s-appflow')` loads a module only when a user touches one of its exports.
 * These tests check the rewrite on the library itself, compiled with the library's own tsconfig.json (as jsii
 * compiles it), and on small modules written as TypeScript emits them.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lazifyExports, lazifyFile } from '../../projenrc/lazy-exports';

const REPO = path.resolve(__dirname, '..', '..');

/** Runs a script in a fresh node process (the module cache of jest is not node's) and returns its JSON output. */
function inNode(script: string, cwd: string): any {
  const p = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (p.status !== 0) {
    throw new Error(`node -e failed (exit ${p.status}):\n${p.stderr}`);
  }
  return JSON.parse(p.stdout);
}

describe('the compiled library', () => {
  let dir: string;
  let eager: string;
  let lazy: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-lazy-'));
    eager = path.join(dir, 'eager');
    lazy = path.join(dir, 'lazy');
    // The library's tsconfig.json (the one jsii compiles with), without declarations and source maps: same JS.
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.json'), '--outDir', eager,
      '--declaration', 'false', '--inlineSourceMap', 'false', '--inlineSources', 'false'], { cwd: REPO, stdio: 'pipe', timeout: 300_000 });
    fs.cpSync(eager, lazy, { recursive: true });
    // The compiled files find cdk8s and the rest in the repository's node_modules, as lib/ does.
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  }, 300_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every re-export of every index file becomes a getter, and the exports stay the same', () => {
    const results = lazifyExports(path.join(lazy, 'src'));
    const indexFiles = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? indexFiles(path.join(d, e.name)) : e.name === 'index.js' ? [path.join(d, e.name)] : []));
    // Every index file of the library re-exports something; none is left with an eager re-export.
    expect(results.map((r) => r.file).sort()).toEqual(indexFiles(path.join(lazy, 'src')).sort());
    for (const file of indexFiles(path.join(lazy, 'src'))) {
      expect(fs.readFileSync(file, 'utf8')).not.toMatch(/^__exportStar\(require|^exports\.[\w$]+ = __importStar\(require/m);
    }
    const root = results.find((r) => r.file === path.join(lazy, 'src', 'index.js'))!;
    expect(root.names).toEqual(expect.arrayContaining(['WebService', 'AppSynthesis', 'ChangeGuard', 'ManifestValidator', 'gatewayApi', 'monitoring']));

    const names = (lib: string) => `const m = require(${JSON.stringify(lib)}); `
      + 'process.stdout.write(JSON.stringify({ root: Object.keys(m).sort(), monitoring: Object.keys(m.monitoring).sort(), '
      + 'gatewayApi: Object.keys(m.gatewayApi).sort(), '
      + 'types: Object.fromEntries(Object.keys(m).map((k) => [k, typeof m[k]])) }));';
    const before = inNode(names(path.join(eager, 'src', 'index.js')), dir);
    const after = inNode(names(path.join(lazy, 'src', 'index.js')), dir);
    expect(before.root.length).toBeGreaterThan(50);
    expect(after).toEqual(before);
  });

  test('require() loads no module of the library until an export is used, and then only what that export needs', () => {
    const script = `const m = require(${JSON.stringify(path.join(lazy, 'src', 'index.js'))});
const loaded = () => Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(lazy)})).map((f) => f.slice(${lazy.length + 1}));
const atRequire = loaded();
const plusAtRequire = Object.keys(require.cache).some((f) => f.includes('/node_modules/cdk8s-plus-34/'));
const { App, Chart } = require('cdk8s');
const chart = new Chart(new App(), 'c');
new m.WebService(chart, 'web', { name: 'web', image: m.ContainerImage.fromReference('nginx:1.27.3'), port: 8080 });
const objects = chart.toJson().length;
const afterWebService = loaded();
process.stdout.write(JSON.stringify({ atRequire, plusAtRequire, objects, afterWebService,
  sameClass: m.WebService === require(${JSON.stringify(path.join(lazy, 'src', 'patterns', 'web-service.js'))}).WebService }));`;
    const result = inNode(script, dir);
    expect(result.atRequire).toEqual(['src/index.js']);
    expect(result.plusAtRequire).toBe(false);
    expect(result.objects).toBeGreaterThan(1);
    expect(result.sameClass).toBe(true);
    expect(result.afterWebService).toEqual(expect.arrayContaining(['src/patterns/web-service.js', 'src/workload/stateless-workload.js']));
    // What only some users need stays unloaded: the change guard, the test helpers, the linear synthesis.
    expect(result.afterWebService.filter((f: string) => /^src\/(guard|testing|synth|plugin)\//.test(f))).toEqual([]);
  });
});

describe('lazifyFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-lazy-unit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const HELPERS = 'var __exportStar = (this && this.__exportStar) || function(m, exports) { for (var p in m) if (p !== "default" '
    + '&& !Object.prototype.hasOwnProperty.call(exports, p)) exports[p] = m[p]; };\n'
    + 'var __importStar = (this && this.__importStar) || function (mod) { return mod; };\n';

  function write(files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), text);
    }
  }

  test('a module loads on first use of one of its exports, and a namespace export on first use', () => {
    write({
      'index.js': `"use strict";\n${HELPERS}Object.defineProperty(exports, "__esModule", { value: true });\nexports.ns = void 0;\n`
        + '__exportStar(require("./a"), exports);\nexports.ns = __importStar(require("./b"));\n',
      'a.js': '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nglobal.__loadedA = (global.__loadedA || 0) + 1;\n'
        + 'exports.one = 1;\nexports.Two = class Two {};\n',
      'b.js': '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nglobal.__loadedB = true;\nexports.three = 3;\n',
    });
    const result = lazifyFile(path.join(dir, 'index.js'));
    expect(result).toEqual({ file: path.join(dir, 'index.js'), modules: ['./a', './b'], names: ['one', 'Two', 'ns'] });
    const out = inNode(`delete global.__loadedA; delete global.__loadedB;
const m = require('./index.js');
const keys = Object.keys(m);
const loadedAtRequire = [global.__loadedA === undefined ? 0 : global.__loadedA, global.__loadedB === true];
const one = m.one; const same = m.Two === require('./a.js').Two; const three = m.ns.three;
process.stdout.write(JSON.stringify({ keys, loadedAtRequire, one, same, three, loadsOfA: global.__loadedA }));`, dir);
    expect(out).toEqual({ keys: ['ns', 'one', 'Two'], loadedAtRequire: [0, false], one: 1, same: true, three: 3, loadsOfA: 1 });
  });

  test('each module is required once, however often its exports are read (a require per read resolves the file again)', () => {
    write({
      'index.js': `"use strict";\n${HELPERS}Object.defineProperty(exports, "__esModule", { value: true });\nexports.ns = void 0;\n`
        + '__exportStar(require("./a"), exports);\nexports.ns = __importStar(require("./b"));\n',
      'a.js': '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.one = 1;\nexports.two = 2;\n',
      'b.js': '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.three = 3;\n',
    });
    lazifyFile(path.join(dir, 'index.js'));
    const out = inNode(`const Module = require('module');
const required = [];
const original = Module.prototype.require;
Module.prototype.require = function (request) { required.push(request); return original.apply(this, arguments); };
const m = require('./index.js');
let sum = 0;
for (let i = 0; i < 1000; i++) { sum += m.one + m.two + m.ns.three; }
process.stdout.write(JSON.stringify({ required, sum }));`, dir);
    expect(out).toEqual({ required: ['./index.js', './a', './b'], sum: 6000 });
  });

  test('a name exported by two modules is refused, as __exportStar would silently keep the first', () => {
    write({
      'index.js': `"use strict";\n${HELPERS}__exportStar(require("./a"), exports);\n__exportStar(require("./c"), exports);\n`,
      'a.js': 'exports.one = 1;\n',
      'c.js': 'exports.one = 2;\n',
    });
    expect(() => lazifyFile(path.join(dir, 'index.js'))).toThrow(`lazy-exports: ${path.join(dir, 'index.js')}: "one" is exported by both ./a and ./c`);
  });

  test('a file without re-exports is left as it is', () => {
    write({ 'index.js': '"use strict";\nexports.x = 1;\n' });
    expect(lazifyFile(path.join(dir, 'index.js'))).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'index.js'), 'utf8')).toBe('"use strict";\nexports.x = 1;\n');
  });
});
