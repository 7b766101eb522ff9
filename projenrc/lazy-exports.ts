/**
 * Lazy re-exports in the compiled library (run by the compile task after jsii; see docs/performance.md, "Cold
 * start").
 *
 * TypeScript compiles `export * from './workload'` to `__exportStar(require("./workload"), exports)`, which loads
 * the module, and everything it imports, when the index is loaded: `require('cdk8s-appflow')` would load all of the
 * library (the change guard, the test helpers, both CRD modules, cdk8s-plus-34) whatever a user needs. This rewrites
 * every such line of the `index.js` files into getters that load the module on first use (aws-cdk-lib does the same
 * with its `lazify` step). The names are the ones the module exports when it is loaded here, once, at build time;
 * the `.d.ts` files and the jsii assembly do not change, and the objects are the same (a getter returns the
 * module's own export).
 *
 * Each module is required once, by a loader function of the index that keeps it: the other modules of the library
 * read an export through the index at every call (TypeScript compiles `isObject(x)` to `(0, analysis_1.isObject)(x)`),
 * and a `require()` per read would resolve the module's file again each time — cheap in plain Node, but under the
 * require hooks of ts-node or tsx, which run `cdk8s synth` in most TypeScript projects, a resolution reads package.json
 * files: it made a third of the checks' time of 3,000 applications.
 *
 *   tsx projenrc/lazy-exports.ts lib/src
 */
import * as fs from 'fs';
import * as path from 'path';

const EXPORT_STAR = /^__exportStar\(require\("(\.{1,2}\/[^"]+)"\), exports\);$/;
const IMPORT_STAR = /^exports\.([A-Za-z_$][\w$]*) = __importStar\(require\("(\.{1,2}\/[^"]+)"\)\);$/;

/** What was rewritten in one file. */
export interface LazyExportsResult {
  readonly file: string;
  /** The modules whose exports became getters. */
  readonly modules: string[];
  /** The names that became getters. */
  readonly names: string[];
}

/** The names a module exports (loaded here, at build time). */
function exportedNames(fromFile: string, request: string): string[] {
  const resolved = require.resolve(request, { paths: [path.dirname(fromFile)] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(resolved);
  return Object.keys(mod).filter((name) => name !== 'default' && name !== '__esModule');
}

function getter(name: string, expression: string): string {
  return `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, configurable: true, get: function () { return ${expression}; } });`;
}

/** The loader of the i-th module of an index: a function that requires it on its first call and keeps it. */
function loader(i: number, load: string): { name: string; declaration: string } {
  const name = `__lazyModule${i}`;
  return { name: `${name}()`, declaration: `var ${name}_; function ${name}() { return ${name}_ !== undefined ? ${name}_ : (${name}_ = ${load}); }` };
}

/**
 * Rewrites the re-exports of one compiled file into lazy getters; returns what it changed, or undefined when the file
 * has no re-export.
 */
export function lazifyFile(file: string): LazyExportsResult | undefined {
  const source = fs.readFileSync(file, 'utf8');
  const lines = source.split('\n');
  const modules: string[] = [];
  const names: string[] = [];
  const seen = new Map<string, string>();
  const out = lines.map((line) => {
    const star = EXPORT_STAR.exec(line);
    if (star) {
      const request = star[1];
      const load = loader(modules.length, `require(${JSON.stringify(request)})`);
      modules.push(request);
      const getters = exportedNames(file, request).map((name) => {
        const first = seen.get(name);
        if (first !== undefined) {
          // __exportStar keeps the first module's export of a name; a name exported twice is a mistake of the index.
          throw new Error(`lazy-exports: ${file}: "${name}" is exported by both ${first} and ${request}`);
        }
        seen.set(name, request);
        names.push(name);
        return getter(name, `${load.name}[${JSON.stringify(name)}]`);
      });
      return [`// lazy: export * from ${JSON.stringify(request)}`, load.declaration, ...getters].join('\n');
    }
    const namespace = IMPORT_STAR.exec(line);
    if (namespace) {
      const [, name, request] = namespace;
      const load = loader(modules.length, `__importStar(require(${JSON.stringify(request)}))`);
      modules.push(request);
      names.push(name);
      return [`// lazy: export * as ${name} from ${JSON.stringify(request)}`, load.declaration, getter(name, load.name)].join('\n');
    }
    return line;
  });
  if (modules.length === 0) {
    return undefined;
  }
  fs.writeFileSync(file, out.join('\n'));
  return { file, modules, names };
}

/** Rewrites every `index.js` under a compiled directory; returns what it changed. */
export function lazifyExports(dir: string): LazyExportsResult[] {
  const results: LazyExportsResult[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name === 'index.js') {
        const result = lazifyFile(full);
        if (result) {
          results.push(result);
        }
      }
    }
  };
  walk(dir);
  return results;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir || !fs.existsSync(dir)) {
    throw new Error(`lazy-exports: give the compiled directory (e.g. lib/src), not ${JSON.stringify(dir)}`);
  }
  const results = lazifyExports(path.resolve(dir));
  const total = results.reduce((sum, r) => sum + r.names.length, 0);
  process.stdout.write(`lazy-exports: ${results.length} index files, ${total} names now load on first use\n`);
}
