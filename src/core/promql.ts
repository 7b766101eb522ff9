/*
 * PromQL as Prometheus reads it, without constructs (internal: src/core/index.ts does not export it): label
 * matchers, and regular expressions in Go's RE2 syntax. The monitoring constructs check what users give them with
 * it (src/monitor/promql-checks.ts); the validation plugin reads the rules of any manifests with it.
 */

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/;
const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/** A regular expression (RE2 or JavaScript) that matches the text as it is. */
export function escapeRegex(text: string): string {
  // Most names have nothing to escape: a test is cheaper than a replace.
  return REGEX_SPECIAL.test(text) ? text.replace(REGEX_SPECIALS, '\\$&') : text;
}

/** The operators of a PromQL label matcher. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** A PromQL label matcher, parsed. */
export interface LabelMatcher {
  /** The label name. */
  readonly name: string;
  /** The operator. */
  readonly op: MatchOp;
  /** The value, unescaped (a regular expression for `=~` and `!~`). */
  readonly value: string;
}

/**
 * The label matchers of a text, or why it is not label matchers. The grammar is Prometheus's, restricted to
 * double-quoted values: `matcher ("," matcher)* ","?`, where `matcher` is `name op "value"` and white space may
 * surround every token.
 */
export function parseLabelMatchers(text: string): LabelMatcher[] | string {
  const matchers: LabelMatcher[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) {
      i++;
    }
  };
  const at = (what: string) => `at character ${i + 1} (${i < text.length ? JSON.stringify(text.slice(i, i + 10)) : 'the end'}), ${what}`;
  skipSpace();
  while (i < text.length) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0];
    if (name === undefined) {
      return at('a label name is expected (letters, digits and "_", not starting with a digit)');
    }
    i += name.length;
    skipSpace();
    const op = (['=~', '!~', '!=', '='] as const).find((o) => text.startsWith(o, i));
    if (op === undefined) {
      return at(`an operator (=, !=, =~ or !~) is expected after the label name ${name}`);
    }
    i += op.length;
    skipSpace();
    if (text[i] !== '"') {
      return at(`a double-quoted value is expected after ${name}${op}`);
    }
    const value = unquote(text, i);
    if (typeof value !== 'object') {
      return value;
    }
    if (op === '=~' || op === '!~') {
      const problem = regexProblem(value.value);
      if (problem !== undefined) {
        return `the regular expression of ${name}${op} is not one that Prometheus compiles (RE2): ${problem}`;
      }
    }
    matchers.push({ name, op, value: value.value });
    i = value.end;
    skipSpace();
    if (i < text.length) {
      if (text[i] !== ',') {
        return at('a "," is expected between two matchers');
      }
      i++;
      skipSpace();
    }
  }
  if (matchers.length === 0) {
    return 'there is no matcher';
  }
  return matchers;
}

/**
 * The value of the Go-style double-quoted string that starts at `start` (as Prometheus's lexer reads it: no line
 * break, the escapes \a \b \f \n \r \t \v \\ \" \xHH \ooo \uHHHH \UHHHHHHHH), and where it ends; or why it is not one.
 * Byte escapes (\x, octal) are limited to ASCII, so that the value is always valid UTF-8.
 */
function unquote(text: string, start: number): { value: string; end: number } | string {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      return { value, end: i + 1 };
    }
    if (c === '\n') {
      return `at character ${i + 1}, the value has a line break (write it as \\n)`;
    }
    if (isLoneSurrogate(text, i)) {
      return `at character ${i + 1}, the value has a lone UTF-16 surrogate, which UTF-8 cannot encode`;
    }
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    const simple: Record<string, string> = { 'a': '\x07', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\', '"': '"' };
    if (e !== undefined && Object.prototype.hasOwnProperty.call(simple, e)) {
      value += simple[e];
      i += 2;
      continue;
    }
    const numeric = /^(?:x([0-9a-fA-F]{2})|([0-7]{3})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(text.slice(i + 1));
    if (!numeric) {
      return `at character ${i + 1}, the escape ${text.slice(i, i + 2)} is not one of Go's (\\a \\b \\f \\n \\r \\t \\v \\\\ \\" \\xHH \\ooo \\uHHHH \\UHHHHHHHH)`;
    }
    const [escape, hex, octal, u4, u8] = numeric;
    const code = hex !== undefined ? parseInt(hex, 16) : octal !== undefined ? parseInt(octal, 8) : parseInt(u4 ?? u8, 16);
    if ((hex !== undefined || octal !== undefined) && code > 0x7f) {
      return `at character ${i + 1}, the byte escape \\${escape} is above \\x7f (write the character itself, or a \\u escape)`;
    }
    if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) {
      return `at character ${i + 1}, the escape \\${escape} is not a Unicode code point`;
    }
    value += String.fromCodePoint(code);
    i += 1 + escape.length;
  }
  return `at character ${start + 1}, the value has no closing quote`;
}

/** The RE2 flags a group may set: `(?i)`, `(?-s:...)`, `(?im-sU)`. */
const FLAGS_GROUP = /^\(\?([imsU]*)(?:-([imsU]*))?(\)|:)/;
/** The names of POSIX classes in brackets (`[[:alpha:]]`) that RE2 knows. */
const POSIX_CLASSES = ['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit'];
/** The most a repetition may count in RE2 (`a{1000}`). */
const MAX_REPEAT = 1000;

/**
 * Why a pattern is not a regular expression that Prometheus compiles (Go's RE2 syntax), or `undefined` when it is.
 *
 * The pattern is read as RE2 reads it (escapes, classes, groups and flags, `\Q...\E`, repetition counts), refusing
 * what RE2 lacks (lookarounds, backreferences, escapes it does not know), and rewritten for JavaScript, whose RegExp
 * then finds the syntax errors the two share (unbalanced parentheses, nothing to repeat, ranges out of order).
 */
export function regexProblem(pattern: string): string | undefined {
  const translated = translation(pattern);
  return typeof translated === 'string' ? translated : undefined;
}

/** What a PromQL regular expression matcher (`=~`, `!~`) matches, as Prometheus matches it. */
export interface PromPattern {
  /** Whether the pattern matches the whole value. */
  test(value: string): boolean;
}

/**
 * What a PromQL regular expression matcher (`=~`, `!~`) matches: the RE2 pattern anchored at both ends, as Prometheus
 * anchors it; undefined for a pattern that Prometheus does not compile. JavaScript's syntax and RE2's agree on the
 * usual patterns; what they do not share is rewritten (`\Q...\E`, `\A`, `\z`, octal and `\x{...}` escapes, a leading
 * `(?i)` or `(?s)`), and Unicode and POSIX classes are approximated by `\w`.
 *
 * As Prometheus' own matcher does (FastRegexMatcher), the fixed text at the start of the pattern is compared as text
 * and only the rest is a RegExp, one for every pattern with that rest: the pod patterns of a thousand applications
 * (`web-00001-[a-z0-9]{1,10}-[a-z0-9]{5}`, `web-00002-...`) share one RegExp, and a pattern of fixed text alone
 * (`web-00001`) needs none. V8 compiles a RegExp when it first runs, in tens of microseconds for a character class:
 * compiling a RegExp for each application's patterns was most of the time of the checks of alerts.
 */
export function promPattern(pattern: string): PromPattern | undefined {
  const translated = translation(pattern);
  if (typeof translated === 'string') {
    return undefined;
  }
  translated.pattern ??= prefixedPattern(translated);
  return translated.pattern;
}

/** A pattern as its fixed text at the start, and a RegExp of the rest, shared by the patterns of the same rest. */
function prefixedPattern({ js, flags }: Translation): PromPattern {
  const { prefix, rest } = splitFixedStart(js, flags);
  const key = `${flags}/${rest}`;
  let restRegExp = REST_REGEXPS.get(key);
  if (restRegExp === undefined) {
    restRegExp = new RegExp(`^(?:${rest})$`, flags);
    if (REST_REGEXPS.size >= 4096) {
      REST_REGEXPS.clear();
    }
    REST_REGEXPS.set(key, restRegExp);
  }
  const matcher = restRegExp;
  return { test: (value) => value.startsWith(prefix) && matcher.test(value.slice(prefix.length)) };
}

const REST_REGEXPS = new Map<string, RegExp>();

/**
 * The fixed text at the start of a JavaScript pattern (its characters, escaped punctuation unescaped), and the rest of
 * the pattern. A character that a quantifier repeats is not fixed (`web-0*` is `web-` and `0*`). The whole pattern is
 * the rest when the text is not compared as it is written (`(?i)`), when the pattern has alternatives at its top level
 * (`web|db`), and when it has an anchor or a word boundary (`^`, `\b`, `\B`), which read the text before them.
 */
export function splitFixedStart(js: string, flags: string): { prefix: string; rest: string } {
  if (flags.includes('i') || !splittable(js)) {
    return { prefix: '', rest: js };
  }
  let prefix = '';
  let i = 0;
  while (i < js.length) {
    const escapedPunctuation = js[i] === '\\' && i + 1 < js.length && !/[A-Za-z0-9]/.test(js[i + 1]);
    if (!escapedPunctuation && REGEX_SPECIAL.test(js[i])) {
      break;
    }
    const width = escapedPunctuation ? 2 : 1;
    if (/[*+?{]/.test(js[i + width] ?? '')) {
      break;
    }
    prefix += js[i + width - 1];
    i += width;
  }
  return { prefix, rest: js.slice(i) };
}

/** Whether a JavaScript pattern has no alternative at its top level, and no anchor or word boundary anywhere. */
function splittable(js: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < js.length; i++) {
    const c = js[i];
    if (c === '\\') {
      if (!inClass && (js[i + 1] === 'b' || js[i + 1] === 'B')) {
        return false;
      }
      i++;
    } else if (inClass) {
      inClass = c !== ']';
    } else if (c === '[') {
      inClass = true;
      i += js[i + 1] === '^' ? 1 : 0;
    } else if (c === '^' || (c === '|' && depth === 0)) {
      return false;
    } else if (c === '(' || c === ')') {
      depth += c === '(' ? 1 : -1;
    }
  }
  return true;
}

/** A pattern rewritten for JavaScript, and the flags that it sets for the whole pattern. */
interface Translation {
  readonly js: string;
  readonly flags: string;
  pattern?: PromPattern;
}

/** The translation of a pattern, or why Prometheus does not compile it. */
function translation(pattern: string): Translation | string {
  // Every application's alerts and dashboard check the same few patterns: remember them.
  const known = TRANSLATIONS.get(pattern);
  if (known !== undefined) {
    return known;
  }
  const translated = translate(pattern);
  if (TRANSLATIONS.size >= 4096) {
    TRANSLATIONS.clear();
  }
  TRANSLATIONS.set(pattern, translated);
  return translated;
}

const TRANSLATIONS = new Map<string, Translation | string>();

function translate(pattern: string): Translation | string {
  let js = '';
  let i = 0;
  let inClass = false;
  let classStart = false; // just after "[" or "[^": a "]" here is a literal
  const names = new Set<string>();
  while (i < pattern.length) {
    const c = pattern[i];
    if (isLoneSurrogate(pattern, i)) {
      return `it has a lone UTF-16 surrogate at character ${i + 1}, which UTF-8 cannot encode`;
    }
    if (c === '\\') {
      const escape = readEscape(pattern, i, inClass);
      if (typeof escape === 'string') {
        return escape;
      }
      js += escape.js;
      i = escape.end;
      classStart = false;
      continue;
    }
    if (inClass) {
      if (c === ']' && !classStart) {
        inClass = false;
        js += ']';
        i++;
        continue;
      }
      classStart = false;
      if (pattern.startsWith('[:', i)) {
        const end = pattern.indexOf(':]', i + 2);
        const name = end === -1 ? '' : pattern.slice(i + 2, end).replace(/^\^/, '');
        if (end === -1 || !POSIX_CLASSES.includes(name)) {
          return `it has the unknown POSIX class ${JSON.stringify(pattern.slice(i, end === -1 ? i + 10 : end + 2))} (known: ${POSIX_CLASSES.join(', ')})`;
        }
        js += '\\w';
        i = end + 2;
        continue;
      }
      js += c === '[' || c === ']' ? `\\${c}` : c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      classStart = true;
      const negated = pattern[i + 1] === '^';
      js += negated ? '[^' : '[';
      i += negated ? 2 : 1;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const group = readGroup(pattern, i, names);
      if (typeof group === 'string') {
        return group;
      }
      js += group.js;
      i = group.end;
      continue;
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat && (Number(repeat[1]) > MAX_REPEAT || (repeat[3] !== undefined && repeat[3] !== '' && Number(repeat[3]) > MAX_REPEAT))) {
        return `the repetition ${repeat[0]} counts more than ${MAX_REPEAT}`;
      }
      // Not a repetition: a literal "{", as in RE2.
      js += repeat ? repeat[0] : '\\{';
      i += repeat ? repeat[0].length : 1;
      continue;
    }
    js += c === '}' ? '\\}' : c;
    i++;
  }
  if (inClass) {
    return 'a "[" has no closing "]"';
  }
  // Flags set at the start hold for the whole pattern (in a group, they are left out: the pattern still compiles).
  const leading = /^\(\?([imsU]+)\)/.exec(pattern)?.[1] ?? '';
  const flags = `${leading.includes('i') ? 'i' : ''}${leading.includes('s') ? 's' : ''}`;
  try {
    new RegExp(js, flags);
  } catch (e) {
    return String((e as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '').toLowerCase();
  }
  return { js, flags };
}

/** A backslash escape of a pattern at `start`, rewritten for JavaScript, and where it ends; or why RE2 refuses it. */
function readEscape(pattern: string, start: number, inClass: boolean): { js: string; end: number } | string {
  const e = pattern[start + 1];
  const here = `at character ${start + 1}`;
  if (e === undefined) {
    return 'it ends with a lone "\\"';
  }
  if (e === 'Q' && !inClass) {
    // Literal text up to \E (or the end).
    const close = pattern.indexOf('\\E', start + 2);
    const literal = pattern.slice(start + 2, close === -1 ? undefined : close);
    return { js: escapeRegex(literal), end: close === -1 ? pattern.length : close + 2 };
  }
  if (/[1-7]/.test(e) && /[0-7]/.test(pattern[start + 2] ?? '')) {
    const octal = /^[0-7]{1,3}/.exec(pattern.slice(start + 1))![0];
    return { js: `\\u${parseInt(octal, 8).toString(16).padStart(4, '0')}`, end: start + 1 + octal.length };
  }
  if (/[1-9]/.test(e) || e === 'k') {
    return `${here}, the backreference ${pattern.slice(start, start + 2)}: RE2 has no backreferences`;
  }
  if (e === '0') {
    const octal = /^0[0-7]{0,2}/.exec(pattern.slice(start + 1))![0];
    return { js: `\\u${parseInt(octal, 8).toString(16).padStart(4, '0')}`, end: start + 1 + octal.length };
  }
  if (e === 'x') {
    const hex = /^x(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2}))/.exec(pattern.slice(start + 1));
    const code = hex ? parseInt(hex[1] ?? hex[2], 16) : NaN;
    if (!hex || code > 0x10ffff) {
      return `${here}, the escape ${pattern.slice(start, start + 4)} is not \\xHH or \\x{HHHH} of a code point`;
    }
    // Within the BMP exactly; above it, any character stands in (JavaScript without the u flag reads surrogates).
    return { js: `\\u${Math.min(code, 0xfffd).toString(16).padStart(4, '0')}`, end: start + 1 + hex[0].length };
  }
  if (e === 'p' || e === 'P') {
    const property = /^[pP](?:\{\^?[A-Za-z_]+\}|[A-Za-z])/.exec(pattern.slice(start + 1));
    if (!property) {
      return `${here}, the escape ${pattern.slice(start, start + 4)} is not a Unicode class such as \\pL or \\p{Greek}`;
    }
    return { js: '\\w', end: start + 1 + property[0].length };
  }
  if ('afnrtvdDsSwW'.includes(e)) {
    return { js: `\\${e}`, end: start + 2 };
  }
  if ('bBAz'.includes(e)) {
    if (inClass) {
      return `${here}, the escape \\${e} is not allowed in a character class`;
    }
    return { js: e === 'A' ? '^' : e === 'z' ? '$' : `\\${e}`, end: start + 2 };
  }
  if (e.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(e)) {
    // Escaped punctuation is the character itself.
    return { js: `\\${e}`, end: start + 2 };
  }
  return `${here}, the escape ${pattern.slice(start, start + 2)} is not one that RE2 knows`;
}

/** A group of a pattern that starts with `(?` at `start`, rewritten for JavaScript, and where its opening ends. */
function readGroup(pattern: string, start: number, names: Set<string>): { js: string; end: number } | string {
  const rest = pattern.slice(start);
  const here = `at character ${start + 1}`;
  if (rest.startsWith('(?:')) {
    return { js: '(?:', end: start + 3 };
  }
  if (/^\(\?(=|!|<=|<!)/.test(rest)) {
    return `${here}, the lookaround ${rest.slice(0, rest.startsWith('(?<') ? 4 : 3)}: RE2 has no lookarounds`;
  }
  const named = /^\(\?P?<([^>]*)>/.exec(rest);
  if (named) {
    if (!/^[A-Za-z0-9_]+$/.test(named[1])) {
      return `${here}, the group name ${JSON.stringify(named[1])} is not letters, digits and "_"`;
    }
    if (names.has(named[1])) {
      return `${here}, the group name ${JSON.stringify(named[1])} is used twice`;
    }
    names.add(named[1]);
    return { js: '(', end: start + named[0].length };
  }
  const flags = FLAGS_GROUP.exec(rest);
  if (flags && (flags[1] !== '' || (flags[2] ?? '') !== '') && flags[2] !== '') {
    // Flags change how the pattern matches, not whether it compiles.
    return { js: flags[3] === ':' ? '(?:' : '', end: start + flags[0].length };
  }
  return `${here}, the group ${rest.slice(0, 4)}... is not one that RE2 knows ((?:...), (?P<name>...), (?<name>...), or flags such as (?i))`;
}

/** Whether the UTF-16 code unit at `i` is half a surrogate pair without its other half. */
function isLoneSurrogate(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = text.charCodeAt(i - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}
