/**
 * The write statements some data-access functions share, as unexecuted query builders, so several
 * can run as one statement (`inOneStatement`). Not exported from the package: every caller goes
 * through a merchant-scoped function.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { EmailMessageId, MerchantId, OrderId } from "../ids.js";
import {
  auditLog,
  decisions,
  emailMessages,
  extractions,
  orders,
  outbox,
} from "../schema/index.js";
import type { NewAuditEntry } from "./audit.js";
import type { NewDecision } from "./decisions.js";
import type { EmailProcessingState, IncomingEmail } from "./emails.js";
import type { NewExtraction } from "./extractions.js";
import type { OrderPatch } from "./orders.js";
import type { NewOutboxMessage } from "./outbox.js";

/** The insert `storeEmail` runs (a message already stored is left as it is). */
export function insertEmail(db: Database, merchantId: MerchantId, input: IncomingEmail) {
  return db
    .insert(emailMessages)
    .values({
      merchantId,
      direction: input.direction ?? "inbound",
      ...input,
      // What we sent is part of the thread, not work to do.
      ...(input.direction === "outbound" ? { processingState: "processed" as const } : {}),
      nextAttemptAt: input.receivedAt,
    })
    .onConflictDoNothing({
      target: [emailMessages.merchantId, emailMessages.providerMessageId],
    });
}

export function insertAudit(db: Database, merchantId: MerchantId, entry: NewAuditEntry) {
  return db.insert(auditLog).values({ ...entry, merchantId });
}

export function updateOrderQuery(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
  patch: OrderPatch,
) {
  return db
    .update(orders)
    .set(patch)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId)));
}

export interface EmailStateUpdate {
  state: EmailProcessingState;
  orderId?: OrderId;
  error?: string;
  nextAttemptAt?: Date;
}

/** Every call counts an attempt except `processing`; a done message gets its processing time. */
export function updateEmailState(
  db: Database,
  merchantId: MerchantId,
  emailId: EmailMessageId,
  update: EmailStateUpdate,
) {
  const done = update.state === "processed" || update.state === "ignored";
  return db
    .update(emailMessages)
    .set({
      processingState: update.state,
      ...(update.orderId !== undefined ? { orderId: update.orderId } : {}),
      lastError: update.error ?? null,
      nextAttemptAt: update.nextAttemptAt ?? null,
      processedAt: done ? new Date() : null,
      attempts:
        update.state === "processing" ? emailMessages.attempts : sql`${emailMessages.attempts} + 1`,
    })
    .where(and(eq(emailMessages.merchantId, merchantId), eq(emailMessages.id, emailId)));
}

export function insertExtraction(
  db: Database,
  merchantId: MerchantId,
  input: NewExtraction & { id?: typeof extractions.$inferInsert.id },
) {
  return db.insert(extractions).values({ ...input, merchantId });
}

export function insertDecision(
  db: Database,
  merchantId: MerchantId,
  input: NewDecision & { id?: typeof decisions.$inferInsert.id },
) {
  return db.insert(decisions).values({ ...input, merchantId });
}

/** A key already queued (a retried job) is left as it is: never a second email. */
export function insertOutbox(
  db: Database,
  merchantId: MerchantId,
  input: NewOutboxMessage & { id?: typeof outbox.$inferInsert.id },
) {
  return db
    .insert(outbox)
    .values({ ...input, merchantId })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
}
