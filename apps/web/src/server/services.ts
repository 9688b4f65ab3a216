/**
 * The server's connections, opened once per process on first use: the database (postgres.js),
 * pg-boss as a producer only (the worker consumes), and better-auth on the same database.
 */
import "server-only";
import { createDb, type Database } from "@po-pro/db";
import { PgBoss } from "pg-boss";
import { env } from "../env";
import { type Auth, createAuth } from "./auth/auth";

export interface Services {
  db: Database;
  boss: PgBoss;
  auth: Auth;
}

let services: Promise<Services> | undefined;

async function open(): Promise<Services> {
  const { db: dbEnv, web } = env();
  const handle = await createDb({ url: dbEnv.DATABASE_URL, applicationName: "po-pro-web" });
  // Sends jobs only: no polling, no maintenance, no schema changes (the worker owns those).
  const boss = new PgBoss({
    connectionString: dbEnv.DATABASE_URL,
    max: 2,
    supervise: false,
    schedule: false,
    migrate: false,
    application_name: "po-pro-web-jobs",
  });
  boss.on("error", (error) => console.error("[pg-boss]", error));
  await boss.start();
  return { db: handle.db, boss, auth: createAuth(handle.db, web) };
}

export function getServices(): Promise<Services> {
  services ??= open().catch((error: unknown) => {
    // A failed start (database down) is retried by the next request, not cached forever.
    services = undefined;
    throw error;
  });
  return services;
}
