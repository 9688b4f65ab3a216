/**
 * Money as suppliers write it: "$4.73", "USD 2.95/pc", "4,73 €", "€ 13,50", "£6.72",
 * "1,450 yen", "¥1450", and bare decimals ("at 2.15") which count as the order's currency.
 */
import { currencyExponent } from "@po-pro/policy";

export interface MoneyMention {
  /** Minor units of `currency`. */
  minor: number;
  currency: string;
  index: number;
  length: number;
  /** No currency was written next to it. */
  bare: boolean;
}

const SYMBOLS: Record<string, string> = {
  $: "USD",
  US$: "USD",
  "€": "EUR",
  "£": "GBP",
  "¥": "JPY",
  円: "JPY",
  yen: "JPY",
  dollar: "USD",
  dollars: "USD",
  usd: "USD",
  eur: "EUR",
  euro: "EUR",
  euros: "EUR",
  gbp: "GBP",
  jpy: "JPY",
  cad: "CAD",
  aud: "AUD",
  chf: "CHF",
};

const CODE = "US\\$|\\$|€|£|¥|円|USD|EUR|GBP|JPY|CAD|AUD|CHF|yen|euros?|dollars?";
const AMOUNT = "\\d{1,3}(?:[,.' ]\\d{3})*(?:[.,]\\d{1,4})?|\\d+(?:[.,]\\d{1,4})?";

/** Parses "1,450", "4,73", "1.234,56", "2,810.00" into a number. */
export function parseAmount(text: string): number | undefined {
  const t = text.replace(/[' ]/g, "");
  const lastComma = t.lastIndexOf(",");
  const lastDot = t.lastIndexOf(".");
  let normal: string;
  if (lastComma >= 0 && lastDot >= 0) {
    normal = lastComma > lastDot ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
  } else if (lastComma >= 0) {
    const decimals = t.length - lastComma - 1;
    normal =
      decimals === 3 && t.indexOf(",") === lastComma ? t.replace(",", "") : t.replace(/,/g, ".");
    if (decimals === 3 && t.indexOf(",") !== lastComma) normal = t.replace(/,/g, "");
  } else if (lastDot >= 0) {
    const decimals = t.length - lastDot - 1;
    normal = decimals === 3 && t.indexOf(".") !== lastDot ? t.replace(/\./g, "") : t;
  } else normal = t;
  const value = Number.parseFloat(normal);
  return Number.isFinite(value) ? value : undefined;
}

export function toMinor(value: number, currency: string): number {
  return Math.round(value * 10 ** currencyExponent(currency));
}

export function findMoney(text: string, orderCurrency: string): MoneyMention[] {
  const found: MoneyMention[] = [];
  const taken: [number, number][] = [];
  const add = (index: number, length: number, amount: string, code: string, bare: boolean) => {
    if (taken.some(([s, e]) => index < e && index + length > s)) return;
    const value = parseAmount(amount);
    if (value === undefined) return;
    const currency = SYMBOLS[code] ?? SYMBOLS[code.toLowerCase()] ?? orderCurrency;
    taken.push([index, index + length]);
    found.push({ minor: toMinor(value, currency), currency, index, length, bare });
  };
  const before = new RegExp(`(${CODE})\\s?(${AMOUNT})`, "gi");
  for (const m of text.matchAll(before)) add(m.index, m[0].length, m[2] ?? "", m[1] ?? "", false);
  const after = new RegExp(`(?<![\\w.,])(${AMOUNT})\\s?(${CODE})(?![a-z])`, "gi");
  for (const m of text.matchAll(after)) add(m.index, m[0].length, m[1] ?? "", m[2] ?? "", false);
  // Bare decimals with two (or four) decimals: "at 2.15", "3,19 ea", "0.6400".
  const bare =
    /(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+\.\d{2}(?:\d{2})?|\d+\.\d{2}(?:\d{2})?|\d{1,5},\d{2})(?![\w.,/-]*\d)/g;
  for (const m of text.matchAll(bare)) add(m.index, m[0].length, m[1] ?? "", "", true);
  return found.sort((a, b) => a.index - b.index);
}

export interface PercentMention {
  percent: number;
  index: number;
  length: number;
}

export function findPercents(text: string): PercentMention[] {
  const found: PercentMention[] = [];
  for (const m of text.matchAll(/([+-]?\d{1,2}(?:[.,]\d{1,2})?)\s?%/g)) {
    const value = parseAmount((m[1] ?? "").replace("+", ""));
    if (value !== undefined)
      found.push({
        percent: (m[1] ?? "").startsWith("-") ? -value : value,
        index: m.index,
        length: m[0].length,
      });
  }
  return found;
}
