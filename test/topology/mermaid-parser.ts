/**
 * Mermaid's own parser, for the topology pictures: the `mermaid` package (ESM only, and its DOMPurify wants a window)
 * runs in one child Node process under jsdom, which loads it once and parses every block it is given.
 */
import { spawnSync } from 'child_process';
import { REPO_ROOT } from '../support/shared';

/** The script of the child process: reads a JSON list of Mermaid texts on stdin, writes one result per text. */
const SCRIPT = `
import { JSDOM } from 'jsdom';
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (e) {
    results.push({ ok: false, error: String(e && e.message ? e.message : e) });
  }
}
process.stdout.write(JSON.stringify(results));
`;

/** What Mermaid made of a text: the diagram type, or its error. */
export interface MermaidResult {
  readonly ok: boolean;
  readonly type?: string;
  readonly error?: string;
}

/** Parses each Mermaid text with `mermaid.parse` (Mermaid's defaults: 500 edges at most). */
export function mermaidParse(texts: string[]): MermaidResult[] {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: REPO_ROOT, input: JSON.stringify(texts), encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000,
  });
  if (child.status !== 0) {
    throw new Error(`the Mermaid parser failed (status ${child.status}): ${child.stderr}`);
  }
  return JSON.parse(child.stdout);
}

/** The Mermaid blocks of a Markdown text, without their fences, in order. */
export function mermaidTexts(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}
