import { describe, expect, it } from "vitest";
import { eventAlertPayload, issuePayload, metricAlertPayload } from "./fixtures/sentry-payloads.js";
import { labelSetKey, mapSentryWebhook, type SentryMappingOptions } from "./sentry-webhook.js";

const now = new Date("2026-12-03T12:00:00.000Z");
const options: SentryMappingOptions = {
  now,
  firingHoldMs: 24 * 3_600_000,
  eventAlertHoldMs: 3_600_000,
};

function alertsOf(resource: Parameters<typeof mapSentryWebhook>[0], payload: unknown) {
  const mapped = mapSentryWebhook(resource, payload, options);
  if (!mapped.ok) throw new Error(JSON.stringify(mapped.error.issues));
  return mapped.alerts;
}

describe("event_alert (issue alert rule triggered)", () => {
  it("becomes one alert named after the rule, labelled with our shared tags only", () => {
    const [alert, ...rest] = alertsOf("event_alert", eventAlertPayload());
    expect(rest).toEqual([]);
    expect(alert?.labels).toEqual({
      alertname: "Gmail API down",
      source: "sentry",
      severity: "error",
      service: "worker",
      environment: "production",
      category: "gmail",
      job: "email-poller",
      sentry_issue_id: "1117540176",
    });
    expect(alert?.annotations).toMatchObject({
      summary: "GmailApiError: token refresh failed",
      sentry_url: "https://sentry.io/organizations/po-pro/issues/1117540176/events/e48/",
      release: "abc123",
    });
    expect(alert?.generatorURL).toBe(alert?.annotations.sentry_url);
    expect(alert?.startsAt).toBe("2026-12-03T11:58:00.000Z");
    expect(alert?.endsAt).toBe("2026-12-03T13:00:00.000Z");
  });

  it("never labels or annotates with merchant, order or request ids, or personal data", () => {
    const text = JSON.stringify(alertsOf("event_alert", eventAlertPayload()));
    expect(text).not.toContain("7d1f3c2e");
    expect(text).not.toContain("9a1f3c2e");
    expect(text).not.toContain("req-1");
    expect(text).not.toContain("northwindapparel");
  });

  it("takes the severity from the event's level", () => {
    const severity = (level: string) =>
      alertsOf("event_alert", eventAlertPayload({ level }))[0]?.labels.severity;
    expect(severity("fatal")).toBe("critical");
    expect(severity("warning")).toBe("warning");
    expect(severity("info")).toBe("info");
  });
});

describe("metric_alert", () => {
  it("critical fires the critical alert and resolves the warning one", () => {
    const alerts = alertsOf("metric_alert", metricAlertPayload("critical"));
    const bySeverity = Object.fromEntries(alerts.map((a) => [a.labels.severity, a]));
    expect(bySeverity.critical?.labels).toEqual({
      alertname: "Error rate > 5%",
      source: "sentry",
      severity: "critical",
      environment: "production",
      sentry_project: "po-pro-web",
    });
    expect(bySeverity.critical?.endsAt).toBe("2026-12-04T12:00:00.000Z");
    expect(bySeverity.critical?.startsAt).toBe("2026-12-03T11:45:00.000Z");
    expect(bySeverity.critical?.annotations.description).toContain("6% of requests");
    expect(bySeverity.warning?.endsAt).toBe(now.toISOString());
  });

  it("warning fires the warning alert and resolves the critical one", () => {
    const alerts = alertsOf("metric_alert", metricAlertPayload("warning"));
    const firing = alerts.filter((a) => a.endsAt > now.toISOString());
    expect(firing.map((a) => a.labels.severity)).toEqual(["warning"]);
  });

  it("resolved ends both severities now", () => {
    const alerts = alertsOf("metric_alert", metricAlertPayload("resolved"));
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) expect(alert.endsAt).toBe(now.toISOString());
  });
});

describe("issue", () => {
  it.each(["created", "unresolved"])("%s fires SentryIssue for that issue", (action) => {
    const [alert] = alertsOf("issue", issuePayload(action));
    expect(alert?.labels).toEqual({
      alertname: "SentryIssue",
      source: "sentry",
      severity: "critical",
      sentry_project: "po-pro-web",
      sentry_issue_id: "1170820242",
    });
    expect((alert?.endsAt ?? "") > now.toISOString()).toBe(true);
    expect(alert?.annotations.description).toBe(`Sentry issue PO-PRO-WEB-9 ${action}.`);
  });

  it.each(["resolved", "archived"])("%s ends the same alert (same labels) now", (action) => {
    const [fired] = alertsOf("issue", issuePayload("created"));
    const [ended] = alertsOf("issue", issuePayload(action));
    expect(labelSetKey(ended?.labels ?? {})).toBe(labelSetKey(fired?.labels ?? {}));
    expect(ended?.endsAt).toBe(now.toISOString());
    expect(ended?.startsAt).toBe("2026-12-03T11:00:00.000Z");
  });

  it("assigned maps to nothing", () => {
    expect(alertsOf("issue", issuePayload("assigned"))).toEqual([]);
  });
});

describe("malformed payloads", () => {
  it("name the field", () => {
    const noRule = eventAlertPayload();
    (noRule.data as { triggered_rule?: string }).triggered_rule = undefined;
    const mapped = mapSentryWebhook("event_alert", noRule, options);
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.error.issues[0]?.path).toEqual(["data", "triggered_rule"]);

    const badAction = mapSentryWebhook(
      "metric_alert",
      { ...metricAlertPayload("critical"), action: "exploded" },
      options,
    );
    expect(!badAction.ok && badAction.error.issues[0]?.path).toEqual(["action"]);
  });
});

describe("labelSetKey", () => {
  it("is the same for the same labels in any order", () => {
    expect(labelSetKey({ a: "1", b: "2" })).toBe(labelSetKey({ b: "2", a: "1" }));
    expect(labelSetKey({ a: "1", b: "2" })).not.toBe(labelSetKey({ a: "1", b: "3" }));
  });
});
