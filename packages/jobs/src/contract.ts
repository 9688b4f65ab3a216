/**
 * The job contract between the web app (which enqueues) and the worker (which consumes): every
 * job's name, payload schema and queue settings, in one place, so a payload change breaks the
 * build on both sides. Payloads carry ids, never email text or addresses.
 */
import type { Queue } from "pg-boss";
import { z } from "zod";

const uuid = z.uuid();
const merchantId = uuid;

/** Terms the merchant sends back instead of the supplier's proposal (all optional). */
export const CounterTermsSchema = z.object({
  lines: z
    .array(
      z.object({
        sku: z.string().min(1),
        quantity: z.number().int().positive().optional(),
        unitPrice: z.number().int().nonnegative().optional(),
      }),
    )
    .default([]),
  deliveryDate: z.iso.date().optional(),
  paymentTerms: z.string().min(1).optional(),
});
export type CounterTerms = z.infer<typeof CounterTermsSchema>;

type QueueSettings = Omit<Queue, "name" | "deadLetter">;

interface JobDefinition<S extends z.ZodType> {
  readonly schema: S;
  readonly queue: QueueSettings;
  /** What the job does, for logs and the trigger endpoint's error message. */
  readonly summary: string;
}

function job<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** A scheduled sweep over every merchant: one run at a time, retried once or twice a minute apart. */
function sweep(summary: string) {
  return job({
    schema: z.object({}),
    queue: { policy: "singleton", retryLimit: 2, retryDelay: 60, expireInSeconds: 600 },
    summary,
  });
}

// Retries back off exponentially from `retryDelay` (seconds) up to `retryDelayMax`; a job that
// is still failing after `retryLimit` retries moves to the dead-letter queue. Jobs with a
// heartbeat are retried within about `heartbeatSeconds` of their worker dying (a SIGKILL, a lost
// machine) instead of waiting out `expireInSeconds`.
export const JOBS = {
  /** Fan-out (scheduled): one `poll-mailbox` per connected mailbox. */
  "email-poller": job({
    schema: z.object({}),
    queue: { policy: "singleton", retryLimit: 1, retryDelay: 30, expireInSeconds: 240 },
    summary: "enqueue a mailbox poll for every connected mailbox",
  }),
  "poll-mailbox": job({
    schema: z.object({ merchantId }),
    // `singleton` per merchant (the key): one poll of a mailbox at a time.
    queue: {
      policy: "singleton",
      retryLimit: 3,
      retryDelay: 20,
      retryBackoff: true,
      retryDelayMax: 300,
      expireInSeconds: 240,
      heartbeatSeconds: 10,
    },
    summary: "store a mailbox's new messages and queue each for processing",
  }),
  "process-email": job({
    schema: z.object({ merchantId, emailMessageId: uuid }),
    queue: {
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      retryDelayMax: 900,
      expireInSeconds: 300,
      heartbeatSeconds: 10,
    },
    summary: "extract, decide and act on one supplier reply",
  }),
  "send-email": job({
    schema: z.object({ merchantId, outboxId: uuid }),
    queue: {
      retryLimit: 8,
      retryDelay: 15,
      retryBackoff: true,
      retryDelayMax: 1800,
      expireInSeconds: 120,
      heartbeatSeconds: 10,
    },
    summary: "send one outbox message through the merchant's mailbox",
  }),
  "send-po": job({
    schema: z.object({ merchantId, orderId: uuid }),
    queue: {
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 120,
      heartbeatSeconds: 10,
    },
    summary: "queue a new order's purchase-order email",
  }),
  "merchant-decision": job({
    schema: z.discriminatedUnion("action", [
      z.object({ merchantId, approvalId: uuid, userId: uuid, action: z.literal("approve") }),
      z.object({
        merchantId,
        approvalId: uuid,
        userId: uuid,
        action: z.literal("reject"),
        note: z.string().max(2000).optional(),
      }),
      z.object({
        merchantId,
        approvalId: uuid,
        userId: uuid,
        action: z.literal("counter"),
        terms: CounterTermsSchema,
      }),
    ]),
    queue: {
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 120,
      heartbeatSeconds: 10,
    },
    summary: "carry out a merchant's answer to an approval",
  }),
  "approval-reminders": sweep("remind merchants of approvals pending too long"),
  "supplier-follow-ups": sweep("chase suppliers who have not answered"),
  "requeue-stalled": sweep("queue again outbox rows and stored emails whose job is gone"),
  "hold-messages": sweep("tell suppliers an order waits for the merchant"),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["schema"]>;

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/** Where a job that exhausted its retries goes; the worker counts and logs each one. */
export const DEAD_LETTER_QUEUE = "dead-jobs";

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

/** The schedules the worker keeps (crontab, UTC), each run wrapped in a Sentry cron monitor. */
export const SCHEDULES = {
  "email-poller": { cron: "*/5 * * * *", checkinMargin: 5, maxRuntime: 10 },
  "approval-reminders": { cron: "0 * * * *", checkinMargin: 10, maxRuntime: 30 },
  "supplier-follow-ups": { cron: "15 * * * *", checkinMargin: 10, maxRuntime: 30 },
  "hold-messages": { cron: "30 * * * *", checkinMargin: 10, maxRuntime: 30 },
  "requeue-stalled": { cron: "*/10 * * * *", checkinMargin: 5, maxRuntime: 10 },
} as const satisfies Partial<
  Record<JobName, { cron: string; checkinMargin: number; maxRuntime: number }>
>;

export type ScheduledJobName = keyof typeof SCHEDULES;
