import { describe, expect, it } from "vitest";
import { readPrices } from "./prices.js";
import { contextOf } from "./testing.js";

describe("price reader", () => {
  it("ties a new price to the line named before it and restates an ordered one", () => {
    const reading = readPrices(contextOf(["The mugs are $6.90 now and the bowls stay at $9.00."]));
    expect(reading.lines.map((l) => [l.proposed, l.stated])).toEqual([
      [[690], undefined],
      [[], 900],
    ]);
    expect(reading.facts.map((f) => f.kind)).toEqual(["price_change", "price"]);
  });

  it("applies a percentage to every line when the sentence says so", () => {
    const reading = readPrices(contextOf(["We apply +5% to all items."]));
    expect(reading.lines.map((l) => l.proposed)).toEqual([[683], [945]]);
  });

  it.each([
    "There is an extra $2 per mug.",
    "Mugs are $0.40 more each.",
    "A $150 freight charge applies.",
    "Prices go up by $0.25 on the bowls.",
  ])("never takes a difference or an extra charge for a price: %s", (text) => {
    const reading = readPrices(contextOf([text]));
    expect(reading.lines.every((l) => l.proposed.length === 0)).toBe(true);
    expect(reading.uncertain.length).toBeGreaterThan(0);
  });

  it("reads a table row whose quantity × price = amount", () => {
    const reading = readPrices(contextOf(["MUG-GRN-12  180  6.50  1,170.00"]));
    expect(reading.lines[0]).toEqual({ stated: 650, proposed: [], quantity: 180 });
    expect(reading.facts.map((f) => f.kind)).toContain("quantity_change");
  });
});
