import { describe, expect, it } from "vitest";
import { classifySentence } from "./classify.js";
import type { Fact, FactKind } from "./facts.js";
import { contextOf, ORDER } from "./testing.js";

function verdict(text: string, facts: Fact[] = [], emailFacts: FactKind[] = []) {
  const ctx = contextOf([text]);
  return classifySentence(
    0,
    {
      order: ORDER,
      segments: ctx.segments,
      facts,
      known: new Set(),
      signature: "",
      forwarded: false,
    },
    new Set(emailFacts),
  );
}

describe("sentence classifier", () => {
  it("accounts for plain confirmation language in each language it reads", () => {
    for (const text of [
      "Confirmed, thanks!",
      "We confirm your order PO-5150.",
      "Confirmamos su pedido.",
      "Wir bestätigen Ihre Bestellung.",
    ])
      expect(verdict(text).verdict, text).toBe("plain");
  });

  it("accounts for the order's own quantities", () => {
    expect(verdict("Confirmed: 200 mugs and 100 bowls.").verdict).toBe("plain");
    expect(verdict("Confirmed: 180 mugs.").verdict).toBe("unaccounted");
  });

  it.each([
    ["a negation", "We are unable to do that."],
    ["a price word", "The price is different."],
    ["a difference", "It is a bit more this time."],
    ["a number word", "Fifteen cents on top."],
    ["a bank detail", "Wire to account 1234."],
    ["an unknown word", "Confirmed, the kiln exploded."],
  ])("does not account for %s", (_what, text) => {
    expect(verdict(text).verdict).toBe("unaccounted");
  });

  it("explains a hazard by a fact of its kind in the same sentence", () => {
    const text = "The price of the mugs goes up to $6.90.";
    const at = text.indexOf("$6.90");
    const facts: Fact[] = [{ segment: 0, kind: "price_change", start: at, end: at + 5 }];
    expect(verdict(text, facts, ["price_change"]).verdict).toBe("change");
    expect(verdict(text).verdict).toBe("unaccounted");
  });
});
