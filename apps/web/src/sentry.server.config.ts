import { initNext } from "@po-pro/observability/next";
import { webRelease } from "./release";
import { labelWebMetrics, webMetrics } from "./server/metrics";

const release = webRelease(process.env);

labelWebMetrics(
  initNext({
    service: "web",
    ...(release !== undefined ? { release } : {}),
    onEventSent: (e) => webMetrics().recordSentryEvent(e),
  }),
);
