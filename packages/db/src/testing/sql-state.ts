/** The PostgreSQL SQLSTATE of a failed query, however the driver and drizzle wrap it. */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  while (current instanceof Error) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/** Resolves to the SQLSTATE the promise failed with, or `undefined` when it succeeded. */
export async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => sqlStateOf(error) ?? "not a database error",
  );
}

export const UNIQUE_VIOLATION = "23505";
export const FOREIGN_KEY_VIOLATION = "23503";
export const CHECK_VIOLATION = "23514";
