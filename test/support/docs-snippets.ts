/**
 * The code blocks of README.md and docs/*.md, for the tests that keep the docs true to the code.
 *
 * - Every ```ts block compiles (test/project/docs.test.ts) inside the constructor of a chart (`this`), with
 *   cdk8s, cdk8s-plus-34 (as `kplus`), constructs and the library imported: {@link PRELUDE}.
 * - A ```ts block followed by a ```yaml block, with nothing but blank lines between them, shows the YAML it
 *   produces: the snippet is run and each YAML document must be an excerpt of a synthesized object
 *   (test/project/docs-yaml.test.ts, the matching rule in docs-excerpt.ts). The snippet runs in the constructor of
 *   a fresh chart `shop` with namespace `shop`; a snippet that makes its own chart names it in an HTML comment
 *   between the two blocks, `<!-- yaml-of: variable -->`, and that chart is synthesized instead.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as constructs from 'constructs';
import * as ts from 'typescript';
import { REPO_ROOT } from './shared';
import * as appflow from '../../src';

/** The Markdown files whose code blocks are checked. */
export const DOCS = ['README.md', ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/**
 * The folder the snippets run in (their current directory): the files they name by relative paths, as in the
 * reader's project (`config/nginx/`, ...).
 */
export const SNIPPET_DIR = path.join(REPO_ROOT, 'test', 'project', 'docs-fixtures');

/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The language after the opening fence (`ts`, `yaml`, ...; empty when none). */
  readonly lang: string;
  /** The line (1-based) of the block's first line of code. */
  readonly line: number;
  /** The line (1-based) of the closing fence. */
  readonly endLine: number;
  /** The code, without the fence's indentation. */
  readonly code: string;
}

/** The YAML that a snippet shows it produces. */
export interface YamlExcerpt {
  readonly file: string;
  /** The line (1-based) of the excerpt's first line of YAML. */
  readonly line: number;
  readonly text: string;
  /** The snippet's variable that holds the chart to synthesize (`<!-- yaml-of: variable -->`); else `this`. */
  readonly chart?: string;
}

/** A ```ts block of a doc, and the YAML it shows it produces, if it does. */
export interface Snippet {
  readonly file: string;
  /** The line (1-based) of the snippet's first line of code. */
  readonly line: number;
  readonly code: string;
  readonly yaml?: YamlExcerpt;
}

const YAML_OF = /^<!--\s*yaml-of:\s*([A-Za-z_$][A-Za-z0-9_$]*)\s*-->$/;

/** The fenced code blocks of a Markdown text. */
export function codeBlocksOf(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let open: { lang: string; indent: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```\s*([\w-]*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    if (open === undefined) {
      open = { indent: fence[1], lang: fence[2], line: i + 2 };
    } else if (fence[2] === '') {
      const code = lines.slice(open.line - 1, i).map((l) => (l.startsWith(open!.indent) ? l.slice(open!.indent.length) : l.trimStart())).join('\n');
      blocks.push({ lang: open.lang, line: open.line, endLine: i + 1, code });
      open = undefined;
    }
  }
  if (open !== undefined) {
    throw new Error(`${file}:${open.line - 1}: the code block that starts here is not closed`);
  }
  return blocks;
}

/**
 * The ```ts blocks of a Markdown text, each with the ```yaml block that follows it when only blank lines (and a
 * `<!-- yaml-of: variable -->` comment) stand between them.
 */
export function snippetsOfText(file: string, text: string): Snippet[] {
  const lines = text.split('\n');
  const blocks = codeBlocksOf(file, text);
  const snippets: Snippet[] = [];
  blocks.forEach((block, i) => {
    const between = (from: number, to: number) => lines.slice(from, to).map((l) => l.trim()).filter((l) => l !== '');
    const next = blocks[i + 1];
    // Lines between this block's closing fence and the next block's opening fence (0-based slice bounds).
    const gap = next ? between(block.endLine, next.line - 2) : [];
    const directives = gap.filter((l) => l.startsWith('<!--') && /yaml-of/.test(l));
    const pairs = next !== undefined && block.lang === 'ts' && next.lang === 'yaml' && gap.every((l) => YAML_OF.test(l));
    for (const directive of directives) {
      if (!YAML_OF.test(directive)) {
        throw new Error(`${file}: malformed "${directive}": write <!-- yaml-of: variable --> with the name of the snippet's variable that holds the chart`);
      }
      if (!pairs || gap.length !== 1) {
        throw new Error(`${file}:${next ? next.line - 1 : block.endLine}: "${directive}" must stand alone between a \`\`\`ts block and the \`\`\`yaml block it produces`);
      }
    }
    if (block.lang !== 'ts') return;
    const yaml = pairs ? { file, line: next.line, text: next.code, chart: gap.length === 1 ? YAML_OF.exec(gap[0])![1] : undefined } : undefined;
    snippets.push({ file, line: block.line, code: block.code, yaml });
  });
  return snippets;
}

/** The ```ts blocks of a doc of the repository (a path from the repository root). */
export function snippetsOf(file: string): Snippet[] {
  return snippetsOfText(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf-8'));
}

/** What a snippet is wrapped in: a chart whose constructor holds the snippet, with everything imported. */
export const PRELUDE = [
  "import { ApiObject, App, Chart, Duration, Size, Testing, Yaml } from 'cdk8s';",
  "import * as kplus from 'cdk8s-plus-34';",
  "import { Construct } from 'constructs';",
  `import { ${Object.keys(appflow).sort().join(', ')} } from 'cdk8s-appflow';`,
  'export const yamlOf: { chart?: Chart } = {};',
  'export class Snippet extends Chart {',
  '  constructor(scope: Construct) {',
  "    super(scope, 'shop', { namespace: 'shop' });",
].join('\n');

/** The TypeScript module of a snippet: the prelude, the snippet, and (to run it) the chart it made, if it names one. */
export function moduleOf(snippet: Snippet, options: { run?: boolean } = {}): string {
  const result = options.run && snippet.yaml?.chart ? `\nyamlOf.chart = ${snippet.yaml.chart};` : '';
  return `${PRELUDE}\n${snippet.code}${result}\n  }\n}\n`;
}

/** The modules a snippet may import, as the tests see them (so that the strict validator wraps the same cdk8s). */
const MODULES: Record<string, unknown> = { 'cdk8s': cdk8s, 'cdk8s-plus-34': kplus, 'constructs': constructs, 'cdk8s-appflow': appflow };

/**
 * Runs a snippet in the constructor of a fresh chart `shop` (namespace `shop`), in {@link SNIPPET_DIR}, and
 * synthesizes that chart, or the chart the snippet names (`<!-- yaml-of: variable -->`), through the strict
 * validator of the test suite. Apps the snippet makes write their output in a temporary folder.
 */
export function synthSnippet(snippet: Snippet): any[] {
  const js = ts.transpileModule(moduleOf(snippet, { run: true }), {
    fileName: `${snippet.file}.ts`,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const snippetModule: any = {};
  const requireModule = (name: string) => {
    if (!(name in MODULES)) throw new Error(`${snippet.file}:${snippet.line}: a snippet cannot import "${name}"`);
    return MODULES[name];
  };
  const cwd = process.cwd();
  const outdir = process.env.CDK8S_OUTDIR;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-snippet.'));
  try {
    process.chdir(SNIPPET_DIR);
    process.env.CDK8S_OUTDIR = tmp;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('exports', 'require', 'module', js)(snippetModule, requireModule, { exports: snippetModule });
    const chart: cdk8s.Chart = new snippetModule.Snippet(cdk8s.Testing.app({ outdir: tmp }));
    return cdk8s.Testing.synth(snippetModule.yamlOf.chart ?? chart);
  } catch (e) {
    throw new Error(`${snippet.file}:${snippet.line}: the snippet failed: ${(e as Error).message}`);
  } finally {
    process.chdir(cwd);
    if (outdir === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = outdir;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
