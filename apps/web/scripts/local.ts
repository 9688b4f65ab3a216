/**
 * `pnpm start` at the repository root: PO Pro on one machine with nothing but Node. Builds the
 * dashboard (Turbo's cache makes a rebuild instant), starts the worker on the embedded database
 * with the local mailbox and simulated suppliers, gives the demo user a password, starts the
 * dashboard, and prints where to sign in. Ctrl-C stops everything it started.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, embeddedDataDir, parseDbEnv } from "@po-pro/db";
import { DEMO_OWNER } from "@po-pro/db/seed";
import { setPassword } from "../src/server/auth/credentials";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(web, "../..");
const initCwd = process.env.INIT_CWD ?? root;
const env = process.env;

const WEB_HOST = env.WEB_HOST ?? "127.0.0.1";
const WEB_PORT = env.WEB_PORT ?? "3000";
const dashboardUrl =
  env.BETTER_AUTH_URL ?? `http://${WEB_HOST === "0.0.0.0" ? "127.0.0.1" : WEB_HOST}:${WEB_PORT}`;

/** The demo owner's password on the embedded database only (never set on a real DATABASE_URL). */
const DEMO_PASSWORD = "northwind-demo";

const children: ChildProcess[] = [];
let stopping = false;

function say(line: string): void {
  process.stdout.write(`\x1b[1m[po-pro]\x1b[0m ${line}\n`);
}

function finished(child: ChildProcess): Promise<number> {
  return new Promise((done) => child.once("exit", (code) => done(code ?? 1)));
}

/** A step that runs to its end (the build); its output goes straight to the terminal. */
async function runStep(command: string, args: string[], cwd: string): Promise<number> {
  const child = spawn(command, args, { stdio: "inherit", cwd, env });
  children.push(child);
  try {
    return await finished(child);
  } finally {
    children.splice(children.indexOf(child), 1);
  }
}

/** A process that runs until Ctrl-C (the worker, the dashboard): if one dies, all stop. */
function runService(
  name: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): void {
  // Its own process group: Ctrl-C reaches this script only, which stops each child once (a
  // second SIGINT straight from the terminal would cut the worker's graceful stop short).
  const child = spawn(process.execPath, args, { stdio: "inherit", detached: true, ...options });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    say(`the ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest`);
    void stop(code ?? 1);
  });
}

async function stop(code: number): Promise<never> {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGINT");
  await Promise.all(children.filter((c) => c.exitCode === null).map(finished));
  process.exit(code);
}

/** The auth secret of this data directory: made once, kept beside the embedded data. */
function authSecret(dataDir: string): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const file = join(dirname(dataDir), "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function waitFor<T>(what: string, seconds: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (stopping) throw error;
      if (Date.now() > deadline)
        throw new Error(`${what} did not come up within ${seconds} s: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function main(): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop(0));

  say("building the dashboard (cached after the first time)…");
  const built = await runStep(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@po-pro/web", "--output-logs=new-only"],
    root,
  );
  if (stopping) return;
  if (built !== 0) {
    say("the dashboard build failed (see above)");
    process.exit(built);
  }

  const dbEnv = parseDbEnv({ ...env, INIT_CWD: initCwd });
  if (!dbEnv.ok)
    throw new Error(dbEnv.problems.map((p) => `${p.variable}: ${p.message}`).join("\n"));
  const { DATABASE_URL, PO_PRO_DB_HOST, PO_PRO_DB_PORT } = dbEnv.value;
  const databaseUrl =
    DATABASE_URL ?? `postgres://postgres@${PO_PRO_DB_HOST}:${PO_PRO_DB_PORT}/postgres`;
  const secret = authSecret(embeddedDataDir(dbEnv.value));

  say("starting the worker…");
  runService("worker", ["--conditions=@po-pro/source", "--import", "tsx", "src/main.ts"], {
    cwd: join(root, "apps/worker"),
    env: { ...env, INIT_CWD: initCwd },
  });

  const handle = await waitFor("the database", 90, () =>
    createDb({ url: databaseUrl, maxConnections: 1, connectTimeoutSeconds: 2 }),
  );
  const demoLogin =
    DATABASE_URL === undefined ? { email: DEMO_OWNER.email, password: DEMO_PASSWORD } : undefined;
  if (demoLogin !== undefined) await setPassword(handle.db, demoLogin);
  await handle.close();

  say("starting the dashboard…");
  runService("dashboard", [".next/standalone/apps/web/server.js"], {
    cwd: web,
    env: {
      ...env,
      NODE_ENV: "production",
      HOSTNAME: WEB_HOST,
      PORT: WEB_PORT,
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: secret,
      BETTER_AUTH_URL: dashboardUrl,
    },
  });
  await waitFor("the dashboard", 60, async () => {
    const response = await fetch(`${dashboardUrl}/sign-in`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  });
  say("");
  say(`dashboard: \x1b[1m${dashboardUrl}\x1b[0m`);
  if (demoLogin !== undefined)
    say(
      `sign in as \x1b[1m${demoLogin.email}\x1b[0m with password \x1b[1m${demoLogin.password}\x1b[0m`,
    );
  say(
    "the worker's decisions appear in Approvals and on each order as they happen; Ctrl-C stops everything",
  );
  say("");
}

main().catch((error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  void stop(1);
});
