export {
  addDomainBreadcrumb,
  BREADCRUMB_CATEGORIES,
  type BreadcrumbCategory,
  type DomainBreadcrumb,
} from "./core/breadcrumbs.js";
export {
  type CategorizedCapture,
  captureCategorized,
  createCategorizedCapture,
} from "./core/capture.js";
export {
  assertRateOption,
  ObservabilityConfigError,
  parseRate,
} from "./core/config-error.js";
export {
  type LlmContext,
  setLlmContext,
  setMerchant,
  setRequestId,
  tagOrder,
  tagSupplier,
  traceHeaders,
} from "./core/context.js";
export { type ParsedDsn, parseDsn } from "./core/dsn.js";
export {
  BOT_USER_AGENT,
  createErrorFilter,
  type DropReason,
  type ErrorFilterOptions,
  HEALTH_CHECK_TRANSACTION,
  isMarkedExpected,
  markExpected,
} from "./core/filters.js";
export {
  type Category,
  FINGERPRINTS,
  type FingerprintCatalogue,
  type FingerprintParts,
  fingerprintFor,
  type PoProCategory,
} from "./core/fingerprints.js";
export { createPrivacyHooks, type PrivacyHooksOptions } from "./core/hooks.js";
export {
  BUILT_IN_SAMPLING_RULES,
  createSampleDecider,
  createTracesSampler,
  type SampleDecider,
  type SamplerOptions,
  type SamplingInput,
  type SamplingRule,
} from "./core/sampler.js";
export { createScrubber, FILTERED, type Scrubber, type ScrubberOptions } from "./core/scrubber.js";
export { scrubbingTransport, scrubTelemetryEnvelope } from "./core/scrubbing-transport.js";
export { SHARED_LABELS, TAG, type TagName } from "./core/tags.js";
export type { TransportBounds } from "./core/transport-bounds.js";
