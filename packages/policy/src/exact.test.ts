import { describe, expect, it } from "vitest";
import { compareProducts, percentChange, toScaledInteger } from "./exact.js";

describe("exact arithmetic", () => {
  it.each([
    [5, 50_000],
    [2.5, 25_000],
    [0.0001, 1],
    [12.125, 121_250],
    [100, 1_000_000],
    [0, 0],
  ])("scales %s to %i ten-thousandths", (value, scaled) => {
    expect(toScaledInteger(value, 4)).toBe(scaled);
  });

  it.each([0.00001, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY, 1e300])(
    "refuses %s",
    (value) => {
      expect(toScaledInteger(value, 4)).toBeUndefined();
    },
  );

  it("compares products exactly, also beyond 2^53", () => {
    expect(compareProducts(7, 1_000_000, 70_000, 100)).toBe(0);
    expect(compareProducts(2, 3, 1, 5)).toBe(1);
    expect(compareProducts(-2, 3, 1, 5)).toBe(-1);
    // n² and (n − 1)(n + 1) = n² − 1 round to the same double above 2^53; the BigInt path tells them apart.
    expect(94_906_267 * 94_906_267).toBe(94_906_266 * 94_906_268);
    expect(compareProducts(94_906_267, 94_906_267, 94_906_266, 94_906_268)).toBe(1);
    expect(compareProducts(94_906_266, 94_906_268, 94_906_267, 94_906_267)).toBe(-1);
  });

  it("gives a display percentage", () => {
    expect(percentChange(450, 487)).toBeCloseTo(8.222, 3);
    expect(percentChange(0, 5)).toBe(Number.POSITIVE_INFINITY);
  });
});
