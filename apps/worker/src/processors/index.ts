/**
 * The one registry of job handlers: every job of the contract (`@po-pro/jobs`) has exactly one
 * here, so a job added to the contract without a handler is a type error.
 */
import type { JobName, JobPayload } from "@po-pro/jobs";
import type { JobAttempt, WorkerContext } from "../context.js";
import { processEmail } from "./agent/process-email.js";
import { approvalReminders } from "./chase/approval-reminders.js";
import { holdMessages } from "./chase/hold-messages.js";
import { supplierFollowUps } from "./chase/supplier-follow-ups.js";
import { emailPoller } from "./mail/email-poller.js";
import { pollMailbox } from "./mail/poll-mailbox.js";
import { merchantDecision } from "./merchant/merchant-decision.js";
import { sendPurchaseOrder } from "./orders/send-po.js";
import { requeueStalled } from "./outbox/requeue-stalled.js";
import { sendEmail } from "./outbox/send-email.js";

export type Processor<N extends JobName> = (
  ctx: WorkerContext,
  payload: JobPayload<N>,
  job: JobAttempt,
) => Promise<unknown>;

export const PROCESSORS: { readonly [N in JobName]: Processor<N> } = {
  "email-poller": (ctx) => emailPoller(ctx),
  "poll-mailbox": (ctx, payload) => pollMailbox(ctx, payload),
  "process-email": (ctx, payload, job) => processEmail(ctx, payload, job),
  "send-email": (ctx, payload, job) => sendEmail(ctx, payload, job),
  "send-po": (ctx, payload) => sendPurchaseOrder(ctx, payload),
  "merchant-decision": (ctx, payload) => merchantDecision(ctx, payload),
  "approval-reminders": (ctx) => approvalReminders(ctx),
  "supplier-follow-ups": (ctx) => supplierFollowUps(ctx),
  "hold-messages": (ctx) => holdMessages(ctx),
  "requeue-stalled": (ctx) => requeueStalled(ctx),
};
