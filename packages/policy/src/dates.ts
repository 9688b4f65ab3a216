/**
 * ISO calendar dates (`YYYY-MM-DD`) as day numbers, without `Date` objects: delivery delay
 * is a day count, and parsing by character codes keeps the hot path allocation-free.
 */

const DIGIT_0 = 48;
const HYPHEN = 45;

/** The digit at `i`, or a value above 9 when it is not one (unsigned wrap-around for chars below "0"). */
function digit(s: string, i: number): number {
  return (s.charCodeAt(i) - DIGIT_0) >>> 0;
}

/** Days since 1970-01-01 for a proleptic-Gregorian `YYYY-MM-DD`, or NaN when malformed. */
export function isoDayNumber(iso: string): number {
  if (iso.length !== 10 || iso.charCodeAt(4) !== HYPHEN || iso.charCodeAt(7) !== HYPHEN)
    return Number.NaN;
  const y0 = digit(iso, 0);
  const y1 = digit(iso, 1);
  const y2 = digit(iso, 2);
  const y3 = digit(iso, 3);
  const m0 = digit(iso, 5);
  const m1 = digit(iso, 6);
  const d0 = digit(iso, 8);
  const d1 = digit(iso, 9);
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9)
    return Number.NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1 || d > 31) return Number.NaN;
  // Howard Hinnant's days_from_civil: exact integer arithmetic, no time zones involved.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days from `from` to `to` (positive when `to` is later), NaN if either is malformed. */
export function daysBetween(from: string, to: string): number {
  return isoDayNumber(to) - isoDayNumber(from);
}
