import { quantityKey, quantityValue } from '../../src/core/quantity';

test.each([
  ['500m', 0.5],
  ['1', 1],
  ['1.5', 1.5],
  ['.5', 0.5],
  ['100n', 100e-9],
  ['10u', 10e-6],
  ['1k', 1000],
  ['1M', 1e6],
  ['1Ki', 1024],
  ['256Mi', 256 * 2 ** 20],
  ['1Gi', 2 ** 30],
  ['2e3', 2000],
  ['1E-2', 0.01],
  ['-1', -1],
])('%s is %d in the base unit', (quantity, value) => {
  expect(quantityValue(quantity)).toBeCloseTo(value, 12);
});

test('a text that is not a quantity is refused', () => {
  expect(() => quantityValue('512MB')).toThrow('not a Kubernetes quantity: "512MB"');
});

test('binary and decimal suffixes compare correctly', () => {
  expect(quantityValue('1Gi')).toBeGreaterThan(quantityValue('1G'));
  expect(quantityValue('1000m')).toBe(quantityValue('1'));
});

describe('quantityKey: the exact amount, however it is written', () => {
  test.each([
    ['10Gi', '10240Mi'],
    ['1G', '1000M'],
    ['1.1G', '1100M'],
    ['0.5', '500m'],
    ['1Ki', '1024'],
    ['1e3', '1k'],
    ['1E-2', '10m'],
    ['+2', '2.0'],
    ['0', '0Gi'],
    ['.5Gi', '512Mi'],
  ])('%s and %s are the same amount', (a, b) => {
    expect(quantityKey(a)).toBeDefined();
    expect(quantityKey(a)).toBe(quantityKey(b));
  });

  test.each([
    ['1Gi', '1G'],
    ['10Gi', '10241Mi'],
    ['1', '-1'],
    ['1.1G', '1100000001'],
  ])('%s and %s are not', (a, b) => {
    expect(quantityKey(a)).not.toBe(quantityKey(b));
  });

  test('a text that is not a quantity (or of an absurd exponent) has no key', () => {
    expect(quantityKey('512MB')).toBeUndefined();
    expect(quantityKey(42 as any)).toBeUndefined();
    expect(quantityKey('1e100000')).toBeUndefined();
  });
});
