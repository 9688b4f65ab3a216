/**
 * What the dashboard shows of one order's history: its decision trail as a timeline, and the
 * small live status a tab polls to know when to fetch it again.
 */
import type { CounterOffer } from "@po-pro/policy";
import { sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type {
  ApprovalId,
  AuditEntryId,
  DecisionId,
  EmailMessageId,
  ExtractionId,
  MerchantId,
  OrderId,
  OutboxMessageId,
  UserId,
} from "../ids.js";
import type { MatchedRuleRecord } from "../schema/index.js";
import { queryRows } from "../sql-rows.js";
import type { ApprovalStatus } from "./approvals.js";
import type { AuditEntry } from "./audit.js";
import type { Decision } from "./decisions.js";
import type { EmailMessage, EmailProcessingState } from "./emails.js";
import { parseJson, parseTime } from "./json-columns.js";
import type { OrderStatus } from "./orders.js";
import type { OutboxMessage } from "./outbox.js";

export interface TrailEmail {
  kind: "email";
  /** When it was received (inbound) or sent (outbound). */
  at: Date;
  id: EmailMessageId;
  direction: EmailMessage["direction"];
  fromAddress: string;
  toAddresses: string[];
  subject: string;
  textBody: string;
  receivedAt: Date;
  processingState: EmailProcessingState;
  attempts: number;
  lastError: string | null;
}

export interface TrailExtraction {
  kind: "extraction";
  at: Date;
  id: ExtractionId;
  emailId: EmailMessageId;
  provider: string;
  model: string;
  attempt: number;
  usedFallback: boolean;
  /** The validated SupplierResponse. */
  response: Record<string, unknown>;
  confidence: number;
  createdAt: Date;
}

export interface TrailDecision {
  kind: "decision";
  at: Date;
  id: DecisionId;
  extractionId: ExtractionId | null;
  policyVersion: number;
  complianceStatus: Decision["complianceStatus"];
  recommendedAction: Decision["recommendedAction"];
  matchedRules: MatchedRuleRecord[];
  counterOffer: CounterOffer | null;
  explanation: string;
  createdAt: Date;
}

export interface TrailApproval {
  kind: "approval";
  /** When the agent asked; `decidedAt` says when the merchant answered. */
  at: Date;
  id: ApprovalId;
  decisionId: DecisionId;
  status: ApprovalStatus;
  reason: string;
  decidedAt: Date | null;
  decidedBy: UserId | null;
  decidedByName: string | null;
  decisionNote: string | null;
  reminderCount: number;
  holdMessageSentAt: Date | null;
  createdAt: Date;
}

export interface TrailOutbox {
  kind: "outbox";
  at: Date;
  id: OutboxMessageId;
  outboxKind: OutboxMessage["kind"];
  status: OutboxMessage["status"];
  toAddresses: string[];
  subject: string;
  sentAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

export interface TrailAudit {
  kind: "audit";
  at: Date;
  id: AuditEntryId;
  actor: AuditEntry["actor"];
  actorUserId: UserId | null;
  actorName: string | null;
  event: string;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** One entry of an order's timeline; `kind` says which row it is. */
export type TrailEntry =
  | TrailEmail
  | TrailExtraction
  | TrailDecision
  | TrailApproval
  | TrailOutbox
  | TrailAudit;

export type TrailEntryKind = TrailEntry["kind"];

/**
 * Rows written at the same instant (one transaction writes an extraction, a decision, an audit
 * entry and an email to send) are shown in the order they happen.
 */
const KIND_RANK: Record<TrailEntryKind, number> = {
  email: 0,
  extraction: 1,
  decision: 2,
  approval: 3,
  outbox: 4,
  audit: 5,
};

/**
 * The order's decision trail in time order (ties: emails, extractions, decisions, approvals,
 * outbox, audit, then id), read in one statement so it is one consistent snapshot; undefined when
 * the order is not the merchant's.
 */
export async function getOrderTrail(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<TrailEntry[] | undefined> {
  const m = sql`${merchantId}::uuid`;
  const o = sql`${orderId}::uuid`;
  const rows = await queryRows<{ kind: TrailEntryKind | "order"; data: unknown }>(
    db,
    sql`
    select kind, data from (
      select 'order' as kind, null::timestamptz as at, 0 as rank, id as id, null::json as data
      from orders where merchant_id = ${m} and id = ${o}
      union all
      select 'email', e.received_at, ${sql.raw(String(KIND_RANK.email))}, e.id, json_build_object(
        'at', e.received_at, 'id', e.id, 'direction', e.direction, 'fromAddress', e.from_address,
        'toAddresses', e.to_addresses, 'subject', e.subject, 'textBody', e.text_body,
        'receivedAt', e.received_at, 'processingState', e.processing_state,
        'attempts', e.attempts, 'lastError', e.last_error)
      from email_messages e where e.merchant_id = ${m} and e.order_id = ${o}
      union all
      select 'extraction', x.created_at, ${sql.raw(String(KIND_RANK.extraction))}, x.id, json_build_object(
        'at', x.created_at, 'id', x.id, 'emailId', x.email_message_id, 'provider', x.provider,
        'model', x.model, 'attempt', x.attempt, 'usedFallback', x.used_fallback,
        'response', x.response, 'confidence', x.confidence, 'createdAt', x.created_at)
      from extractions x where x.merchant_id = ${m} and x.order_id = ${o}
      union all
      select 'decision', d.created_at, ${sql.raw(String(KIND_RANK.decision))}, d.id, json_build_object(
        'at', d.created_at, 'id', d.id, 'extractionId', d.extraction_id,
        'policyVersion', d.policy_version, 'complianceStatus', d.compliance_status,
        'recommendedAction', d.recommended_action, 'matchedRules', d.matched_rules,
        'counterOffer', d.counter_offer, 'explanation', d.explanation, 'createdAt', d.created_at)
      from decisions d where d.merchant_id = ${m} and d.order_id = ${o}
      union all
      select 'approval', a.created_at, ${sql.raw(String(KIND_RANK.approval))}, a.id, json_build_object(
        'at', a.created_at, 'id', a.id, 'decisionId', a.decision_id, 'status', a.status,
        'reason', a.reason, 'decidedAt', a.decided_at, 'decidedBy', a.decided_by,
        'decidedByName', u.name, 'decisionNote', a.decision_note,
        'reminderCount', a.reminder_count, 'holdMessageSentAt', a.hold_message_sent_at,
        'createdAt', a.created_at)
      from approvals a
      left join users u on u.merchant_id = a.merchant_id and u.id = a.decided_by
      where a.merchant_id = ${m} and a.order_id = ${o}
      union all
      select 'outbox', b.created_at, ${sql.raw(String(KIND_RANK.outbox))}, b.id, json_build_object(
        'at', b.created_at, 'id', b.id, 'outboxKind', b.kind, 'status', b.status,
        'toAddresses', b.to_addresses, 'subject', b.subject, 'sentAt', b.sent_at,
        'lastError', b.last_error, 'createdAt', b.created_at)
      from outbox b where b.merchant_id = ${m} and b.order_id = ${o}
      union all
      select 'audit', l.created_at, ${sql.raw(String(KIND_RANK.audit))}, l.id, json_build_object(
        'at', l.created_at, 'id', l.id, 'actor', l.actor, 'actorUserId', l.actor_user_id,
        'actorName', u.name, 'event', l.event, 'details', l.details, 'createdAt', l.created_at)
      from audit_log l
      left join users u on u.merchant_id = l.merchant_id and u.id = l.actor_user_id
      where l.merchant_id = ${m} and l.order_id = ${o}
    ) trail
    order by at nulls first, rank, id`,
  );
  if (rows[0]?.kind !== "order") return undefined;
  return rows.slice(1).map((row) => toEntry(row.kind as TrailEntryKind, parseJson(row.data)));
}

type JsonRow = Record<string, unknown>;

function toEntry(kind: TrailEntryKind, data: unknown): TrailEntry {
  const row = data as JsonRow;
  const time = (key: string) => parseTime(row[key] as string | null) as Date;
  const maybeTime = (key: string) => parseTime(row[key] as string | null);
  const at = time("at");
  switch (kind) {
    case "email":
      return { ...(row as unknown as TrailEmail), kind, at, receivedAt: time("receivedAt") };
    case "extraction":
      return { ...(row as unknown as TrailExtraction), kind, at, createdAt: time("createdAt") };
    case "decision":
      return { ...(row as unknown as TrailDecision), kind, at, createdAt: time("createdAt") };
    case "approval":
      return {
        ...(row as unknown as TrailApproval),
        kind,
        at,
        decidedAt: maybeTime("decidedAt"),
        holdMessageSentAt: maybeTime("holdMessageSentAt"),
        createdAt: time("createdAt"),
      };
    case "outbox":
      return {
        ...(row as unknown as TrailOutbox),
        kind,
        at,
        sentAt: maybeTime("sentAt"),
        createdAt: time("createdAt"),
      };
    case "audit":
      return { ...(row as unknown as TrailAudit), kind, at, createdAt: time("createdAt") };
  }
}

export interface LiveStatus {
  /** The merchant's pending approvals (the badge in the navigation). */
  pendingApprovals: number;
  /** The order being looked at; absent when none was asked for or it is not the merchant's. */
  order?: {
    status: OrderStatus;
    updatedAt: Date;
    /**
     * Changes whenever the order's trail does: a row added to any trail table (emails, extractions,
     * decisions, approvals, outbox, audit) or one of them updated (an email retried or failed, an
     * approval decided or reminded, an outbox row sent or failed). Opaque: compare for equality.
     */
    trailVersion: string;
  };
}

/**
 * What an open dashboard tab polls every few seconds, in one statement over indexes only the
 * merchant's and the order's rows: the pending-approval count and the order's status and trail
 * version, so the tab refetches the trail only when `trailVersion` moved.
 */
export async function getLiveStatus(
  db: Database,
  merchantId: MerchantId,
  options: { orderId?: OrderId } = {},
): Promise<LiveStatus> {
  const m = sql`${merchantId}::uuid`;
  const pending = sql`(select count(*) from approvals
    where merchant_id = ${m} and status = 'pending')::int as pending`;
  if (options.orderId === undefined) {
    const [row] = await queryRows<{ pending: number }>(db, sql`select ${pending}`);
    return { pendingApprovals: Number(row?.pending ?? 0) };
  }
  const o = sql`${options.orderId}::uuid`;
  // Every trail table's row count and latest change: inserts raise a count, updates a time.
  const [row] = await queryRows<{
    pending: number;
    status: OrderStatus | null;
    updated_ms: number | string | null;
    trail_version: string | null;
  }>(
    db,
    sql`
    select ${pending}, o.status, extract(epoch from o.updated_at) * 1000 as updated_ms,
      (select sum(n) || '.' || coalesce(
          (extract(epoch from max(changed)) * 1000000)::bigint, 0)
        from (
          select count(*) as n, max(created_at) as changed from audit_log
            where merchant_id = ${m} and order_id = ${o}
          union all select count(*), max(updated_at) from email_messages
            where merchant_id = ${m} and order_id = ${o}
          union all select count(*), max(updated_at) from outbox
            where merchant_id = ${m} and order_id = ${o}
          union all select count(*), max(updated_at) from approvals
            where merchant_id = ${m} and order_id = ${o}
          union all select count(*), max(created_at) from decisions
            where merchant_id = ${m} and order_id = ${o}
          union all select count(*), max(created_at) from extractions
            where merchant_id = ${m} and order_id = ${o}
        ) trail) as trail_version
    from (select 1) one
    left join orders o on o.merchant_id = ${m} and o.id = ${o}`,
  );
  const pendingApprovals = Number(row?.pending ?? 0);
  if (row?.status === null || row?.status === undefined) return { pendingApprovals };
  return {
    pendingApprovals,
    order: {
      status: row.status,
      updatedAt: new Date(Number(row.updated_ms)),
      trailVersion: String(row.trail_version),
    },
  };
}
