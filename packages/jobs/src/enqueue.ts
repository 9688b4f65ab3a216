import { publishTracedJob, type WithTrace } from "@po-pro/observability/node";
import { sql } from "drizzle-orm";
import { type DrizzleTransactionLike, fromDrizzle, type PgBoss, type SendOptions } from "pg-boss";
import type { z } from "zod";
import { DEAD_LETTER_QUEUE, JOB_NAMES, JOBS, type JobName, type JobPayload } from "./contract.js";

/** A payload that does not match its job's schema: names the job and every bad field. */
export class JobPayloadError extends Error {
  override readonly name = "JobPayloadError";
  constructor(
    readonly job: string,
    readonly problems: readonly { path: string; message: string }[],
  ) {
    super(
      `invalid payload for job "${job}": ${problems.map((p) => `${p.path || "(payload)"}: ${p.message}`).join("; ")}`,
    );
  }
}

function problemsOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/** Validates a payload against its job's schema (both when enqueuing and when consuming). */
export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const result = JOBS[name].schema.safeParse(data);
  if (!result.success) throw new JobPayloadError(name, problemsOf(result.error));
  return result.data as JobPayload<N>;
}

/** A drizzle database or transaction (its `execute` runs one `sql` query). */
export interface DrizzleExecutor {
  // biome-ignore lint/suspicious/noExplicitAny: drizzle's query and result types differ per driver
  execute(query: any): PromiseLike<unknown>;
}

export interface EnqueueOptions {
  /** Enqueue inside this drizzle transaction: the job exists if and only if the transaction commits. */
  readonly tx?: DrizzleExecutor;
  readonly startAfter?: Date | number;
  /** With the queue's `singleton` policy: at most one active job per key. */
  readonly singletonKey?: string;
}

/**
 * Validates the payload, adds the current trace (so the worker's span joins it) and sends the job.
 * Returns the job id, or null when a singleton queue already holds a job for the key.
 */
export async function enqueue<N extends JobName>(
  boss: PgBoss,
  name: N,
  payload: JobPayload<N>,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const data = parseJobPayload(name, payload) as object;
  const send: SendOptions = {
    ...(options.tx !== undefined
      ? { db: fromDrizzle(options.tx as DrizzleTransactionLike, sql) }
      : {}),
    ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
    ...(options.singletonKey !== undefined ? { singletonKey: options.singletonKey } : {}),
  };
  return publishTracedJob(name, data, (traced: WithTrace<object>) => boss.send(name, traced, send));
}

/**
 * Creates the dead-letter queue and every job's queue with its retry settings (idempotent: safe
 * on every start of every replica).
 */
export async function declareQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(DEAD_LETTER_QUEUE, { retryLimit: 0, deleteAfterSeconds: 30 * 86_400 });
  for (const name of JOB_NAMES) {
    await boss.createQueue(name, { ...JOBS[name].queue, deadLetter: DEAD_LETTER_QUEUE });
  }
}
