import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows } from "../sql-rows.js";
import {
  DataDirectoryError,
  EMBEDDED_POSTGRES_MAJOR,
  LOCK_FILE,
  lockDataDirectory,
} from "./data-directory.js";
import { createEmbeddedDb } from "./open.js";

const scratch = mkdtempSync(join(tmpdir(), "po-pro-datadir-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function freshDir(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The pid of a process that has just ended. */
function deadPid(): number {
  return Number(
    execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]),
  );
}

function writeLock(dir: string, holder: Record<string, unknown>): void {
  writeFileSync(
    join(dir, LOCK_FILE),
    JSON.stringify({ hostname: hostname(), token: "t", ...holder }),
  );
}

describe("the data directory lock", () => {
  it("refuses a second embedded database on the same directory until the first closes", async () => {
    const dataDir = join(scratch, "twice");
    const first = await createEmbeddedDb({ dataDir });
    const error = await createEmbeddedDb({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirectoryError);
    expect((error as DataDirectoryError).problem).toBe("in_use");
    expect((error as Error).message).toBe(
      `The data directory ${dataDir} is in use by another PO Pro database server (pid ${process.pid}); use that one, stop it first, or give this one its own PO_PRO_DATA_DIR.`,
    );
    await first.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const again = await createEmbeddedDb({ dataDir });
    await again.close();
  }, 60_000);

  it("names the running server's pid and address", () => {
    const dir = freshDir("running");
    writeLock(dir, { pid: process.ppid, host: "127.0.0.1", port: 54329 });
    expect(() => lockDataDirectory(dir)).toThrow(
      `is in use by another PO Pro database server (pid ${process.ppid}, serving 127.0.0.1:54329)`,
    );
  });

  it("takes over the lock of a process that is gone, and of an unreadable lock file", () => {
    const dir = freshDir("stale");
    writeLock(dir, { pid: deadPid(), port: 54329 });
    const lock = lockDataDirectory(dir);
    expect(lock.holder.pid).toBe(process.pid);
    lock.update({ host: "127.0.0.1", port: 6000 });
    expect(() => lockDataDirectory(dir)).toThrow("serving 127.0.0.1:6000");
    lock.release();

    writeFileSync(join(dir, LOCK_FILE), "");
    lockDataDirectory(dir).release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("never removes a lock it does not hold", () => {
    const dir = freshDir("not-ours");
    const lock = lockDataDirectory(dir);
    writeLock(dir, { pid: process.ppid, token: "someone else" });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});

describe("data directories the embedded database cannot use", () => {
  it("refuses a path that is a file", async () => {
    const path = join(scratch, "a-file");
    writeFileSync(path, "x");
    await expect(createEmbeddedDb({ dataDir: path })).rejects.toMatchObject({
      problem: "not_a_directory",
      message: expect.stringContaining(`${path} is a file, not a directory`),
    });
  });

  it("refuses a cluster of another PostgreSQL major before PGlite tries to open it", async () => {
    const dir = freshDir("pg16");
    writeFileSync(join(dir, "PG_VERSION"), "16\n");
    await expect(createEmbeddedDb({ dataDir: dir })).rejects.toMatchObject({
      problem: "other_major",
      message: expect.stringContaining(
        `was written by PostgreSQL 16, but the embedded database is PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}`,
      ),
    });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("knows which PostgreSQL major the bundled PGlite is", async () => {
    const handle = await createEmbeddedDb();
    const [row] = await queryRows<{ version: string }>(
      handle.db,
      sql`select current_setting('server_version_num') as version`,
    );
    await handle.close();
    expect(String(Math.floor(Number(row?.version) / 10000))).toBe(EMBEDDED_POSTGRES_MAJOR);
  });
});
