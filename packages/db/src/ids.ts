declare const idOf: unique symbol;

/**
 * A row id that knows its table. Data-access functions take several ids in a row
 * (`db, merchantId, orderId`); with plain strings an order id passed as the merchant id compiles
 * and silently finds nothing. Rows read through this package carry these types already; an id
 * from outside (a URL, a job payload) becomes one through `parseId`.
 */
export type Id<Table extends string> = string & { readonly [idOf]: Table };

export type MerchantId = Id<"merchant">;
export type UserId = Id<"user">;
export type GmailConnectionId = Id<"gmail_connection">;
export type SupplierId = Id<"supplier">;
export type PolicyId = Id<"policy">;
export type OrderId = Id<"order">;
export type OrderLineId = Id<"order_line">;
export type EmailMessageId = Id<"email_message">;
export type ExtractionId = Id<"extraction">;
export type DecisionId = Id<"decision">;
export type ApprovalId = Id<"approval">;
export type OutboxMessageId = Id<"outbox_message">;
export type AuditEntryId = Id<"audit_entry">;
export type LocalMailMessageId = Id<"local_mail_message">;
export type AuthSessionId = Id<"auth_session">;
export type AuthAccountId = Id<"auth_account">;
export type AuthVerificationId = Id<"auth_verification">;
export type AuthRateLimitId = Id<"auth_rate_limit">;
export type ApiTokenId = Id<"api_token">;
export type ImapConnectionId = Id<"imap_connection">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A string that was meant to be an id of `table` and is not a UUID. */
export class InvalidIdError extends Error {
  override readonly name = "InvalidIdError";
  constructor(
    readonly table: string,
    readonly value: string,
  ) {
    super(`"${value.slice(0, 80)}" is not a valid ${table} id (expected a UUID)`);
  }
}

/**
 * Checks that `value` is a UUID and types it as an id of `table`:
 * `parseId("order", params.orderId)` is an `OrderId`.
 */
export function parseId<Table extends string>(table: Table, value: string): Id<Table> {
  if (!UUID.test(value)) throw new InvalidIdError(table, value);
  return value.toLowerCase() as Id<Table>;
}
