/**
 * `pnpm start` at the repository root: PO Pro on one machine with nothing but Node. Builds the
 * dashboard (Turbo's cache makes a rebuild instant), starts Spotlight (Sentry's local viewer, when
 * there is no SENTRY_DSN), the worker on the embedded database with the local mailbox and
 * simulated suppliers, gives the demo user a password, starts the dashboard and — when the
 * `prometheus` binary is on PATH — a Prometheus scraping both, then prints every URL. Ctrl-C
 * stops everything it started; one of them dying stops the rest.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, embeddedDataDir, migrate, parseDbEnv } from "@po-pro/db";
import { DEMO_OWNER } from "@po-pro/db/seed";
import { setPassword } from "../src/server/auth/credentials";
import { buildDashboard } from "./local/build";
import { LocalProcesses } from "./local/processes";
import { findPrometheus, PROMETHEUS_DEFAULT_PORT, startPrometheus } from "./local/prometheus";
import { realServiceChoices } from "./local/real-services";
import { SPOTLIGHT_DEFAULT_PORT, type Spotlight, startSpotlight } from "./local/spotlight";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(web, "../..");
const initCwd = process.env.INIT_CWD ?? root;
const env = process.env;
const started = Date.now();

const loopback = (host: string) => (host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host);
const WEB_HOST = env.WEB_HOST ?? "127.0.0.1";
const WEB_PORT = env.WEB_PORT ?? "3000";
const dashboardUrl = env.BETTER_AUTH_URL ?? `http://${loopback(WEB_HOST)}:${WEB_PORT}`;
const WORKER_HOST = env.WORKER_HOST ?? "127.0.0.1";
const WORKER_PORT = env.WORKER_PORT ?? "8787";
const workerUrl = `http://${loopback(WORKER_HOST)}:${WORKER_PORT}`;

/** The demo owner's password on the embedded database only (never set on a real DATABASE_URL). */
const DEMO_PASSWORD = "northwind-demo";

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function say(line: string): void {
  process.stdout.write(`${bold("[po-pro]")} ${line}\n`);
}

const processes = new LocalProcesses(say);

/** A secret of this data directory: made once, kept beside the embedded data (mode 0600). */
function localSecret(stateDir: string, name: string, make: () => string): string {
  const file = join(stateDir, name);
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, make(), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = net.createServer();
    probe.once("error", () => done(false));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}

async function freePort(host: string, preferred: number): Promise<number> {
  if (await portFree(host, preferred)) return preferred;
  return new Promise((done, fail) => {
    const probe = net.createServer();
    probe.once("error", fail);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => done(port));
    });
  });
}

async function waitFor<T>(what: string, seconds: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (processes.stopping) throw error;
      if (Date.now() > deadline)
        throw new Error(`${what} did not come up within ${seconds} s: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function httpOk(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

function listenSignals(): void {
  let first = 0;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => {
      // Ctrl-C reaches this script from the terminal and again through the pnpm processes above
      // it: one stop. A second Ctrl-C later means "now".
      if (first === 0) {
        first = Date.now();
        void processes.stop(0);
      } else if (Date.now() - first > 2000) {
        say("stopping now");
        processes.kill();
      }
    });
}

async function main(): Promise<void> {
  listenSignals();
  const dbEnv = parseDbEnv({ ...env, INIT_CWD: initCwd });
  if (!dbEnv.ok)
    throw new Error(dbEnv.problems.map((p) => `${p.variable}: ${p.message}`).join("\n"));
  const { DATABASE_URL, PO_PRO_DB_HOST, PO_PRO_DB_PORT } = dbEnv.value;
  const stateDir = dirname(embeddedDataDir(dbEnv.value));
  mkdirSync(stateDir, { recursive: true });

  for (const choice of realServiceChoices(env))
    say(`${choice.what}: ${choice.using}${choice.hint ? ` (${choice.hint})` : ""}`);

  const ports = [
    { what: "the dashboard", host: WEB_HOST, port: Number(WEB_PORT), variable: "WEB_PORT" },
    { what: "the worker", host: WORKER_HOST, port: Number(WORKER_PORT), variable: "WORKER_PORT" },
    ...(DATABASE_URL === undefined
      ? [
          {
            what: "the embedded database",
            host: PO_PRO_DB_HOST,
            port: PO_PRO_DB_PORT,
            variable: "PO_PRO_DB_PORT",
          },
        ]
      : []),
  ];
  for (const { what, host, port, variable } of ports)
    if (!(await portFree(host, port)))
      throw new Error(
        `port ${port} (${what}) is taken on ${host}: stop what uses it, or set ${variable} to another port`,
      );

  // Spotlight starts while the dashboard builds; both apps send to it when there is no DSN.
  const spotlightStarting =
    (env.SENTRY_DSN ?? "").trim() === ""
      ? startSpotlight(processes, {
          web,
          dataDir: stateDir,
          port: Number(env.SPOTLIGHT_PORT ?? SPOTLIGHT_DEFAULT_PORT),
          env,
          say,
        })
      : undefined;
  spotlightStarting?.catch(() => undefined); // awaited below, after the build

  const built = await buildDashboard(processes, { root, env, say });
  if (processes.stopping) return;
  if (!built.ok) {
    say(`the dashboard build failed after ${Math.round(built.seconds)} s (its output is above)`);
    await processes.stop(1);
  }
  const cache = built.cached ? `, ${built.cached.hits} of ${built.cached.total} from cache` : "";
  say(`dashboard built in ${Math.round(built.seconds)} s${cache}`);
  const spotlight: Spotlight | undefined = await spotlightStarting;

  const databaseUrl =
    DATABASE_URL ?? `postgres://postgres@${PO_PRO_DB_HOST}:${PO_PRO_DB_PORT}/postgres`;
  const authSecret =
    env.BETTER_AUTH_SECRET ??
    localSecret(stateDir, "auth-secret", () => randomBytes(32).toString("hex"));
  // Both apps read mailbox credentials (IMAP passwords, Gmail tokens) the other stored.
  const mailTokenKeys =
    env.MAIL_TOKEN_KEYS ??
    localSecret(stateDir, "mail-token-keys", () => `local:${randomBytes(32).toString("base64")}`);
  const environment = env.SENTRY_ENVIRONMENT ?? "development";
  if (spotlight !== undefined && environment !== "development")
    say(`SENTRY_ENVIRONMENT is not "development": the apps send nothing to Spotlight`);
  // One environment for both apps (the dashboard runs a production build, whose NODE_ENV would
  // name it "production"); Spotlight, and every trace, only when there is no DSN.
  const telemetry: Record<string, string> = {
    SENTRY_ENVIRONMENT: environment,
    ...(spotlight !== undefined
      ? {
          SENTRY_SPOTLIGHT: spotlight.sidecarUrl,
          SENTRY_TRACES_SAMPLE_RATE: env.SENTRY_TRACES_SAMPLE_RATE ?? "1",
        }
      : {}),
  };

  if (DATABASE_URL !== undefined) {
    // The worker migrates only the embedded database; the dashboard needs the schema too.
    const real = await createDb({ url: DATABASE_URL, maxConnections: 1, connectTimeoutSeconds: 5 });
    try {
      const { applied, total } = await migrate(real.db);
      say(
        applied === 0
          ? "DATABASE_URL: its schema is current"
          : `DATABASE_URL: migrated (${applied} of ${total} migrations applied now)`,
      );
    } finally {
      await real.close();
    }
  }

  say("starting the worker…");
  processes.service(
    "the worker",
    process.execPath,
    ["--conditions=@po-pro/source", "--import", "tsx", "src/main.ts"],
    {
      cwd: join(root, "apps/worker"),
      env: { ...env, ...telemetry, INIT_CWD: initCwd, MAIL_TOKEN_KEYS: mailTokenKeys },
    },
  );

  // The worker makes the embedded database and the job queue's schema, which the dashboard uses.
  await waitFor("the worker", 120, () => httpOk(`${workerUrl}/health`));
  const handle = await createDb({ url: databaseUrl, maxConnections: 1, connectTimeoutSeconds: 5 });
  const demoLogin =
    DATABASE_URL === undefined ? { email: DEMO_OWNER.email, password: DEMO_PASSWORD } : undefined;
  if (demoLogin !== undefined) await setPassword(handle.db, demoLogin);
  await handle.close();

  say("starting the dashboard…");
  processes.service("the dashboard", process.execPath, [".next/standalone/apps/web/server.js"], {
    cwd: web,
    env: {
      ...env,
      ...telemetry,
      NODE_ENV: "production",
      HOSTNAME: WEB_HOST,
      PORT: WEB_PORT,
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: authSecret,
      BETTER_AUTH_URL: dashboardUrl,
      MAIL_TOKEN_KEYS: mailTokenKeys,
    },
  });
  await waitFor("the dashboard", 60, () => httpOk(`${dashboardUrl}/sign-in`));

  const prometheusBinary = findPrometheus(env.PATH);
  const prometheus =
    prometheusBinary === undefined
      ? undefined
      : await startPrometheus(processes, {
          binary: prometheusBinary,
          root,
          dataDir: stateDir,
          port: await freePort("127.0.0.1", Number(env.PROMETHEUS_PORT ?? PROMETHEUS_DEFAULT_PORT)),
          targets: {
            web: new URL(dashboardUrl).host,
            worker: new URL(workerUrl).host,
            ...(env.METRICS_TOKEN ? { webToken: env.METRICS_TOKEN } : {}),
          },
          env,
          say,
        });

  say("");
  say(`dashboard:  ${bold(dashboardUrl)}`);
  if (demoLogin !== undefined)
    say(
      `            sign in as ${bold(demoLogin.email)} with password ${bold(demoLogin.password)}`,
    );
  if (spotlight !== undefined)
    say(
      `Spotlight:  ${bold(spotlight.url)}  (errors and traces from the worker and the dashboard)`,
    );
  else say("Sentry:     events go to SENTRY_DSN");
  say(`worker:     ${workerUrl}/metrics  ${workerUrl}/health`);
  say(`metrics:    ${dashboardUrl}/api/metrics  (the dashboard's)`);
  if (prometheus !== undefined) say(`Prometheus: ${bold(prometheus.url)}  (scraping both apps)`);
  else if (prometheusBinary === undefined) say("Prometheus: not started (no `prometheus` on PATH)");
  say("");
  say(
    `ready in ${Math.round((Date.now() - started) / 1000)} s. The worker's decisions appear in Approvals and on each order as they happen; Ctrl-C stops everything`,
  );
}

main().catch((error: unknown) => {
  if (processes.stopping) return;
  say(error instanceof Error ? error.message : String(error));
  void processes.stop(1);
});
