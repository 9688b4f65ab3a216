import { describe, expect, it } from "vitest";
import { ALERTS } from "./alerts.js";
import { cronPeriodMinutes, DeclarationError, desiredResources } from "./desired.js";
import { diffFields } from "./diff.js";

describe("cronPeriodMinutes", () => {
  it("measures the gap between runs of the worker's schedules", () => {
    expect(cronPeriodMinutes("*/5 * * * *", "UTC")).toBe(5);
    expect(cronPeriodMinutes("15 * * * *", "UTC")).toBe(60);
  });
});

describe("desiredResources", () => {
  it("refuses a missed-run alert shorter than one run of its job, naming the alert", () => {
    const declaration = {
      ...ALERTS,
      missedRuns: [{ name: "Too eager", job: "approval-reminders" as const, afterMinutes: 10 }],
    };
    expect(() => desiredResources(declaration, "p")).toThrow(DeclarationError);
    expect(() => desiredResources(declaration, "p")).toThrow(/alert "Too eager".*every 60 min/);
  });

  it("refuses a name Sentry would cut short", () => {
    const declaration = {
      ...ALERTS,
      missedRuns: [],
      issueAlerts: [
        { ...ALERTS.issueAlerts[0], name: "x".repeat(60) } as (typeof ALERTS.issueAlerts)[0],
      ],
    };
    expect(() => desiredResources(declaration, "p")).toThrow(/longer than 64 characters/);
  });

  it("refuses an alert declared twice", () => {
    const [first] = ALERTS.issueAlerts;
    if (first === undefined) throw new Error("no issue alert declared");
    const declaration = { ...ALERTS, issueAlerts: [...ALERTS.issueAlerts, first] };
    expect(() => desiredResources(declaration, "p")).toThrow(/declared twice/);
  });
});

describe("diffFields", () => {
  it("compares only the fields we send, and numbers Sentry returns as strings", () => {
    const desired = { name: "a", conditions: [{ id: "x", value: 3 }], environment: null };
    const remote = {
      id: "9",
      name: "a",
      conditions: [{ id: "x", value: "3", name: "seen 3 times" }],
    };
    expect(diffFields(desired, remote)).toEqual([]);
    expect(diffFields({ ...desired, name: "b" }, remote)).toEqual([
      { path: "name", from: "a", to: "b" },
    ]);
    expect(diffFields({ list: [1, 2] }, { list: [1] })).toEqual([
      { path: "list", from: [1], to: [1, 2] },
    ]);
  });
});
