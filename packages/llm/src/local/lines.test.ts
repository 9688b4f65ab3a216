import { describe, expect, it } from "vitest";
import type { ExtractionOrder } from "../types.js";
import { distinctiveWords, lineMentions, uniqueLines } from "./lines.js";

const order: ExtractionOrder = {
  currency: "USD",
  requestedDeliveryDate: "2027-03-01",
  paymentTerms: "NET30",
  lines: [
    { sku: "NAP-01", description: "Linen napkin, natural", quantity: 100, unitPrice: 300 },
    { sku: "TBL-01", description: "Linen tablecloth, natural", quantity: 20, unitPrice: 4000 },
  ],
};

describe("line mentions", () => {
  it("keeps only the description words that tell the lines apart", () => {
    expect(distinctiveWords(order)).toEqual([["napki"], ["tableclot"]]);
  });

  it("finds a line by SKU or by a distinctive word, in sentence order", () => {
    const mentions = lineMentions("The tablecloths are fine; NAP-01 too.", order);
    expect(mentions.map((m) => [m.line, m.bySku])).toEqual([
      [1, false],
      [0, true],
    ]);
    expect(uniqueLines(mentions)).toEqual([1, 0]);
  });

  it("does not take a longer SKU for the ordered one", () => {
    expect(lineMentions("NAP-01-XL is new", order)).toEqual([]);
  });
});
