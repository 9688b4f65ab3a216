/**
 * Calls a server action over HTTP the way the browser does (a POST with the action's id in
 * `Next-Action`), so tests can send any input, any session and any Origin to it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SERVER } from "./harness";

interface Manifest {
  node: Record<string, { exportedName?: string; filename?: string }>;
}

let manifest: Manifest | undefined;

/** The id Next gave the exported action `name` at build time. */
export function actionId(name: string): string {
  manifest ??= JSON.parse(
    readFileSync(join(SERVER, "../.next/server/server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name);
  if (found === undefined) throw new Error(`no server action named ${name} in the build`);
  return found[0];
}

export interface ActionResponse {
  status: number;
  /** The action's return value, when the response carried one. */
  result: unknown;
  body: string;
  location: string | null;
}

export async function callAction(
  baseUrl: string,
  name: string,
  args: unknown[],
  options: { cookie?: string; origin?: string; path?: string } = {},
): Promise<ActionResponse> {
  const response = await fetch(`${baseUrl}${options.path ?? "/orders"}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      "next-action": actionId(name),
      origin: options.origin ?? baseUrl,
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: JSON.stringify(args),
  });
  const body = await response.text();
  // The RSC stream's row 1 is the action's return value: `1:{...}`.
  const row = body.split("\n").find((line) => line.startsWith("1:"));
  let result: unknown;
  if (row !== undefined) {
    try {
      result = JSON.parse(row.slice(2));
    } catch {
      result = undefined;
    }
  }
  return { status: response.status, result, body, location: response.headers.get("location") };
}
