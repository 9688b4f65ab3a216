/**
 * `@po-pro/db` as the worker under benchmark sees it: the same module, except that `createDb`
 * counts every statement through its `onQuery` hook. `worker-process.ts` routes the worker's import
 * here, so the worker's own source runs unchanged.
 */
import { type CreateDbOptions, createDb as createRealDb, type DbHandle } from "@po-pro/db";

export * from "@po-pro/db";

let listener: ((sql: string) => void) | undefined;

/** Where the statements of every database the worker opens are reported. */
export function onWorkerQuery(callback: (sql: string) => void): void {
  listener = callback;
}

export function createDb(options: CreateDbOptions): Promise<DbHandle> {
  return createRealDb({ ...options, onQuery: (sql) => listener?.(sql) });
}
