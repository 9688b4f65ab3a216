import { describe, expect, it } from "vitest";
import {
  cycleReplies,
  formatMoney,
  REPLY_KINDS,
  type ReplyContext,
  SUPPLIER_REPLIES,
  seededReplies,
} from "../../src/local/replies.js";

const withOrder: ReplyContext = {
  poNumber: "FP-7710",
  supplierName: "Kilbeggan Mills",
  buyerName: "Oona Brady",
  currency: "EUR",
  requestedDeliveryDate: "2027-03-12",
  today: "2027-02-15",
  lines: [
    { sku: "OAT-ROL-1K", description: "Rolled oats, 1 kg", quantity: 240, unitPriceMinor: 310 },
    { sku: "OAT-STL-1K", description: "Steel-cut oats, 1 kg", quantity: 120, unitPriceMinor: 365 },
  ],
};
const unmatched: ReplyContext = {
  poNumber: "your order",
  supplierName: "Kilbeggan Mills",
  currency: "USD",
  today: "2027-02-15",
  lines: [],
};

describe("the simulated suppliers' replies", () => {
  it("cover every kind of answer the agent decides on", () => {
    expect(new Set(SUPPLIER_REPLIES.map((t) => t.kind))).toEqual(new Set(REPLY_KINDS));
    expect(new Set(SUPPLIER_REPLIES.map((t) => t.id)).size).toBe(SUPPLIER_REPLIES.length);
  });

  it.each(SUPPLIER_REPLIES.map((t) => [t.id, t] as const))(
    "%s reads well with and without a matched order",
    (_id, template) => {
      for (const context of [withOrder, unmatched]) {
        const text = template.write(context);
        expect(text).toContain(context.poNumber);
        expect(text).toContain(context.supplierName);
        expect(text).not.toMatch(/undefined|NaN|null|\[object/);
      }
    },
  );

  it("puts the order's numbers into the replies that change them", () => {
    const byId = (id: string) => SUPPLIER_REPLIES.find((t) => t.id === id)?.write(withOrder);
    expect(byId("confirm-restated")).toContain("240 x OAT-ROL-1K at 3.10 EUR");
    expect(byId("delay-days")).toContain("2027-03-17 rather than 2027-03-12");
    expect(byId("partial-one-line")).toContain("only 120 of the 240 units of OAT-ROL-1K");
    expect(byId("injected-instructions")).toContain("3.88 EUR per unit for OAT-ROL-1K");
  });

  it("formats minor units in the currency's own precision", () => {
    expect(formatMoney(123456, "USD")).toBe("1,234.56 USD");
    expect(formatMoney(1500, "JPY")).toBe("1,500 JPY");
  });

  it("picks by seed and PO number, the same every time", () => {
    const a = seededReplies("demo");
    const b = seededReplies("demo");
    const other = seededReplies("another seed");
    const picks = (pick: typeof a) =>
      Array.from({ length: 30 }, (_, i) => pick({ ...unmatched, poNumber: `PO-${i}` }).id);
    expect(picks(a)).toEqual(picks(b));
    expect(picks(other)).not.toEqual(picks(a));
  });

  it("cycles through every template in turn", () => {
    const pick = cycleReplies();
    const ids = SUPPLIER_REPLIES.map(() => pick(unmatched).id);
    expect(ids).toEqual(SUPPLIER_REPLIES.map((t) => t.id));
    expect(pick(unmatched).id).toBe(SUPPLIER_REPLIES[0]?.id);
  });
});
