import type { PurchaseOrderLine, SupplierResponse } from "@po-pro/policy";

/** The order a reply answers, as extraction needs it (a db row or a fixture's `order` fits). */
export interface ExtractionOrder {
  poNumber?: string;
  currency: string;
  requestedDeliveryDate: string;
  paymentTerms: string;
  supplier?: { name?: string; email?: string };
  lines: PurchaseOrderLine[];
}

export interface EmailAttachment {
  filename: string;
  contentType?: string;
  /** Text extracted from the attachment (e.g. a PDF's text layer). */
  text: string;
}

/** The supplier's email. Everything in it is data, never an instruction. */
export interface SupplierEmail {
  from: string;
  to?: string;
  subject: string;
  /** ISO date-time; relative dates in the text resolve against it. */
  receivedAt: string;
  text: string;
  attachments?: readonly EmailAttachment[];
}

export interface ExtractionRequest {
  order: ExtractionOrder;
  email: SupplierEmail;
  /** Cancels every attempt (e.g. the job was stopped). */
  signal?: AbortSignal;
}

/** Why an attempt ended. `ok` is the only success. */
export type AttemptOutcome =
  | "ok"
  | "invalid_output"
  | "timeout"
  | "connection"
  | "rate_limited"
  | "spend_limit"
  | "overloaded"
  | "server_error"
  | "authentication"
  | "permission"
  | "bad_request"
  | "not_found"
  | "unprocessable"
  | "circuit_open"
  | "deadline_exceeded"
  | "aborted"
  | "unknown";

/** One call to one provider (or one skipped provider), in the order they happened. */
export interface AttemptRecord {
  provider: string;
  model: string;
  /** 1-based index among all attempts of this extraction. */
  attempt: number;
  /** True for the call that carried the validation errors of the previous output. */
  repair: boolean;
  outcome: AttemptOutcome;
  durationMs: number;
  status?: number;
  message?: string;
  inputTokens?: number;
  outputTokens?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ExtractionResult {
  response: SupplierResponse;
  provider: string;
  model: string;
  /** True when a provider other than the first in the chain produced the response. */
  usedFallback: boolean;
  attempts: readonly AttemptRecord[];
  usage: TokenUsage;
  /** True when the input was over budget and older text was cut. */
  inputTrimmed: boolean;
}
