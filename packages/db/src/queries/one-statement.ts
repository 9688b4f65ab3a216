import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../client.js";

/**
 * Runs several writes as one statement, the first ones as data-modifying CTEs: one round trip,
 * and atomic without a transaction. The writes share one snapshot, so none may depend on another's
 * effect or touch the same row (give new rows their ids up front).
 */
export async function inOneStatement(db: Database, writes: readonly SQLWrapper[]): Promise<void> {
  const last = writes.at(-1);
  if (last === undefined) return;
  const ctes = writes
    .slice(0, -1)
    .map((write, i): SQL => sql`${sql.identifier(`w${i}`)} as (${write.getSQL()})`);
  await db.execute(
    ctes.length === 0 ? last.getSQL() : sql`with ${sql.join(ctes, sql`, `)} ${last.getSQL()}`,
  );
}
