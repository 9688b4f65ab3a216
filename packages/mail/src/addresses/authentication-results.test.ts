import { describe, expect, it } from "vitest";
import {
  isAuthFailed,
  parseAuthenticationResults,
  trustedAuthenticationResults,
} from "./authentication-results.js";

const ar = (...values: string[]) => ({ "authentication-results": values });

const GMAIL_PASS =
  "mx.google.com;\r\n       dkim=pass header.i=@acme.com header.s=s1 header.b=K7pQ2xVd;\r\n" +
  "       spf=pass (google.com: domain of a@acme.com designates 198.51.100.37 as permitted sender)" +
  " smtp.mailfrom=a@acme.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=acme.com";

describe("parseAuthenticationResults", () => {
  it("reads the authserv-id and each method's result, skipping comments and properties", () => {
    expect(parseAuthenticationResults(GMAIL_PASS)).toEqual({
      authservId: "mx.google.com",
      results: [
        { method: "dkim", result: "pass" },
        { method: "spf", result: "pass" },
        { method: "dmarc", result: "pass" },
      ],
    });
  });

  it("ignores results hidden in comments, quoted reasons and property values", () => {
    const parsed = parseAuthenticationResults(
      'mx.example.net 1; spf=pass (spf=fail) reason="dkim=fail; x" smtp.mailfrom=dmarc=fail',
    );
    expect(parsed?.results).toEqual([{ method: "spf", result: "pass" }]);
  });

  it("reads `none`, a method version and refuses a header without authserv-id", () => {
    expect(parseAuthenticationResults("mx.example.net; none")?.results).toEqual([]);
    expect(parseAuthenticationResults("mx.example.net; dkim/1=fail")?.results).toEqual([
      { method: "dkim", result: "fail" },
    ]);
    expect(parseAuthenticationResults("spf=fail")).toBeUndefined();
    expect(parseAuthenticationResults("")).toBeUndefined();
  });
});

describe("isAuthFailed", () => {
  it("counts fail for SPF, DKIM or DMARC, not softfail, permerror, neutral or none", () => {
    expect(isAuthFailed(ar("mx.google.com; spf=pass; dkim=pass; dmarc=fail (p=NONE)"))).toBe(true);
    expect(isAuthFailed(ar("mx.google.com; spf=fail smtp.mailfrom=x@a.com"))).toBe(true);
    expect(isAuthFailed(ar("mx.google.com; DKIM=FAIL header.d=a.com"))).toBe(true);
    expect(isAuthFailed(ar("mx.google.com; spf=softfail; dkim=none; dmarc=none"))).toBe(false);
    expect(isAuthFailed(ar("mx.google.com; spf=permerror; dkim=temperror"))).toBe(false);
    expect(isAuthFailed(ar("mx.google.com; arc=fail; spf=pass"))).toBe(false);
    expect(isAuthFailed(ar(GMAIL_PASS))).toBe(false);
    expect(isAuthFailed(undefined)).toBe(false);
    expect(isAuthFailed({})).toBe(false);
  });

  it("reads only the top-most header: a failure forged further down does not count", () => {
    const headers = ar(GMAIL_PASS, "mx.google.com; spf=fail; dmarc=fail");
    expect(isAuthFailed(headers)).toBe(false);
    expect(isAuthFailed(ar("mx.google.com; dmarc=fail", GMAIL_PASS))).toBe(true);
  });

  it("with a trusted authserv-id, reads the receiver's header, not a forged pass below it", () => {
    // The receiver (mx.google.com) saw DMARC fail; the sender forged a pass under its own relay's
    // name and another under the receiver's name, further down.
    const headers = ar(
      "relay.internal.example; spf=pass",
      "mx.google.com; spf=pass; dkim=none; dmarc=fail (p=REJECT) header.from=acme.com",
      `mx.google.com; spf=pass; dkim=pass; dmarc=pass header.from=acme.com`,
    );
    expect(isAuthFailed(headers, "mx.google.com")).toBe(true);
    expect(isAuthFailed(headers, "MX.GOOGLE.COM")).toBe(true);
    expect(trustedAuthenticationResults(headers, "mx.google.com")?.results[2]).toEqual({
      method: "dmarc",
      result: "fail",
    });
    // Only a forged header names another server: nothing to trust, nothing reported.
    expect(isAuthFailed(ar("evil.example; dmarc=fail"), "mx.google.com")).toBe(false);
  });
});
