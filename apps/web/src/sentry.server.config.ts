import { initNext } from "@po-pro/observability/next";
import { labelWebMetrics, webMetrics } from "./server/metrics";

labelWebMetrics(
  initNext({ service: "web", onEventSent: (e) => webMetrics().recordSentryEvent(e) }),
);
