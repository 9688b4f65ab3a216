import { describe, expect, it } from "vitest";
import { parseDsn } from "./dsn.js";

describe("parseDsn", () => {
  it("parses SaaS, self-hosted with a path prefix, and local DSNs", () => {
    expect(parseDsn("https://abc@o12.ingest.sentry.io/345").envelopeUrl).toBe(
      "https://o12.ingest.sentry.io/api/345/envelope/",
    );
    expect(parseDsn("https://k@sentry.corp.example:8443/sentry/7")).toMatchObject({
      hostWithPort: "sentry.corp.example:8443",
      pathPrefix: "/sentry",
      projectId: "7",
    });
    expect(parseDsn("http://public@127.0.0.1:9000/1").envelopeUrl).toBe(
      "http://127.0.0.1:9000/api/1/envelope/",
    );
  });

  it("rejects malformed DSNs naming the variable", () => {
    expect(() => parseDsn("nope")).toThrow(/SENTRY_DSN is not a valid Sentry DSN \(not a URL\)/);
    expect(() => parseDsn("https://sentry.io/1")).toThrow(/no public key/);
    expect(() => parseDsn("ftp://k@h/1", "dsn")).toThrow(/^dsn is not a valid/);
    expect(() => parseDsn("https://k@h/")).toThrow(/no numeric project id/);
  });
});
