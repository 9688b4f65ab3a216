/**
 * Field-level difference between what we would send and what Sentry has. Only the fields we
 * send are compared: Sentry adds its own (ids, dates, a condition's human `name`), and those
 * are not drift.
 */
import type { Json } from "./desired.js";

export interface FieldChange {
  /** e.g. `triggers[0].alertThreshold`. */
  readonly path: string;
  readonly from: unknown;
  readonly to: Json;
}

function same(desired: Json, remote: unknown): boolean {
  if (desired === remote) return true;
  // Sentry serialises some numbers as strings ("3") or floats (5000.0 arrives as 5000).
  if (typeof desired === "number" && typeof remote === "string") return String(desired) === remote;
  if (typeof desired === "string" && typeof remote === "number") return desired === String(remote);
  return false;
}

function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

export function diffFields(desired: Json, remote: unknown, path = ""): FieldChange[] {
  if (Array.isArray(desired)) {
    if (!Array.isArray(remote) || remote.length !== desired.length) {
      return [{ path, from: remote, to: desired }];
    }
    return desired.flatMap((item, index) => diffFields(item, remote[index], join(path, index)));
  }
  if (desired !== null && typeof desired === "object") {
    if (remote === null || typeof remote !== "object" || Array.isArray(remote)) {
      return [{ path, from: remote, to: desired }];
    }
    const record = remote as Record<string, unknown>;
    return Object.entries(desired).flatMap(([key, value]) =>
      // An absent field and a null one mean the same to Sentry.
      value === null && record[key] === undefined
        ? []
        : diffFields(value, record[key], join(path, key)),
    );
  }
  return same(desired, remote) ? [] : [{ path, from: remote, to: desired }];
}
