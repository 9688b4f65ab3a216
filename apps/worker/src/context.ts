import type { Database } from "@po-pro/db";
import type { Llm } from "@po-pro/llm";
import type { PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { MailboxResolver } from "./mailboxes.js";
import type { WorkerMetrics } from "./metrics.js";
import type { PolicyCache } from "./processors/agent/policies.js";

/** When and how often the agent chases, in milliseconds and counts. */
export interface AgentSettings {
  readonly followUpAfterMs: number;
  readonly maxFollowUps: number;
  readonly reminderAfterMs: number;
  readonly reminderIntervalMs: number;
  readonly maxReminders: number;
  readonly holdAfterMs: number;
  /**
   * How long a send holds its outbox row: longer than a send may take (the adapters time out at
   * 30 s), shorter than the job's expiry. A crashed send's row is retried after it.
   */
  readonly sendLeaseMs: number;
}

/** What every job handler works with; built once per process in `createWorker`. */
export interface WorkerContext {
  readonly db: Database;
  readonly boss: PgBoss;
  readonly llm: Llm;
  readonly mailboxes: MailboxResolver;
  readonly metrics: WorkerMetrics;
  readonly log: Logger;
  readonly clock: () => Date;
  readonly settings: AgentSettings;
  readonly policies: PolicyCache;
}

/** The pg-boss job a handler runs for: which attempt, and whether it is the last. */
export interface JobAttempt {
  readonly id: string;
  readonly retryCount: number;
  readonly retryLimit: number;
  readonly signal: AbortSignal;
}

export function isLastAttempt(job: JobAttempt): boolean {
  return job.retryCount >= job.retryLimit;
}
