import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/** The PostgreSQL major version inside the PGlite we ship (a test checks it against PGlite). */
export const EMBEDDED_POSTGRES_MAJOR = "18";

/** Sits inside the data directory, like PostgreSQL's own postmaster.pid. */
export const LOCK_FILE = "po-pro.lock";

export type DataDirectoryProblem = "in_use" | "not_a_directory" | "other_major" | "damaged";

/** The embedded database's data directory cannot be used; the message says why and what to do. */
export class DataDirectoryError extends Error {
  override readonly name = "DataDirectoryError";
  constructor(
    readonly dataDir: string,
    readonly problem: DataDirectoryProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Who holds a data directory: written into the lock file, shown to whoever finds it taken. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** Where the holder serves the database, once it listens. */
  host?: string;
  port?: number;
  token: string;
}

export interface DataDirectoryLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Records where the database is served, for the message a second server gets. */
  update(address: { host: string; port: number }): void;
  release(): void;
}

/**
 * Refuses what PGlite would turn into a stack trace or, worse, silently accept: a path that is a
 * file, and a cluster written by another PostgreSQL major.
 */
export async function prepareDataDirectory(dataDir: string): Promise<void> {
  const stats = statSync(dataDir, { throwIfNoEntry: false });
  if (stats !== undefined && !stats.isDirectory()) {
    throw new DataDirectoryError(
      dataDir,
      "not_a_directory",
      `The embedded database's data directory ${dataDir} is a file, not a directory; point PO_PRO_DATA_DIR at a directory (it is created when missing).`,
    );
  }
  await mkdir(dataDir, { recursive: true });
  let major: string | undefined;
  try {
    major = readFileSync(join(dataDir, "PG_VERSION"), "utf8").trim();
  } catch {
    return; // a new cluster: PGlite creates it
  }
  if (major !== EMBEDDED_POSTGRES_MAJOR) {
    throw new DataDirectoryError(
      dataDir,
      "other_major",
      `The data directory ${dataDir} was written by PostgreSQL ${major}, but the embedded database is PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}, which cannot read it; dump it with PostgreSQL ${major}'s pg_dump, or move it aside to start afresh.`,
    );
  }
}

/**
 * Takes the data directory for this process. Two PGlite instances on one directory each keep
 * their own buffers and overwrite each other's pages, so a change made through one is lost: a
 * second opener is refused, naming the holder.
 *
 * An O_EXCL-style lock file (created complete with `link`, so nobody reads half of it) holding
 * pid, host and port, rather than proper-lockfile: that library judges staleness by an mtime it
 * refreshes on a timer, which a long synchronous PGlite start-up (initdb runs on the main thread)
 * can starve, and it has nowhere to put the port the refusal should name. A holder whose pid is
 * gone (killed with SIGKILL, crashed) is stale and taken over.
 */
export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    token: randomBytes(8).toString("hex"),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, holder)) return heldLock(path, holder);
    const current = readHolder(path);
    if (current === "missing") continue;
    if (current !== "unreadable" && isAlive(current)) throw inUse(dataDir, current);
    takeOverStale(path, current);
  }
  throw new DataDirectoryError(
    dataDir,
    "in_use",
    `The data directory ${dataDir} is being claimed by several processes at once; try again.`,
  );
}

function tryCreate(path: string, holder: LockHolder): boolean {
  const temporary = `${path}.${holder.token}`;
  writeFileSync(temporary, JSON.stringify(holder));
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function readHolder(path: string): LockHolder | "missing" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === "number" && typeof parsed.token === "string") {
      return parsed as LockHolder;
    }
  } catch {}
  return "unreadable";
}

function isAlive(holder: LockHolder): boolean {
  // Another machine's pid (a data directory on a shared disk) cannot be checked: assume it runs.
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Moves a stale lock aside. Renaming is atomic, so of two processes taking over the same stale
 * lock only one moves it; should the other have moved a fresh lock meanwhile, it puts it back.
 */
function takeOverStale(path: string, stale: LockHolder | "unreadable"): void {
  const aside = `${path}.stale.${randomBytes(6).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readHolder(aside);
  const sameStale =
    stale === "unreadable"
      ? moved === "unreadable"
      : typeof moved === "object" && moved.token === stale.token;
  if (!sameStale) {
    try {
      linkSync(aside, path);
    } catch {}
  }
  unlinkSync(aside);
}

function inUse(dataDir: string, holder: LockHolder): DataDirectoryError {
  const where =
    holder.port === undefined
      ? `pid ${holder.pid}`
      : `pid ${holder.pid}, serving ${holder.host ?? "127.0.0.1"}:${holder.port}`;
  const machine = holder.hostname !== hostname() ? ` on ${holder.hostname}` : "";
  return new DataDirectoryError(
    dataDir,
    "in_use",
    `The data directory ${dataDir} is in use by another PO Pro database server (${where}${machine}); use that one, stop it first, or give this one its own PO_PRO_DATA_DIR.`,
  );
}

function heldLock(path: string, holder: LockHolder): DataDirectoryLock {
  let released = false;
  const ours = () => {
    const current = readHolder(path);
    return typeof current === "object" && current.token === holder.token;
  };
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    if (ours()) unlinkSync(path);
  };
  // A process that exits without closing (an uncaught error) leaves no lock behind; a killed one
  // leaves a stale lock that the next opener takes over.
  process.on("exit", release);
  return {
    path,
    holder,
    update(address) {
      if (released || !ours()) return;
      Object.assign(holder, address);
      const temporary = `${path}.${holder.token}`;
      writeFileSync(temporary, JSON.stringify(holder));
      renameSync(temporary, path);
    },
    release,
  };
}
