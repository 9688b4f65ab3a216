/** Small pieces of merchant-facing English shared by reasons, explanations and validation. */

/** "a", "a and b", "a, b and c". */
export function listed(words: readonly string[]): string {
  // A plain loop: slice/join take a slow path on frozen arrays, and this runs on the hot path.
  const last = words.length - 1;
  let text = last >= 0 ? (words[0] as string) : "";
  for (let i = 1; i <= last; i++) text += (i === last ? " and " : ", ") + (words[i] as string);
  return text;
}

/** "1 day", "8 days". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A percentage for a sentence: at most one decimal ("8.2", "5"), but with as many more
 * decimals (up to 4) as it takes not to read as equal to `limit` when it is not — an
 * increase of 5.04 % over a 5 % limit shows as "5.04", not as "5".
 */
export function formatPercent(value: number, limit?: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  // k / 10^d printed by String() is its shortest spelling: no trailing zeros to trim.
  let factor = 10;
  let rounded = Math.round(value * factor) / factor;
  while (limit !== undefined && rounded === limit && value !== limit && factor < 10_000) {
    factor *= 10;
    rounded = Math.round(value * factor) / factor;
  }
  return String(rounded);
}
