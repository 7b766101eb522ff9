/**
 * Checks the YAML that a doc shows a snippet produces against what the snippet synthesizes.
 *
 * Each YAML document of the excerpt names an object by `kind` and `metadata.name`, and must be a subset of a
 * synthesized object of that kind and name:
 *
 * - a mapping matches a mapping that has every key of it, each value matching (other keys are ignored);
 * - a sequence matches a sequence of the same length, element by element, in order;
 * - anything else (string, number, boolean, null) matches the same value only (`'80'` is not `80`).
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { YamlExcerpt } from './docs-snippets';

/** A place where an excerpt differs from the synthesized object. */
export interface Mismatch {
  /** Keys and indexes from the object's root. */
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/** `spec.ports[0].port`; keys that are not identifiers in quotes: `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => {
    if (typeof p === 'number') return `[${p}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(p)) return i === 0 ? p : `.${p}`;
    return `[${JSON.stringify(p)}]`;
  }).join('') || '(the object)';
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a sequence of ${value.length}`;
  if (isMapping(value)) return 'a mapping';
  return show(value);
}

/**
 * Where `expected` (an excerpt) is not a subset of `actual` (a synthesized object), by the rule of this module;
 * empty when it is.
 */
export function mismatches(expected: unknown, actual: unknown, path: Array<string | number> = []): Mismatch[] {
  if (isMapping(expected)) {
    if (!isMapping(actual)) return [{ path, message: `the excerpt has a mapping, synthesized is ${describe(actual)}` }];
    return Object.entries(expected).flatMap(([key, value]) => (key in actual
      ? mismatches(value, actual[key], [...path, key])
      : [{ path: [...path, key], message: `the synthesized object has no "${key}" here (it has: ${Object.keys(actual).join(', ') || 'nothing'})` }]));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, message: `the excerpt has a sequence, synthesized is ${describe(actual)}` }];
    if (expected.length !== actual.length) {
      return [{ path, message: `the excerpt has ${expected.length} elements, synthesized are ${actual.length}: ${show(actual)}` }];
    }
    return expected.flatMap((value, i) => mismatches(value, actual[i], [...path, i]));
  }
  return expected === actual ? [] : [{ path, message: `the excerpt has ${show(expected)}, synthesized is ${describe(actual)}` }];
}

/** The line (1-based, in the doc) of the key or element at `path` of a YAML document, or of the nearest parent. */
function lineOf(contents: unknown, path: ReadonlyArray<string | number>, fallback: number, lineCounter: LineCounter, firstLine: number): number {
  let node: any = contents;
  let offset: number | undefined = node?.range?.[0];
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
      if (!pair) break;
      offset = (pair.key as any)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step];
      offset = node.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? fallback : firstLine + lineCounter.linePos(offset).line - 1;
}

/**
 * The problems of an excerpt against the synthesized objects, each as `file:line: Kind name, path: message`;
 * empty when every document of the excerpt is a subset of a synthesized object of its kind and name.
 */
export function checkExcerpt(excerpt: YamlExcerpt, manifests: any[]): string[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(excerpt.text, { lineCounter });
  if (documents.length === 0) return [`${excerpt.file}:${excerpt.line}: the YAML block is empty`];
  const problems: string[] = [];
  const at = (offset: number) => excerpt.line + lineCounter.linePos(offset).line - 1;
  for (const doc of documents) {
    const docLine = at(doc.contents?.range?.[0] ?? doc.range[0]);
    if (doc.errors.length > 0) {
      problems.push(...doc.errors.map((e) => `${excerpt.file}:${at(e.pos[0])}: invalid YAML: ${e.message.split('\n')[0]}`));
      continue;
    }
    const expected = doc.toJS();
    if (expected === null || expected === undefined) continue;
    const kind = expected?.kind;
    const name = expected?.metadata?.name;
    if (typeof kind !== 'string' || typeof name !== 'string') {
      problems.push(`${excerpt.file}:${docLine}: every YAML document shown after a snippet names its object by "kind" and "metadata.name"`);
      continue;
    }
    const candidates = manifests.filter((m) => m?.kind === kind && m?.metadata?.name === name);
    if (candidates.length === 0) {
      const made = manifests.map((m) => `${m?.kind} ${m?.metadata?.name}`).join(', ');
      problems.push(`${excerpt.file}:${docLine}: the snippet makes no ${kind} named "${name}" (it makes: ${made || 'nothing'})`);
      continue;
    }
    // Of several objects of the kind and name (several charts), the excerpt must match one; the closest is reported.
    const differences = candidates.map((c) => mismatches(expected, c)).sort((a, b) => a.length - b.length)[0];
    problems.push(...differences.map((d) =>
      `${excerpt.file}:${lineOf(doc.contents, d.path, docLine, lineCounter, excerpt.line)}: ${kind} ${name}, ${formatPath(d.path)}: ${d.message}`));
  }
  return problems;
}
