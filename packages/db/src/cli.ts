#!/usr/bin/env node
import { parseArgs } from "node:util";
import { EnvError } from "@po-pro/env";
import { type CliEnv, readCliEnv } from "./cli-env.js";
import { createDb, type DbHandle } from "./client.js";
import { DataDirectoryError } from "./embedded/data-directory.js";
import { createEmbeddedDb } from "./embedded/open.js";
import { type EmbeddedServer, startEmbeddedServer } from "./embedded/server.js";
import {
  DatabaseConfigError,
  DatabaseConnectionError,
  DatabaseNotMigratedError,
} from "./errors.js";
import { migrate } from "./migrate.js";
import { DEMO_MERCHANT_SLUG, seedDemo } from "./seed/demo.js";

const usage = `Usage: po-pro-db <command>

Commands:
  migrate   bring DATABASE_URL's database to the latest schema (safe to run twice, or concurrently)
  seed      load the demo merchant into DATABASE_URL's database (idempotent, safe concurrently)
  serve     run the embedded database (PGlite) on 127.0.0.1:54329: migrate, seed, serve until
            Ctrl-C, SIGTERM, or the end of the process that started it

Environment:
  DATABASE_URL      postgres://user:password@host:5432/database (migrate, seed)
  PO_PRO_DATA_DIR   embedded data directory (serve; default .po-pro/pgdata; one server at a time)
  PO_PRO_DB_HOST    embedded server host (serve; default 127.0.0.1)
  PO_PRO_DB_PORT    embedded server port (serve; default 54329, 0 for any free port)`;

/** Errors whose message is the whole story: printed as one sentence, without a stack. */
const explained = [
  EnvError,
  DatabaseConfigError,
  DatabaseConnectionError,
  DatabaseNotMigratedError,
  DataDirectoryError,
];

async function withUrlDb<T>(env: CliEnv, work: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = await createDb({ url: env.databaseUrl, maxConnections: 2 });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function listen(
  pglite: Parameters<typeof startEmbeddedServer>[0],
  env: CliEnv,
): Promise<EmbeddedServer> {
  try {
    return await startEmbeddedServer(pglite, { host: env.host, port: env.port });
  } catch (error) {
    if ((error as { code?: string }).code === "EADDRINUSE") {
      throw new DatabaseConfigError(
        "PO_PRO_DB_PORT",
        `${env.host}:${env.port} is already in use by another program; stop it, or set PO_PRO_DB_PORT to a free port (a second PO Pro server also needs its own PO_PRO_DATA_DIR).`,
      );
    }
    throw error;
  }
}

/**
 * Resolves on SIGINT, SIGTERM or SIGHUP, or when the parent process is gone: `pnpm start` exits on
 * SIGTERM without passing it on, and the server must not outlive it holding the port and the data
 * directory.
 */
function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid !== parent) resolve("the process that started it ended");
    }, 250);
    watch.unref();
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.once(signal, () => resolve(signal));
    }
  });
}

async function serve(env: CliEnv): Promise<void> {
  // Listening from the start: a stop requested while starting up takes effect once it is up.
  const stop = stopRequested();
  const handle = await createEmbeddedDb({ dataDir: env.dataDir });
  let server: EmbeddedServer;
  let applied: number;
  let created: boolean;
  try {
    ({ applied } = await migrate(handle.db));
    ({ created } = await seedDemo(handle.db));
    server = await listen(handle.pglite, env);
  } catch (error) {
    await handle.close();
    throw error;
  }
  handle.lock?.update({ host: server.host, port: server.port });
  process.stdout.write(
    [
      "PO Pro embedded database is ready.",
      `  data directory  ${env.dataDir}`,
      `  migrations      ${applied === 0 ? "up to date" : `${applied} applied`}`,
      `  demo merchant   ${created ? "seeded" : "already present"} (${DEMO_MERCHANT_SLUG})`,
      `  process         ${process.pid}`,
      `  DATABASE_URL    ${server.url}`,
      `  look at it      psql ${server.url}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );

  const reason = await stop;
  process.stdout.write(`Stopping the embedded database (${reason})...\n`);
  // Connected clients cannot keep it alive for ever.
  setTimeout(() => process.exit(1), 10_000).unref();
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
  switch (command) {
    case "migrate": {
      const env = readCliEnv(process.env, { needsUrl: true });
      const result = await withUrlDb(env, (handle) => migrate(handle.db));
      process.stdout.write(
        `Migrations: ${result.applied} applied, ${result.total - result.applied} already there.\n`,
      );
      return;
    }
    case "seed": {
      const env = readCliEnv(process.env, { needsUrl: true });
      const result = await withUrlDb(env, (handle) => seedDemo(handle.db));
      process.stdout.write(
        result.created
          ? `Demo merchant seeded (${result.merchantId}).\n`
          : `Demo merchant already present (${result.merchantId}); nothing to do.\n`,
      );
      return;
    }
    case "serve":
      return serve(readCliEnv(process.env, { needsUrl: false }));
    default:
      throw new DatabaseConfigError("command", `Unknown command "${command}".\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = !(error instanceof Error)
    ? String(error)
    : explained.some((type) => error instanceof type)
      ? error.message
      : (error.stack ?? error.message);
  process.stderr.write(`po-pro-db: ${message}\n`);
  process.exitCode = 1;
});
