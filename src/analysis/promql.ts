import { LabelMatcher, parseLabelMatchers, promPattern } from '../core/promql';

/*
 * The vector selectors of PromQL expressions (the `expr` of the rules of a PrometheusRule), and whether their label
 * matchers match a series.
 */

/** A vector selector with label matchers: `metric{label op "value", ...}` or `{...}`. */
export interface VectorSelector {
  /** The selector as the expression writes it, e.g. `up{namespace="shop", service="web"}`. */
  readonly text: string;
  /** The metric name, when the selector starts with one. */
  readonly metric?: string;
  readonly matchers: readonly LabelMatcher[];
}

/**
 * The vector selectors with braces of a PromQL expression, in order. A selector whose matchers do not parse (or that
 * has none) is left out: there is nothing to judge in it. String literals and comments are skipped; values quoted
 * with `'` or backquotes are read as Prometheus reads them.
 */
export function vectorSelectors(expr: string): VectorSelector[] {
  const selectors: VectorSelector[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === '\'' || c === '`') {
      i = quotedEnd(expr, i);
      continue;
    }
    if (c === '#') {
      const newline = expr.indexOf('\n', i);
      i = newline === -1 ? expr.length : newline + 1;
      continue;
    }
    if (c !== '{') {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < expr.length && expr[end] !== '}') {
      end = expr[end] === '"' || expr[end] === '\'' || expr[end] === '`' ? quotedEnd(expr, end) : end + 1;
    }
    const start = metricStart(expr, i);
    const matchers = parseLabelMatchers(doubleQuoted(expr.slice(i + 1, end)));
    if (typeof matchers !== 'string') {
      selectors.push({
        text: expr.slice(start, end + 1),
        ...(start < i ? { metric: expr.slice(start, i).trim() } : {}),
        matchers,
      });
    }
    i = end + 1;
  }
  return selectors;
}

/**
 * Where the metric name before a `{` at `brace` starts (a name, then white space), or `brace` when none: read back
 * from the brace, not by a search of all the text before it (an expression of many selectors would be read again for
 * each one).
 */
function metricStart(expr: string, brace: number): number {
  let end = brace;
  while (end > 0 && WHITE_SPACE.test(expr[end - 1])) end--;
  let start = end;
  let first = end; // the first character of the name: not a digit
  while (start > 0 && (isNameStart(expr.charCodeAt(start - 1)) || isDigit(expr.charCodeAt(start - 1)))) {
    start--;
    if (!isDigit(expr.charCodeAt(start))) first = start;
  }
  return first < end ? first : brace;
}

const WHITE_SPACE = /\s/;

/** `[a-zA-Z_:]`: a character that may start a metric name. */
function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 58;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Where the string literal that starts at `start` ends (after its closing quote, or at the end of the text). */
function quotedEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    i += quote !== '`' && text[i] === '\\' ? 2 : 1;
  }
  return Math.min(i + 1, text.length);
}

/** Label matchers with their values quoted with `"` only (as parseLabelMatchers reads them). */
function doubleQuoted(text: string): string {
  let result = '';
  let i = 0;
  while (i < text.length) {
    const quote = text[i];
    if (quote === '"') {
      const end = quotedEnd(text, i);
      result += text.slice(i, end);
      i = end;
    } else if (quote === '\'' || quote === '`') {
      const end = quotedEnd(text, i);
      const inner = text.slice(i + 1, end - 1);
      result += `"${quote === '`' ? inner.replace(/[\\"]/g, '\\$&') : singleToDouble(inner)}"`;
      i = end;
    } else {
      result += quote;
      i++;
    }
  }
  return result;
}

/** The inside of a single-quoted string, for double quotes: \' is a quote there, and a double quote needs no escape. */
function singleToDouble(inner: string): string {
  let result = '';
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && i + 1 < inner.length) {
      result += inner[i + 1] === '\'' ? '\'' : inner.slice(i, i + 2);
      i++;
    } else {
      result += inner[i] === '"' ? '\\"' : inner[i];
    }
  }
  return result;
}

/**
 * Whether a label matcher matches a value of its label (`''` for a series without the label), as Prometheus matches
 * it: regular expressions anchored at both ends.
 */
export function matcherMatches(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=': return value === matcher.value;
    case '!=': return value !== matcher.value;
    case '=~': return promPattern(matcher.value)?.test(value) ?? true;
    case '!~': return !(promPattern(matcher.value)?.test(value) ?? false);
    default: return true;
  }
}
