import { combineEnv, parseEnv } from "@po-pro/env";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { observabilityEnvSchema, parseObservabilityEnv } from "./env.js";
import { NO_ENVIRONMENT, readEnvDefaults } from "./env-defaults.js";

describe("parseObservabilityEnv", () => {
  it("returns typed values keyed by variable, blank meaning unset", () => {
    const result = parseObservabilityEnv({
      SENTRY_DSN: "https://k@o1.ingest.sentry.io/42",
      SENTRY_TRACES_SAMPLE_RATE: " 0.25 ",
      SENTRY_DEBUG: "yes",
      SENTRY_SPOTLIGHT: "http://127.0.0.1:8969/stream",
      SENTRY_RELEASE: "  ",
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        SENTRY_DSN: "https://k@o1.ingest.sentry.io/42",
        SENTRY_TRACES_SAMPLE_RATE: 0.25,
        SENTRY_DEBUG: true,
        SENTRY_SPOTLIGHT: "http://127.0.0.1:8969/stream",
        SENTRY_RELEASE: undefined,
      },
    });
  });

  it("lists every malformed variable as a { variable, message } problem", () => {
    const result = parseObservabilityEnv({
      SENTRY_DSN: "https://sentry.io",
      SENTRY_TRACES_SAMPLE_RATE: "1.5",
      SENTRY_PROFILE_SESSION_SAMPLE_RATE: "half",
      SENTRY_DEBUG: "maybe",
      SENTRY_SPOTLIGHT: "sometimes",
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      {
        variable: "SENTRY_DSN",
        message:
          "is not a valid Sentry DSN (no public key); expected https://<key>@<host>/<project-id>",
      },
      {
        variable: "SENTRY_TRACES_SAMPLE_RATE",
        message: 'must be a number between 0 and 1, got "1.5"',
      },
      {
        variable: "SENTRY_PROFILE_SESSION_SAMPLE_RATE",
        message: 'must be a number between 0 and 1, got "half"',
      },
      { variable: "SENTRY_DEBUG", message: 'must be true or false, got "maybe"' },
      {
        variable: "SENTRY_SPOTLIGHT",
        message: `must be true, false or the sidecar's URL, got "sometimes"`,
      },
    ]);
  });

  it("composes with other packages' schemas in an app's env.ts", () => {
    const app = z.object({ PORT: z.coerce.number().default(3000) });
    const combined = combineEnv({
      app: parseEnv(app, {}),
      observability: parseObservabilityEnv({ SENTRY_TRACES_SAMPLE_RATE: "x" }),
    });
    expect(combined).toEqual({
      ok: false,
      problems: [
        {
          variable: "SENTRY_TRACES_SAMPLE_RATE",
          message: 'must be a number between 0 and 1, got "x"',
        },
      ],
    });
    expect(Object.keys(observabilityEnvSchema.shape)).toContain("SENTRY_DSN");
  });
});

describe("readEnvDefaults", () => {
  it("falls back from SENTRY_ENVIRONMENT to NODE_ENV and through the release variables", () => {
    const { values } = readEnvDefaults(
      { NODE_ENV: "production", GITHUB_SHA: "b2", VERCEL_GIT_COMMIT_SHA: "a1" },
      parseObservabilityEnv,
    );
    expect(values).toEqual({ environment: "production", release: "a1" });
  });

  it("keeps the good variables when one is malformed and reports it", () => {
    const { values, problems } = readEnvDefaults(
      { SENTRY_TRACES_SAMPLE_RATE: "lots", SENTRY_ENVIRONMENT: "staging", SENTRY_DEBUG: "1" },
      parseObservabilityEnv,
    );
    expect(values).toEqual({ environment: "staging", debug: true });
    expect(problems.map((p) => [p.variable, p.message])).toEqual([
      [
        "SENTRY_TRACES_SAMPLE_RATE",
        'SENTRY_TRACES_SAMPLE_RATE must be a number between 0 and 1, got "lots"',
      ],
    ]);
  });

  it("reads nothing with NO_ENVIRONMENT (browsers)", () => {
    expect(readEnvDefaults({ SENTRY_DSN: "https://k@h/1" }, NO_ENVIRONMENT)).toEqual({
      values: {},
      problems: [],
    });
  });
});
