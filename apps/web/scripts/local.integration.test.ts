/**
 * `pnpm start` from a fresh clone: the repository's files (tracked, plus new ones not ignored, so
 * uncommitted work is tested) copied into an empty directory as one commit, installed from the
 * local store (`--offline`), built through Turbo's shared cache (a hit after `build`), then
 * started with no configuration at all. Within two minutes the dashboard shows a reply the
 * worker decided and Spotlight holds that reply's trace; Ctrl-C then ends every process and
 * frees every port. Run by `pnpm --filter @po-pro/web test:start` (Turbo runs `build` first).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
} from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { CHROMIUM_FLAGS, chromiumExecutable } from "@po-pro/chromium/launch";
import { readSpotlightStream } from "@po-pro/observability/testing";
import { resolveRelease } from "@po-pro/sourcemaps/release";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../src/components/decision-words";
import { findPrometheus } from "./local/prometheus";

const root = resolve(import.meta.dirname, "../../..");
const timings: Record<string, number> = {};
let clone: string;
let app: ChildProcess | undefined;
let output = "";
const HAS_PROMETHEUS = findPrometheus() !== undefined;
const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const ports: Record<string, number> = {};
const urls: { dashboard?: string; spotlight?: string; prometheus?: string; worker?: string } = {};

function since(start: number): number {
  return Math.round((Date.now() - start) / 100) / 10;
}

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** The files a clone of the working tree would have: tracked ones and new ones not ignored. */
function copyWorkingTree(to: string): void {
  const files = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(root, file), join(to, file), { verbatimSymlinks: true });
  }
  git(["init", "--quiet"], to);
  git(["add", "--all"], to);
  git(
    ["-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "--quiet", "-m", "clone"],
    to,
  );
}

/** Where this checkout's Turbo cache lives (worktrees share the main checkout's). */
function turboCacheDir(): string {
  if (process.env.TURBO_CACHE_DIR) return resolve(root, process.env.TURBO_CACHE_DIR);
  const common = git(["rev-parse", "--path-format=absolute", "--git-common-dir"], root).trim();
  return join(dirname(common), ".turbo/cache");
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = net.createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => done(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = net.createServer();
    probe.once("error", () => done(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => done(true)));
  });
}

/** Every process whose command line or working directory is inside the clone. */
function processesInClone(): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      let cwd = "";
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // Exiting.
      }
      if (command.includes(clone) || cwd.startsWith(clone)) found.push({ pid, command });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} within ${ms / 1000} s${last ? `: ${String(last)}` : ""}\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const printed = (label: string) =>
  new RegExp(`\\[po-pro\\] ${label}:\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(output)?.[1];

interface Decision {
  po: string;
  action: keyof typeof ACTION;
  trace_id: string;
}

/** The worker's log lines (JSON off a terminal) saying what it decided. */
function decisions(): Decision[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes('"event":"decision"'))
    .map((line) => JSON.parse(line) as Decision);
}

interface RootSpan {
  name: string;
  trace_id: string;
  attributes: Record<string, { value: unknown }>;
}

interface Transaction {
  transaction: string;
  environment?: string;
  sdk?: { name?: string };
  contexts: { trace: { trace_id: string; op?: string } };
}

/** A transaction (what Spotlight's Traces view shows): its root span. */
function fromTransaction(event: Transaction, envelopeSdk?: { name?: string }): RootSpan {
  return {
    name: event.transaction,
    trace_id: event.contexts.trace.trace_id,
    attributes: {
      "sentry.op": { value: event.contexts.trace.op },
      "sentry.environment": { value: event.environment },
      "sentry.sdk.name": { value: event.sdk?.name ?? envelopeSdk?.name },
    },
  };
}

/**
 * The root spans of the transactions in Spotlight, read until `match` is met or `ms` pass. Only
 * transactions count: Spotlight 4.11.8's Traces view shows nothing else, so in development both
 * apps send their traces as transactions.
 */
async function spotlightSpans(
  match: (spans: RootSpan[]) => boolean,
  ms: number,
): Promise<RootSpan[]> {
  const spans: RootSpan[] = [];
  await readSpotlightStream(
    urls.spotlight as string,
    ({ header, items }) => {
      for (const [item, payload] of items) {
        if (item.type === "transaction")
          spans.push(fromTransaction(payload as Transaction, header.sdk));
      }
      return match(spans) ? true : undefined;
    },
    ms,
  );
  return spans;
}

const op = (span: RootSpan) => span.attributes["sentry.op"]?.value;

beforeAll(async () => {
  clone = mkdtempSync(join(tmpdir(), "po-pro-start-"));
  let step = Date.now();
  copyWorkingTree(clone);
  timings.copySeconds = since(step);
  step = Date.now();
  const installed = execFileSync(
    "pnpm",
    ["install", "--frozen-lockfile", "--offline", "--reporter=append-only"],
    { cwd: clone, encoding: "utf8", env: { ...process.env, CI: "1" } },
  );
  console.log(installed);
  // CI's other-LTS leg runs everything on the machine's Node, as .ci/run does after its install.
  if (process.env.PO_PRO_EXPECT_NODE)
    rmSync(join(clone, "node_modules/.bin/node"), { force: true });
  timings.installSeconds = since(step);
  for (const name of ["web", "worker", "db", "spotlight", "prometheus"])
    ports[name] = await freePort();
}, 120_000);

afterAll(async () => {
  if (app?.pid !== undefined && app.exitCode === null) process.kill(-app.pid, "SIGKILL");
  for (const { pid } of processesInClone()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone.
    }
  }
  if (clone !== undefined) rmSync(clone, { recursive: true, force: true });
  console.log(`pnpm start from a fresh clone: ${JSON.stringify(timings)}`);
}, 60_000);

describe("pnpm start from a fresh clone, with no configuration", () => {
  it("builds from Turbo's cache, starts everything and prints every URL", async () => {
    const started = Date.now();
    const release = resolveRelease({ cwd: root });
    // A new process group, as a terminal gives: Ctrl-C below goes to all of it.
    const child = spawn("pnpm", ["start"], {
      cwd: clone,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        // The release the build that ran before this test baked in: the same cache key.
        ...(release !== undefined ? { SENTRY_RELEASE: release } : {}),
        PATH: (process.env.PATH ?? "")
          .split(delimiter)
          .filter((dir) => !dir.startsWith(root))
          .join(delimiter),
        HOME: process.env.HOME ?? "",
        TURBO_CACHE_DIR: turboCacheDir(),
        TURBO_TELEMETRY_DISABLED: "1",
        WEB_PORT: String(ports.web),
        WORKER_PORT: String(ports.worker),
        PO_PRO_DB_PORT: String(ports.db),
        SPOTLIGHT_PORT: String(ports.spotlight),
        PROMETHEUS_PORT: String(ports.prometheus),
        // No NODE_ENV (vitest's "test"): the script decides each app's.
      } as Record<string, string> as NodeJS.ProcessEnv,
    });
    app = child;
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await until("`pnpm start` said it is ready", 150_000, async () => {
      if (app?.exitCode !== null) throw new Error(`pnpm start exited (${app?.exitCode})`);
      return /\[po-pro\] ready in \d+ s/.test(output) ? true : undefined;
    });
    timings.readySeconds = since(started);
    timings.buildSeconds = Number(/dashboard built in (\d+) s/.exec(output)?.[1]);

    urls.dashboard = printed("dashboard");
    urls.spotlight = printed("Spotlight");
    urls.prometheus = HAS_PROMETHEUS ? printed("Prometheus") : undefined;
    urls.worker = /\[po-pro\] worker:\s+(http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(output)?.[1];
    expect(urls).toEqual({
      dashboard: `http://127.0.0.1:${ports.web}`,
      spotlight: `http://127.0.0.1:${ports.spotlight}`,
      prometheus: HAS_PROMETHEUS ? `http://127.0.0.1:${ports.prometheus}` : undefined,
      worker: `http://127.0.0.1:${ports.worker}`,
    });
    expect(output).toContain("sign in as maya@northwindapparel.com with password northwind-demo");
    expect(output).toMatch(/\[po-pro\] Sentry: the local Spotlight view/);
    expect(output).toMatch(/\[po-pro\] extraction: the keyless local extractor/);
    expect((await fetch(`${urls.worker}/health`)).status).toBe(200);
    expect(await (await fetch(`${urls.worker}/metrics`)).text()).toContain("# TYPE");
    expect(existsSync(join(clone, ".po-pro/pgdata"))).toBe(true);
  }, 160_000);

  let decided: Decision;
  let orderId: string;

  it("shows a reply the worker decided on the dashboard, to the demo user", async () => {
    const started = Date.now();
    decided = await until("the worker decided a reply", 90_000, async () => decisions()[0]);
    timings.firstDecisionAfterReadySeconds = since(started);

    const signIn = await fetch(`${urls.dashboard}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: urls.dashboard as string },
      body: JSON.stringify({ email: "maya@northwindapparel.com", password: "northwind-demo" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const list = await fetch(`${urls.dashboard}/api/orders?q=${encodeURIComponent(decided.po)}`, {
      headers: { cookie },
    });
    expect(list.status).toBe(200);
    const { orders } = (await list.json()) as {
      orders: { id: string; poNumber: string; status: string }[];
    };
    const order = orders.find((o) => o.poNumber === decided.po);
    expect(order?.status).toMatch(/^(confirmed|negotiating|needs_approval|rejected)$/);
    orderId = order?.id as string;

    const page = await fetch(`${urls.dashboard}/orders/${orderId}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(decided.po);
    expect(html).toContain('aria-label="Decision trail"');
    expect(html).toContain(ACTION[decided.action].label);
  }, 120_000);

  it("has that reply's trace, and the dashboard's requests, in the local Spotlight view", async () => {
    const spans = await spotlightSpans(
      (all) =>
        all.some((s) => s.trace_id === decided.trace_id && s.name === "process-email") &&
        all.some((s) => s.name === "GET /api/orders" && op(s) === "http.server"),
      30_000,
    );
    const job = spans.find((s) => s.trace_id === decided.trace_id && s.name === "process-email");
    expect(job && op(job)).toBe("queue.process");
    expect(job?.attributes["sentry.environment"]?.value).toBe("development");
    const request = spans.find((s) => s.name === "GET /api/orders" && op(s) === "http.server");
    expect(request?.attributes["sentry.environment"]?.value).toBe("development");
  }, 40_000);

  it("has the browser's page loads in Spotlight too, through the dashboard's tunnel", async () => {
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_FLAGS],
    });
    try {
      // A person's browser: the SDK drops HeadlessChrome's events and transactions as a bot's.
      const page = await browser.newPage({ userAgent: PERSON_USER_AGENT });
      await page.goto(`${urls.dashboard}/sign-in`);
      const isPageload = (s: RootSpan) => op(s) === "pageload" && s.name === "/sign-in";
      const spans = await spotlightSpans((all) => all.some(isPageload), 30_000);
      const pageload = spans.find(isPageload);
      expect(pageload?.attributes["sentry.sdk.name"]?.value).toBe("sentry.javascript.nextjs");
      expect(pageload?.attributes["sentry.environment"]?.value).toBe("development");
    } finally {
      await browser.close();
    }
  }, 60_000);

  // `pnpm start` runs Prometheus only when the binary is on PATH (`.ci/run` installs it); on a
  // machine without it, it must say so in one line and carry on.
  it("has Prometheus scraping both apps, or says why there is none", async () => {
    if (!HAS_PROMETHEUS) {
      expect(output).toContain("[po-pro] Prometheus: not started (no `prometheus` on PATH)");
      return;
    }
    const health = await until("Prometheus scraped both apps", 30_000, async () => {
      const response = await fetch(`${urls.prometheus}/api/v1/targets`);
      const { data } = (await response.json()) as {
        data: { activeTargets: { labels: { job: string }; health: string }[] };
      };
      const byJob = Object.fromEntries(data.activeTargets.map((t) => [t.labels.job, t.health]));
      return byJob.web === "up" && byJob.worker === "up" ? byJob : undefined;
    });
    expect(health).toMatchObject({ web: "up", worker: "up" });
  }, 40_000);

  it("stops every process it started on Ctrl-C and frees every port", async () => {
    const started = Date.now();
    const pid = app?.pid as number;
    const exited = new Promise((done) => app?.once("exit", done));
    process.kill(-pid, "SIGINT");
    await exited;
    const left = await until("every process ended", 45_000, async () =>
      processesInClone().length === 0 ? [] : undefined,
    );
    timings.stopSeconds = since(started);
    expect(left).toEqual([]);
    for (const [name, port] of Object.entries(ports))
      expect({ name, free: await portFree(port) }).toEqual({ name, free: true });
    await until("the script said it stopped", 5_000, async () =>
      output.includes("[po-pro] stopped") ? true : undefined,
    );
  }, 60_000);
});
