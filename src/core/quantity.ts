import { FormatRule } from './format-rule';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18 };

/**
 * The value of a Kubernetes quantity in its base unit (cores for CPU, bytes for memory), for comparing
 * quantities: `"500m"` → 0.5, `"1Gi"` → 1073741824.
 *
 * @throws when the text is not a quantity (check it with `FormatRule.QUANTITY` first for a clear error)
 */
export function quantityValue(quantity: string): number {
  if (!FormatRule.QUANTITY.isValid(quantity)) {
    throw new Error(`not a Kubernetes quantity: ${JSON.stringify(quantity)}`);
  }
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(quantity)!;
  const number = Number(match[1]);
  const suffix = match[2];
  if (suffix in BINARY) {
    return number * BINARY[suffix];
  }
  if (suffix in DECIMAL) {
    return number * DECIMAL[suffix];
  }
  return number * 10 ** Number(suffix.slice(1)); // e3, E-2
}

const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENT: Record<string, number> = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
/** The largest power of ten (either way) that {@link quantityKey} computes with. */
const MAX_KEY_EXPONENT = 400;

/**
 * The exact value of a Kubernetes quantity as a reduced fraction (`"<numerator>/<denominator>"`), for telling whether
 * two quantities are the same amount however they are written: `"10Gi"` and `"10240Mi"`, `"1G"` and `"1000M"`,
 * `"0.5"` and `"500m"` have the same key. Exact where {@link quantityValue} rounds (`"1.1G"` and `"1100M"`).
 *
 * @returns the key, or `undefined` when the text is not a quantity
 */
export function quantityKey(quantity: string): string | undefined {
  if (typeof quantity !== 'string' || !FormatRule.QUANTITY.isValid(quantity)) {
    return undefined;
  }
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(quantity)!;
  const [, sign, whole, fraction = '', suffix] = match;
  let numerator = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  let exponent = -fraction.length;
  if (suffix in BINARY_EXPONENT) {
    numerator *= 2n ** BigInt(BINARY_EXPONENT[suffix]);
  } else if (suffix in DECIMAL_EXPONENT) {
    exponent += DECIMAL_EXPONENT[suffix];
  } else {
    exponent += Number(suffix.slice(1)); // e3, E-2
  }
  if (Math.abs(exponent) > MAX_KEY_EXPONENT) {
    return undefined; // far beyond any amount of CPU, memory or storage: not worth a power of ten of that size
  }
  let denominator = 1n;
  if (exponent >= 0) {
    numerator *= 10n ** BigInt(exponent);
  } else {
    denominator = 10n ** BigInt(-exponent);
  }
  const divisor = gcd(numerator < 0n ? -numerator : numerator, denominator);
  return `${numerator / divisor}/${denominator / divisor}`;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    [a, b] = [b, a % b];
  }
  return a === 0n ? 1n : a;
}
