// The demo data and the policy a new merchant starts with.
export { defaultPolicy } from "./default-policy.js";
export { DEMO_MERCHANT_SLUG, DEMO_OWNER, type SeedResult, seedDemo } from "./demo.js";
export { type ManyOrdersResult, NoSuppliersError, seedManyOrders } from "./many-orders.js";
