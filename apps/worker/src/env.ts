/**
 * The worker's configuration: every package's variables plus its own, parsed once at start-up.
 * Nothing else in the worker reads `process.env`; a bad start lists every problem at once.
 */
import { parseDbEnv } from "@po-pro/db";
import { combineEnv, type EnvResult, type EnvSource, parseEnv, requireEnv } from "@po-pro/env";
import { parseLlmEnv } from "@po-pro/llm";
import { parseMailTokenEnv } from "@po-pro/mail/secrets";
import { parseObservabilityEnv } from "@po-pro/observability/node";
import { z } from "zod";

const PORT = "must be a port number (0-65535; 0 picks a free one)";

const port = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, PORT)
    .transform(Number)
    .refine((n) => n <= 65_535, PORT)
    .default(fallback);

const positive = (fallback: number, unit: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `must be a positive number of ${unit}`)
    .transform(Number)
    .refine((n) => n > 0, `must be a positive number of ${unit}`)
    .default(fallback);

const count = (fallback: number) =>
  z.string().regex(/^\d+$/, "must be a whole number").transform(Number).default(fallback);

const flag = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const workerEnvSchema = z.object({
  /** The HTTP server (/health, /ready, /metrics, POST /jobs/:name). */
  WORKER_HOST: z.string().default("127.0.0.1"),
  WORKER_PORT: port(8787),
  /** Shared secret for `POST /jobs/:name` (Bearer); without it the trigger endpoint is off. */
  WORKER_TRIGGER_SECRET: z
    .string()
    .min(24, "must be at least 24 characters (a random secret, e.g. `openssl rand -hex 32`)")
    .optional(),
  /**
   * Keep the cron schedules in this process (pg-boss fires each tick once across replicas). Off
   * when an external scheduler calls `POST /jobs/:name` instead (Vercel Cron through the web app).
   */
  WORKER_SCHEDULES: flag.default(true),
  /** Jobs one process works on at once, per queue. */
  WORKER_CONCURRENCY: count(8).refine((n) => n >= 1 && n <= 64, "must be between 1 and 64"),
  /** How long in-flight jobs get to finish on SIGTERM before the process exits anyway. */
  WORKER_SHUTDOWN_SECONDS: positive(25, "seconds"),
  /**
   * `local` (database-backed, with simulated suppliers), `gmail` (the merchants' Gmail
   * connections) or `connected` (whichever mailbox each merchant connected in Settings: Gmail,
   * else IMAP/SMTP).
   */
  MAILBOX_PROVIDER: z.enum(["local", "gmail", "connected"]).default("local"),
  /** Gmail: the OAuth client the merchants connected through (the web app uses the same). */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Gmail API root and OAuth token endpoint; only tests and proxies change them. */
  GMAIL_API_URL: z.url().optional(),
  GOOGLE_TOKEN_URL: z.url().optional(),
  /** Local mailbox: seconds between polls (the 5-minute schedule is for real mailboxes). */
  LOCAL_POLL_SECONDS: positive(2, "seconds"),
  /** Local mailbox: play the suppliers (answer each PO after `SIMULATOR_DELAY_SECONDS`). */
  SUPPLIER_SIMULATOR: flag.default(true),
  SIMULATOR_DELAY_SECONDS: positive(5, "seconds"),
  /** Local demo: new demo orders to send at start (one every few seconds), 0 for none. */
  DEMO_ORDERS: count(8),
  /** The chasers: when and how often the agent follows up. */
  FOLLOW_UP_AFTER_HOURS: positive(48, "hours"),
  MAX_FOLLOW_UPS: count(3),
  REMINDER_AFTER_HOURS: positive(4, "hours"),
  REMINDER_INTERVAL_HOURS: positive(24, "hours"),
  MAX_REMINDERS: count(3),
  HOLD_MESSAGE_AFTER_HOURS: positive(48, "hours"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** `pretty` prints one readable line per event (the default on a terminal); `json` for machines. */
  LOG_FORMAT: z.enum(["pretty", "json"]).optional(),
});

export type WorkerOwnEnv = z.output<typeof workerEnvSchema>;

export function parseWorkerEnv(env: EnvSource) {
  return combineEnv({
    worker: parseEnv(workerEnvSchema, env),
    db: parseDbEnv(env),
    llm: parseLlmEnv(env),
    mailTokens: parseMailTokenEnv(env),
    observability: parseObservabilityEnv(env),
  });
}

export type WorkerEnv = typeof parseWorkerEnv extends (env: EnvSource) => EnvResult<infer T>
  ? T
  : never;

/** The parsed environment, or an `EnvError` naming every bad variable. */
export function readWorkerEnv(env: EnvSource): WorkerEnv {
  const parsed = parseWorkerEnv(env);
  if (parsed.ok && parsed.value.worker.MAILBOX_PROVIDER === "connected") {
    // IMAP passwords (and Gmail tokens) are stored encrypted; Gmail also needs the OAuth client,
    // both halves or neither (then IMAP mailboxes only).
    const { GOOGLE_CLIENT_ID: id, GOOGLE_CLIENT_SECRET: secret } = parsed.value.worker;
    const problems = [];
    if (parsed.value.mailTokens.MAIL_TOKEN_KEYS === undefined) {
      problems.push({
        variable: "MAIL_TOKEN_KEYS",
        message: "is required when MAILBOX_PROVIDER=connected",
      });
    }
    if ((id === undefined) !== (secret === undefined)) {
      problems.push({
        variable: id === undefined ? "GOOGLE_CLIENT_ID" : "GOOGLE_CLIENT_SECRET",
        message:
          "Gmail needs both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (or neither: IMAP only)",
      });
    }
    if (problems.length > 0) return requireEnv<WorkerEnv>({ ok: false, problems });
  }
  if (parsed.ok && parsed.value.worker.MAILBOX_PROVIDER === "gmail") {
    // Gmail tokens are stored encrypted (the keys) and refreshed through the OAuth client.
    const missing = [
      parsed.value.mailTokens.MAIL_TOKEN_KEYS === undefined ? "MAIL_TOKEN_KEYS" : undefined,
      parsed.value.worker.GOOGLE_CLIENT_ID === undefined ? "GOOGLE_CLIENT_ID" : undefined,
      parsed.value.worker.GOOGLE_CLIENT_SECRET === undefined ? "GOOGLE_CLIENT_SECRET" : undefined,
    ].filter((name) => name !== undefined);
    if (missing.length > 0) {
      return requireEnv<WorkerEnv>({
        ok: false,
        problems: missing.map((variable) => ({
          variable,
          message: "is required when MAILBOX_PROVIDER=gmail",
        })),
      });
    }
  }
  return requireEnv(parsed);
}
