import {
  createTunnelHandler,
  spotlightBrowserDsn,
  type TunnelHandler,
} from "@po-pro/observability/next";
import { env } from "../../env";

let tunnel: TunnelHandler | undefined;

/**
 * The browser SDK's envelopes, forwarded to this server's own DSN only (never an open proxy) — or,
 * in development with no DSN, to the Spotlight sidecar the page was given (`pnpm start`).
 */
export function POST(request: Request): Promise<Response> | Response {
  const dsn = env().observability.SENTRY_DSN ?? spotlightBrowserDsn();
  if (dsn === undefined) return new Response(null, { status: 404 });
  tunnel ??= createTunnelHandler({ dsn });
  return tunnel(request);
}
