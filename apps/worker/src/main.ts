#!/usr/bin/env node

import { type Database, embeddedDataDir } from "@po-pro/db";
import { enqueue } from "@po-pro/jobs";
import * as Sentry from "@sentry/node";
// Observability first: it reads the environment and instruments everything imported after it.
import { env, metrics, observability } from "./instrument.js";
import { llmFromEnv } from "./llm.js";
import {
  type DemoMerchant,
  type EmbeddedDatabase,
  startDemo,
  startEmbeddedDatabase,
} from "./local/demo.js";
import { createLogger } from "./logger.js";
import {
  connectedMailboxes,
  gmailMailboxes,
  imapMailboxes,
  localMailboxes,
  type MailboxResolver,
} from "./mailboxes.js";
import { type RunningWorker, startWorker } from "./worker.js";

const HOUR = 3_600_000;
const { worker: config, db: dbEnv } = env;

const log = createLogger({
  level: config.LOG_LEVEL,
  format: config.LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json"),
});

function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.once(signal, () => resolve(signal));
  });
}

/** The merchants' mailboxes, as MAILBOX_PROVIDER says. */
function mailboxesFor(db: Database): MailboxResolver {
  if (config.MAILBOX_PROVIDER === "local") return localMailboxes(db);
  const tokenKeys = env.mailTokens.MAIL_TOKEN_KEYS ?? [];
  const gmail =
    config.GOOGLE_CLIENT_ID !== undefined && config.GOOGLE_CLIENT_SECRET !== undefined
      ? gmailMailboxes({
          db,
          tokenKeys,
          clientId: config.GOOGLE_CLIENT_ID,
          clientSecret: config.GOOGLE_CLIENT_SECRET,
          ...(config.GMAIL_API_URL !== undefined ? { rootUrl: config.GMAIL_API_URL } : {}),
          ...(config.GOOGLE_TOKEN_URL !== undefined ? { tokenUrl: config.GOOGLE_TOKEN_URL } : {}),
        })
      : undefined;
  if (config.MAILBOX_PROVIDER === "gmail" && gmail !== undefined) return gmail;
  return connectedMailboxes(gmail, imapMailboxes({ db, tokenKeys }));
}

async function main(): Promise<void> {
  const stop = stopRequested();
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = dbEnv.DATABASE_URL;
  if (databaseUrl === undefined) {
    embedded = await startEmbeddedDatabase({
      dataDir: embeddedDataDir(dbEnv),
      host: dbEnv.PO_PRO_DB_HOST,
      port: dbEnv.PO_PRO_DB_PORT,
    });
    databaseUrl = embedded.url;
    log.info(
      { event: "embedded_database", url: embedded.url },
      `embedded database ready (${embedded.dataDir}${embedded.seeded ? ", demo merchant seeded" : ""}); look at it: psql ${embedded.url}`,
    );
  }

  const local = config.MAILBOX_PROVIDER === "local";
  let worker: RunningWorker | undefined;
  let demo: DemoMerchant | undefined;
  let poller: NodeJS.Timeout | undefined;
  try {
    worker = await startWorker({
      databaseUrl,
      llm: llmFromEnv(env.llm, metrics),
      mailboxes: (db) => mailboxesFor(db),
      settings: {
        followUpAfterMs: config.FOLLOW_UP_AFTER_HOURS * HOUR,
        maxFollowUps: config.MAX_FOLLOW_UPS,
        reminderAfterMs: config.REMINDER_AFTER_HOURS * HOUR,
        reminderIntervalMs: config.REMINDER_INTERVAL_HOURS * HOUR,
        maxReminders: config.MAX_REMINDERS,
        holdAfterMs: config.HOLD_MESSAGE_AFTER_HOURS * HOUR,
        sendLeaseMs: 45_000,
      },
      log,
      metrics,
      concurrency: config.WORKER_CONCURRENCY,
      schedules: config.WORKER_SCHEDULES,
      http: {
        host: config.WORKER_HOST,
        port: config.WORKER_PORT,
        triggerSecret: config.WORKER_TRIGGER_SECRET,
        release: observability.release,
      },
    });
    if (local) {
      const { ctx } = worker;
      // A local mailbox costs nothing to read: poll every few seconds, not every five minutes.
      poller = setInterval(() => {
        ctx.mailboxes
          .pollable()
          .then((merchants) =>
            Promise.all(
              merchants.map((merchantId) =>
                enqueue(ctx.boss, "poll-mailbox", { merchantId }, { singletonKey: merchantId }),
              ),
            ),
          )
          .catch((error: unknown) =>
            log.warn({ err: error }, "local mailbox poll could not be queued"),
          );
      }, config.LOCAL_POLL_SECONDS * 1000);
      poller.unref();
      demo = await startDemo({
        db: ctx.db,
        boss: ctx.boss,
        log,
        simulate: config.SUPPLIER_SIMULATOR,
        simulatorDelayMs: config.SIMULATOR_DELAY_SECONDS * 1000,
        orders: config.DEMO_ORDERS,
      });
      if (demo !== undefined) {
        log.info(
          { event: "demo" },
          `demo: ${config.DEMO_ORDERS} new purchase orders over the next ${Math.ceil((config.DEMO_ORDERS * 3) / 10) * 10} s; simulated suppliers answer ${config.SIMULATOR_DELAY_SECONDS} s after each. Ctrl-C stops everything.`,
        );
      }
    }
    const reason = await stop;
    log.info({ event: "shutdown", reason }, `stopping (${reason})`);
  } catch (error) {
    // An operator learns from Sentry, not only from the logs, why the worker stopped; reported
    // here, while Sentry is still open (the block below closes it).
    Sentry.captureException(error, { level: "fatal" });
    throw error;
  } finally {
    // A second Ctrl-C, or a stop that hangs, ends the process anyway.
    setTimeout(() => process.exit(1), (config.WORKER_SHUTDOWN_SECONDS + 10) * 1000).unref();
    if (poller !== undefined) clearInterval(poller);
    demo?.stop();
    await worker?.stop(config.WORKER_SHUTDOWN_SECONDS * 1000);
    await embedded?.close();
    await observability.close(2000);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log.fatal(
      { err: error, event: "fatal" },
      error instanceof Error ? error.message : String(error),
    );
    void observability.close(2000).finally(() => process.exit(1));
  },
);
