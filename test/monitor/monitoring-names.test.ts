import { escapeRegex, promDuration, promString } from '../../src/monitor/monitoring-names';

describe('the names the monitoring derives', () => {
  test.each([
    ['web-00001', 'web-00001'],
    ['data.mysql', 'data\\.mysql'],
    ['a+b*c?', 'a\\+b\\*c\\?'],
    ['(x)[y]{z}|^$\\', '\\(x\\)\\[y\\]\\{z\\}\\|\\^\\$\\\\'],
  ])('escapeRegex(%j) is %j, a regular expression that matches the text as it is', (text, escaped) => {
    expect(escapeRegex(text)).toBe(escaped);
    expect(new RegExp(`^${escapeRegex(text)}$`).test(text)).toBe(true);
  });

  test.each([
    ['shop', '"shop"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['two\nlines', '"two\\nlines"'],
  ])('promString(%j) is the PromQL string literal %j', (text, literal) => {
    expect(promString(text)).toBe(literal);
    // A PromQL double-quoted string reads as a JSON string for these characters.
    expect(JSON.parse(literal)).toBe(text);
  });

  test('promDuration writes whole seconds in their largest whole unit', () => {
    expect([0, 1, 30, 60, 90, 120, 3600, 5400, 86400, 172800].map(promDuration))
      .toEqual(['0s', '1s', '30s', '1m', '90s', '2m', '1h', '90m', '1d', '2d']);
  });
});
