export { ObservabilityConfigError } from "../core/config-error.js";
export { type ParsedDsn, parseDsn } from "../core/dsn.js";
export {
  type EnvSource,
  type ObservabilityEnv,
  observabilityEnvSchema,
  parseObservabilityEnv,
} from "../core/env.js";
export { type CommonInitOptions, NO_PII_DATA_COLLECTION } from "../core/init-options.js";
export type { TransportBounds } from "../core/transport-bounds.js";
export { init, type NodeInitOptions, type ObservabilityHandle } from "./init.js";
export {
  processTracedJob,
  publishTracedJob,
  TRACE_KEY,
  type TraceCarrier,
  type WithTrace,
} from "./job-trace.js";
export { type MonitorJobOptions, monitorJob } from "./monitor.js";
export { type CorrelationFields, pinoMixin, pinoObservabilityOptions } from "./pino.js";
export {
  currentRequestContext,
  currentRequestId,
  REQUEST_ID_HEADER,
  type RequestContext,
  requestIdFromHeaders,
  runWithRequestContext,
} from "./request-context.js";
export { requestIdMiddleware, withRequestId } from "./request-id.js";
export {
  type BatchedSpanStreamingOptions,
  batchedSpanStreamingIntegration,
} from "./span-streaming.js";
export { currentTraceIds, type TraceIds } from "./trace-ids.js";
export { type BoundedTransportOptions, boundedTransport } from "./transport.js";
