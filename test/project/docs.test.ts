/**
 * Every TypeScript code block (```ts) in README.md and docs/*.md compiles against the library, inside the
 * constructor of a Chart, with cdk8s, cdk8s-plus-34 (as `kplus`), constructs and the library imported (the
 * prelude in test/support/docs-snippets.ts). Blocks that are not meant to compile are marked ```text, ```sh or
 * ```yaml. A block followed by the YAML it produces is also run: test/project/docs-yaml.test.ts.
 */
import * as path from 'path';
import * as ts from 'typescript';
import { DOCS, moduleOf, PRELUDE, snippetsOf } from '../support/docs-snippets';
import { REPO_ROOT } from '../support/shared';

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
    sources.set(path.join(REPO_ROOT, `docs-snippet-${i}.ts`), moduleOf(s));
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
      return `${snippet.file}:${snippet.line + line - preludeLines}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(errors).toEqual([]);
});
