/** The plan as a person reads it: one line per rule or monitor, field changes under updates. */
import type { Change } from "./plan.js";

function show(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}

const NOTE: Partial<Record<Change["op"], string>> = {
  delete: " (ours, no longer declared)",
  unmanaged: " (not ours: left alone)",
};

export interface PlanCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly unchanged: number;
  readonly unmanaged: number;
}

export function countChanges(changes: readonly Change[]): PlanCounts {
  const count = (op: Change["op"]) => changes.filter((c) => c.op === op).length;
  return {
    create: count("create"),
    update: count("update"),
    delete: count("delete"),
    unchanged: count("unchanged"),
    unmanaged: count("unmanaged"),
  };
}

export function formatPlan(changes: readonly Change[]): string {
  const lines: string[] = [];
  for (const change of changes) {
    lines.push(`${change.op.padEnd(10)} ${change.kind} "${change.key}"${NOTE[change.op] ?? ""}`);
    if (change.op === "update") {
      for (const field of change.fields) {
        lines.push(`             ${field.path}: ${show(field.from)} -> ${show(field.to)}`);
      }
    }
  }
  const c = countChanges(changes);
  lines.push(
    `${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.unchanged} unchanged, ${c.unmanaged} unmanaged left alone.`,
  );
  return lines.join("\n");
}

export function hasWork(changes: readonly Change[]): boolean {
  return changes.some((c) => c.op === "create" || c.op === "update" || c.op === "delete");
}
