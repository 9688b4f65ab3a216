/**
 * The declaration as the payloads Sentry's REST API takes: issue alert rules
 * (`/projects/{org}/{project}/rules/`), metric alert rules (`/organizations/{org}/alert-rules/`)
 * and cron monitors (`/organizations/{org}/monitors/`).
 */
import { CronExpressionParser } from "cron-parser";
import {
  type AlertDeclaration,
  type CronMonitorSpec,
  type IssueAlertSpec,
  type IssueCondition,
  MANAGED_PREFIX,
  type MetricAlertSpec,
  type MissedRunSpec,
  type TagFilter,
} from "./declaration.js";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type ResourceKind = "issue alert" | "metric alert" | "cron monitor";

export interface DesiredResource {
  readonly kind: ResourceKind;
  /** Identity on Sentry's side: the full name for alert rules, the slug for monitors. */
  readonly key: string;
  readonly payload: JsonObject;
}

/** A declaration Sentry could not express: names the alert and what is wrong. */
export class DeclarationError extends Error {
  override readonly name = "DeclarationError";
  constructor(
    readonly alert: string,
    problem: string,
  ) {
    super(`alert "${alert}": ${problem}`);
  }
}

const NODE = {
  firstSeen: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  regression: "sentry.rules.conditions.regression_event.RegressionEventCondition",
  frequency: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
  taggedEvent: "sentry.rules.filters.tagged_event.TaggedEventFilter",
  notifyEmail: "sentry.mail.actions.NotifyEmailAction",
} as const;

function conditionNode(condition: IssueCondition): JsonObject {
  switch (condition.type) {
    case "first_seen":
      return { id: NODE.firstSeen };
    case "regression":
      return { id: NODE.regression };
    case "more_than":
      return {
        id: NODE.frequency,
        comparisonType: "count",
        value: condition.count,
        interval: condition.interval,
      };
  }
}

function tagNode(filter: TagFilter): JsonObject {
  return {
    id: NODE.taggedEvent,
    key: filter.key,
    match: filter.match === "equals" ? "eq" : "sw",
    value: filter.value,
  };
}

// The shortest name limit across Sentry versions (older rule serializers stop at 64).
const MAX_NAME = 64;

function managedName(name: string): string {
  const full = `${MANAGED_PREFIX}${name}`;
  if (full.length > MAX_NAME) {
    throw new DeclarationError(
      name,
      `the name with its prefix is longer than ${MAX_NAME} characters`,
    );
  }
  return full;
}

export function issueAlertPayload(spec: IssueAlertSpec): JsonObject {
  const { notifyAtMostEveryMinutes: frequency } = spec;
  if (!Number.isInteger(frequency) || frequency < 5 || frequency > 43_200) {
    throw new DeclarationError(spec.name, "notifyAtMostEveryMinutes must be 5 to 43200");
  }
  return {
    name: managedName(spec.name),
    actionMatch: "any",
    filterMatch: "all",
    frequency,
    environment: null,
    conditions: spec.when.map(conditionNode),
    filters: spec.tags.map(tagNode),
    // Issue owners, else every active member: needs no team or user id from the org.
    actions: [
      { id: NODE.notifyEmail, targetType: "IssueOwners", fallthroughType: "ActiveMembers" },
    ],
  };
}

export function metricAlertPayload(spec: MetricAlertSpec, project: string): JsonObject {
  const spans = spec.source === "spans";
  return {
    name: managedName(spec.name),
    projects: [project],
    environment: null,
    dataset: spans ? "events_analytics_platform" : "events",
    eventTypes: spans ? ["trace_item_span"] : ["error"],
    queryType: spans ? 1 : 0,
    aggregate: spec.aggregate,
    query: spec.query,
    timeWindow: spec.windowMinutes,
    thresholdType: 0,
    resolveThreshold: null,
    triggers: [
      {
        label: "critical",
        alertThreshold: spec.above,
        thresholdType: 0,
        resolveThreshold: null,
        actions: [],
      },
    ],
  };
}

/** Minutes between two runs of a crontab (the longest gap over the next day of runs). */
export function cronPeriodMinutes(cron: string, timezone: string): number {
  const runs = CronExpressionParser.parse(cron, {
    tz: timezone,
    currentDate: new Date("2026-01-05T00:00:00Z"),
  });
  let previous = runs.next().getTime();
  let longest = 0;
  for (let i = 0; i < 48; i++) {
    const next = runs.next().getTime();
    longest = Math.max(longest, next - previous);
    previous = next;
  }
  return longest / 60_000;
}

/** Consecutive missed or failed check-ins that add up to `afterMinutes` without a good run. */
export function missedCheckIns(missed: MissedRunSpec, monitor: CronMonitorSpec): number {
  const period = cronPeriodMinutes(monitor.cron, monitor.timezone);
  if (missed.afterMinutes < period) {
    throw new DeclarationError(
      missed.name,
      `afterMinutes (${missed.afterMinutes}) is shorter than ${monitor.slug}'s schedule (every ${period} min)`,
    );
  }
  return Math.round(missed.afterMinutes / period);
}

export function monitorPayload(
  spec: CronMonitorSpec,
  project: string,
  failureIssueThreshold: number | undefined,
): JsonObject {
  return {
    name: managedName(spec.slug),
    slug: spec.slug,
    project,
    status: "active",
    config: {
      schedule_type: "crontab",
      schedule: spec.cron,
      checkin_margin: spec.checkinMargin,
      max_runtime: spec.maxRuntime,
      timezone: spec.timezone,
      ...(failureIssueThreshold !== undefined
        ? { failure_issue_threshold: failureIssueThreshold }
        : {}),
    },
  };
}

/** Every rule and monitor the declaration asks for, checked for duplicates. */
export function desiredResources(
  declaration: AlertDeclaration,
  project: string,
): DesiredResource[] {
  const out: DesiredResource[] = [];
  const thresholds = new Map<string, number>();
  const issueAlerts: IssueAlertSpec[] = [...declaration.issueAlerts];

  for (const missed of declaration.missedRuns) {
    const monitor = declaration.monitors.find((m) => m.slug === missed.job);
    if (monitor === undefined) {
      throw new DeclarationError(missed.name, `no cron monitor is declared for job ${missed.job}`);
    }
    thresholds.set(monitor.slug, missedCheckIns(missed, monitor));
    issueAlerts.push({
      name: missed.name,
      when: [{ type: "first_seen" }, { type: "regression" }],
      tags: [{ key: "monitor.slug", match: "equals", value: monitor.slug }],
      notifyAtMostEveryMinutes: 30,
    });
  }

  for (const spec of issueAlerts) {
    const payload = issueAlertPayload(spec);
    out.push({ kind: "issue alert", key: String(payload.name), payload });
  }
  for (const spec of declaration.metricAlerts) {
    const payload = metricAlertPayload(spec, project);
    out.push({ kind: "metric alert", key: String(payload.name), payload });
  }
  for (const spec of declaration.monitors) {
    out.push({
      kind: "cron monitor",
      key: spec.slug,
      payload: monitorPayload(spec, project, thresholds.get(spec.slug)),
    });
  }

  const seen = new Set<string>();
  for (const resource of out) {
    const id = `${resource.kind}:${resource.key}`;
    if (seen.has(id)) throw new DeclarationError(resource.key, `declared twice (${resource.kind})`);
    seen.add(id);
  }
  return out;
}
