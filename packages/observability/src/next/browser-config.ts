import { parseObservabilityEnv } from "../core/env.js";
import { type EnvSource, readEnvDefaults } from "../core/env-defaults.js";
import { PAGE_CONFIG_META, type PageConfig } from "./page-config.js";

const DEFAULT_SIDECAR = "http://localhost:8969/stream";

/**
 * In development with no DSN and Spotlight on (`SENTRY_SPOTLIGHT`): a DSN naming the Spotlight
 * sidecar, whose `/api/<project>/envelope/` takes envelopes as Sentry's does. The browser cannot
 * use Spotlight the servers' way — a DSN-less browser SDK sends nothing, and the page's CSP only
 * lets it post to its own origin — so it gets this DSN and posts through the same-origin tunnel,
 * which forwards to the sidecar. Never with a DSN or outside development.
 */
export function spotlightBrowserDsn(env: EnvSource = process.env): string | undefined {
  const { values } = readEnvDefaults(env, parseObservabilityEnv);
  const environment = values.environment ?? "development";
  if (values.dsn !== undefined || environment !== "development" || !values.spotlight)
    return undefined;
  const sidecar = new URL(values.spotlight === true ? DEFAULT_SIDECAR : values.spotlight);
  return `${sidecar.protocol}//spotlight@${sidecar.host}/0`;
}

/**
 * What the root layout puts in `<meta name={name} content={content} />` for
 * `initNextClientFromPage`: the DSN (public by design; in development without one, the Spotlight
 * sidecar's — see `spotlightBrowserDsn`), environment, release and trace rate from this server's
 * environment. Nothing else of the environment reaches the page.
 */
export function browserPageConfig(env: EnvSource = process.env): {
  name: string;
  content: string;
} {
  const { values } = readEnvDefaults(env, parseObservabilityEnv);
  const spotlightDsn = values.dsn === undefined ? spotlightBrowserDsn(env) : undefined;
  const dsn = values.dsn ?? spotlightDsn;
  const config: PageConfig = {
    ...(dsn !== undefined ? { dsn } : {}),
    // Spotlight's Traces view reads transactions, not streamed spans.
    ...(spotlightDsn !== undefined ? { traceLifecycle: "static" } : {}),
    ...(values.environment !== undefined ? { environment: values.environment } : {}),
    ...(values.release !== undefined ? { release: values.release } : {}),
    ...(values.tracesSampleRate !== undefined ? { tracesSampleRate: values.tracesSampleRate } : {}),
  };
  return { name: PAGE_CONFIG_META, content: JSON.stringify(config) };
}
