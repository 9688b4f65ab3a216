export type { TransportBounds } from "../core/transport-bounds.js";
export { browserPageConfig, spotlightBrowserDsn } from "./browser-config.js";
export {
  initNext,
  type NextInitOptions,
  type NextObservabilityHandle,
  onRequestError,
} from "./init.js";
export { instrumentServerAction } from "./server-action.js";
export { createTunnelHandler, type TunnelHandler, type TunnelOptions } from "./tunnel.js";
