import { describe, expect, it } from "vitest";
import { currencyExponent, formatMoney, minorToDecimalString } from "./money.js";

describe("money", () => {
  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["GBP", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["BHD", 3],
  ])("%s has %i minor-unit digits", (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it.each([
    [450, "USD", "$4.50"],
    [1_500_000, "USD", "$15,000.00"],
    [1450, "JPY", "¥1,450"],
    [640, "GBP", "£6.40"],
    [1234, "BHD", "BHD 1.234"],
    [-5, "USD", "-$0.05"],
  ])("formats %i %s as %s", (minor, currency, text) => {
    expect(formatMoney(minor, currency).replace(/\u00a0/g, " ")).toBe(text);
  });

  it("formats amounts beyond 2^53 exactly", () => {
    expect(formatMoney(123_456_789_012_345_678_901n, "USD")).toBe("$1,234,567,890,123,456,789.01");
    expect(minorToDecimalString(7, 2)).toBe("0.07");
    expect(minorToDecimalString(-1234, 3)).toBe("-1.234");
  });

  it("falls back to a plain rendering for a malformed code", () => {
    expect(formatMoney(450, "dollars")).toBe("4.50 dollars");
  });
});
