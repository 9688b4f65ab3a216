#!/usr/bin/env node
import { parseArgs } from "node:util";
import { type CliEnv, readCliEnv } from "./cli-env";
import { createDb, type DbHandle } from "./client";
import { DatabaseConfigError, DatabaseConnectionError } from "./errors";
import { migrate } from "./migrate";
import { DEMO_MERCHANT_SLUG, seedDemo } from "./seed/demo";
import { startEmbeddedServer } from "./server/embedded-server";

const usage = `Usage: po-pro-db <command>

Commands:
  migrate   bring DATABASE_URL's database to the latest schema (safe to run twice, or concurrently)
  seed      load the demo merchant into DATABASE_URL's database (idempotent)
  serve     run the embedded database (PGlite) on ${"127.0.0.1"}:54329: migrate, seed, serve until Ctrl-C

Environment:
  DATABASE_URL      postgres://user:password@host:5432/database (migrate, seed)
  PO_PRO_DATA_DIR   embedded data directory (serve; default .po-pro/pgdata)
  PO_PRO_DB_HOST    embedded server host (serve; default 127.0.0.1)
  PO_PRO_DB_PORT    embedded server port (serve; default 54329, 0 for any free port)`;

async function withUrlDb<T>(env: CliEnv, work: (handle: DbHandle) => Promise<T>): Promise<T> {
  if (env.databaseUrl === undefined) {
    throw new DatabaseConfigError(
      "DATABASE_URL",
      "DATABASE_URL is not set. Set it to your PostgreSQL server, or run `pnpm start` for the embedded database (it migrates and seeds itself).",
    );
  }
  const handle = await createDb({ url: env.databaseUrl, maxConnections: 2 });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function serve(env: CliEnv): Promise<void> {
  const handle = await createDb({ dataDir: env.dataDir });
  if (handle.pglite === undefined) throw new Error("embedded database expected");
  const { applied } = await migrate(handle.db);
  const seeded = await seedDemo(handle.db);
  let server: Awaited<ReturnType<typeof startEmbeddedServer>>;
  try {
    server = await startEmbeddedServer(handle.pglite, { host: env.host, port: env.port });
  } catch (error) {
    await handle.close();
    if ((error as { code?: string }).code === "EADDRINUSE") {
      throw new DatabaseConfigError(
        "PO_PRO_DB_PORT",
        `${env.host}:${env.port} is already in use (another \`pnpm start\`?). Stop it or set PO_PRO_DB_PORT.`,
      );
    }
    throw error;
  }
  process.stdout.write(
    [
      "PO Pro embedded database is ready.",
      `  data directory  ${env.dataDir}`,
      `  migrations      ${applied === 0 ? "up to date" : `${applied} applied`}`,
      `  demo merchant   ${seeded.created ? "seeded" : "already present"} (${DEMO_MERCHANT_SLUG})`,
      `  DATABASE_URL    ${server.url}`,
      `  look at it      psql ${server.url}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write("Stopping the embedded database...\n");
  await server.stop();
  await handle.close();
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h" } },
  });
  const command = positionals[0];
  if (values.help || command === undefined) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const env = readCliEnv();
  switch (command) {
    case "migrate": {
      const result = await withUrlDb(env, (handle) => migrate(handle.db));
      process.stdout.write(
        `Migrations: ${result.applied} applied, ${result.total - result.applied} already there.\n`,
      );
      return;
    }
    case "seed": {
      const result = await withUrlDb(env, (handle) => seedDemo(handle.db));
      process.stdout.write(
        result.created
          ? `Demo merchant seeded (${result.merchantId}).\n`
          : `Demo merchant already present (${result.merchantId}); nothing to do.\n`,
      );
      return;
    }
    case "serve":
      return serve(env);
    default:
      throw new DatabaseConfigError("command", `Unknown command "${command}".\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DatabaseConfigError || error instanceof DatabaseConnectionError) {
    process.stderr.write(`po-pro-db: ${error.message}\n`);
  } else {
    process.stderr.write(
      `po-pro-db: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 1;
});
