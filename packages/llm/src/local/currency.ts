/**
 * The currency reader: any amount quoted in another currency than the order's is a currency
 * change (the policy escalates it); amounts in several foreign currencies are a doubt.
 */
import type { ExtractionOrder } from "../types.js";
import type { MoneyMention } from "./money.js";

export function readCurrency(
  money: readonly MoneyMention[],
  order: ExtractionOrder,
): { currency: string | undefined; uncertain: string[] } {
  const foreign = [
    ...new Set(
      money.filter((m) => !m.bare && m.currency !== order.currency).map((m) => m.currency),
    ),
  ];
  if (foreign.length === 1) return { currency: foreign[0], uncertain: [] };
  if (foreign.length > 1)
    return {
      currency: undefined,
      uncertain: [`amounts in several currencies (${foreign.join(", ")})`],
    };
  return { currency: undefined, uncertain: [] };
}
