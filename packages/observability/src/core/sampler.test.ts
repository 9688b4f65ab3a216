import { describe, expect, it } from "vitest";
import { createSampleDecider } from "./sampler.js";

describe("sampler", () => {
  const decide = createSampleDecider({ defaultRate: 0.1 });

  it("samples critical flows fully and probes never", () => {
    expect(decide({ name: "POST /api/approvals/:id/approve" })).toBe(1);
    expect(decide({ name: "POST /orders" })).toBe(1);
    expect(decide({ name: "GET /health" })).toBe(0);
    expect(decide({ name: "GET /metrics" })).toBe(0);
    expect(decide({ name: "GET /x", path: "/readyz" })).toBe(0);
    expect(decide({ name: "GET /orders/:id" })).toBe(0.1);
  });

  it("respects a parent decision", () => {
    expect(decide({ name: "GET /health", parentSampled: true })).toBe(1);
    expect(decide({ name: "POST /orders", parentSampled: false })).toBe(0);
  });

  it("puts caller rules first", () => {
    const custom = createSampleDecider({
      defaultRate: 0,
      rules: [{ match: "/health", rate: 0.5 }],
    });
    expect(custom({ name: "GET /health" })).toBe(0.5);
    expect(custom({ name: "GET /other" })).toBe(0);
  });

  it("rejects rates outside 0..1", () => {
    expect(() => createSampleDecider({ defaultRate: 2 })).toThrow(/between 0 and 1, got 2/);
  });
});
