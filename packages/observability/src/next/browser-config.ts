import { parseObservabilityEnv } from "../core/env.js";
import { type EnvSource, readEnvDefaults } from "../core/env-defaults.js";
import { PAGE_CONFIG_META, type PageConfig } from "./page-config.js";

/**
 * What the root layout puts in `<meta name={name} content={content} />` for
 * `initNextClientFromPage`: the DSN (public by design), environment, release and trace rate from
 * this server's environment. Nothing else of the environment reaches the page.
 */
export function browserPageConfig(env: EnvSource = process.env): {
  name: string;
  content: string;
} {
  const { values } = readEnvDefaults(env, parseObservabilityEnv);
  const config: PageConfig = {
    ...(values.dsn !== undefined ? { dsn: values.dsn } : {}),
    ...(values.environment !== undefined ? { environment: values.environment } : {}),
    ...(values.release !== undefined ? { release: values.release } : {}),
    ...(values.tracesSampleRate !== undefined ? { tracesSampleRate: values.tracesSampleRate } : {}),
  };
  return { name: PAGE_CONFIG_META, content: JSON.stringify(config) };
}
