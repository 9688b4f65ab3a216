/**
 * The agent's decision on a supplier reply and everything it changes, written in one statement
 * (inside the caller's transaction, after it locked the email and the order): the extraction, the
 * decision, the audit entry, the email marked processed, the order's new state and the email the
 * decision sends. One round trip instead of seven.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../client.js";
import type {
  DecisionId,
  EmailMessageId,
  ExtractionId,
  MerchantId,
  OrderId,
  OutboxMessageId,
} from "../ids.js";
import type { NewAuditEntry } from "./audit.js";
import type { NewDecision } from "./decisions.js";
import type { NewExtraction } from "./extractions.js";
import { inOneStatement } from "./one-statement.js";
import type { OrderPatch } from "./orders.js";
import type { NewOutboxMessage } from "./outbox.js";
import {
  type EmailStateUpdate,
  insertAudit,
  insertDecision,
  insertExtraction,
  insertOutbox,
  updateEmailState,
  updateOrderQuery,
} from "./writes.js";

export interface ReplyOutcome {
  emailId: EmailMessageId;
  orderId: OrderId;
  extraction: Omit<NewExtraction, "emailMessageId" | "orderId">;
  decision: Omit<NewDecision, "orderId" | "extractionId">;
  /** The decision-trail entry; `extractionId` and `decisionId` are added to its details. */
  audit: Omit<NewAuditEntry, "orderId">;
  email: EmailStateUpdate;
  order?: OrderPatch;
  /** The email the decision sends (a key already queued is left alone). */
  outbox?: Omit<NewOutboxMessage, "orderId">;
}

export async function recordReplyOutcome(
  db: Database,
  merchantId: MerchantId,
  outcome: ReplyOutcome,
): Promise<{ extractionId: ExtractionId; decisionId: DecisionId; outboxId?: OutboxMessageId }> {
  const extractionId = randomUUID() as ExtractionId;
  const decisionId = randomUUID() as DecisionId;
  const outboxId = outcome.outbox !== undefined ? (randomUUID() as OutboxMessageId) : undefined;
  const { orderId } = outcome;
  await inOneStatement(db, [
    insertExtraction(db, merchantId, {
      ...outcome.extraction,
      id: extractionId,
      emailMessageId: outcome.emailId,
      orderId,
    }),
    insertDecision(db, merchantId, { ...outcome.decision, id: decisionId, orderId, extractionId }),
    insertAudit(db, merchantId, {
      ...outcome.audit,
      orderId,
      details: { ...outcome.audit.details, extractionId, decisionId },
    }),
    ...(outcome.order !== undefined
      ? [updateOrderQuery(db, merchantId, orderId, outcome.order)]
      : []),
    ...(outcome.outbox !== undefined
      ? [insertOutbox(db, merchantId, { ...outcome.outbox, id: outboxId, orderId })]
      : []),
    updateEmailState(db, merchantId, outcome.emailId, outcome.email),
  ]);
  return { extractionId, decisionId, ...(outboxId !== undefined ? { outboxId } : {}) };
}
