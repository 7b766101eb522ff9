import { matcherMatches, vectorSelectors } from '../../src/analysis/promql';

describe('vectorSelectors', () => {
  test('the selectors with braces of an expression, with their metric and matchers', () => {
    const expr = 'sum by (pod) (rate(http_requests_total{namespace="shop", code=~"5.."}[5m])) / sum by (pod) (rate({__name__="http_requests_total", namespace="shop"}[5m])) > 0.1';
    expect(vectorSelectors(expr)).toEqual([
      {
        text: 'http_requests_total{namespace="shop", code=~"5.."}',
        metric: 'http_requests_total',
        matchers: [{ name: 'namespace', op: '=', value: 'shop' }, { name: 'code', op: '=~', value: '5..' }],
      },
      {
        text: '{__name__="http_requests_total", namespace="shop"}',
        matchers: [{ name: '__name__', op: '=', value: 'http_requests_total' }, { name: 'namespace', op: '=', value: 'shop' }],
      },
    ]);
  });

  test('string literals and comments are skipped; values quoted with \' or ` are read as Prometheus reads them', () => {
    const expr = [
      'label_replace(up{job="a"}, "pod", "$1", "instance", "{(.*)}") # not a selector: {pod="x"}',
      'or up{pod=~\'web-"canary"\\\'s\', container=`a\\b`}',
    ].join('\n');
    expect(vectorSelectors(expr).map((s) => s.matchers)).toEqual([
      [{ name: 'job', op: '=', value: 'a' }],
      [{ name: 'pod', op: '=~', value: 'web-"canary"\'s' }, { name: 'container', op: '=', value: 'a\\b' }],
    ]);
  });

  test('the metric name is the name right before the brace, white space between them included in the text', () => {
    const read = (expr: string) => vectorSelectors(expr).map((s) => [s.metric, s.text]);
    expect(read('rate(up \n\t{job="a"}[5m])')).toEqual([['up', 'up \n\t{job="a"}']]);
    expect(read('sum(a:b_c9{job="a"}) or x.up{job="b"}')).toEqual([['a:b_c9', 'a:b_c9{job="a"}'], ['up', 'up{job="b"}']]);
    // A name does not start with a digit: the name starts after the digits; digits alone are none.
    expect(read('{job="c"} or 1up{job="a"} or 42 {job="b"}')).toEqual([[undefined, '{job="c"}'], ['up', 'up{job="a"}'], [undefined, '{job="b"}']]);
  });

  test('the metric name is the one the PromQL grammar reads before a brace, for any text before it', () => {
    // The reference: the longest name, then white space, that ends the text before the brace.
    const reference = (before: string) => /[a-zA-Z_:][a-zA-Z0-9_:]*\s*$/.exec(before)?.[0].trim();
    const parts = ['up', ' ', '\t', '9', '_x', ':', 'a1', '(', ') ', '-', 'é', '\n'];
    for (let i = 0; i < 2000; i++) {
      let before = '';
      for (let n = (i * 7) % 6, k = i; n >= 0; n--, k = Math.floor(k / parts.length) + n * 13) before += parts[k % parts.length];
      const [selector] = vectorSelectors(`${before}{job="a"}`);
      expect([before, selector.metric]).toEqual([before, reference(before)]);
    }
  });

  test('selectors without matchers, or whose matchers do not parse, are left out', () => {
    expect(vectorSelectors('up{} == 0 or up{"quoted.name"="x"} or up == 0')).toEqual([]);
  });
});

describe('matcherMatches', () => {
  test.each([
    ['=', 'web', 'web', true],
    ['!=', 'web', 'web', false],
    ['=~', 'web', 'web-7d9f8b6c5d-x2x4z', false], // anchored at both ends
    ['=~', 'web-.*', 'web-7d9f8b6c5d-x2x4z', true],
    ['=~', 'web-[a-z0-9]+-[a-z0-9]{5}', 'web-canary-7d9f8b6c5d-x2x4z', false],
    ['=~', 'web(-canary)?-[a-z0-9]+-[a-z0-9]+', 'web-canary-7d9f8b6c5d-x2x4z', true],
    ['=~', 'a|b', 'b', true],
    ['=~', '(?i)WEB', 'web', true],
    ['=~', '\\Qweb.1\\E', 'webx1', false],
    ['!~', 'web-.*', 'web-0', false],
    ['!~', 'web-.*', 'db-0', true],
    ['=~', '', '', true],
  ] as const)('%s %j against %j: %s', (op, value, label, expected) => {
    expect(matcherMatches({ name: 'pod', op, value }, label)).toBe(expected);
  });
});
