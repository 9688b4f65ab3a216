/**
 * Which order line a sentence speaks of: its SKU, or a word of its description that no other
 * line's description has ("napkin" when the other line is a tablecloth).
 */
import type { ExtractionOrder } from "../types.js";
import { words } from "./text.js";

export interface LineMention {
  /** Index into `order.lines`. */
  line: number;
  /** Position in the sentence. */
  index: number;
  length: number;
  bySku: boolean;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Per line, the description words no other line shares. */
export function distinctiveWords(order: ExtractionOrder): string[][] {
  const perLine = order.lines.map((line) => new Set(words(line.description ?? "")));
  return perLine.map((set, i) =>
    [...set].filter((word) => perLine.every((other, j) => j === i || !other.has(word))),
  );
}

export function lineMentions(
  sentence: string,
  order: ExtractionOrder,
  distinctive: string[][] = distinctiveWords(order),
): LineMention[] {
  const mentions: LineMention[] = [];
  order.lines.forEach((line, i) => {
    const sku = new RegExp(`(?<![\\w-])${escapeRegExp(line.sku)}(?![\\w-])`, "i").exec(sentence);
    if (sku !== null)
      mentions.push({ line: i, index: sku.index, length: sku[0].length, bySku: true });
    for (const word of distinctive[i] ?? []) {
      const found = new RegExp(`\\b${escapeRegExp(word)}\\w*`, "i").exec(sentence);
      if (found !== null)
        mentions.push({ line: i, index: found.index, length: found[0].length, bySku: false });
    }
  });
  return mentions.sort((a, b) => a.index - b.index);
}

export function uniqueLines(mentions: readonly { line: number }[]): number[] {
  return [...new Set(mentions.map((m) => m.line))];
}
