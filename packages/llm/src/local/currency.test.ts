import { describe, expect, it } from "vitest";
import { readCurrency } from "./currency.js";
import { findMoney } from "./money.js";
import { ORDER } from "./testing.js";

describe("currency reader", () => {
  it("reads an amount in another currency as a currency change", () => {
    expect(readCurrency(findMoney("Mugs €6.00", "USD"), ORDER).currency).toBe("EUR");
  });

  it("takes bare amounts and the order's currency as no change", () => {
    expect(readCurrency(findMoney("Mugs 6.50, bowls $9.00", "USD"), ORDER)).toEqual({
      currency: undefined,
      uncertain: [],
    });
  });

  it("is unsure of amounts in two foreign currencies", () => {
    expect(readCurrency(findMoney("€6.00 or £5.10", "USD"), ORDER).uncertain).toHaveLength(1);
  });
});
