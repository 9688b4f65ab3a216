import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import type { DbHandle } from "../client.js";
import * as schema from "../schema/index.js";
import {
  DataDirectoryError,
  type DataDirectoryLock,
  lockDataDirectory,
  prepareDataDirectory,
} from "./data-directory.js";

export interface CreateEmbeddedDbOptions {
  /** Data directory; in memory when absent. Locked for this process while open. */
  dataDir?: string | undefined;
  /** Start from this `dumpDataDir()` tarball instead of an empty cluster. */
  loadDataDir?: Blob | undefined;
}

export interface EmbeddedDbHandle extends DbHandle {
  backend: "pglite";
  /** The PGlite instance, to serve it with `startEmbeddedServer`. */
  pglite: PGlite;
  /** The data directory's lock, when the database lives on disk. */
  lock: DataDirectoryLock | undefined;
}

/**
 * Opens an embedded PostgreSQL (PGlite) in this process. On disk, the data directory is checked
 * and locked first, so a second server on it is refused instead of losing the first one's writes.
 */
export async function createEmbeddedDb(
  options: CreateEmbeddedDbOptions = {},
): Promise<EmbeddedDbHandle> {
  const { dataDir } = options;
  let lock: DataDirectoryLock | undefined;
  if (dataDir !== undefined) {
    await prepareDataDirectory(dataDir);
    lock = lockDataDirectory(dataDir);
  }
  let client: PGlite;
  try {
    client = new PGlite({ dataDir, loadDataDir: options.loadDataDir });
    await client.waitReady;
  } catch (error) {
    lock?.release();
    if (dataDir === undefined) throw error;
    throw new DataDirectoryError(
      dataDir,
      "damaged",
      `The embedded database could not open its data directory ${dataDir} (${reasonOf(error)}); the files look damaged, so move the directory aside and start again to create a fresh one, or restore it from a backup.`,
      { cause: error },
    );
  }
  return {
    db: drizzle({ client, schema, casing: "snake_case" }),
    backend: "pglite",
    target: dataDir === undefined ? "pglite (in memory)" : `pglite (${dataDir})`,
    pglite: client,
    lock,
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\.\s/)[0]?.replace(/\.$/, "") || "unknown error";
}
