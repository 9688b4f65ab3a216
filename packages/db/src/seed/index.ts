// The demo data and the policy a new merchant starts with.
export { defaultPolicy } from "./default-policy.js";
export { DEMO_MERCHANT_SLUG, type SeedResult, seedDemo } from "./demo.js";
