import { describe, expect, it } from "vitest";
import { ObservabilityConfigError } from "../core/config-error.js";
import { init } from "./init.js";

// None of these configurations reaches Sentry.init, so they can share one process.
describe("init configuration", () => {
  it("disables sending and warns once on a malformed DSN", () => {
    const warnings: string[] = [];
    const handle = init({
      service: "t",
      env: { SENTRY_DSN: "not a dsn" },
      warn: (m) => warnings.push(m),
    });
    expect(handle.enabled).toBe(false);
    expect(handle.disabledReason).toBe("malformed SENTRY_DSN");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/SENTRY_DSN is not a valid Sentry DSN.*sending is disabled/);
  });

  it("throws a typed error naming the variable in strict mode", () => {
    expect(() =>
      init({ service: "t", strict: true, env: { SENTRY_DSN: "https://sentry.io" } }),
    ).toThrow(ObservabilityConfigError);
    try {
      init({ service: "t", strict: true, env: { SENTRY_TRACES_SAMPLE_RATE: "abc" } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ObservabilityConfigError);
      expect((error as ObservabilityConfigError).variable).toBe("SENTRY_TRACES_SAMPLE_RATE");
      expect((error as Error).message).toBe(
        'SENTRY_TRACES_SAMPLE_RATE must be a number between 0 and 1, got "abc"',
      );
    }
  });

  it("names the option when an explicit value is bad", () => {
    expect(() => init({ service: "t", strict: true, tracesSampleRate: 3 })).toThrow(
      /tracesSampleRate must be a number between 0 and 1, got 3/,
    );
  });

  it("sends nothing without a DSN outside development spotlight", () => {
    const handle = init({ service: "t", env: { NODE_ENV: "production" } });
    expect(handle).toMatchObject({
      enabled: false,
      disabledReason: "no DSN",
      environment: "production",
    });
  });

  it("does nothing during next build", () => {
    const handle = init({
      service: "t",
      env: { NEXT_PHASE: "phase-production-build", SENTRY_DSN: "https://k@o1.ingest.sentry.io/1" },
    });
    expect(handle.disabledReason).toBe("next build");
  });

  it("lets explicit options win over env", () => {
    const handle = init({
      service: "t",
      environment: "staging",
      release: "abc123",
      env: { SENTRY_ENVIRONMENT: "production", SENTRY_RELEASE: "zzz" },
    });
    expect(handle).toMatchObject({ environment: "staging", release: "abc123" });
    const fromEnv = init({ service: "t", env: { NODE_ENV: "test", GIT_SHA: "deadbeef" } });
    expect(fromEnv).toMatchObject({ environment: "test", release: "deadbeef" });
  });
});
