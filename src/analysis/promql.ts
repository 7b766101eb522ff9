import { LabelMatcher, parseLabelMatchers, promRegExp } from '../core/promql';

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
    const metric = /[a-zA-Z_:][a-zA-Z0-9_:]*\s*$/.exec(expr.slice(0, i));
    const start = metric ? i - metric[0].length : i;
    const matchers = parseLabelMatchers(doubleQuoted(expr.slice(i + 1, end)));
    if (typeof matchers !== 'string') {
      selectors.push({
        text: expr.slice(start, end + 1),
        ...(metric ? { metric: metric[0].trim() } : {}),
        matchers,
      });
    }
    i = end + 1;
  }
  return selectors;
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
    case '=~': return promRegExp(matcher.value)?.test(value) ?? true;
    case '!~': return !(promRegExp(matcher.value)?.test(value) ?? false);
    default: return true;
  }
}
