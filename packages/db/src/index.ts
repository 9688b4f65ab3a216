export {
  type CreateDbOptions,
  createDb,
  type Database,
  type DbHandle,
  type Schema,
  type Transaction,
} from "./client";
export {
  DatabaseConfigError,
  DatabaseConnectionError,
  type ParsedDatabaseUrl,
  parseDatabaseUrl,
} from "./errors";
export { defaultMigrationsFolder, type MigrateResult, migrate } from "./migrate";
export * from "./queries";
export { NotFoundError } from "./queries/not-found";
export * as scans from "./queries/scans";
export { defaultPolicy } from "./seed/default-policy";
export { DEMO_MERCHANT_SLUG, type SeedResult, seedDemo } from "./seed/demo";
export {
  type EmbeddedServer,
  type EmbeddedServerOptions,
  startEmbeddedServer,
} from "./server/embedded-server";
