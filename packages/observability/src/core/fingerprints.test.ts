import { describe, expect, it } from "vitest";
import { FINGERPRINTS, fingerprintFor } from "./fingerprints.js";

describe("fingerprints", () => {
  it("builds category plus parts in catalogue order", () => {
    expect(
      fingerprintFor(FINGERPRINTS, "llm-primary-failure", { model: "m", provider: "anthropic" }),
    ).toEqual(["llm-primary-failure", "anthropic", "m"]);
    expect(fingerprintFor(FINGERPRINTS, "gmail-token-refresh-failure", {})).toEqual([
      "gmail-token-refresh-failure",
    ]);
  });

  it("works with another team's catalogue", () => {
    const mine = { "payment-failure": ["psp"] } as const;
    expect(fingerprintFor(mine, "payment-failure", { psp: "stripe" })).toEqual([
      "payment-failure",
      "stripe",
    ]);
  });
});
