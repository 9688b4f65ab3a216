import { describe, expect, it } from "vitest";
import { CORPUS } from "../test/corpus/scenarios.js";
import {
  isAuthFailed,
  isSenderMismatch,
  mailRiskSignals,
  withMailSignals,
} from "./mail-signals.js";

describe("mail-layer risk signals", () => {
  it("match the labels of every in-repo scenario", () => {
    for (const scenario of CORPUS) {
      const expected = (scenario.expected.extraction.riskSignals ?? []).filter(
        (s) => s === "sender_mismatch" || s === "auth_failed",
      );
      const actual = mailRiskSignals({
        from: scenario.email.from,
        supplierEmail: scenario.order.supplier.email,
        ...(scenario.email.headers !== undefined ? { headers: scenario.email.headers } : {}),
      });
      expect(actual, scenario.id).toEqual(expected);
    }
  });

  it("compares domains exactly and never trusts a free-mail domain", () => {
    expect(isSenderMismatch("Ann <ann@acme.com>", "orders@acme.com")).toBe(false);
    expect(isSenderMismatch("ann@acme.co", "orders@acme.com")).toBe(true);
    expect(isSenderMismatch("ann@gmail.com", "orders@gmail.com")).toBe(true);
    expect(isSenderMismatch("ORDERS@gmail.com", "orders@gmail.com")).toBe(false);
  });

  it("treats only fail as an authentication failure", () => {
    expect(isAuthFailed({ "Authentication-Results": "mx; spf=softfail; dkim=none" })).toBe(false);
    expect(isAuthFailed({ "Authentication-Results": "mx; spf=pass; dmarc=fail" })).toBe(true);
    expect(isAuthFailed(undefined)).toBe(false);
  });

  it("adds each signal once", () => {
    const response = withMailSignals(
      { kind: "confirmation", lines: [], riskSignals: ["sender_mismatch"], confidence: 0.9 },
      { from: "x@evil.example", supplierEmail: "orders@acme.com" },
    );
    expect(response.riskSignals).toEqual(["sender_mismatch"]);
  });
});
