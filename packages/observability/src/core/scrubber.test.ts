import { describe, expect, it } from "vitest";
import { PII_CORPUS } from "../testing/pii-corpus.js";
import { createScrubber, FILTERED } from "./scrubber.js";

const scrubber = createScrubber();

describe("scrubber strings", () => {
  it.each(PII_CORPUS.filter((s) => s.key === undefined))("removes $kind: $secret", (sample) => {
    const out = scrubber.string(sample.text);
    expect(out).not.toContain(sample.secret);
    expect(out).toContain(FILTERED);
  });

  it.each(PII_CORPUS.filter((s) => s.key !== undefined))("removes values under $key", (sample) => {
    const out = scrubber.value({ outer: { [sample.key as string]: sample.text } });
    expect(JSON.stringify(out)).not.toContain(sample.secret);
  });

  it("has at least 40 samples", () => {
    expect(PII_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it("keeps ordinary text, ids, timestamps and prose", () => {
    const kept = [
      "order PO-1042 for merchant 7 confirmed",
      "basic information about the supplier",
      "1700000000000",
      "trace 4bf92f3577b34da6a3ce929d0e0e4736",
      "price changed from 1250 to 1300 EUR",
      "GB12 is a product code",
    ];
    for (const text of kept) expect(scrubber.string(text)).toBe(text);
  });

  it("keeps the scheme and host of a URL with credentials", () => {
    expect(scrubber.string("postgres://app:pw123456@db:5432/x")).toBe(
      `postgres://${FILTERED}@db:5432/x`,
    );
  });

  it("keeps the key name of a key=value secret", () => {
    expect(scrubber.string("password=abc123xyz ok")).toBe(`password=${FILTERED} ok`);
  });

  it("honours allowKeys and allowEmailDomains", () => {
    const custom = createScrubber({ allowKeys: ["auth_method"], allowEmailDomains: ["po.pro"] });
    expect(custom.value({ auth_method: "oauth", token: "x" })).toEqual({
      auth_method: "oauth",
      token: FILTERED,
    });
    expect(custom.string("mail support@po.pro or bob@evil.test")).toBe(
      `mail support@po.pro or ${FILTERED}`,
    );
    expect(createScrubber({ scrubEmails: false }).string("bob@evil.test")).toBe("bob@evil.test");
  });

  it("keeps LLM token counts", () => {
    expect(scrubber.value({ input_tokens: 12, "gen_ai.usage.output_tokens": 3 })).toEqual({
      input_tokens: 12,
      "gen_ai.usage.output_tokens": 3,
    });
  });

  it("does not mutate its input and survives cycles", () => {
    const input: Record<string, unknown> = { password: "p", nested: { email: "a@b.io" } };
    input.self = input;
    const out = scrubber.value(input);
    expect(input.password).toBe("p");
    expect(out.password).toBe(FILTERED);
  });
});

describe("scrubber events", () => {
  it("scrubs request, user, cookies, breadcrumbs and extra but keeps structure", () => {
    const event = {
      event_id: "abc",
      message: "failed for jane@x.io",
      user: { id: "m1", email: "jane@x.io", ip_address: "1.2.3.4", username: "jane" },
      request: {
        url: "https://u:pw999999@h/x?token=abc",
        headers: { authorization: "Bearer abcdefghijk", "user-agent": "node" },
        cookies: { sid: "1" },
        data: { card: "4111 1111 1111 1111" },
      },
      breadcrumbs: [{ category: "gmail", message: "to bob@y.io", data: { api_key: "k" } }],
      extra: { deep: { secret: "s" } },
      exception: {
        values: [
          {
            type: "Error",
            value: "key sk-ant-api03-abcdefghijklmnopqrstuvwxyz",
            stacktrace: { frames: [{ filename: "/app/a.js", vars: { password: "p" } }] },
          },
        ],
      },
    };
    const out = scrubber.event(event);
    const json = JSON.stringify(out);
    for (const secret of ["jane@x.io", "1.2.3.4", "pw999999", "abcdefghijk", "4111", "bob@y.io"]) {
      expect(json).not.toContain(secret);
    }
    expect(out.user).toEqual({ id: "m1" });
    expect(out.request.cookies).toBe(FILTERED);
    expect(out.request.headers["user-agent"]).toBe("node");
    expect(out.exception.values[0]?.stacktrace.frames[0]?.filename).toBe("/app/a.js");
    expect(out.event_id).toBe("abc");
    expect(event.user.email).toBe("jane@x.io");
  });
  it("passes trusted keys of a record through and scrubs the rest, without mutating it", () => {
    const attributes = {
      "sentry.sdk.integrations": ["Http", "token=not-a-secret-just-a-name"],
      "url.path": "/users/jane@x.io",
      password: "hunter2",
    };
    const out = scrubber.record(attributes, new Set(["sentry.sdk.integrations"]));
    expect(out["sentry.sdk.integrations"]).toBe(attributes["sentry.sdk.integrations"]);
    expect(out["url.path"]).toBe(`/users/${FILTERED}`);
    expect(out.password).toBe(FILTERED);
    expect(attributes.password).toBe("hunter2");
  });
});
