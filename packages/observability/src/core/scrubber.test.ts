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

describe("scrubber: fingerprints", () => {
  it("scrubs fingerprint parts and keeps the ones that are not secrets", () => {
    const out = scrubber.event({
      fingerprint: ["{{ default }}", "extraction-failure", "ops.lead@harbour-foods.test"],
    });
    expect(out.fingerprint).toEqual(["{{ default }}", "extraction-failure", FILTERED]);
  });
});

describe("scrubber: user attributes", () => {
  it("drops the personal user attributes the SDK copies onto spans, logs and metrics", () => {
    const attributes = {
      "user.id": "u-301",
      "user.name": "tobias_wren",
      "user.email": "t.wren@example.test",
      "user.ip_address": "198.51.100.23",
      "http.request.method": "GET",
    };
    expect(scrubber.attributes(attributes, new Set())).toEqual({
      "user.id": "u-301",
      "http.request.method": "GET",
    });
    expect(attributes["user.name"]).toBe("tobias_wren");
  });
});

describe("scrubber: JWT shapes", () => {
  const segment = (text: string) => Buffer.from(text).toString("base64url");
  it.each([
    [
      "a payload that is not JSON",
      `${segment('{"alg":"HS256"}')}.${segment("plain-bytes-0042")}.c2lnbmF0dXJlLWJ5dGVz`,
    ],
    [
      "a header with spaces",
      `${segment('{ "alg": "EdDSA" }')}.${segment('{ "sub": "s-9" }')}.QmluYXJ5U2lnNzc`,
    ],
    [
      "a pretty-printed header",
      `${segment('{\n  "typ": "JWT"\n}')}.${segment("x")}zz.U2lnX19fXzk5`,
    ],
    ["no signature (alg none)", `${segment('{"alg":"none"}')}.${segment('{"u":7}')}.`],
    ["three base64url segments", "Tm90QUpzb25IZWFkZXI5.UGF5bG9hZEJ5dGVzMjI.U2lnbmF0dXJlWFk3"],
    ["five segments (JWE)", `${segment('{"alg":"RSA-OAEP"}')}.S2V5MTI.SXYzNDU.Q2lwaGVy.VGFnOTk`],
  ])("catches %s", (_name, token) => {
    const out = scrubber.string(`relay sent ${token} back`);
    expect(out).toBe(`relay sent ${FILTERED} back`);
  });

  it("keeps dotted names, hosts and versions", () => {
    const kept = [
      "eyeglasses.com.au shipped",
      "sentry.sdk.integrations loaded",
      "https://api.vendor-example.com/v1/orders",
      "runtime v24.21.0 on linux",
      "src/core/scrubber.test.ts:42",
      "orderService.processBatch.handleItems failed",
    ];
    for (const text of kept) expect(scrubber.string(text)).toBe(text);
  });
});

describe("scrubber: sensitive key fragments", () => {
  it.each([
    ["AWS_SECRET_ACCESS_KEY=wX9+v/Q2rT7mLp0z", "AWS_SECRET_ACCESS_KEY=[Filtered]"],
    ["retry with nationalIdNumber=770101-5521", "retry with nationalIdNumber=[Filtered]"],
    ["apiKey: 19ac77e0b3", "apiKey: [Filtered]"],
    ["db_pass=Tq8&Zk2;w ok", "db_pass=[Filtered] ok"],
    ["user_ssn: 7731", "user_ssn: [Filtered]"],
    ['{"clientSecret": "has space & amp", "n": 1}', '{"clientSecret": "[Filtered]", "n": 1}'],
    ["connect.sid=s%3Ab1c2.d3 next", "connect.sid=[Filtered] next"],
    ["X-Vendor-Auth: Custom 9f8e7d6c5b4a", "X-Vendor-Auth: [Filtered]"],
    ["session_id: s-881 refresh_token: r-992", "session_id: [Filtered] refresh_token: [Filtered]"],
  ])("scrubs %s", (input, expected) => {
    expect(scrubber.string(input)).toBe(expected);
  });

  it("never cuts a free-text value at & (the rest of a password would leak)", () => {
    expect(scrubber.string("login password=ab&cd&ef failed")).toBe(
      `login password=${FILTERED} failed`,
    );
  });

  it("scrubs a URL's query parameter by parameter", () => {
    expect(scrubber.string("https://shop.test/cb?state=ok&client_secret=c%26d&page=2")).toBe(
      `https://shop.test/cb?state=ok&client_secret=${FILTERED}&page=2`,
    );
    expect(scrubber.string("/oauth/done#access_token=tok-77&expires_in=3600")).toBe(
      `/oauth/done#access_token=${FILTERED}&expires_in=3600`,
    );
    expect(scrubber.query("page=3&apiKey=k-19&sort=asc")).toBe(
      `page=3&apiKey=${FILTERED}&sort=asc`,
    );
    const event = scrubber.event({ request: { query_string: "page=3&signingKey=k-20&sort=asc" } });
    expect(event.request.query_string).toBe(`page=3&signingKey=${FILTERED}&sort=asc`);
  });

  it("keeps token counts, session counters and harmless words that contain a fragment", () => {
    const kept = {
      "gen_ai.usage.input_tokens": 1200,
      "gen_ai.usage.output_tokens": 87,
      input_tokens: 15,
      max_tokens: 1024,
      tokensUsed: 77,
      tokens: 40,
      "session.count": 3,
      "session.duration": 12.5,
      idempotency_key: "po-1042-confirm",
      className: "btn-primary",
      monkey: "island",
      shipping: "2 days",
      inside: "the warehouse",
      authenticated: true,
    };
    expect(scrubber.value(kept)).toBe(kept);
    for (const text of [
      "gen_ai.usage.input_tokens: 1200",
      "session.count=3 in window",
      "max_tokens=1024 reached",
      "shipping: 2 days",
      "monkey=island",
      "className: btn-primary",
      "authenticated=true",
    ]) {
      expect(scrubber.string(text)).toBe(text);
    }
  });

  it("still scrubs a shape inside the value of a harmless key", () => {
    expect(scrubber.string("shipping: ops.desk@harbour-foods.test")).toBe(`shipping: ${FILTERED}`);
  });

  it("honours extraSensitiveKeys in keys and in free text", () => {
    const custom = createScrubber({ extraSensitiveKeys: ["iban"] });
    expect(custom.value({ supplierIban: "not-a-real-one" })).toEqual({ supplierIban: FILTERED });
    expect(custom.string("supplier_iban=not-a-real-one")).toBe(`supplier_iban=${FILTERED}`);
  });
});

describe("scrubber: US social security numbers", () => {
  it.each([
    ["SSN 512-38-4479 on file", `SSN ${FILTERED} on file`],
    ["ssn#: 531229940", `ssn#: ${FILTERED}`],
    ["social security no. 623 41 7782", `social security no. ${FILTERED}`],
    ["owner 287-65-4321 signed", `owner ${FILTERED} signed`],
  ])("scrubs %s", (input, expected) => {
    expect(scrubber.string(input)).toBe(expected);
  });

  it("keeps numbers the SSA never issues, dates and phone numbers", () => {
    for (const text of [
      "ref 000-12-3456",
      "ref 666-12-3456",
      "ref 912-12-3456",
      "ref 123-00-4567",
      "due 2026-11-26",
      "call 555-123-4567",
    ]) {
      expect(scrubber.string(text)).toBe(text);
    }
  });
});

describe("scrubber: boxed strings", () => {
  it("scrubs a String object as text, not as an object of characters", () => {
    // The SDK's `fmt` builds a boxed string like this one.
    const boxed = new String("mail ops.desk@harbour-foods.test");
    expect(scrubber.value({ message: boxed })).toEqual({ message: `mail ${FILTERED}` });
  });
});
