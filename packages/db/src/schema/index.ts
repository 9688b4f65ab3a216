export { auditLog } from "./audit.js";
export { approvals, decisions, type MatchedRuleRecord } from "./decisions.js";
export * from "./enums.js";
export { gmailConnections, merchants, users } from "./merchants.js";
export { type AttachmentMeta, emailMessages, extractions } from "./messages.js";
export { orderLines, orders } from "./orders.js";
export { outbox } from "./outbox.js";
export { type PolicyDocument, policies } from "./policies.js";
export { merchantSuppliers, suppliers } from "./suppliers.js";
