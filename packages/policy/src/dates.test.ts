import { describe, expect, it } from "vitest";
import { daysBetween, isoDayNumber } from "./dates.js";

describe("dates", () => {
  it("counts days like the calendar does", () => {
    expect(isoDayNumber("1970-01-01")).toBe(0);
    expect(isoDayNumber("2026-12-10")).toBe(Date.UTC(2026, 11, 10) / 86_400_000);
    expect(daysBetween("2026-12-28", "2027-01-04")).toBe(7);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2100-02-28", "2100-03-01")).toBe(1);
    expect(daysBetween("2026-12-10", "2026-12-01")).toBe(-9);
  });

  it("agrees with Date for every day of four centuries", () => {
    for (let day = -200_000; day < 200_000; day += 37) {
      expect(isoDayNumber(new Date(day * 86_400_000).toISOString().slice(0, 10))).toBe(day);
    }
  });

  it.each(["2026-1-01", "2026/01/01", "2026-13-01", "26-01-01", "2026-01-0x", ""])(
    "rejects %j",
    (text) => {
      expect(isoDayNumber(text)).toBeNaN();
    },
  );
});
