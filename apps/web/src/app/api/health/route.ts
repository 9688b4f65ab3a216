import { sql } from "drizzle-orm";
import { env } from "../../../env";
import { webRelease } from "../../../release";
import { getServices } from "../../../server/services";

export const dynamic = "force-dynamic";

const DATABASE_TIMEOUT_MS = 2000;

/**
 * For load balancers and uptime checks: 200 when the app can reach its database, else 503. Says
 * nothing about any merchant; the release is the one Sentry and the metrics report.
 */
export async function GET(): Promise<Response> {
  const started = performance.now();
  let database: "ok" | "unreachable" = "ok";
  try {
    const { db } = await getServices();
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("timeout")), DATABASE_TIMEOUT_MS).unref(),
      ),
    ]);
  } catch {
    database = "unreachable";
  }
  const ok = database === "ok";
  return Response.json(
    {
      status: ok ? "ok" : "degraded",
      release: webRelease({ SENTRY_RELEASE: env().observability.SENTRY_RELEASE }) ?? null,
      checks: { database, databaseMs: Math.round(performance.now() - started) },
    },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
