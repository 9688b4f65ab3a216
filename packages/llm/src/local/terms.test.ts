import { describe, expect, it } from "vitest";
import { findTerms, readPaymentTerms } from "./terms.js";
import { contextOf } from "./testing.js";

describe("payment-terms reader", () => {
  it("normalises the ways terms are written", () => {
    expect(findTerms("Net 45").map((t) => t.value)).toEqual(["NET45"]);
    expect(findTerms("30 Tage netto").map((t) => t.value)).toEqual(["NET30"]);
    expect(findTerms("Vorkasse").map((t) => t.value)).toEqual(["PREPAID"]);
    expect(findTerms("payment due on receipt").map((t) => t.value)).toEqual(["DUE_ON_RECEIPT"]);
  });

  it("reads new terms, and not refused or future ones", () => {
    expect(readPaymentTerms(contextOf(["We need Net 15 on this order."])).paymentTerms).toBe(
      "NET15",
    );
    expect(
      readPaymentTerms(contextOf(["Net 60 isn't possible, sorry."])).paymentTerms,
    ).toBeUndefined();
    expect(
      readPaymentTerms(contextOf(["From your next order, Net 45 applies."])).paymentTerms,
    ).toBeUndefined();
  });
});
