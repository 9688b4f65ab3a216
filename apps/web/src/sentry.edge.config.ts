import { initNext } from "@po-pro/observability/next";
import { webRelease } from "./release";

const release = webRelease(process.env);
initNext({ service: "web-edge", ...(release !== undefined ? { release } : {}) });
