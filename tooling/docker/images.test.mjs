/**
 * The images' contents, built without Docker: each app's tree laid by the Dockerfile's own steps
 * (pipeline.mjs: turbo prune, frozen-lockfile install, build, pnpm deploy / Next standalone), then
 * started on the pinned Node against a fresh PostgreSQL database, asked for its health, and
 * stopped with SIGTERM. Slow (minutes: two builds); run with `pnpm test:images` (GitHub CI's
 * `images` job). Needs PostgreSQL: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildImageTree, installedPackages, REPO, treeBytes } from "./pipeline.mjs";

const RELEASE = "images-test";
const BASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
// The image runs node:24-slim; here the pinned Node 24 stands in for it (the system Node when CI
// runs its other-LTS leg, which removes the pinned binary).
const pinned = join(REPO, "node_modules/.bin/node");
const NODE = existsSync(pinned) ? pinned : process.execPath;
// Tools that only build or test (the workspace's devDependencies): none may reach an image.
// Types and postcss may, as dependencies of runtime packages (rollup's @types/estree, next's postcss).
const DEV_ONLY =
  /^(vitest@|@vitest\+|typescript@|@biomejs\+|tsup@|turbo@|@turbo\+|drizzle-kit@|playwright-core@|@axe-core\+|@spotlightjs\+|tailwindcss@|@tailwindcss\+|@arethetypeswrong\+|publint@|autocannon@|node@)/;

const sql = createRequire(join(REPO, "packages/db/package.json"))("postgres");
const work = mkdtempSync(join(tmpdir(), "po-pro-images-"));

async function withAdmin(statement) {
  const admin = sql(BASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

/** A fresh database on the test server, and its URL. */
async function freshDatabase(name) {
  await withAdmin(`drop database if exists ${name} with (force)`);
  await withAdmin(`create database ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts `node <main>` in the tree, the way the image's ENTRYPOINT and CMD do. */
function start(dir, args, env) {
  const child = spawn(NODE, args, {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

async function waitForOk(url, process, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.ok) return response;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer 200 in ${seconds} s (${last}):\n${process.output()}`);
}

async function stopWithSigterm(process, seconds) {
  process.child.kill("SIGTERM");
  const timeout = new Promise((resolve) => setTimeout(() => resolve("timeout"), seconds * 1000));
  const result = await Promise.race([process.exited, timeout]);
  if (result === "timeout") process.child.kill("SIGKILL");
  return result;
}

function runToExit(dir, args, env) {
  const process = start(dir, args, env);
  return process.exited.then((result) => ({ ...result, output: process.output() }));
}

const WORKER_ENV = {
  NODE_ENV: "production",
  SENTRY_RELEASE: RELEASE,
  WORKER_HOST: "127.0.0.1",
  WORKER_SHUTDOWN_SECONDS: "5",
  LOG_FORMAT: "json",
  MAILBOX_PROVIDER: "local",
  SUPPLIER_SIMULATOR: "false",
  DEMO_ORDERS: "0",
};

/** The worker tree's own CLI migrates the database, as compose's `migrate` service does. */
async function migrate(image, databaseUrl) {
  const result = await runToExit(image.dir, ["node_modules/@po-pro/db/dist/cli.js", "migrate"], {
    DATABASE_URL: databaseUrl,
  });
  assert.equal(result.code, 0, result.output);
  return result.output;
}

function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

after(() => rmSync(work, { recursive: true, force: true }));

// The web tests start the worker's tree first: it installs pg-boss's schema, which the dashboard
// needs (it only sends jobs, with migrations off).
let workerTree;

describe("worker image tree", () => {
  let tree;
  let databaseUrl;
  const database = `po_pro_images_worker_${process.pid}`;

  before(async () => {
    const started = Date.now();
    tree = buildImageTree("worker", {
      work: join(work, "worker-build"),
      out: join(work, "worker-app"),
      release: RELEASE,
      log: (line) => console.log(`# worker: ${line}`),
    });
    workerTree = tree;
    console.log(
      `# worker: tree ${megabytes(treeBytes(tree.dir))} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    databaseUrl = await freshDatabase(database);
  });
  after(async () => {
    await withAdmin(`drop database if exists ${database} with (force)`);
  });

  it("holds the production dependencies only", () => {
    const installed = installedPackages(tree.dir);
    assert.ok(
      installed.some((entry) => entry.startsWith("pg-boss@")),
      "pg-boss is missing",
    );
    assert.deepEqual(
      installed.filter((entry) => DEV_ONLY.test(entry)),
      [],
    );
    assert.deepEqual(
      JSON.parse(readFileSync(join(tree.dir, "package.json"), "utf8")).name,
      "@po-pro/worker",
    );
  });

  // next is an optional peer of @po-pro/observability: a devDependency there, so pnpm does not
  // auto-install it as a production dependency of every service that uses the package.
  it("holds no Next.js", () => {
    assert.deepEqual(
      installedPackages(tree.dir).filter((entry) => /^(next@|@next\+)/.test(entry)),
      [],
    );
  });

  it("migrates the database with the image's db CLI", async () => {
    assert.match(await migrate(tree, databaseUrl), /Migrations: \d+ applied/);
  });

  it("starts, answers /health and /ready with its release, and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const worker = start(tree.dir, [tree.main], {
      ...WORKER_ENV,
      DATABASE_URL: databaseUrl,
      WORKER_PORT: String(port),
    });
    try {
      const health = await (await waitForOk(`http://127.0.0.1:${port}/health`, worker)).json();
      assert.deepEqual(health, { status: "ok", release: RELEASE });
      const ready = await (await waitForOk(`http://127.0.0.1:${port}/ready`, worker)).json();
      assert.equal(ready.ok, true, JSON.stringify(ready));
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(metrics.status, 200);
    } finally {
      const result = await stopWithSigterm(worker, 20);
      assert.deepEqual(result, { code: 0, signal: null }, worker.output());
    }
    assert.match(worker.output(), /"reason":"SIGTERM"/);
  });
});

describe("web image tree", () => {
  let tree;
  let databaseUrl;
  const database = `po_pro_images_web_${process.pid}`;

  before(async () => {
    const started = Date.now();
    tree = buildImageTree("web", {
      work: join(work, "web-build"),
      out: join(work, "web-app"),
      release: RELEASE,
      log: (line) => console.log(`# web: ${line}`),
    });
    console.log(
      `# web: tree ${megabytes(treeBytes(tree.dir))} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    databaseUrl = await freshDatabase(database);
    // What compose does before the dashboard starts: migrate, then a worker up (pg-boss's schema).
    assert.ok(workerTree, "the worker's tree was not built");
    await migrate(workerTree, databaseUrl);
    const port = await freePort();
    const worker = start(workerTree.dir, [workerTree.main], {
      ...WORKER_ENV,
      DATABASE_URL: databaseUrl,
      WORKER_PORT: String(port),
    });
    try {
      await waitForOk(`http://127.0.0.1:${port}/ready`, worker);
    } finally {
      await stopWithSigterm(worker, 20);
    }
  });
  after(async () => {
    await withAdmin(`drop database if exists ${database} with (force)`);
  });

  it("holds no build or test tools", () => {
    assert.ok(existsSync(join(tree.dir, tree.main)), `${tree.main} is missing`);
    assert.ok(existsSync(join(tree.dir, "apps/web/.next/static")), "the static assets are missing");
    assert.deepEqual(
      installedPackages(tree.dir).filter((entry) => DEV_ONLY.test(entry)),
      [],
    );
  });

  it("starts, answers /api/health and /sign-in, and exits on SIGTERM", async () => {
    const port = await freePort();
    const web = start(tree.dir, [tree.main], {
      NODE_ENV: "production",
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: "images-test-0123456789abcdef0123456789abcdef",
      BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
      SENTRY_RELEASE: RELEASE,
    });
    try {
      const health = await (await waitForOk(`http://127.0.0.1:${port}/api/health`, web)).json();
      assert.equal(health.release, RELEASE, JSON.stringify(health));
      const signIn = await waitForOk(`http://127.0.0.1:${port}/sign-in`, web);
      assert.match(await signIn.text(), /<html/);
    } finally {
      const result = await stopWithSigterm(web, 15);
      assert.notEqual(result, "timeout", `the server did not exit on SIGTERM:\n${web.output()}`);
    }
  });
});
