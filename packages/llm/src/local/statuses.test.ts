import { describe, expect, it } from "vitest";
import { readLineStatuses } from "./statuses.js";
import { contextOf } from "./testing.js";

describe("line-status reader", () => {
  it("reads a backordered line and the date it becomes available", () => {
    const reading = readLineStatuses(contextOf(["The bowls are on backorder until March 30."]));
    expect(reading.lines[1]).toEqual({ status: "backordered", availableDate: "2027-03-30" });
  });

  it("reads a refused line", () => {
    const reading = readLineStatuses(contextOf(["The green mug is discontinued."]));
    expect(reading.lines[0]?.status).toBe("rejected");
  });

  it("is unsure of a backorder it cannot tie to one line", () => {
    const reading = readLineStatuses(contextOf(["Some items are on backorder."]));
    expect(reading.lines.every((l) => l.status === undefined)).toBe(true);
    expect(reading.uncertain).toEqual(["a backorder that could not be tied to one line"]);
  });
});
