// The main entry: PostgreSQL client, schema types, migrations and data access. The embedded
// database (`@po-pro/db/embedded`), the demo seed (`/seed`) and test helpers (`/testing`) are
// separate entries, so a route handler importing this one never bundles PGlite.
export {
  type CreateDbOptions,
  createDb,
  type Database,
  type DbHandle,
  type Schema,
  type Transaction,
} from "./client.js";
export { type DbEnv, dbEnvSchema, embeddedDataDir, parseDbEnv } from "./env.js";
export {
  DatabaseConfigError,
  DatabaseConnectionError,
  DatabaseNotMigratedError,
  type ParsedDatabaseUrl,
  parseDatabaseUrl,
} from "./errors.js";
export {
  type ApprovalId,
  type AuditEntryId,
  type AuthAccountId,
  type AuthRateLimitId,
  type AuthSessionId,
  type AuthVerificationId,
  type DecisionId,
  type EmailMessageId,
  type ExtractionId,
  type GmailConnectionId,
  type Id,
  InvalidIdError,
  type LocalMailMessageId,
  type MerchantId,
  type OrderId,
  type OrderLineId,
  type OutboxMessageId,
  type PolicyId,
  parseId,
  type SupplierId,
  type UserId,
} from "./ids.js";
export {
  assertMigrated,
  defaultMigrationsFolder,
  type MigrateResult,
  type MigrationStatus,
  migrate,
  migrationStatus,
} from "./migrate.js";
export * from "./queries/index.js";
export { NotFoundError } from "./queries/not-found.js";
export * as scans from "./queries/scans.js";
export type { MatchedRuleRecord, PolicyDocument } from "./schema/index.js";
