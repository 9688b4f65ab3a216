import { describe, expect, it } from "vitest";
import { browserPageConfig, spotlightBrowserDsn } from "./browser-config.js";
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

describe("the browser's Spotlight DSN", () => {
  const development = {
    SENTRY_ENVIRONMENT: "development",
    SENTRY_SPOTLIGHT: "http://127.0.0.1:8970/stream",
  };

  it("names the sidecar, in development with Spotlight and no DSN", () => {
    expect(spotlightBrowserDsn(development)).toBe("http://spotlight@127.0.0.1:8970/0");
    expect(JSON.parse(browserPageConfig(development).content)).toMatchObject({
      dsn: "http://spotlight@127.0.0.1:8970/0",
      // Spotlight's Traces view reads transactions, not streamed spans.
      traceLifecycle: "static",
    });
    expect(spotlightBrowserDsn({ NODE_ENV: "development", SENTRY_SPOTLIGHT: "true" })).toBe(
      "http://spotlight@localhost:8969/0",
    );
  });

  it("is never used with a DSN, outside development or without Spotlight", () => {
    const dsn = "https://public@o1.ingest.sentry.io/42";
    expect(spotlightBrowserDsn({ ...development, SENTRY_DSN: dsn })).toBeUndefined();
    const withDsn = JSON.parse(browserPageConfig({ ...development, SENTRY_DSN: dsn }).content);
    expect(withDsn.dsn).toBe(dsn);
    expect(withDsn.traceLifecycle).toBeUndefined();
    expect(
      spotlightBrowserDsn({ ...development, SENTRY_ENVIRONMENT: "production" }),
    ).toBeUndefined();
    expect(
      spotlightBrowserDsn({
        NODE_ENV: "production",
        SENTRY_SPOTLIGHT: "http://127.0.0.1:8970/stream",
      }),
    ).toBeUndefined();
    expect(spotlightBrowserDsn({ SENTRY_ENVIRONMENT: "development" })).toBeUndefined();
    expect(
      spotlightBrowserDsn({ SENTRY_ENVIRONMENT: "development", SENTRY_SPOTLIGHT: "false" }),
    ).toBeUndefined();
    expect(JSON.parse(browserPageConfig({ NODE_ENV: "production" }).content).dsn).toBeUndefined();
  });
});
