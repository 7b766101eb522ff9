/**
 * Nothing in src/ patches cdk8s objects or hides state on them: no `Object.defineProperty` onto objects the library
 * does not own, no assignment to a chart's `toJson` or an app's `synth`, no prototype changes, no symbol-keyed
 * properties written onto constructs (hidden state lives in WeakMaps and WeakSets beside the objects).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Patterns that patch an object or hide state on it, with where they are allowed (a plain object the code made). */
const PATTERNS: Array<{ pattern: RegExp; what: string; allowedIn: string[] }> = [
  { pattern: /Object\.defineProperty\(/, what: 'Object.defineProperty', allowedIn: ['testing/manifest-yaml.ts'] },
  { pattern: /\.(toJson|synth|synthYaml|validate)\s*=[^=]/, what: 'an assignment to a cdk8s method', allowedIn: [] },
  { pattern: /\.prototype(\.\w+)?\s*=[^=]|setPrototypeOf/, what: 'a prototype', allowedIn: [] },
  { pattern: /Symbol\.for\(/, what: 'a symbol-keyed property', allowedIn: [] },
];

function violations(files: string[]): string[] {
  return files.flatMap((file) => {
    const rel = path.relative(SRC, file);
    return fs.readFileSync(file, 'utf-8').split('\n').flatMap((line, i) => PATTERNS
      .filter((p) => p.pattern.test(line) && !p.allowedIn.includes(rel) && !/^\s*(\*|\/\/)/.test(line))
      .map((p) => `${rel}:${i + 1}: ${p.what}`));
  });
}

test('src/ patches no cdk8s object and hides no state on one', () => {
  expect(violations(sourceFiles(SRC))).toEqual([]);
});

test('the scan finds each pattern', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-patching-'));
  try {
    const file = path.join(dir, 'bad.ts');
    fs.writeFileSync(file, [
      'Object.defineProperty(chart, "toJson", {});',
      'chart.toJson = () => [];',
      'Object.setPrototypeOf(app, {});',
      'const KEY = Symbol.for("x");',
    ].join('\n'));
    expect(violations([file]).map((v) => v.replace(/^.*bad\.ts:/, ''))).toEqual([
      '1: Object.defineProperty', '2: an assignment to a cdk8s method', '3: a prototype', '4: a symbol-keyed property',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
