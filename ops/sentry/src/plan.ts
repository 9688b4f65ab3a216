/**
 * Compares the declaration with the live project and carries out the difference. Ownership: a
 * rule or monitor is ours when its name starts with `MANAGED_PREFIX` (a monitor whose slug is a
 * declared job is ours too: the worker's check-ins may have created it before the first apply).
 * Only what is ours is ever updated or deleted; everything else is reported and left alone.
 */
import type { SentryClient } from "./client.js";
import type { AlertDeclaration } from "./declaration.js";
import { MANAGED_PREFIX } from "./declaration.js";
import {
  type DesiredResource,
  desiredResources,
  type JsonObject,
  type ResourceKind,
} from "./desired.js";
import { diffFields, type FieldChange } from "./diff.js";

export interface Target {
  readonly org: string;
  readonly project: string;
}

export type Change =
  | {
      readonly op: "create";
      readonly kind: ResourceKind;
      readonly key: string;
      readonly payload: JsonObject;
    }
  | {
      readonly op: "update";
      readonly kind: ResourceKind;
      readonly key: string;
      readonly id: string;
      readonly payload: JsonObject;
      readonly fields: readonly FieldChange[];
    }
  | {
      readonly op: "unchanged";
      readonly kind: ResourceKind;
      readonly key: string;
      readonly id: string;
    }
  | {
      readonly op: "delete";
      readonly kind: ResourceKind;
      readonly key: string;
      readonly id: string;
    }
  | {
      readonly op: "unmanaged";
      readonly kind: ResourceKind;
      readonly key: string;
      readonly id: string;
    };

interface RemoteResource {
  readonly kind: ResourceKind;
  readonly key: string;
  /** What goes in the resource's URL: the rule id, or the monitor's slug. */
  readonly id: string;
  readonly managed: boolean;
  readonly body: Record<string, unknown>;
}

const enc = encodeURIComponent;

function paths(target: Target) {
  const org = enc(target.org);
  return {
    "issue alert": `projects/${org}/${enc(target.project)}/rules/`,
    "metric alert": `organizations/${org}/alert-rules/`,
    "cron monitor": `organizations/${org}/monitors/`,
  } satisfies Record<ResourceKind, string>;
}

function isManagedName(name: unknown): boolean {
  return typeof name === "string" && name.startsWith(MANAGED_PREFIX);
}

async function remoteResources(
  client: SentryClient,
  target: Target,
  declaredSlugs: ReadonlySet<string>,
): Promise<RemoteResource[]> {
  const base = paths(target);
  const [rules, metricRules, monitors] = await Promise.all([
    client.list<Record<string, unknown>>(base["issue alert"]),
    client.list<Record<string, unknown>>(base["metric alert"]),
    client.list<Record<string, unknown>>(base["cron monitor"]),
  ]);
  const inProject = (projects: unknown) =>
    Array.isArray(projects) && projects.includes(target.project);
  const monitorProject = (project: unknown) =>
    project !== null &&
    typeof project === "object" &&
    (project as { slug?: unknown }).slug === target.project;

  return [
    ...rules.map((body) => ({
      kind: "issue alert" as const,
      key: String(body.name),
      id: String(body.id),
      managed: isManagedName(body.name),
      body,
    })),
    ...metricRules
      .filter((body) => inProject(body.projects))
      .map((body) => ({
        kind: "metric alert" as const,
        key: String(body.name),
        id: String(body.id),
        managed: isManagedName(body.name),
        body,
      })),
    ...monitors
      .filter((body) => monitorProject(body.project))
      .map((body) => ({
        kind: "cron monitor" as const,
        key: String(body.slug),
        id: String(body.slug),
        managed: isManagedName(body.name) || declaredSlugs.has(String(body.slug)),
        body,
      })),
  ];
}

/** The fields compared: a monitor's project comes back as an object and is matched above. */
function comparable(resource: DesiredResource): JsonObject {
  if (resource.kind !== "cron monitor") return resource.payload;
  const { project: _project, ...rest } = resource.payload;
  return rest;
}

export async function plan(
  client: SentryClient,
  target: Target,
  declaration: AlertDeclaration,
): Promise<Change[]> {
  const desired = desiredResources(declaration, target.project);
  const declaredSlugs = new Set(desired.filter((d) => d.kind === "cron monitor").map((d) => d.key));
  const remote = await remoteResources(client, target, declaredSlugs);
  const claimed = new Set<RemoteResource>();
  const changes: Change[] = [];

  for (const resource of desired) {
    const match = remote.find(
      (r) => r.kind === resource.kind && r.key === resource.key && r.managed && !claimed.has(r),
    );
    if (match === undefined) {
      changes.push({
        op: "create",
        kind: resource.kind,
        key: resource.key,
        payload: resource.payload,
      });
      continue;
    }
    claimed.add(match);
    const fields = diffFields(comparable(resource), match.body);
    changes.push(
      fields.length === 0
        ? { op: "unchanged", kind: resource.kind, key: resource.key, id: match.id }
        : {
            op: "update",
            kind: resource.kind,
            key: resource.key,
            id: match.id,
            payload: withTriggerIds(resource, match),
            fields,
          },
    );
  }
  for (const r of remote) {
    if (claimed.has(r)) continue;
    changes.push({ op: r.managed ? "delete" : "unmanaged", kind: r.kind, key: r.key, id: r.id });
  }
  return changes;
}

/** A metric alert's trigger keeps its id on update, so Sentry edits it instead of replacing it. */
function withTriggerIds(resource: DesiredResource, remote: RemoteResource): JsonObject {
  if (resource.kind !== "metric alert" || !Array.isArray(remote.body.triggers)) {
    return resource.payload;
  }
  const remoteTriggers = remote.body.triggers as { label?: unknown; id?: unknown }[];
  const triggers = (resource.payload.triggers as JsonObject[]).map((trigger) => {
    const existing = remoteTriggers.find((t) => t.label === trigger.label);
    return typeof existing?.id === "string" ? { ...trigger, id: existing.id } : trigger;
  });
  return { ...resource.payload, triggers };
}

/** Carries out a plan: creates, then updates, then deletes of what is ours. */
export async function apply(
  client: SentryClient,
  target: Target,
  changes: readonly Change[],
): Promise<void> {
  const base = paths(target);
  const label = (change: Change) => `${change.kind} "${change.key}"`;
  for (const change of changes) {
    if (change.op === "create") {
      await client.request("POST", base[change.kind], {
        body: change.payload,
        resource: label(change),
      });
    }
  }
  for (const change of changes) {
    if (change.op === "update") {
      await client.request("PUT", `${base[change.kind]}${enc(change.id)}/`, {
        body: change.payload,
        resource: label(change),
      });
    }
  }
  for (const change of changes) {
    if (change.op === "delete") {
      await client.request("DELETE", `${base[change.kind]}${enc(change.id)}/`, {
        resource: label(change),
      });
    }
  }
}
