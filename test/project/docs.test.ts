/**
 * Every TypeScript code block (```ts) in README.md and docs/*.md compiles against the library, inside the
 * constructor of a Chart, with cdk8s, cdk8s-plus-27 (as `kplus`), constructs and the library imported.
 * Blocks that are not meant to compile are marked ```text, ```sh or ```yaml.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as appflow from '../../src';
import { REPO_ROOT } from '../support/shared';

const DOCS = ['README.md', ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function snippetsOf(file: string): Snippet[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, file), 'utf-8').split('\n');
  const snippets: Snippet[] = [];
  let start: number | undefined;
  let indent = '';
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ts\s*$/.exec(lines[i]);
    if (start === undefined && open) {
      start = i + 1;
      indent = open[1];
    } else if (start !== undefined && lines[i].trim() === '```') {
      snippets.push({ file, line: start, code: lines.slice(start, i).map((l) => l.slice(indent.length)).join('\n') });
      start = undefined;
    }
  }
  return snippets;
}

const PRELUDE = [
  "import { ApiObject, App, Chart, Duration, Size, Testing, Yaml } from 'cdk8s';",
  "import * as kplus from 'cdk8s-plus-27';",
  "import { Construct } from 'constructs';",
  `import { ${Object.keys(appflow).sort().join(', ')} } from 'cdk8s-appflow';`,
  'export class Snippet extends Chart {',
  '  constructor(scope: Construct) {',
  "    super(scope, 'snippet');",
].join('\n');

const snippets = DOCS.flatMap(snippetsOf);

test('the docs have TypeScript code blocks', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(8);
  expect(snippets.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(1);
});

test('every TypeScript code block in README.md and docs/ compiles', () => {
  const configFile = path.join(REPO_ROOT, 'tsconfig.dev.json');
  const config = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT, { noEmit: true, noUnusedLocals: false }, configFile);
  const sources = new Map<string, string>();
  snippets.forEach((s, i) => {
    sources.set(path.join(REPO_ROOT, `docs-snippet-${i}.ts`), `${PRELUDE}\n${s.code}\n  }\n}\n`);
  });
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, lang, ...rest) => {
    const text = sources.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, ...rest);
  };
  const fileExists = host.fileExists;
  host.fileExists = (name) => sources.has(path.resolve(name)) || fileExists(name);
  const program = ts.createProgram([...sources.keys()], parsed.options, host);
  const preludeLines = PRELUDE.split('\n').length;
  const errors = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && sources.has(path.resolve(d.file.fileName)))
    .map((d) => {
      const index = Number(/docs-snippet-(\d+)\.ts$/.exec(d.file!.fileName)![1]);
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const snippet = snippets[index];
      return `${snippet.file}:${snippet.line + line - preludeLines + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(errors).toEqual([]);
});
