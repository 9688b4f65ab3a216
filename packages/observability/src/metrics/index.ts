export {
  createServiceMetrics,
  type ServiceMetrics,
  type ServiceMetricsOptions,
  traceExemplar,
} from "./service-metrics.js";
