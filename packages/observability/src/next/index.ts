export type { TransportBounds } from "../core/transport-bounds.js";
export {
  initNext,
  type NextInitOptions,
  type NextObservabilityHandle,
  onRequestError,
} from "./init.js";
export { createTunnelHandler, type TunnelHandler, type TunnelOptions } from "./tunnel.js";
