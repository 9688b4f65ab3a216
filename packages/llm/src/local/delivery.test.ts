import { describe, expect, it } from "vitest";
import { readDeliveryDate } from "./delivery.js";
import { contextOf } from "./testing.js";

describe("delivery-date reader", () => {
  it("reads the date of a delivery sentence", () => {
    const reading = readDeliveryDate(contextOf(["We will deliver on March 14."]));
    expect(reading.deliveryDate).toBe("2027-03-14");
    expect(reading.facts.map((f) => f.kind)).toEqual(["date_change"]);
  });

  it("does not take a date the supplier says it cannot make", () => {
    const reading = readDeliveryDate(contextOf(["We can't deliver on March 10, sorry."]));
    expect(reading.deliveryDate).toBeUndefined();
    expect(reading.facts.map((f) => f.kind)).toEqual(["date"]);
  });

  it.each([
    ["a duration", "Delivery in 3 weeks."],
    ["a weekday", "We ship Friday."],
    ["two dates", "Mugs ship March 8, bowls ship March 20."],
  ])("is unsure of %s", (_what, text) => {
    expect(readDeliveryDate(contextOf([text])).uncertain.length).toBeGreaterThan(0);
  });
});
