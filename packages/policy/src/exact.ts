/**
 * Exact comparisons for the policy's boundaries. Percent limits such as 5 or 2.5 become
 * integers scaled by 10^PERCENT_DECIMALS at compile time, so "an increase of exactly 5 %
 * passes a 5 % limit" is decided by integer cross-multiplication, never by a float
 * division that lands a hair over the limit.
 */

/** Decimal places a percentage limit may carry (2.5, 12.125, 0.0001). */
export const PERCENT_DECIMALS = 4;
/** 10^PERCENT_DECIMALS: the scale of a compiled percent limit. */
export const PERCENT_SCALE = 10_000;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * `value` × 10^decimals as an exact integer, or `undefined` when `value` has more decimal
 * places than that (its shortest decimal spelling, as JSON writes it) or is not finite.
 */
export function toScaledInteger(value: number, decimals: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const factor = 10 ** decimals;
  const scaled = Math.round(value * factor);
  if (!Number.isSafeInteger(scaled) || scaled / factor !== value) return undefined;
  return scaled;
}

/**
 * Sign of a·b − c·d for integers, exactly. Doubles are exact below 2^53; beyond that the
 * comparison is redone in BigInt (prices in the billions of minor units, never in practice
 * on the hot path).
 */
export function compareProducts(a: number, b: number, c: number, d: number): -1 | 0 | 1 {
  const left = a * b;
  const right = c * d;
  if (left <= MAX_SAFE && left >= -MAX_SAFE && right <= MAX_SAFE && right >= -MAX_SAFE) {
    return left < right ? -1 : left > right ? 1 : 0;
  }
  const bigLeft = BigInt(a) * BigInt(b);
  const bigRight = BigInt(c) * BigInt(d);
  return bigLeft < bigRight ? -1 : bigLeft > bigRight ? 1 : 0;
}

/** Percent change from `from` to `to` as a float, for display only (decisions use the integer forms). */
export function percentChange(from: number, to: number): number {
  return from === 0 ? (to === 0 ? 0 : Number.POSITIVE_INFINITY) : ((to - from) * 100) / from;
}
