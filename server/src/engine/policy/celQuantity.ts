// Kubernetes' quantity library for CEL: exact arithmetic on nano-units (bigint), so "1.5Gi" and
// "1536Mi" compare equal as they do in the API server.
import type { Environment } from '@marcbachmann/cel-js';

const NANO = 1_000_000_000n;
const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

export class Quantity {
  /** The amount in billionths of the unit (nanocores, nanobytes): exact for every suffix. */
  constructor(readonly nanos: bigint) {}

  compare(other: Quantity): bigint {
    return this.nanos < other.nanos ? -1n : this.nanos > other.nanos ? 1n : 0n;
  }
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/** A quantity as the API server reads it, or undefined. */
export function parseCelQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number, exponent, suffix = ''] = match;
  const [whole, fraction = ''] = number.split('.');
  let nanos = BigInt(`${whole || '0'}${fraction}`) * NANO;
  let scale = -fraction.length;
  if (suffix in BINARY_EXPONENTS) nanos *= 2n ** BigInt(BINARY_EXPONENTS[suffix]);
  else scale += exponent !== undefined ? Number(exponent) : DECIMAL_EXPONENTS[suffix];
  if (Math.abs(scale) > 30) return undefined;
  nanos = scale >= 0 ? nanos * pow10(scale) : nanos / pow10(-scale);
  return new Quantity(sign === '-' ? -nanos : nanos);
}

function quantityOf(text: string): Quantity {
  const quantity = parseCelQuantity(text);
  if (!quantity) throw new Error(`quantity: "${text}" is not a valid quantity`);
  return quantity;
}

function asInteger(quantity: Quantity): bigint {
  if (quantity.nanos % NANO !== 0n) throw new Error('quantity is not an integer');
  return quantity.nanos / NANO;
}

const fromInt = (value: bigint) => new Quantity(value * NANO);

export function registerQuantityLibrary(env: Environment): void {
  env
    .registerType('kubernetes.Quantity', Quantity)
    .registerFunction('quantity(string): kubernetes.Quantity', quantityOf)
    .registerFunction('isQuantity(string): bool', (text: string) => parseCelQuantity(text) !== undefined)
    .registerFunction('kubernetes.Quantity.isInteger(): bool', (q: Quantity) => q.nanos % NANO === 0n)
    .registerFunction('kubernetes.Quantity.asInteger(): int', asInteger)
    .registerFunction('kubernetes.Quantity.asApproximateFloat(): double', (q: Quantity) => Number(q.nanos) / 1e9)
    .registerFunction('kubernetes.Quantity.sign(): int', (q: Quantity) => (q.nanos > 0n ? 1n : q.nanos < 0n ? -1n : 0n))
    .registerFunction('kubernetes.Quantity.add(kubernetes.Quantity): kubernetes.Quantity', (a: Quantity, b: Quantity) => new Quantity(a.nanos + b.nanos))
    .registerFunction('kubernetes.Quantity.add(int): kubernetes.Quantity', (a: Quantity, b: bigint) => new Quantity(a.nanos + fromInt(b).nanos))
    .registerFunction('kubernetes.Quantity.sub(kubernetes.Quantity): kubernetes.Quantity', (a: Quantity, b: Quantity) => new Quantity(a.nanos - b.nanos))
    .registerFunction('kubernetes.Quantity.sub(int): kubernetes.Quantity', (a: Quantity, b: bigint) => new Quantity(a.nanos - fromInt(b).nanos))
    .registerFunction('kubernetes.Quantity.isGreaterThan(kubernetes.Quantity): bool', (a: Quantity, b: Quantity) => a.compare(b) > 0n)
    .registerFunction('kubernetes.Quantity.isLessThan(kubernetes.Quantity): bool', (a: Quantity, b: Quantity) => a.compare(b) < 0n)
    .registerFunction('kubernetes.Quantity.compareTo(kubernetes.Quantity): int', (a: Quantity, b: Quantity) => a.compare(b));
}
