import { initNextClientFromPage } from "@po-pro/observability/next/client";

initNextClientFromPage({ service: "web-browser", tunnel: "/monitoring", feedbackWidget: false });

export { onRouterTransitionStart } from "@po-pro/observability/next/client";
