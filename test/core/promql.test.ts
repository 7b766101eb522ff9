import * as fc from 'fast-check';
import { escapeRegex, promPattern, splitFixedStart } from '../../src/core/promql';
import { propertyParameters, propertyTimeout } from '../property/harness';

describe('promPattern', () => {
  test('anchors the pattern at both ends, as Prometheus does', () => {
    expect(promPattern('web')!.test('web-1')).toBe(false);
    expect(promPattern('web|db')!.test('db')).toBe(true);
    expect(promPattern('web|db')!.test('webdb')).toBe(false);
  });

  test('rewrites what RE2 and JavaScript do not share', () => {
    expect(promPattern('\\Aweb\\z')!.test('web')).toBe(true);
    expect(promPattern('\\Q(web)\\E')!.test('(web)')).toBe(true);
    expect(promPattern('\\x41\\101')!.test('AA')).toBe(true);
    expect(promPattern('(?i)web')!.test('WEB')).toBe(true);
    expect(promPattern('(?s)a.b')!.test('a\nb')).toBe(true);
    expect(promPattern('(?P<name>web)-[0-9]+')!.test('web-0')).toBe(true);
  });

  test('undefined for a pattern that Prometheus does not compile; one RegExp per pattern', () => {
    expect(promPattern('(?=a)b')).toBeUndefined();
    expect(promPattern('(')).toBeUndefined();
    expect(promPattern('web-.*')).toBe(promPattern('web-.*'));
  });

  test('compares the fixed text at the start as text, and matches only the rest with a RegExp', () => {
    expect(splitFixedStart('web-00001-[a-z]{5}', '')).toEqual({ prefix: 'web-00001-', rest: '[a-z]{5}' });
    expect(splitFixedStart('web-00001', '')).toEqual({ prefix: 'web-00001', rest: '' });
    expect(splitFixedStart('shop\\.example\\.com/.*', '')).toEqual({ prefix: 'shop.example.com/', rest: '.*' });
    // A repeated character is not fixed.
    expect(splitFixedStart('web-0*', '')).toEqual({ prefix: 'web-', rest: '0*' });
    expect(splitFixedStart('web{2}', '')).toEqual({ prefix: 'we', rest: 'b{2}' });
    expect(splitFixedStart('\\d+', '')).toEqual({ prefix: '', rest: '\\d+' });
    // The whole pattern: alternatives at the top, text compared without case, anchors and word boundaries.
    expect(splitFixedStart('web|db', '')).toEqual({ prefix: '', rest: 'web|db' });
    expect(splitFixedStart('web', 'i')).toEqual({ prefix: '', rest: 'web' });
    expect(splitFixedStart('web\\b-1', '')).toEqual({ prefix: '', rest: 'web\\b-1' });
    expect(splitFixedStart('web-^1', '')).toEqual({ prefix: '', rest: 'web-^1' });
    // Alternatives in a group, a negated class, and a "|" or "\\b" in a class (a backspace there) keep the fixed start.
    expect(splitFixedStart('web-(a|b)', '')).toEqual({ prefix: 'web-', rest: '(a|b)' });
    expect(splitFixedStart('web-[^|\\b]', '')).toEqual({ prefix: 'web-', rest: '[^|\\b]' });
  });

  test('the fixed start compared as text and the rest matched by a RegExp match what the whole pattern matches', () => {
    // Pieces whose RE2 and JavaScript syntax agree, so that the whole pattern is also the JavaScript RegExp to compare with.
    const piece = fc.constantFrom('w', 'e', 'b', '-', '0', '.', '\\.', '*', '+', '?', '{1,2}', '[a-c0]', '[^a]', '(', ')', '(?:',
      '|', '^', '$', '\\b', '\\B', '\\d', '\\w');
    const patterns = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
    const values = fc.array(fc.stringMatching(/^[web\-0.ac]{0,8}$/), { minLength: 1, maxLength: 12 });
    let compared = 0;
    fc.assert(fc.property(patterns, values, (pattern, texts) => {
      let whole: RegExp;
      try {
        whole = new RegExp(`^(?:${pattern})$`);
      } catch {
        expect(promPattern(pattern)).toBeUndefined();
        return;
      }
      const matcher = promPattern(pattern);
      if (matcher === undefined) {
        // RE2 refuses some patterns that JavaScript compiles (a repetition of nothing: "(?:)*" in RE2 is fine, "{1,2}" alone is not in JavaScript).
        return;
      }
      for (const text of [...texts, pattern.replace(/[^web\-0.ac]/g, '')]) {
        compared++;
        expect([pattern, text, matcher.test(text)]).toEqual([pattern, text, whole.test(text)]);
      }
    }), propertyParameters(1000));
    expect(compared).toBeGreaterThan(1000);
  }, propertyTimeout(1000));
});

test('escapeRegex: a pattern that matches the text as it is', () => {
  expect(escapeRegex('web.shop')).toBe('web\\.shop');
  expect(promPattern(escapeRegex('a+b(c)[d]'))!.test('a+b(c)[d]')).toBe(true);
  expect(escapeRegex('web')).toBe('web');
});
