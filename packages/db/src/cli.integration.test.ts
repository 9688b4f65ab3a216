import { spawn } from "node:child_process";
import { cp, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive, packageDir, ready, run, serve, track, waitFor } from "../test/cli-process.js";
import { LOCK_FILE } from "./embedded/data-directory.js";
import { createEmbeddedDb } from "./embedded/open.js";
import { startEmbeddedServer } from "./embedded/server.js";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
});

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "po-pro-cli-"));
  cleanup.push(() => rm(scratch, { recursive: true, force: true }));
});

/** The one line a failed command prints: no stack trace, no driver internals. */
function oneSentence(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^po-pro-db: /);
  return lines[0] ?? "";
}

const pidOf = (text: string) => Number(/process\s+(\d+)/.exec(text)?.[1]);
const portOf = (url: string) => Number(new URL(url).port);

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolveFree(false);
    });
    socket.once("error", () => resolveFree(true));
  });
}

describe("po-pro-db serve guards its data directory", () => {
  it("refuses a second server on the same directory, naming the first one's pid and port", async () => {
    const dataDir = join(scratch, "shared");
    const first = await serve(dataDir);
    cleanup.push(async () => first.child.kill("SIGKILL"));

    // What the old port-conflict message led people to: another port, the same directory.
    const second = run(["src/cli.ts", "serve"], { PO_PRO_DATA_DIR: dataDir, PO_PRO_DB_PORT: "0" });
    expect(await second.exited, second.text()).toBe(1);
    const sentence = oneSentence(second.stderr());
    expect(sentence).toContain(dataDir);
    expect(sentence).toContain(`pid ${pidOf(first.text())}`);
    expect(sentence).toContain(`127.0.0.1:${portOf(first.url)}`);
    expect(second.text()).not.toContain("ready");

    // A server that was killed leaves a stale lock: the next one takes the directory over.
    first.child.kill("SIGKILL");
    await first.exited;
    const third = await serve(dataDir);
    cleanup.push(async () => third.child.kill("SIGKILL"));
    expect(third.text()).toContain("demo merchant   already present");
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);
  }, 180_000);

  it.each([
    ["is a file", "a-file", "is a file, not a directory"],
    ["was written by another PostgreSQL major", "other-major", "was written by PostgreSQL 16"],
    ["is damaged", "damaged", "look damaged"],
  ])(
    "explains in one sentence a data directory that %s",
    async (_, name, phrase) => {
      const dataDir = join(scratch, name);
      if (name === "a-file") {
        await writeFile(dataDir, "not a directory");
      } else {
        const cluster = join(scratch, "cluster");
        const made = await createEmbeddedDb({ dataDir: cluster });
        await made.close();
        await cp(cluster, dataDir, { recursive: true });
        if (name === "other-major") await writeFile(join(dataDir, "PG_VERSION"), "16\n");
        else await writeFile(join(dataDir, "global", "pg_control"), "garbage");
      }
      const server = run(["src/cli.ts", "serve"], {
        PO_PRO_DATA_DIR: dataDir,
        PO_PRO_DB_PORT: "0",
      });
      expect(await server.exited, server.text()).toBe(1);
      const sentence = oneSentence(server.stderr());
      expect(sentence).toContain(dataDir);
      expect(sentence).toContain(phrase);
    },
    120_000,
  );
});

describe("stopping `pnpm start` with SIGTERM", () => {
  it("stops the embedded server with it: the process ends and the port is free", async () => {
    const dataDir = join(scratch, "sigterm");
    // What the root `start` script runs.
    const pnpm = track(
      spawn("pnpm", ["--filter", "@po-pro/db", "serve"], {
        cwd: resolve(packageDir, "../.."),
        env: { ...process.env, PO_PRO_DATA_DIR: dataDir, PO_PRO_DB_PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    cleanup.push(async () => pnpm.child.kill("SIGKILL"));
    const url = await ready(pnpm);
    const serverPid = pidOf(pnpm.text());
    expect(serverPid).toBeGreaterThan(0);
    expect(serverPid).not.toBe(pnpm.child.pid);
    cleanup.push(async () => alive(serverPid) && process.kill(serverPid, "SIGKILL"));

    pnpm.child.kill("SIGTERM");
    await pnpm.exited;
    expect(await waitFor(() => !alive(serverPid), 15_000), pnpm.text()).toBe(true);
    expect(await portIsFree(portOf(url))).toBe(true);
    expect(await waitFor(async () => !(await exists(join(dataDir, LOCK_FILE))), 1000)).toBe(true);
  }, 120_000);
});

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe("po-pro-db migrate and seed fail in one sentence", () => {
  it("gives up on a server that answers something other than PostgreSQL", async () => {
    const impostor: Server = createServer((socket) => {
      socket.on("error", () => {});
      socket.once("data", () => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    });
    await new Promise<void>((listening) => impostor.listen(0, "127.0.0.1", listening));
    cleanup.push(() => new Promise((closed) => impostor.close(closed)));
    const port = (impostor.address() as { port: number }).port;

    const started = Date.now();
    const migrate = run(["src/cli.ts", "migrate"], {
      DATABASE_URL: `postgres://app@127.0.0.1:${port}/app`,
    });
    expect(await migrate.exited, migrate.text()).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(oneSentence(migrate.stderr())).toBe(
      `po-pro-db: Cannot connect to PostgreSQL at 127.0.0.1:${port} from DATABASE_URL: no PostgreSQL session within 10 s (the server there is not PostgreSQL: it answered "HTTP/1.1 400 Bad Request")`,
    );
  }, 60_000);

  it("says a never-migrated database needs `pnpm db:migrate` before `db:seed`", async () => {
    const empty = await createEmbeddedDb();
    cleanup.push(() => empty.close());
    const server = await startEmbeddedServer(empty.pglite);
    cleanup.push(() => server.stop());

    const seed = run(["src/cli.ts", "seed"], { DATABASE_URL: server.url });
    expect(await seed.exited, seed.text()).toBe(1);
    expect(oneSentence(seed.stderr())).toBe(
      "po-pro-db: The database has no PO Pro schema yet (it was never migrated); run `pnpm db:migrate` first.",
    );
  }, 60_000);

  it("lists every configuration problem at once", async () => {
    const migrate = run(["src/cli.ts", "migrate"], {
      DATABASE_URL: "mysql://root@127.0.0.1/app",
      PO_PRO_DB_PORT: "http",
    });
    expect(await migrate.exited).toBe(1);
    expect(migrate.stderr()).toBe(
      [
        "po-pro-db: Invalid configuration (2 problems):",
        '  DATABASE_URL: must start with postgres:// or postgresql://, got "mysql://"',
        "  PO_PRO_DB_PORT: must be a port number (0-65535; 0 picks a free one)",
        "",
      ].join("\n"),
    );
  }, 30_000);
});
