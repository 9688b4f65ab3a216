import { ObservabilityConfigError } from "./config-error.js";

export interface ParsedDsn {
  protocol: "http" | "https";
  publicKey: string;
  host: string;
  /** Host and port as in the URL, e.g. `127.0.0.1:9000`. */
  hostWithPort: string;
  /** Path before the project id, for self-hosted Sentry behind a prefix ("" or "/sentry"). */
  pathPrefix: string;
  projectId: string;
  /** Where envelopes for this DSN go. */
  envelopeUrl: string;
}

/** Parses a DSN strictly; throws an error naming `variable` when it is malformed. */
export function parseDsn(dsn: string, variable = "SENTRY_DSN"): ParsedDsn {
  const fail = (why: string): never => {
    throw new ObservabilityConfigError(
      variable,
      `${variable} is not a valid Sentry DSN (${why}); expected https://<key>@<host>/<project-id>`,
    );
  };
  let url: URL;
  try {
    url = new URL(dsn.trim());
  } catch {
    return fail("not a URL");
  }
  const protocol = url.protocol.slice(0, -1);
  if (protocol !== "http" && protocol !== "https") return fail(`protocol ${url.protocol}`);
  if (!url.username) return fail("no public key");
  const segments = url.pathname.split("/").filter(Boolean);
  const projectId = segments.pop();
  if (!projectId || !/^\d+$/.test(projectId)) return fail("no numeric project id");
  const pathPrefix = segments.length ? `/${segments.join("/")}` : "";
  return {
    protocol,
    publicKey: decodeURIComponent(url.username),
    host: url.hostname,
    hostWithPort: url.host,
    pathPrefix,
    projectId,
    envelopeUrl: `${protocol}://${url.host}${pathPrefix}/api/${projectId}/envelope/`,
  };
}
