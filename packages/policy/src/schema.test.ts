import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PolicySchema } from "./policy.js";
import { SupplierResponseSchema } from "./schema.js";

describe("SupplierResponseSchema", () => {
  it("derives a JSON schema for the extractor, with the descriptions as guidance", () => {
    const schema = z.toJSONSchema(SupplierResponseSchema) as {
      type: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { description?: string; pattern?: string }>;
    };
    expect(schema.type).toBe("object");
    expect(schema.required.sort()).toEqual(["confidence", "kind", "lines"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.paymentTerms?.pattern).toBeDefined();
    expect(schema.properties.lines?.description).toMatch(/unmentioned lines/);
  });

  it.each([
    [{ kind: "confirmation", lines: [], confidence: 1.2 }, "confidence"],
    [{ kind: "maybe", lines: [], confidence: 0.9 }, "kind"],
    [{ kind: "confirmation", lines: [{ status: "accepted" }], confidence: 0.9 }, "lines.0"],
    [
      {
        kind: "confirmation",
        lines: [{ sku: "A", status: "accepted", unitPrice: 4.5 }],
        confidence: 0.9,
      },
      "lines.0.unitPrice",
    ],
    [
      { kind: "confirmation", lines: [], deliveryDate: "2026-02-30", confidence: 0.9 },
      "deliveryDate",
    ],
    [{ kind: "confirmation", lines: [], paymentTerms: "Net 30", confidence: 0.9 }, "paymentTerms"],
    [{ kind: "confirmation", lines: [], currency: "usd", confidence: 0.9 }, "currency"],
    [
      { kind: "confirmation", lines: [], riskSignals: ["phishing"], confidence: 0.9 },
      "riskSignals.0",
    ],
  ])("refuses %j at %s", (value, path) => {
    const result = SupplierResponseSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("PolicySchema", () => {
  it("checks structure and converts to a JSON schema", () => {
    expect(
      PolicySchema.safeParse({ version: 1, rules: [{ id: "c", kind: "currency" }] }).success,
    ).toBe(true);
    expect(
      PolicySchema.safeParse({ version: 1, rules: [{ id: "c", kind: "currency", x: 1 }] }).success,
    ).toBe(false);
    expect(() => z.toJSONSchema(PolicySchema)).not.toThrow();
  });
});
