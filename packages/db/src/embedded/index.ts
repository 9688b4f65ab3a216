// The embedded database: PGlite in this process, served over the PostgreSQL wire protocol. Kept
// out of the main entry so that a route handler importing `@po-pro/db` never bundles PGlite.
export {
  DataDirectoryError,
  type DataDirectoryLock,
  type DataDirectoryProblem,
  EMBEDDED_POSTGRES_MAJOR,
  LOCK_FILE,
  type LockHolder,
  lockDataDirectory,
} from "./data-directory.js";
export { type CreateEmbeddedDbOptions, createEmbeddedDb, type EmbeddedDbHandle } from "./open.js";
export { type EmbeddedServer, type EmbeddedServerOptions, startEmbeddedServer } from "./server.js";
