/**
 * A local stand-in for Sentry's management API, on 127.0.0.1 and a free port: it keeps the
 * rules and monitors it is sent (with ids), pages list answers with `Link` cursors as Sentry
 * does, refuses bad payloads with Sentry-shaped 400s, checks the bearer token, can answer 429
 * once, and records every call.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Stored = Record<string, unknown> & { id: string };

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** `Date.now()` when the request arrived. */
  readonly at: number;
}

export interface FakeSentryOptions {
  readonly org: string;
  readonly project: string;
  readonly token: string;
  /** Items per list page (Sentry's default is 100; small here so tests cross pages). */
  readonly perPage?: number;
}

const RULE_NODES: Record<string, string> = {
  "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition": "A new issue is created",
  "sentry.rules.conditions.regression_event.RegressionEventCondition":
    "The issue changes state from resolved to unresolved",
  "sentry.rules.conditions.event_frequency.EventFrequencyCondition":
    "The issue is seen more than {value} times in {interval}",
  "sentry.rules.filters.tagged_event.TaggedEventFilter":
    "The event's tags match {key} {match} {value}",
  "sentry.mail.actions.NotifyEmailAction": "Send a notification to {targetType}",
};
const METRIC_WINDOWS = [1, 5, 10, 15, 30, 60, 120, 240, 1440];

type FieldErrors = Record<string, string[]>;

function describe(node: Record<string, unknown>): string {
  const template = RULE_NODES[String(node.id)] ?? "";
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(node[key] ?? ""));
}

function validateRule(body: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  if (typeof body.name !== "string" || body.name === "") errors.name = ["This field is required."];
  else if (body.name.length > 256)
    errors.name = ["Ensure this field has no more than 256 characters."];
  if (!["all", "any", "none"].includes(String(body.actionMatch))) {
    errors.actionMatch = [`"${String(body.actionMatch)}" is not a valid choice.`];
  }
  for (const field of ["conditions", "filters", "actions"] as const) {
    const nodes = body[field];
    if (nodes === undefined && field === "filters") continue;
    if (!Array.isArray(nodes)) {
      errors[field] = ["This field is required."];
      continue;
    }
    for (const node of nodes as Record<string, unknown>[]) {
      if (RULE_NODES[String(node.id)] === undefined) {
        errors[field] = [`Invalid node. Could not find '${String(node.id)}'`];
      }
    }
  }
  if (Array.isArray(body.conditions) && body.conditions.length === 0) {
    errors.conditions = ["Must select a condition"];
  }
  if (Array.isArray(body.actions) && body.actions.length === 0) {
    errors.actions = ["You must add an action for this alert to fire."];
  }
  if (Array.isArray(body.filters) && body.filters.length > 0 && body.filterMatch === undefined) {
    errors.filterMatch = ["Must select a filter match (all, any, none) if filters are supplied."];
  }
  const frequency = Number(body.frequency);
  if (!Number.isInteger(frequency) || frequency < 5 || frequency > 43_200) {
    errors.frequency = ["Ensure this value is greater than or equal to 5."];
  }
  return errors;
}

function validateMetricRule(body: Record<string, unknown>, project: string): FieldErrors {
  const errors: FieldErrors = {};
  if (typeof body.name !== "string" || body.name === "") errors.name = ["This field is required."];
  if (typeof body.aggregate !== "string" || body.aggregate === "") {
    errors.aggregate = ["This field is required."];
  }
  if (!["events", "events_analytics_platform"].includes(String(body.dataset))) {
    errors.dataset = ["Invalid dataset, valid values are events, events_analytics_platform"];
  }
  if (!METRIC_WINDOWS.includes(Number(body.timeWindow))) {
    errors.timeWindow = [`Invalid time window, valid values are ${METRIC_WINDOWS.join(", ")}`];
  }
  if (!Array.isArray(body.projects) || !body.projects.includes(project)) {
    errors.projects = ["Invalid project"];
  }
  const triggers = body.triggers;
  if (!Array.isArray(triggers) || triggers.length === 0) {
    errors.nonFieldErrors = ["Must include at least one trigger"];
  } else if ((triggers[0] as Record<string, unknown>).label !== "critical") {
    errors.nonFieldErrors = ['First trigger must be labeled "critical"'];
  } else if (
    triggers.some((t) => typeof (t as Record<string, unknown>).alertThreshold !== "number")
  ) {
    errors.triggers = ["alertThreshold: A valid number is required."];
  }
  return errors;
}

function validateMonitor(body: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  if (typeof body.name !== "string" || body.name === "") errors.name = ["This field is required."];
  const config = body.config as Record<string, unknown> | undefined;
  if (config === undefined || typeof config !== "object") {
    errors.config = ["This field is required."];
    return errors;
  }
  if (typeof config.schedule !== "string" || config.schedule.trim().split(/\s+/).length !== 5) {
    errors.config = ["schedule: Only 5 field crontab syntax is supported"];
  }
  for (const key of ["checkin_margin", "max_runtime", "failure_issue_threshold"]) {
    const value = config[key];
    if (value !== undefined && value !== null && (!Number.isInteger(value) || Number(value) < 1)) {
      errors.config = [`${key}: Ensure this value is greater than or equal to 1.`];
    }
  }
  return errors;
}

export class FakeSentry {
  readonly calls: RecordedCall[] = [];
  readonly rules = new Map<string, Stored>();
  readonly metricRules = new Map<string, Stored>();
  /** Keyed by slug. */
  readonly monitors = new Map<string, Stored>();
  url = "";
  #nextId = 1000;
  #throttleNext: { seconds: number; at?: number; path?: string } | undefined;
  readonly #server = createServer((req, res) => {
    this.#handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ detail: String(error) }));
    });
  });

  constructor(readonly options: FakeSentryOptions) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.#server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** The next request is answered 429 with this `Retry-After`; the time it came is recorded. */
  throttleNext(seconds: number): {
    readonly at: () => number | undefined;
    readonly path: () => string | undefined;
  } {
    const state: { seconds: number; at?: number; path?: string } = { seconds };
    this.#throttleNext = state;
    return { at: () => state.at, path: () => state.path };
  }

  writes(): RecordedCall[] {
    return this.calls.filter((call) => call.method !== "GET");
  }

  /** A rule made by a person in Sentry's UI (no managed prefix unless given one). */
  seedIssueRule(fields: Record<string, unknown>): Stored {
    return this.#storeRule({
      actionMatch: "any",
      filterMatch: "all",
      frequency: 30,
      environment: null,
      conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
      filters: [],
      actions: [{ id: "sentry.mail.actions.NotifyEmailAction", targetType: "IssueOwners" }],
      ...fields,
    });
  }

  seedMetricRule(fields: Record<string, unknown>): Stored {
    return this.#storeMetricRule({
      dataset: "events",
      query: "",
      aggregate: "count()",
      timeWindow: 60,
      thresholdType: 0,
      resolveThreshold: null,
      environment: null,
      projects: [this.options.project],
      triggers: [{ label: "critical", alertThreshold: 100, thresholdType: 0, actions: [] }],
      ...fields,
    });
  }

  seedMonitor(fields: Record<string, unknown> & { slug: string }): Stored {
    return this.#storeMonitor({
      name: fields.slug,
      status: "active",
      config: { schedule_type: "crontab", schedule: "0 * * * *", checkin_margin: 5 },
      ...fields,
    });
  }

  #id(): string {
    this.#nextId += 1;
    return String(this.#nextId);
  }

  #storeRule(body: Record<string, unknown>, id = this.#id()): Stored {
    const node = (n: Record<string, unknown>) => ({ ...n, name: describe(n) });
    const stored: Stored = {
      ...body,
      id,
      conditions: (body.conditions as Record<string, unknown>[]).map(node),
      filters: ((body.filters as Record<string, unknown>[] | undefined) ?? []).map(node),
      actions: (body.actions as Record<string, unknown>[]).map((a) => ({
        targetIdentifier: "",
        ...node(a),
      })),
      owner: null,
      projects: [this.options.project],
      createdBy: { id: 1, name: "ops", email: "ops@example.test" },
      dateCreated: new Date().toISOString(),
    };
    this.rules.set(id, stored);
    return stored;
  }

  #storeMetricRule(body: Record<string, unknown>, id = this.#id()): Stored {
    const triggers = (body.triggers as Record<string, unknown>[]).map((trigger) => ({
      ...trigger,
      id: typeof trigger.id === "string" ? trigger.id : this.#id(),
      alertRuleId: id,
      // Sentry stores thresholds as floats and omits nothing.
      resolveThreshold: trigger.resolveThreshold ?? null,
      dateCreated: new Date().toISOString(),
      actions: (trigger.actions as unknown[] | undefined) ?? [],
    }));
    const stored: Stored = {
      ...body,
      id,
      organizationId: "1",
      triggers,
      owner: null,
      dateCreated: new Date().toISOString(),
      dateModified: new Date().toISOString(),
    };
    this.metricRules.set(id, stored);
    return stored;
  }

  #storeMonitor(body: Record<string, unknown>, previous?: Stored): Stored {
    const config = body.config as Record<string, unknown>;
    const stored: Stored = {
      id: previous?.id ?? randomUUID(),
      name: body.name,
      slug: body.slug,
      status: body.status ?? "active",
      isMuted: false,
      type: "cron_job",
      // Sentry returns every config key, null where unset, and merges an update into the old.
      config: {
        schedule_type: "crontab",
        checkin_margin: null,
        max_runtime: null,
        timezone: "UTC",
        failure_issue_threshold: null,
        recovery_threshold: null,
        alert_rule_id: null,
        ...((previous?.config as Record<string, unknown> | undefined) ?? {}),
        ...config,
      },
      dateCreated: new Date().toISOString(),
      project: { id: "42", slug: this.options.project, name: this.options.project },
      environments: [],
      owner: null,
    };
    this.monitors.set(String(body.slug), stored);
    return stored;
  }

  #page(req: IncomingMessage, res: ServerResponse, items: Stored[]): void {
    const url = new URL(req.url ?? "/", this.url);
    const perPage = this.options.perPage ?? 100;
    const offset = Number(url.searchParams.get("cursor")?.split(":")[1] ?? 0);
    const page = items.slice(offset, offset + perPage);
    const hasNext = offset + perPage < items.length;
    const link = (rel: string, cursorOffset: number, results: boolean) => {
      const next = new URL(url);
      next.searchParams.set("cursor", `${perPage}:${cursorOffset}:0`);
      return `<${next.href}>; rel="${rel}"; results="${results}"; cursor="${perPage}:${cursorOffset}:0"`;
    };
    res.writeHead(200, {
      "content-type": "application/json",
      link: [
        link("previous", Math.max(0, offset - perPage), offset > 0),
        link("next", offset + perPage, hasNext),
      ].join(", "),
    });
    res.end(JSON.stringify(page));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.url);
    const method = req.method ?? "GET";
    const body = text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
    this.calls.push({ method, path: `${url.pathname}${url.search}`, body, at: Date.now() });

    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(payload === undefined ? "" : JSON.stringify(payload));
    };

    if (this.#throttleNext !== undefined) {
      const throttle = this.#throttleNext;
      this.#throttleNext = undefined;
      throttle.at = Date.now();
      throttle.path = `${url.pathname}${url.search}`;
      send(
        429,
        {
          detail:
            "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds",
        },
        { "retry-after": String(throttle.seconds) },
      );
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.options.token}`) {
      send(401, { detail: "Invalid token" });
      return;
    }

    const { org, project } = this.options;
    const routes: [RegExp, "rules" | "metric" | "monitors"][] = [
      [new RegExp(`^/api/0/projects/${org}/${project}/rules/(?:([^/]+)/)?$`), "rules"],
      [new RegExp(`^/api/0/organizations/${org}/alert-rules/(?:([^/]+)/)?$`), "metric"],
      [new RegExp(`^/api/0/organizations/${org}/monitors/(?:([^/]+)/)?$`), "monitors"],
    ];
    for (const [pattern, kind] of routes) {
      const match = pattern.exec(url.pathname);
      if (match === null) continue;
      const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
      const store =
        kind === "rules" ? this.rules : kind === "metric" ? this.metricRules : this.monitors;
      if (id === undefined) {
        if (method === "GET") return this.#page(req, res, [...store.values()]);
        if (method !== "POST") return send(405, { detail: `Method "${method}" not allowed.` });
        const input = body ?? {};
        if (kind === "rules") {
          const errors = validateRule(input);
          if (Object.keys(errors).length > 0) return send(400, errors);
          return send(200, this.#storeRule(input));
        }
        if (kind === "metric") {
          const errors = validateMetricRule(input, project);
          if (Object.keys(errors).length > 0) return send(400, errors);
          return send(201, this.#storeMetricRule(input));
        }
        const errors = validateMonitor(input);
        if (this.monitors.has(String(input.slug))) {
          errors.slug = [`The slug "${String(input.slug)}" is already in use.`];
        }
        if (input.project !== project) errors.project = ["Invalid project"];
        if (Object.keys(errors).length > 0) return send(400, errors);
        return send(201, this.#storeMonitor(input));
      }
      const existing = store.get(id);
      if (existing === undefined) {
        return send(404, { detail: "The requested resource does not exist" });
      }
      if (method === "GET") return send(200, existing);
      if (method === "DELETE") {
        store.delete(id);
        return send(kind === "monitors" ? 202 : 204);
      }
      if (method !== "PUT") return send(405, { detail: `Method "${method}" not allowed.` });
      const input = body ?? {};
      if (kind === "rules") {
        const errors = validateRule(input);
        if (Object.keys(errors).length > 0) return send(400, errors);
        return send(200, this.#storeRule(input, id));
      }
      if (kind === "metric") {
        const errors = validateMetricRule(input, project);
        if (Object.keys(errors).length > 0) return send(400, errors);
        return send(200, this.#storeMetricRule(input, id));
      }
      const errors = validateMonitor(input);
      if (Object.keys(errors).length > 0) return send(400, errors);
      return send(200, this.#storeMonitor({ ...input, slug: id }, existing));
    }
    send(404, { detail: "The requested resource does not exist" });
  }
}
