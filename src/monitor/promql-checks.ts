import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';
import { LabelMatcher, parseLabelMatchers, regexProblem } from '../core/promql';

/*
 * Checks of the PromQL parts that users give the monitoring constructs (internal): regular expressions, which
 * Prometheus compiles with Go's RE2 syntax, and label matchers. The grammar itself is in src/core/promql.ts, which
 * the validation plugin reads manifests with too.
 */

export { parseLabelMatchers, regexProblem } from '../core/promql';
export type { LabelMatcher, MatchOp } from '../core/promql';

/** What `checkLabelMatchers` accepts, for its errors. */
export const LABEL_MATCHERS_ACCEPTED = 'PromQL label matchers: `name op "value"` separated by commas, e.g. \'namespace="shop", service="web"\' '
  + '(a label name of letters, digits and "_", not starting with a digit; op one of =, !=, =~, !~; the value a double-quoted string '
  + 'with Go escapes, a valid RE2 regular expression for =~ and !~)';

/**
 * Refuses a value that is not a regular expression that Prometheus compiles (RE2); returns it otherwise.
 *
 * @param accepted what would be accepted, e.g. `a regular expression of the pod names, e.g. "web-[a-z0-9]+"`
 */
export function checkRegex(scope: IConstruct, prop: string, value: string, accepted: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw inputError(scope, prop, value, typeof value !== 'string' ? 'it is not a string' : 'it is empty', accepted);
  }
  const problem = regexProblem(value);
  if (problem !== undefined) {
    throw inputError(scope, prop, value, `it is not a regular expression that Prometheus compiles (RE2): ${problem}`, accepted);
  }
  return value;
}

/**
 * Refuses a text that is not PromQL label matchers (`name op "value"`, comma-separated, an optional trailing comma)
 * for the selector of a metric such as `up{...}` (so not the metric name `__name__`); returns the matchers otherwise.
 */
export function checkLabelMatchers(scope: IConstruct, prop: string, text: string, accepted = LABEL_MATCHERS_ACCEPTED): LabelMatcher[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw inputError(scope, prop, text, typeof text !== 'string' ? 'it is not a string' : 'it is empty', accepted);
  }
  const parsed = parseLabelMatchers(text);
  if (typeof parsed === 'string') {
    throw inputError(scope, prop, text, `it is not PromQL label matchers: ${parsed}`, accepted);
  }
  if (parsed.some((m) => m.name === '__name__')) {
    throw inputError(scope, prop, text, 'it matches the metric name (__name__), which the selector `up{...}` sets already (Prometheus refuses a second one)',
      `${accepted}, without __name__`);
  }
  return parsed;
}
