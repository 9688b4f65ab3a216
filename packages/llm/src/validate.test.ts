import { describe, expect, it } from "vitest";
import type { ExtractionOrder } from "./types.js";
import { validateResponse } from "./validate.js";

const order: ExtractionOrder = {
  currency: "USD",
  requestedDeliveryDate: "2026-12-10",
  paymentTerms: "NET30",
  lines: [{ sku: "A-1", description: "Thing", quantity: 10, unitPrice: 100 }],
};

describe("validateResponse", () => {
  it("accepts a response that fits the schema and the order", () => {
    const result = validateResponse(
      {
        kind: "change_proposal",
        lines: [{ sku: "A-1", status: "price_changed", unitPrice: 120 }],
        confidence: 0.9,
      },
      order,
    );
    expect(result.ok).toBe(true);
  });

  it("names the path of every schema problem", () => {
    const result = validateResponse({ kind: "maybe", lines: [], confidence: 3 }, order);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join("\n")).toMatch(/kind:.*\n.*confidence:/s);
  });

  it("rejects a line that is not on the order, pointing at substituteSku", () => {
    const result = validateResponse(
      { kind: "change_proposal", lines: [{ sku: "Z-9", status: "accepted" }], confidence: 0.9 },
      order,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toContain("substituteSku");
  });

  it("has no field through which the email could request an action", () => {
    const result = validateResponse(
      { kind: "confirmation", lines: [], confidence: 0.9, action: "approve" },
      order,
    );
    expect(result.ok && "action" in result.response).toBe(false);
  });
});
