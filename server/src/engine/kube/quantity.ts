// Kubernetes resource quantities ("100m", "128Mi", "1.5", "1e3", 2) as plain numbers, so
// resource rules and fixes can compare requests with limits.

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

// The exponent form must be tried before the bare "E" (exa) suffix: "1E3" is 1000, "1E" is 10^18.
const QUANTITY = /^\+?(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** A quantity in base units (cores, bytes); undefined for anything Kubernetes would reject or a template. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const [, digits, exponent, suffix] = match;
  const number = Number(digits);
  return exponent !== undefined ? number * 10 ** Number(exponent) : number * MULTIPLIERS[suffix ?? ''];
}
