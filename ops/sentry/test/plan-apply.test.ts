import { SCHEDULES } from "@po-pro/jobs/contract";
import { FINGERPRINTS } from "@po-pro/observability";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ALERTS, GMAIL_CATEGORY_PREFIX } from "../src/alerts.js";
import { runCli } from "../src/cli.js";
import type { AlertDeclaration, MetricWindow } from "../src/declaration.js";
import { FakeSentry } from "./fake-sentry.js";

const ORG = "acme";
const PROJECT = "po-pro";
const TOKEN = "sntrys_test-token-never-printed";
// 2 issue alerts + 2 missed-run alerts + 2 metric alerts + one monitor per schedule.
const DECLARED = 6 + Object.keys(SCHEDULES).length;

let sentry: FakeSentry;

beforeEach(async () => {
  // Two items a page: every list crosses several pages.
  sentry = await new FakeSentry({ org: ORG, project: PROJECT, token: TOKEN, perPage: 2 }).start();
});

afterEach(async () => {
  await sentry.stop();
});

async function cli(command: string, declaration: AlertDeclaration = ALERTS, token = TOKEN) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    [command],
    { SENTRY_AUTH_TOKEN: token, SENTRY_ORG: ORG, SENTRY_PROJECT: PROJECT, SENTRY_URL: sentry.url },
    { declaration, io: { out: (line) => out.push(line), err: (line) => err.push(line) } },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function posted(path: RegExp, name: string): Record<string, unknown> {
  const call = sentry
    .writes()
    .find(
      (c) =>
        c.method === "POST" &&
        path.test(c.path) &&
        (c.body as { name?: string; slug?: string }).name === name,
    );
  if (call === undefined) throw new Error(`no POST of ${name}`);
  return call.body as Record<string, unknown>;
}

describe("plan", () => {
  it("on an empty project lists every declared rule and monitor as a create, and writes nothing", async () => {
    const { code, out } = await cli("plan");
    expect(code).toBe(0);
    for (const name of [
      "Gmail API down",
      "LLM total failure",
      "Email poller missed (30 min)",
      "Approval reminder missed (2 h)",
    ]) {
      expect(out).toContain(`create     issue alert "[po-pro] ${name}"`);
    }
    expect(out).toContain('create     metric alert "[po-pro] Error rate above 5 % in 15 min"');
    expect(out).toContain('create     metric alert "[po-pro] Slow /api/orders (p95 above 5 s)"');
    for (const slug of Object.keys(SCHEDULES)) {
      expect(out).toContain(`create     cron monitor "${slug}"`);
    }
    expect(out).toContain(`${DECLARED} to create, 0 to update, 0 to delete, 0 unchanged`);
    expect(sentry.writes()).toEqual([]);
  });
});

describe("apply", () => {
  it("creates every rule and monitor with the payload Sentry expects", async () => {
    const { code, out } = await cli("apply");
    expect(code).toBe(0);
    expect(out).toContain(`Applied: ${DECLARED} created, 0 updated, 0 deleted`);
    expect(sentry.writes()).toHaveLength(DECLARED);
    expect(sentry.writes().every((c) => c.method === "POST")).toBe(true);

    const rules = /\/api\/0\/projects\/acme\/po-pro\/rules\/$/;
    const gmail = posted(rules, "[po-pro] Gmail API down");
    expect(gmail.conditions).toEqual([
      { id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" },
      { id: "sentry.rules.conditions.regression_event.RegressionEventCondition" },
    ]);
    expect(gmail.filters).toEqual([
      {
        id: "sentry.rules.filters.tagged_event.TaggedEventFilter",
        key: "category",
        match: "sw",
        value: "gmail-",
      },
    ]);
    // The prefix still matches the categories the app sends.
    const gmailCategories = Object.keys(FINGERPRINTS).filter((c) =>
      c.startsWith(GMAIL_CATEGORY_PREFIX),
    );
    expect(gmailCategories).toContain("gmail-token-refresh-failure");

    const llm = posted(rules, "[po-pro] LLM total failure");
    expect(llm.conditions).toEqual([
      {
        id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
        comparisonType: "count",
        value: 3,
        interval: "1h",
      },
    ]);
    expect(llm.filters).toEqual([
      expect.objectContaining({ key: "category", match: "eq", value: "llm-all-providers-failed" }),
    ]);
    expect(Object.keys(FINGERPRINTS)).toContain("llm-all-providers-failed");

    const poller = posted(rules, "[po-pro] Email poller missed (30 min)");
    expect(poller.filters).toEqual([
      expect.objectContaining({ key: "monitor.slug", match: "eq", value: "email-poller" }),
    ]);

    const metric = /\/api\/0\/organizations\/acme\/alert-rules\/$/;
    const slow = posted(metric, "[po-pro] Slow /api/orders (p95 above 5 s)");
    expect(slow).toMatchObject({
      dataset: "events_analytics_platform",
      eventTypes: ["trace_item_span"],
      aggregate: "p95(span.duration)",
      query: 'is_transaction:true transaction:"GET /api/orders"',
      timeWindow: 15,
      projects: [PROJECT],
      triggers: [{ label: "critical", alertThreshold: 5000, thresholdType: 0 }],
    });
    const errors = posted(metric, "[po-pro] Error rate above 5 % in 15 min");
    expect(errors).toMatchObject({ aggregate: "failure_rate()", timeWindow: 15 });
    expect((errors.triggers as { alertThreshold: number }[])[0]?.alertThreshold).toBe(0.05);

    const monitors = /\/api\/0\/organizations\/acme\/monitors\/$/;
    for (const [slug, schedule] of Object.entries(SCHEDULES)) {
      const body = posted(monitors, `[po-pro] ${slug}`);
      expect(body).toMatchObject({
        slug,
        project: PROJECT,
        config: {
          schedule_type: "crontab",
          schedule: schedule.cron,
          checkin_margin: schedule.checkinMargin,
          max_runtime: schedule.maxRuntime,
          timezone: "UTC",
        },
      });
    }
    // 30 min of an every-5-min job, 2 h of an hourly one.
    expect(sentry.monitors.get("email-poller")?.config).toMatchObject({
      failure_issue_threshold: 6,
    });
    expect(sentry.monitors.get("approval-reminders")?.config).toMatchObject({
      failure_issue_threshold: 2,
    });
  });

  it("a second apply makes no write call and says so", async () => {
    expect((await cli("apply")).code).toBe(0);
    const before = sentry.writes().length;
    const again = await cli("apply");
    expect(again.code).toBe(0);
    expect(again.out).toContain(`0 to create, 0 to update, 0 to delete, ${DECLARED} unchanged`);
    expect(again.out).toContain("Nothing to change");
    expect(sentry.writes()).toHaveLength(before);
    // The lists were read page by page through the Link cursors.
    expect(
      sentry.calls.some((c) => c.method === "GET" && c.path.includes("cursor=2%3A2%3A0")),
    ).toBe(true);
  });

  it("turns a changed threshold into exactly one update, keeping the trigger", async () => {
    await cli("apply");
    const before = sentry.writes().length;
    const changed: AlertDeclaration = {
      ...ALERTS,
      metricAlerts: ALERTS.metricAlerts.map((alert) =>
        alert.aggregate.startsWith("p95") ? { ...alert, above: 4000 } : alert,
      ),
    };
    const planned = await cli("plan", changed);
    expect(planned.out).toContain(
      'update     metric alert "[po-pro] Slow /api/orders (p95 above 5 s)"',
    );
    expect(planned.out).toContain("triggers[0].alertThreshold: 5000 -> 4000");
    expect(planned.out).toContain("0 to create, 1 to update, 0 to delete");

    expect((await cli("apply", changed)).code).toBe(0);
    const writes = sentry.writes().slice(before);
    expect(writes).toHaveLength(1);
    const [put] = writes;
    const stored = [...sentry.metricRules.values()].find((r) => String(r.name).includes("p95"));
    expect(put?.method).toBe("PUT");
    expect(put?.path).toBe(`/api/0/organizations/acme/alert-rules/${stored?.id}/`);
    const triggers = stored?.triggers as { id: string; alertThreshold: number }[];
    expect(triggers[0]?.alertThreshold).toBe(4000);
    const sentTriggers = (put?.body as { triggers: { id?: string }[] } | undefined)?.triggers;
    expect(sentTriggers?.[0]?.id).toBe(triggers[0]?.id);
  });

  it("never changes or deletes what a person made in Sentry", async () => {
    const humanRule = sentry.seedIssueRule({ name: "Gmail API down" });
    const humanMetric = sentry.seedMetricRule({ name: "Checkout errors" });
    const humanMonitor = sentry.seedMonitor({ slug: "nightly-backup" });
    const snapshot = JSON.stringify([humanRule, humanMetric, humanMonitor]);

    const { code, out } = await cli("apply");
    expect(code).toBe(0);
    expect(out).toContain('unmanaged  issue alert "Gmail API down" (not ours: left alone)');
    expect(out).toContain('unmanaged  metric alert "Checkout errors" (not ours: left alone)');
    expect(out).toContain('unmanaged  cron monitor "nightly-backup" (not ours: left alone)');
    const touched = sentry
      .writes()
      .filter((c) =>
        [humanRule.id, humanMetric.id, "nightly-backup"].some((id) => c.path.includes(`/${id}/`)),
      );
    expect(touched).toEqual([]);
    expect(sentry.writes().every((c) => c.method === "POST")).toBe(true);
    expect(
      JSON.stringify([
        sentry.rules.get(humanRule.id),
        sentry.metricRules.get(humanMetric.id),
        sentry.monitors.get("nightly-backup"),
      ]),
    ).toBe(snapshot);
  });

  it("deletes a rule or monitor removed from the file only because its name marks it as ours", async () => {
    const ours = sentry.seedIssueRule({ name: "[po-pro] Old alert" });
    const theirs = sentry.seedIssueRule({ name: "Old alert" });
    const oursMetric = sentry.seedMetricRule({ name: "[po-pro] Old metric" });
    const oursMonitor = sentry.seedMonitor({ slug: "retired-job", name: "[po-pro] retired-job" });

    const planned = await cli("plan");
    expect(planned.out).toContain(
      'delete     issue alert "[po-pro] Old alert" (ours, no longer declared)',
    );
    expect(planned.out).toContain('unmanaged  issue alert "Old alert" (not ours: left alone)');

    expect((await cli("apply")).code).toBe(0);
    const deletes = sentry.writes().filter((c) => c.method === "DELETE");
    expect(deletes.map((c) => c.path).sort()).toEqual(
      [
        `/api/0/organizations/acme/alert-rules/${oursMetric.id}/`,
        "/api/0/organizations/acme/monitors/retired-job/",
        `/api/0/projects/acme/po-pro/rules/${ours.id}/`,
      ].sort(),
    );
    expect(sentry.rules.has(ours.id)).toBe(false);
    expect(sentry.rules.get(theirs.id)?.name).toBe("Old alert");
    expect(sentry.monitors.has(oursMonitor.slug as string)).toBe(false);
  });

  it("adopts a monitor the worker's check-ins created, renaming it and keeping its slug", async () => {
    sentry.seedMonitor({
      slug: "email-poller",
      config: {
        schedule_type: "crontab",
        schedule: "*/5 * * * *",
        checkin_margin: 5,
        max_runtime: 10,
      },
    });
    const planned = await cli("plan");
    expect(planned.out).toContain('update     cron monitor "email-poller"');
    expect(planned.out).toContain('name: "email-poller" -> "[po-pro] email-poller"');
    expect(planned.out).toContain("config.failure_issue_threshold: null -> 6");
    expect((await cli("apply")).code).toBe(0);
    const put = sentry.writes().find((c) => c.method === "PUT");
    expect(put?.path).toBe("/api/0/organizations/acme/monitors/email-poller/");
    expect((await cli("apply")).out).toContain("Nothing to change");
  });

  it("retries a 429 after the Retry-After it names", async () => {
    const throttle = sentry.throttleNext(1);
    const { code } = await cli("plan");
    expect(code).toBe(0);
    const throttledAt = throttle.at() ?? Number.NaN;
    const path = throttle.path();
    const same = sentry.calls.filter((c) => c.path === path);
    // Asked once (429), then again no sooner than the second Sentry named.
    expect(same).toHaveLength(2);
    expect((same[1]?.at ?? 0) - throttledAt).toBeGreaterThanOrEqual(950);
  });

  it("prints Sentry's status and detail, naming the alert, when a payload is refused", async () => {
    const [errorRate] = ALERTS.metricAlerts;
    if (errorRate === undefined) throw new Error("no metric alert declared");
    const bad: AlertDeclaration = {
      ...ALERTS,
      metricAlerts: [{ ...errorRate, windowMinutes: 7 as MetricWindow }],
    };
    const { code, err } = await cli("apply", bad);
    expect(code).toBe(1);
    expect(err).toContain("Sentry API 400 on POST /api/0/organizations/acme/alert-rules/");
    expect(err).toContain('metric alert "[po-pro] Error rate above 5 % in 15 min"');
    expect(err).toContain("timeWindow: Invalid time window");
  });

  it("reports a refused token without printing it", async () => {
    const { code, err } = await cli("plan", ALERTS, "sntrys_wrong-token");
    expect(code).toBe(1);
    expect(err).toContain("Sentry API 401");
    expect(err).toContain("Invalid token");
    expect(err).not.toContain("sntrys_wrong-token");
  });

  it("says which host it could not reach when nothing answers", async () => {
    const url = sentry.url;
    await sentry.stop();
    const err: string[] = [];
    const code = await runCli(
      ["plan"],
      { SENTRY_AUTH_TOKEN: TOKEN, SENTRY_ORG: ORG, SENTRY_PROJECT: PROJECT, SENTRY_URL: url },
      { io: { out: () => {}, err: (line) => err.push(line) } },
    );
    // Restarted so afterEach can stop it again.
    sentry = await new FakeSentry({ org: ORG, project: PROJECT, token: TOKEN }).start();
    expect(code).toBe(1);
    expect(err.join("\n")).toContain(`Sentry API unreachable on GET`);
    expect(err.join("\n")).toContain(`could not reach ${new URL(url).origin}`);
    expect(err.join("\n")).not.toContain(TOKEN);
  });
});
