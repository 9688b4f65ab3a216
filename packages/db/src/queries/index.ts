// Merchant-scoped data access: every function takes the merchant id it is scoped to.
export * from "./approvals";
export * from "./audit";
export * from "./decisions";
export * from "./emails";
export * from "./extractions";
export * from "./gmail";
export * from "./merchants";
export * from "./orders";
export * from "./outbox";
export * from "./policies";
export * from "./suppliers";
