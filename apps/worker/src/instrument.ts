/**
 * Imported first by `main.ts`: reads the whole environment (one message listing every bad
 * variable, then exit) and starts observability before anything else loads, so every later
 * import is instrumented.
 */
import { EnvError, formatEnvProblems } from "@po-pro/env";
import { init } from "@po-pro/observability/node";
import { readWorkerEnv, type WorkerEnv } from "./env.js";
import { createWorkerMetrics } from "./metrics.js";
import { builtRelease } from "./release.js";

function load(): WorkerEnv {
  try {
    return readWorkerEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`po-pro worker: cannot start.\n${formatEnvProblems(error.problems)}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export const env = load();

/** `SENTRY_RELEASE` at run time wins (as in Sentry's SDKs), else the release the build baked in. */
const release = env.observability.SENTRY_RELEASE || builtRelease();

export const observability = init({
  service: "worker",
  env: process.env,
  ...(release !== undefined ? { release } : {}),
  onEventSent: (event) => metrics.service.recordSentryEvent(event),
});

export const metrics = createWorkerMetrics({
  environment: env.observability.SENTRY_ENVIRONMENT ?? env.observability.NODE_ENV ?? "development",
  release: observability.release,
});
