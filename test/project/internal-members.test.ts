/**
 * An `_`-prefixed member stays inside its folder: what another folder needs is public API, with one way to read each
 * thing. cdk8s-plus-34's own internals are read in one adapter only (src/core/plus-internals.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');
/** The adapter of cdk8s-plus-34's internals. */
const ADAPTER = path.join('core', 'plus-internals.ts');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The code of a file without its comments (line and block), so that documentation is not counted. */
function code(file: string): string {
  return fs.readFileSync(file, 'utf-8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The folders that declare each `_`-prefixed member. */
function declarations(files: string[]): Map<string, Set<string>> {
  const declared = new Map<string, Set<string>>();
  for (const file of files) {
    const folder = path.relative(SRC, file).split(path.sep)[0];
    for (const m of code(file).matchAll(/^\s*(?:public |protected |private )?(?:static )?(?:readonly )?(?:get |set )?(_[A-Za-z]\w*)\s*[(:=<?]/gm)) {
      declared.set(m[1], new Set([...(declared.get(m[1]) ?? []), folder]));
    }
  }
  return declared;
}

/** `<file>: <member>` for each use of a `_`-member outside the folders that declare it. */
function crossFolderUses(files: string[], declared: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rel = path.relative(SRC, file);
    if (rel === ADAPTER) {
      continue;
    }
    const folder = rel.split(path.sep)[0];
    for (const m of code(file).matchAll(/(?<=[\w)\]])\.(_[A-Za-z]\w*)\b/g)) {
      if (!declared.get(m[1])?.has(folder)) {
        found.push(`${rel}: ${m[1]}`);
      }
    }
  }
  return [...new Set(found)].sort();
}

test('no `_`-member of one folder is used from another folder (nor an internal of cdk8s-plus, outside the adapter)', () => {
  const files = sourceFiles(SRC);
  expect(crossFolderUses(files, declarations(files))).toEqual([]);
});

test('the check finds a use across folders and a use of an internal of another library', () => {
  const declared = new Map([['_resolve', new Set(['workload'])]]);
  const dir = fs.mkdtempSync(path.join(SRC, '..', 'test', 'project', 'tmp-internal-'));
  try {
    const file = path.join(dir, 'x.ts');
    fs.writeFileSync(file, 'workload._resolve();\nvolume._toKube();\n// a comment about x._resolve()\n');
    expect(crossFolderUses([file], declared).map((u) => u.replace(/^.*: /, ''))).toEqual(['_resolve', '_toKube']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
