import { initNext } from "@po-pro/observability/next";

initNext({ service: "web-edge" });
