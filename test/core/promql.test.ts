import { escapeRegex, promRegExp } from '../../src/core/promql';

describe('promRegExp', () => {
  test('anchors the pattern at both ends, as Prometheus does', () => {
    expect(promRegExp('web')!.test('web-1')).toBe(false);
    expect(promRegExp('web|db')!.test('db')).toBe(true);
    expect(promRegExp('web|db')!.test('webdb')).toBe(false);
  });

  test('rewrites what RE2 and JavaScript do not share', () => {
    expect(promRegExp('\\Aweb\\z')!.test('web')).toBe(true);
    expect(promRegExp('\\Q(web)\\E')!.test('(web)')).toBe(true);
    expect(promRegExp('\\x41\\101')!.test('AA')).toBe(true);
    expect(promRegExp('(?i)web')!.test('WEB')).toBe(true);
    expect(promRegExp('(?s)a.b')!.test('a\nb')).toBe(true);
    expect(promRegExp('(?P<name>web)-[0-9]+')!.test('web-0')).toBe(true);
  });

  test('undefined for a pattern that Prometheus does not compile; one RegExp per pattern', () => {
    expect(promRegExp('(?=a)b')).toBeUndefined();
    expect(promRegExp('(')).toBeUndefined();
    expect(promRegExp('web-.*')).toBe(promRegExp('web-.*'));
  });
});

test('escapeRegex: a pattern that matches the text as it is', () => {
  expect(escapeRegex('web.shop')).toBe('web\\.shop');
  expect(promRegExp(escapeRegex('a+b(c)[d]'))!.test('a+b(c)[d]')).toBe(true);
  expect(escapeRegex('web')).toBe('web');
});
