import { quantityValue } from '../../src/core/quantity';

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
