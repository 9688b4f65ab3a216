import type { SupplierResponse } from "@po-pro/policy";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type {
  ApprovalId,
  DecisionId,
  EmailMessageId,
  MerchantId,
  OrderId,
  SupplierId,
  UserId,
} from "../ids.js";
import {
  approvals,
  decisions,
  emailMessages,
  extractions,
  merchantSuppliers,
  orders,
} from "../schema/index.js";
import type { Decision } from "./decisions.js";
import { supplierOfOrder } from "./joins.js";
import { linesOfOrder, parseLines } from "./json-columns.js";
import { found } from "./not-found.js";
import type { OrderLine, OrderStatus } from "./orders.js";

export type Approval = typeof approvals.$inferSelect;
export type ApprovalStatus = Approval["status"];

export interface ApprovalListItem extends Approval {
  poNumber: string;
}

/** A decided or expired approval cannot be decided again. */
export class ApprovalNotPendingError extends Error {
  override readonly name = "ApprovalNotPendingError";
  constructor(
    readonly approvalId: ApprovalId,
    readonly status: ApprovalStatus,
  ) {
    super(`approval ${approvalId} is ${status}, not pending`);
  }
}

export async function createApproval(
  db: Database,
  merchantId: MerchantId,
  input: { orderId: OrderId; decisionId: DecisionId; reason: string },
): Promise<Approval> {
  const [row] = await db
    .insert(approvals)
    .values({ ...input, merchantId })
    .returning();
  return found(row, "approval", input.orderId, merchantId);
}

export async function listApprovals(
  db: Database,
  merchantId: MerchantId,
  options: { status?: ApprovalStatus; limit?: number } = {},
): Promise<ApprovalListItem[]> {
  const rows = await db
    .select({ approval: approvals, poNumber: orders.poNumber })
    .from(approvals)
    .innerJoin(
      orders,
      and(eq(orders.merchantId, approvals.merchantId), eq(orders.id, approvals.orderId)),
    )
    .where(
      and(eq(approvals.merchantId, merchantId), eq(approvals.status, options.status ?? "pending")),
    )
    .orderBy(asc(approvals.createdAt))
    .limit(Math.min(options.limit ?? 100, 500));
  return rows.map((row) => ({ ...row.approval, poNumber: row.poNumber }));
}

export async function getApproval(
  db: Database,
  merchantId: MerchantId,
  approvalId: ApprovalId,
): Promise<Approval | undefined> {
  const [row] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.merchantId, merchantId), eq(approvals.id, approvalId)));
  return row;
}

/** The order's open approval, if it has one (at most one is pending per order). */
export async function getPendingApproval(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<Approval | undefined> {
  const [row] = await db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.merchantId, merchantId),
        eq(approvals.orderId, orderId),
        eq(approvals.status, "pending"),
      ),
    );
  return row;
}

/** Records the merchant's answer; only a pending approval can be decided, and only once. */
export async function decideApproval(
  db: Database,
  merchantId: MerchantId,
  approvalId: ApprovalId,
  input: { status: "approved" | "rejected" | "expired"; decidedBy?: UserId; note?: string },
): Promise<Approval> {
  const [row] = await db
    .update(approvals)
    .set({
      status: input.status,
      decidedBy: input.decidedBy ?? null,
      decisionNote: input.note ?? null,
      decidedAt: new Date(),
    })
    .where(
      and(
        eq(approvals.merchantId, merchantId),
        eq(approvals.id, approvalId),
        eq(approvals.status, "pending"),
      ),
    )
    .returning();
  if (row) return row;
  const current = found(
    await getApproval(db, merchantId, approvalId),
    "approval",
    approvalId,
    merchantId,
  );
  throw new ApprovalNotPendingError(approvalId, current.status);
}

/** Notes that the merchant was reminded (hourly job) or that the supplier got a hold message. */
export async function noteApprovalFollowUp(
  db: Database,
  merchantId: MerchantId,
  approvalId: ApprovalId,
  kind: "reminder" | "hold_message",
  at: Date = new Date(),
): Promise<Approval> {
  const [row] = await db
    .update(approvals)
    .set(
      kind === "reminder"
        ? { reminderCount: sql`${approvals.reminderCount} + 1`, lastRemindedAt: at }
        : { holdMessageSentAt: at },
    )
    .where(and(eq(approvals.merchantId, merchantId), eq(approvals.id, approvalId)))
    .returning();
  return found(row, "approval", approvalId, merchantId);
}

/** What the supplier proposed, as the extraction read it (the validated SupplierResponse). */
export type SupplierProposal = Pick<
  SupplierResponse,
  | "kind"
  | "lines"
  | "deliveryDate"
  | "paymentTerms"
  | "currency"
  | "question"
  | "notes"
  | "riskSignals"
  | "confidence"
>;

/** An approval with everything the merchant needs to answer it on one screen. */
export interface ApprovalForReview {
  id: ApprovalId;
  status: ApprovalStatus;
  /** Why the agent asks. */
  reason: string;
  reminderCount: number;
  holdMessageSentAt: Date | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  createdAt: Date;
  order: {
    id: OrderId;
    poNumber: string;
    status: OrderStatus;
    currency: string;
    paymentTerms: string;
    requestedDeliveryDate: string | null;
    lines: OrderLine[];
    supplierId: SupplierId;
    supplierName: string;
  };
  decision: Pick<
    Decision,
    | "id"
    | "complianceStatus"
    | "recommendedAction"
    | "matchedRules"
    | "counterOffer"
    | "explanation"
    | "createdAt"
  >;
  /** Null when the decision had no extraction (every provider failed, or a follow-up escalated). */
  proposal: SupplierProposal | null;
  /** The supplier's email the decision is about, when there is one. */
  email: { id: EmailMessageId; subject: string; fromAddress: string; receivedAt: Date } | null;
}

const PROPOSAL_FIELDS = [
  "kind",
  "lines",
  "deliveryDate",
  "paymentTerms",
  "currency",
  "question",
  "notes",
  "riskSignals",
  "confidence",
] as const;

function proposalOf(response: Record<string, unknown> | null): SupplierProposal | null {
  if (response === null) return null;
  const proposal: Record<string, unknown> = {};
  for (const field of PROPOSAL_FIELDS) {
    if (response[field] !== undefined) proposal[field] = response[field];
  }
  return proposal as SupplierProposal;
}

/** One statement: approval, order with lines and supplier, decision, extraction and email. */
async function selectForReview(
  db: Database,
  merchantId: MerchantId,
  condition: SQL | undefined,
  limit: number,
): Promise<ApprovalForReview[]> {
  const rows = await db
    .select({
      approval: {
        id: approvals.id,
        status: approvals.status,
        reason: approvals.reason,
        reminderCount: approvals.reminderCount,
        holdMessageSentAt: approvals.holdMessageSentAt,
        decidedAt: approvals.decidedAt,
        decisionNote: approvals.decisionNote,
        createdAt: approvals.createdAt,
      },
      order: {
        id: orders.id,
        poNumber: orders.poNumber,
        status: orders.status,
        currency: orders.currency,
        paymentTerms: orders.paymentTerms,
        requestedDeliveryDate: orders.requestedDeliveryDate,
        supplierId: orders.supplierId,
        supplierName: merchantSuppliers.displayName,
      },
      lines: linesOfOrder,
      decision: {
        id: decisions.id,
        complianceStatus: decisions.complianceStatus,
        recommendedAction: decisions.recommendedAction,
        matchedRules: decisions.matchedRules,
        counterOffer: decisions.counterOffer,
        explanation: decisions.explanation,
        createdAt: decisions.createdAt,
      },
      response: extractions.response,
      email: {
        id: emailMessages.id,
        subject: emailMessages.subject,
        fromAddress: emailMessages.fromAddress,
        receivedAt: emailMessages.receivedAt,
      },
    })
    .from(approvals)
    .innerJoin(
      orders,
      and(eq(orders.merchantId, approvals.merchantId), eq(orders.id, approvals.orderId)),
    )
    .innerJoin(merchantSuppliers, supplierOfOrder)
    .innerJoin(
      decisions,
      and(eq(decisions.merchantId, approvals.merchantId), eq(decisions.id, approvals.decisionId)),
    )
    .leftJoin(
      extractions,
      and(
        eq(extractions.merchantId, decisions.merchantId),
        eq(extractions.id, decisions.extractionId),
      ),
    )
    .leftJoin(
      emailMessages,
      and(
        eq(emailMessages.merchantId, extractions.merchantId),
        eq(emailMessages.id, extractions.emailMessageId),
      ),
    )
    .where(and(eq(approvals.merchantId, merchantId), condition))
    .orderBy(asc(approvals.createdAt), asc(approvals.id))
    .limit(limit);
  return rows.map((row) => ({
    ...row.approval,
    order: { ...row.order, lines: parseLines(row.lines) },
    decision: row.decision,
    proposal: proposalOf(row.response),
    email: row.email,
  }));
}

/** The merchant's pending approvals, oldest first, each with what it takes to answer it. */
export function listApprovalsForReview(
  db: Database,
  merchantId: MerchantId,
  options: { limit?: number } = {},
): Promise<ApprovalForReview[]> {
  return selectForReview(
    db,
    merchantId,
    eq(approvals.status, "pending"),
    Math.min(options.limit ?? 50, 200),
  );
}

/** One approval, whatever its status, with what it takes to answer it (or to show the answer). */
export async function getApprovalForReview(
  db: Database,
  merchantId: MerchantId,
  approvalId: ApprovalId,
): Promise<ApprovalForReview | undefined> {
  const [row] = await selectForReview(db, merchantId, eq(approvals.id, approvalId), 1);
  return row;
}

/** How many approvals wait for the merchant. */
export async function countPendingApprovals(db: Database, merchantId: MerchantId): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(approvals)
    .where(and(eq(approvals.merchantId, merchantId), eq(approvals.status, "pending")));
  return row?.count ?? 0;
}
