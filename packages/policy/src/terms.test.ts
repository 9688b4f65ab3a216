import { describe, expect, it } from "vitest";
import { isPaymentTerms, normalizePaymentTerms } from "./terms.js";

describe("normalizePaymentTerms", () => {
  it.each([
    ["NET30", "NET30"],
    ["Net 30", "NET30"],
    ["net30", "NET30"],
    ["NET-45", "NET45"],
    ["Net 60 days", "NET60"],
    ["30 days net", "NET30"],
    ["30 days", "NET30"],
    ["Nett 30", "NET30"],
    ["N30", "NET30"],
    ["NET030", "NET30"],
    ["30 Tage netto", "NET30"],
    ["zahlbar innerhalb 14 Tage netto", "NET14"],
    ["Prepaid", "PREPAID"],
    ["prepayment", "PREPAID"],
    ["Payment in advance", "PREPAID"],
    ["Pro forma", "PREPAID"],
    ["pro-forma invoice", "PREPAID"],
    ["Vorkasse", "PREPAID"],
    ["pago anticipado", "PREPAID"],
    ["Due on receipt", "DUE_ON_RECEIPT"],
    ["due upon receipt", "DUE_ON_RECEIPT"],
    ["DUE_ON_RECEIPT", "DUE_ON_RECEIPT"],
    ["C.O.D.", "COD"],
    ["cash on delivery", "COD"],
  ])("%j → %s", (input, expected) => {
    expect(normalizePaymentTerms(input)).toBe(expected);
  });

  it.each(["", "whenever", "NET 1000", "2/10 net 30", "end of month"])(
    "does not guess %j",
    (input) => {
      expect(normalizePaymentTerms(input)).toBeUndefined();
    },
  );

  it("recognises only canonical spellings as normalised", () => {
    expect(
      ["NET0", "NET30", "NET365", "PREPAID", "DUE_ON_RECEIPT", "COD"].every(isPaymentTerms),
    ).toBe(true);
    expect(["NET030", "Net30", "NET1000", "prepaid", 30].some(isPaymentTerms)).toBe(false);
  });
});
