export { auditLog } from "./audit";
export { approvals, decisions, type MatchedRuleRecord } from "./decisions";
export * from "./enums";
export { gmailConnections, merchants, users } from "./merchants";
export { type AttachmentMeta, emailMessages, extractions } from "./messages";
export { orderLines, orders } from "./orders";
export { outbox } from "./outbox";
export { type PolicyDocument, policies } from "./policies";
export { merchantSuppliers, suppliers } from "./suppliers";
