import type { SQL } from "drizzle-orm";
import type { Database } from "./client.js";

/**
 * Runs raw SQL and returns its rows whichever driver is underneath (postgres.js returns an array,
 * PGlite an object with `rows`).
 */
export async function queryRows<T extends Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
