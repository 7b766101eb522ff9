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
