/** Thrown when the database configuration itself is wrong (malformed URL, bad option). */
export class DatabaseConfigError extends Error {
  override readonly name = "DatabaseConfigError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when the configured server cannot be reached or refuses us. */
export class DatabaseConnectionError extends Error {
  override readonly name = "DatabaseConnectionError";
  constructor(
    readonly variable: string,
    readonly host: string,
    readonly code: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The database's schema is behind the code: nothing can be read or written until it is migrated. */
export class DatabaseNotMigratedError extends Error {
  override readonly name = "DatabaseNotMigratedError";
  constructor(readonly status: { applied: number; pending: number }) {
    super(
      status.applied === 0
        ? "The database has no PO Pro schema yet (it was never migrated); run `pnpm db:migrate` first."
        : `The database's schema is ${status.pending} ${status.pending === 1 ? "migration" : "migrations"} behind this version of PO Pro; run \`pnpm db:migrate\` first.`,
    );
  }
}

export interface ParsedDatabaseUrl {
  host: string;
  port: number;
  database: string;
  /** The URL with any password replaced by `***`, safe for logs and errors. */
  redacted: string;
}

/**
 * What is wrong with a database URL, as a phrase to follow the variable's name ("is not a valid
 * URL; …"), or undefined when it is usable.
 */
export function databaseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a valid URL; expected postgres://user:password@host:5432/database";
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    return `must start with postgres:// or postgresql://, got "${parsed.protocol}//"`;
  }
  if (parsed.hostname === "") return "has no host name";
  return undefined;
}

export function parseDatabaseUrl(url: string, variable: string): ParsedDatabaseUrl {
  const problem = databaseUrlProblem(url);
  if (problem !== undefined) throw new DatabaseConfigError(variable, `${variable} ${problem}`);
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return {
    host: parsed.hostname,
    port: parsed.port === "" ? 5432 : Number(parsed.port),
    database: decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username),
    redacted: parsed.toString(),
  };
}

const reasons: Record<string, string> = {
  ECONNREFUSED: "the connection was refused (is the server running and listening there?)",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved (DNS lookup failed)",
  ETIMEDOUT: "the connection timed out",
  CONNECT_TIMEOUT: "the connection timed out",
  ECONNRESET: "the server closed the connection",
  EHOSTUNREACH: "the host is unreachable",
  "28P01": "password authentication failed",
  "28000": "the server rejected the login (check the user name and pg_hba.conf)",
  "3D000": "the database does not exist",
  "57P03": "the server is starting up or shutting down",
};

/** Turns a driver error into one sentence that names the variable and the server. */
export function toConnectionError(
  error: unknown,
  variable: string,
  target: ParsedDatabaseUrl,
): DatabaseConnectionError {
  const code =
    typeof error === "object" && error !== null && "code" in error
      ? String((error as { code: unknown }).code)
      : undefined;
  const reason =
    (code !== undefined ? reasons[code] : undefined) ??
    (error instanceof Error ? error.message : String(error));
  const where = `${target.host}:${target.port}`;
  const database = code === "3D000" ? ` (database "${target.database}")` : "";
  return new DatabaseConnectionError(
    variable,
    where,
    code,
    `Cannot connect to PostgreSQL at ${where}${database} from ${variable}: ${reason}`,
    { cause: error },
  );
}
