/**
 * Assertions of the change guard's tests: the shop as the baseline, and what every finding must say.
 */
import { shop } from './shop';
import { ChangeFinding, ChangeGuard, ChangeSeverity } from '../../src';

/** The shop as the tests' baseline. */
export const BASE = shop();

/** Compares new manifests with the baseline (the shop by default). */
export function compare(current: any[], baseline: any[] = BASE): ChangeFinding[] {
  return ChangeGuard.compare(baseline, current);
}

/** Asserts a finding's rule, severity, what happens and how to proceed (by key words). */
export function expectFinding(f: ChangeFinding, expected: {
  rule: string;
  severity?: ChangeSeverity;
  kind: string;
  name: string;
  namespace?: string;
  field?: string | RegExp;
  before?: string;
  after?: string;
  happens: RegExp[];
  proceed: RegExp[];
}): void {
  expect(f.rule).toBe(expected.rule);
  expect(f.severity).toBe(expected.severity ?? ChangeSeverity.ERROR);
  expect(f.kind).toBe(expected.kind);
  expect(f.name).toBe(expected.name);
  expect(f.namespace).toBe('namespace' in expected ? expected.namespace : 'shop');
  if (expected.field !== undefined) {
    expect(f.field).toMatch(expected.field);
  }
  if (expected.before !== undefined) {
    expect(f.before).toBe(expected.before);
  }
  if (expected.after !== undefined) {
    expect(f.after).toBe(expected.after);
  }
  for (const words of expected.happens) {
    expect(f.consequence).toMatch(words);
  }
  for (const words of expected.proceed) {
    expect(f.remedy).toMatch(words);
  }
  expect(f.failing).toBe((expected.severity ?? ChangeSeverity.ERROR) === ChangeSeverity.ERROR);
  expect(f.acknowledged).toBe(false);
  // Every remedy ends with how to acknowledge the change, naming the rule.
  expect(f.remedy).toContain(`{ rule: "${expected.rule}", kind: "${expected.kind}"`);
  // The message has it all.
  expect(f.message).toContain(f.resource);
  expect(f.message).toContain(`[${expected.rule}, ${f.severity}]`);
  expect(f.message).toContain(f.consequence);
  expect(f.message).toContain(f.remedy);
}
