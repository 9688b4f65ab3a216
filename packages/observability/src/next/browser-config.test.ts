import { describe, expect, it } from "vitest";
import { browserPageConfig } from "./browser-config.js";
import { PAGE_CONFIG_META } from "./page-config.js";

describe("browserPageConfig", () => {
  it("publishes the DSN, environment, release and trace rate, and nothing else of the environment", () => {
    const meta = browserPageConfig({
      SENTRY_DSN: "https://public@o1.ingest.sentry.io/42",
      SENTRY_ENVIRONMENT: "production",
      SENTRY_RELEASE: "abc123",
      SENTRY_TRACES_SAMPLE_RATE: "0.25",
      DATABASE_URL: "postgres://app:hunter2@db.internal/po",
      BETTER_AUTH_SECRET: "s".repeat(40),
    });
    expect(meta.name).toBe(PAGE_CONFIG_META);
    expect(JSON.parse(meta.content)).toEqual({
      dsn: "https://public@o1.ingest.sentry.io/42",
      environment: "production",
      release: "abc123",
      tracesSampleRate: 0.25,
    });
    expect(meta.content).not.toContain("hunter2");
  });

  it("leaves out a malformed value instead of publishing it", () => {
    const meta = browserPageConfig({ SENTRY_DSN: "not a dsn", NODE_ENV: "production" });
    expect(JSON.parse(meta.content)).toEqual({ environment: "production" });
  });
});
