/**
 * The folders of src/ import in the order of docs/development.md ("What may import what"): a step knows only the
 * steps before it, `core/` imports no other folder, and the folders that read manifests (analysis, plugin, guard,
 * topology, testing) never import the constructs of the steps.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');

/** What each folder may import, besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  access: ['core'],
  image: ['core', 'access'],
  workload: ['core', 'access', 'image'],
  persistence: ['core', 'access', 'image', 'workload'],
  expose: ['core', 'access', 'image', 'workload', 'persistence'],
  publish: ['core', 'access', 'image', 'workload', 'persistence', 'expose'],
  monitor: ['core', 'access', 'image', 'workload', 'persistence', 'expose', 'publish'],
  patterns: ['core', 'access', 'image', 'workload', 'persistence', 'expose', 'publish', 'monitor'],
  analysis: ['core'],
  plugin: ['core', 'analysis', 'testing'],
  guard: ['core', 'analysis'],
  topology: ['core', 'analysis'],
  testing: ['core', 'analysis'],
  synth: ['core', 'image', 'publish', 'analysis', 'topology', 'plugin'],
  starter: [], // `cdk8s-appflow init`: needs nothing but Node.js
};

/**
 * Files of the steps that hold only the vocabulary of the manifests (annotation keys, enums written into them): the
 * folders that read manifests may import these, and nothing else of the steps.
 */
const VOCABULARY = new Set(['access/access-relaxation.ts', 'access/rbac-rules.ts', 'workload/annotations.ts', 'workload/security.ts', 'persistence/persistent-claim.ts']);


function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf-8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((m) => m[1]);
}

function relativeTarget(file: string, specifier: string): string {
  const target = path.relative(SRC, path.resolve(path.dirname(file), specifier));
  return fs.existsSync(path.join(SRC, `${target}.ts`)) ? `${target}.ts` : path.join(target, 'index.ts');
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = path.relative(SRC, file);
    const folder = from.split(path.sep)[0];
    if (!(folder in ALLOWED)) {
      continue; // src/index.ts exports every folder
    }
    for (const specifier of importsOf(file)) {
      const target = relativeTarget(file, specifier);
      const targetFolder = target.split(path.sep)[0];
      if (target.startsWith('..') || targetFolder === folder || ALLOWED[folder].includes(targetFolder)) {
        continue;
      }
      if (['analysis', 'plugin', 'guard', 'topology', 'testing'].includes(folder) && VOCABULARY.has(target)) {
        continue;
      }
      found.push(`${from} -> ${target}`);
    }
  }
  return found.sort();
}

test('every folder of src/ imports only the folders before it', () => {
  const found = violations();
  expect(found).toEqual([]);
});

test('the folders of the table are the folders of src/', () => {
  const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  expect(folders).toEqual(Object.keys(ALLOWED).sort());
});

test('the check reads the imports of a file and finds where they lead', () => {
  const file = path.join(SRC, 'synth', 'app-synthesis.ts');
  const targets = importsOf(file).map((s) => relativeTarget(file, s));
  expect(targets).toEqual(expect.arrayContaining(['core/errors.ts', 'topology/topology-file.ts', 'plugin/engine.ts']));
  // core/ importing a step is what the rule exists for: the table refuses it.
  expect(ALLOWED.core).toEqual([]);
});

/** The groups of files of src/ that import each other in a circle (type-only imports do not count). */
function fileCycles(): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf-8');
    const targets = [...text.matchAll(/^(?:import|export)(?! type)[^'"]*from '(\.[^']+)'/gm)].map((m) => relativeTarget(file, m[1]));
    graph.set(path.relative(SRC, file), targets);
  }
  // Tarjan's strongly connected components.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) {
    if (!index.has(v)) visit(v);
  }
  return cycles;
}

test('no two files of src/ import each other, directly or in a circle', () => {
  expect(fileCycles()).toEqual([]);
});
