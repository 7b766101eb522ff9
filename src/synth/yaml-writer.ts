import * as fs from 'fs';
import * as YAML from 'yaml';

/**
 * The options with which cdk8s writes each document with `yaml` 2.x (cdk8s/lib/yaml.js, `Yaml.stringify`): YAML 1.1,
 * no line folding, undefined written as null.
 */
const CDK8S_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/**
 * The YAML writer of the synthesis: exactly the bytes of cdk8s' `Yaml.stringify(...docs)` (what `app.synth()`
 * writes), several times faster, for documents shaped as Kubernetes objects are.
 *
 * cdk8s writes each document with `yaml` 2.x ({@link CDK8S_OPTIONS}), which builds a node tree of the whole document
 * before it writes it. This writer writes the text straight from the objects, with the rules `yaml` applies for
 * those options (its `stringify/` folder: stringifyPair, stringifyCollection, stringifyString, stringifyNumber) and
 * nothing else:
 *
 * - block mappings and sequences indented by two spaces, a sequence under a key indented too; `{}` and `[]` when empty;
 * - keys in the objects' own order (`Object.keys`); `null` for null and undefined; numbers as JSON writes them, with
 *   `.nan`, `.inf`, `-.inf` and `-0`; `true`, `false`;
 * - strings plain when YAML 1.1 reads them back as the same string, else quoted (double quotes unless the string
 *   holds `"` and no `'`), double-quoted with escapes when they hold a control character or a lone surrogate, and
 *   literal block scalars (`|`, `|-`, `|+`) for multi-line values; no line is folded (`lineWidth: 0`).
 *
 * A document it does not handle is written by `yaml` with cdk8s' options, as cdk8s writes it: a document that is not
 * a plain object or array (a top-level string, number or null); a value that is not a plain object, an array, a
 * string, a number, a boolean, null or undefined (a `Date`, a `Map`, a class instance, a bigint, a function); an
 * object or array met twice in one document (`yaml` writes it once with an anchor, then as an alias); a key longer
 * than 1,024 characters once written (`yaml` makes it an explicit `? key`).
 *
 * `test/synth/yaml-writer.test.ts` compares it with `Yaml.stringify`, byte for byte, on generated documents with
 * hostile strings and on every example's manifests.
 */
export function manifestsToYaml(docs: readonly unknown[]): string {
  // As cdk8s: an undefined document is an empty line; the documents are separated by `---`.
  return docs.map((doc) => (doc === undefined ? '\n' : documentToYaml(doc))).join('---\n');
}

/** Writes the documents to a file, as cdk8s' `Yaml.save(file, docs)` does (UTF-8, the bytes of {@link manifestsToYaml}). */
export function writeManifests(file: string, docs: readonly unknown[]): void {
  fs.writeFileSync(file, manifestsToYaml(docs), { encoding: 'utf8' });
}

/** Thrown inside the writer when a document holds something it leaves to `yaml`. */
class NotHandled extends Error {}

function documentToYaml(doc: unknown): string {
  if (isPlainObject(doc) || isPlainArray(doc)) {
    try {
      return `${collection(doc, '', new Set())}\n`;
    } catch (e) {
      if (!(e instanceof NotHandled)) {
        throw e;
      }
    }
  }
  return YAML.stringify(doc, CDK8S_OPTIONS);
}

// ---------------------------------------------------------------------------------------------------------------
// Collections. `indent` is the indentation of the collection's own lines after its first (the first line follows
// `key:` or `- `, or starts the document).

function collection(value: object, indent: string, seen: Set<object>): string {
  if (seen.has(value)) {
    throw new NotHandled();
  }
  seen.add(value);
  return Array.isArray(value) ? sequence(value, indent, seen) : mapping(value as Record<string, unknown>, indent, seen);
}

function mapping(map: Record<string, unknown>, indent: string, seen: Set<object>): string {
  const keys = Object.keys(map);
  if (keys.length === 0) {
    return '{}';
  }
  const inner = indent + '  ';
  const lines: string[] = [];
  for (const key of keys) {
    const k = stringToYaml(key, inner, true);
    if (k.length > 1024) {
      throw new NotHandled();
    }
    const value = map[key];
    // A collection with entries starts on the next line; a scalar, `{}` or `[]` on the key's line.
    lines.push(hasEntries(value) ? `${k}:\n${inner}${collection(value, inner, seen)}` : `${k}: ${valueToYaml(value, inner, seen)}`);
  }
  return lines.join(`\n${indent}`);
}

function sequence(items: unknown[], indent: string, seen: Set<object>): string {
  if (items.length === 0) {
    return '[]';
  }
  const inner = indent + '  ';
  const lines: string[] = [];
  // An index loop, not `map`: a hole of a sparse array is written as `null`, as `yaml` writes it.
  for (let i = 0; i < items.length; i++) {
    lines.push(`- ${valueToYaml(items[i], inner, seen)}`);
  }
  return lines.join(`\n${indent}`);
}

function valueToYaml(value: unknown, indent: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return stringToYaml(value, indent, false);
    case 'number':
      return numberToYaml(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      if (value === null) {
        return 'null';
      }
      if (isPlainObject(value) || isPlainArray(value)) {
        return collection(value, indent, seen);
      }
  }
  throw new NotHandled();
}

function hasEntries(value: unknown): value is object {
  if (isPlainArray(value)) {
    return value.length > 0;
  }
  if (isPlainObject(value)) {
    for (const key in value) {
      if (Object.prototype.hasOwnProperty.call(value, key)) {
        return true;
      }
    }
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isPlainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;
}

// ---------------------------------------------------------------------------------------------------------------
// Scalars

/** As `yaml`'s stringifyNumber. */
function numberToYaml(n: number): string {
  if (Number.isNaN(n)) {
    return '.nan';
  }
  if (!Number.isFinite(n)) {
    return n < 0 ? '-.inf' : '.inf';
  }
  return Object.is(n, -0) ? '-0' : String(n);
}

/** Control characters and lone surrogates: written double-quoted, with escapes. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/**
 * A string that cannot be plain: it starts with an indicator (or is `-`, `?`, or starts `- `, `? `), holds `: `,
 * ` #`, a space before a line break or after one, or ends with a space or `:`.
 */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** A line that a YAML 1.1 reader takes for a directive or a document marker. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/**
 * What YAML 1.1 reads as another type than a string (null, booleans such as `yes` and `off`, integers such as
 * `0x1f` and `017`, floats such as `.5` and `1e3`, sexagesimal numbers, timestamps): the tests of `yaml`'s own 1.1
 * schema, which its writer uses to quote a plain string, in one regular expression (none of them has flags).
 */
const OTHER_TYPE: RegExp = (() => {
  const schema = new YAML.Document(null, { version: '1.1' }).schema;
  const tests = [...schema.tags, ...(schema.compat ?? [])]
    .filter((tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str')
    .flatMap((tag) => ('test' in tag && tag.test ? [tag.test] : []));
  return new RegExp(tests.map((test) => `(?:${test.source})`).join('|'));
})();

/**
 * A string as `yaml`'s stringifyString writes it (the default plain style, no folding): `implicitKey` for a key
 * (never a block scalar), `indent` the indentation of its continuation lines.
 */
function stringToYaml(value: string, indent: string, implicitKey: boolean): string {
  if (value === '<<') {
    // `yaml` takes any string `<<` for YAML 1.1's merge key, and writes it plain, as a key or a value.
    return value;
  }
  if (CONTROL.test(value)) {
    return doubleQuoted(value, indent, implicitKey);
  }
  const multiLine = value.includes('\n');
  if (NOT_PLAIN.test(value) || (implicitKey && multiLine)) {
    return implicitKey || !multiLine ? quoted(value, indent, implicitKey) : blockScalar(value, indent);
  }
  if (multiLine) {
    return blockScalar(value, indent);
  }
  // (`yaml` also makes a top-level string with a document marker a block scalar: this writer has no top-level scalar.)
  if (implicitKey && indent === '  ' && DOCUMENT_MARKER.test(value)) {
    return quoted(value, indent, implicitKey);
  }
  return OTHER_TYPE.test(value) ? quoted(value, indent, implicitKey) : value;
}

/** Single quotes for a string that holds `"` and no `'`, else double quotes. */
function quoted(value: string, indent: string, implicitKey: boolean): string {
  return value.includes('"') && !value.includes("'") ? singleQuoted(value, indent, implicitKey) : doubleQuoted(value, indent, implicitKey);
}

function singleQuoted(value: string, indent: string, implicitKey: boolean): string {
  // Single quotes cannot keep spaces or tabs around a line break.
  if ((implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) {
    return doubleQuoted(value, indent, implicitKey);
  }
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`;
}

/**
 * JSON's escapes, with YAML's short ones for some control characters; in a value of 40 characters or more (with its
 * quotes), each line break not at the end is written as an escaped line break, continued on the next line.
 */
function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a line break is escaped, so that it is not folded.
      str += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch === '\\') {
      switch (json[i + 1]) {
        case 'u': {
          str += json.slice(start, i);
          const code = json.substr(i + 2, 4);
          str += SHORT_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.substr(2)}` : json.substr(i, 6));
          i += 5;
          start = i + 1;
          break;
        }
        case 'n':
          if (implicitKey || json[i + 2] === '"' || json.length < 40) {
            i += 1;
          } else {
            // The folding of the line eats the first line break: one more.
            str += json.slice(start, i) + '\n\n';
            while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
              str += '\n';
              i += 2;
            }
            str += indent;
            // A space after the line break is escaped, so that it is not folded.
            if (json[i + 2] === ' ') {
              str += '\\';
            }
            i += 1;
            start = i + 1;
          }
          break;
        default:
          i += 1;
      }
    }
  }
  return start ? str + json.slice(start) : json;
}

/**
 * YAML's short escapes that `yaml` writes for JSON's `\u` ones. (It also has `\N`, `\_`, `\L` and `\P`, for
 * U+0085, U+00A0, U+2028 and U+2029, which `JSON.stringify` does not escape: they are written as they are.)
 */
const SHORT_ESCAPES: Record<string, string> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
};

/** Line breaks at the end of a block scalar that are followed by more (the last is the scalar's own). */
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/**
 * A literal block scalar (`|`), with the chomping indicator of its trailing line breaks (`-` none, `+` more than
 * one), and an indentation indicator when it starts with a space. Quoted when its last line holds only spaces or tabs.
 */
function blockScalar(value: string, indent: string): string {
  if (/\n[\t ]+$/.test(value)) {
    return quoted(value, indent, false);
  }
  let endStart = value.length;
  while (endStart > 0 && '\n\t '.includes(value[endStart - 1])) {
    endStart--;
  }
  let end = value.substring(endStart);
  const endNewline = end.indexOf('\n');
  const chomp = endNewline === -1 ? '-' : value === end || endNewline !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') {
      end = end.slice(0, -1);
    }
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNewline = -1;
  for (; startEnd < value.length; startEnd++) {
    const ch = value[startEnd];
    if (ch === ' ') {
      startWithSpace = true;
    } else if (ch === '\n') {
      startNewline = startEnd;
    } else {
      break;
    }
  }
  let start = value.substring(0, startNewline < startEnd ? startNewline + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  // The indentation indicator counts from the parent's indentation, two spaces less than the content's.
  const header = (startWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}
