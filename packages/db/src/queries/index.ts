// Merchant-scoped data access: every function takes the merchant id it is scoped to.
export * from "./api-tokens.js";
export * from "./approvals.js";
export * from "./audit.js";
export * from "./decisions.js";
export * from "./emails.js";
export * from "./extractions.js";
export * from "./gmail.js";
export * from "./imap.js";
export * from "./local-mail.js";
export * from "./mailboxes.js";
export * from "./merchants.js";
export * from "./orders.js";
export * from "./outbox.js";
export * from "./policies.js";
export * from "./replies.js";
export * from "./suppliers.js";
export * from "./trail.js";
