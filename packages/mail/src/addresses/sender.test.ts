import type { SupplierResponse } from "@po-pro/policy";
import { describe, expect, it } from "vitest";
import {
  isSupplierAddress,
  type SenderFacts,
  senderRiskSignals,
  withSenderSignals,
} from "./sender.js";

const SUPPLIER = "orders@pacificthreads.com";
const PASS = "mx.google.com; spf=pass; dkim=pass; dmarc=pass header.from=pacificthreads.com";
const signals = (facts: Partial<SenderFacts>) =>
  senderRiskSignals({ from: undefined, supplierEmail: SUPPLIER, ...facts });

describe("sender_mismatch", () => {
  it("passes the address on file and a colleague at the supplier's own domain", () => {
    expect(signals({ from: "Lena Ortiz <orders@pacificthreads.com>" })).toEqual([]);
    expect(signals({ from: { address: "lena@pacificthreads.com", name: "Lena" } })).toEqual([]);
  });

  it("flags a spoofed From at another domain", () => {
    expect(signals({ from: "Pacific Threads <orders@pacificthreads-billing.com>" })).toEqual([
      "sender_mismatch",
    ]);
  });

  it("flags look-alike domains: they simply differ", () => {
    for (const from of [
      "alyssa@pacific-threads.co", // look-alike
      "sales@pacificthreads.co", // another TLD
      "sales@mail.pacificthreads.com", // a subdomain is another domain
      "sales@pacificthreads.com.evil.example",
      "orders@p\u0430cificthreads.com", // Cyrillic "а"
      "orders@pacificthreads.corn",
    ]) {
      expect(signals({ from }), from).toEqual(["sender_mismatch"]);
    }
  });

  it("matches a free-mail supplier by full address only", () => {
    const supplierEmail = "EastsideScreenprint@gmail.com";
    expect(senderRiskSignals({ from: "eastsidescreenprint@gmail.com", supplierEmail })).toEqual([]);
    expect(
      senderRiskSignals({ from: "Eastside <eastside.screenprint@gmail.com>", supplierEmail }),
    ).toEqual(["sender_mismatch"]);
    expect(senderRiskSignals({ from: "other.user@gmail.com", supplierEmail })).toEqual([
      "sender_mismatch",
    ]);
    // A company supplier never matches a free-mail sender.
    expect(signals({ from: "Sam <pacificthreads@gmail.com>" })).toEqual(["sender_mismatch"]);
  });

  it("is not fooled by a display name that looks like the supplier's address", () => {
    for (const from of [
      '"orders@pacificthreads.com" <evil@x.com>',
      "orders@pacificthreads.com <evil@x.com>",
      '"Pacific Threads <orders@pacificthreads.com>" <evil@x.com>',
    ]) {
      expect(signals({ from }), from).toEqual(["sender_mismatch"]);
    }
    expect(signals({ from: { address: "evil@x.com", name: "orders@pacificthreads.com" } })).toEqual(
      ["sender_mismatch"],
    );
  });

  it("ignores case and whitespace, and compares IDN domains in either spelling", () => {
    expect(signals({ from: "  ORDERS@PacificThreads.COM  " })).toEqual([]);
    expect(signals({ from: "Lena\t Ortiz  <  Lena@PACIFICTHREADS.com >" })).toEqual([]);
    expect(
      senderRiskSignals({ from: "verkauf@xn--bcher-kva.de", supplierEmail: "info@Bücher.de" }),
    ).toEqual([]);
    expect(
      senderRiskSignals({ from: "verkauf@bucher.de", supplierEmail: "info@bücher.de" }),
    ).toEqual(["sender_mismatch"]);
  });

  it("flags a missing, unreadable or doubled From", () => {
    expect(signals({})).toEqual(["sender_mismatch"]);
    expect(signals({ from: "orders@pacificthreads.com@evil.com" })).toEqual(["sender_mismatch"]);
    expect(signals({ from: "orders@pacificthreads.com, evil@x.com" })).toEqual(["sender_mismatch"]);
    // The parser kept the first From header; a second one names someone else.
    expect(
      signals({
        from: { address: "orders@pacificthreads.com" },
        headers: { from: ["orders@pacificthreads.com", "evil@x.com"] },
      }),
    ).toEqual(["sender_mismatch"]);
  });

  it("isSupplierAddress is false for an invalid address on file", () => {
    expect(isSupplierAddress("a@acme.com", "not an address")).toBe(false);
  });
});

describe("new_reply_address", () => {
  it("passes a Reply-To to the sender itself or to the supplier's domain", () => {
    expect(signals({ from: SUPPLIER, replyTo: [{ address: SUPPLIER }] })).toEqual([]);
    expect(signals({ from: SUPPLIER, replyTo: "Accounts <ar@pacificthreads.com>" })).toEqual([]);
    expect(signals({ from: SUPPLIER, replyTo: [] })).toEqual([]);
  });

  it("flags a Reply-To at another domain or another free-mail user", () => {
    expect(signals({ from: SUPPLIER, replyTo: "Pacific AR <ar@pacificthreads-pay.com>" })).toEqual([
      "new_reply_address",
    ]);
    expect(signals({ from: SUPPLIER, replyTo: [{ address: "lena.ortiz@gmail.com" }] })).toEqual([
      "new_reply_address",
    ]);
    expect(
      senderRiskSignals({
        from: "eastsidescreenprint@gmail.com",
        replyTo: "eastside.billing@gmail.com",
        supplierEmail: "eastsidescreenprint@gmail.com",
      }),
    ).toEqual(["new_reply_address"]);
  });

  it("reads Reply-To headers the parser did not surface, and flags an unreadable one", () => {
    expect(
      signals({ from: SUPPLIER, replyTo: [], headers: { "reply-to": ["x@elsewhere.example"] } }),
    ).toEqual(["new_reply_address"]);
    expect(signals({ from: SUPPLIER, replyTo: "ar@" })).toEqual(["new_reply_address"]);
  });

  it("flags a display-name trick in Reply-To", () => {
    expect(
      signals({ from: SUPPLIER, replyTo: '"orders@pacificthreads.com" <x@evil.com>' }),
    ).toEqual(["new_reply_address"]);
  });
});

describe("auth_failed", () => {
  it("is reported from the receiver's header, not a forged one further down", () => {
    const headers = {
      "authentication-results": [
        "mx.google.com; spf=fail smtp.mailfrom=pacificthreads.com; dmarc=fail header.from=pacificthreads.com",
        PASS,
      ],
    };
    expect(signals({ from: SUPPLIER, headers })).toEqual(["auth_failed"]);
    expect(signals({ from: SUPPLIER, headers, trustedAuthservId: "mx.google.com" })).toEqual([
      "auth_failed",
    ]);
    // The forged failing header sits below the receiver's pass: nothing is reported.
    const forgedBelow = { "authentication-results": [PASS, "mx.google.com; dmarc=fail"] };
    expect(signals({ from: SUPPLIER, headers: forgedBelow })).toEqual([]);
  });

  it("returns every signal once, in a fixed order", () => {
    const facts: SenderFacts = {
      from: "Pacific <orders@pacific-threads.co>",
      replyTo: "pay@elsewhere.example",
      headers: { "authentication-results": ["mx.google.com; dkim=fail; dmarc=fail"] },
      supplierEmail: SUPPLIER,
    };
    expect(senderRiskSignals(facts)).toEqual([
      "sender_mismatch",
      "new_reply_address",
      "auth_failed",
    ]);
  });
});

describe("withSenderSignals", () => {
  const response: SupplierResponse = {
    kind: "confirmation",
    lines: [],
    riskSignals: ["sender_mismatch"],
    confidence: 0.9,
  };

  it("adds the envelope's signals to the extractor's, each once", () => {
    const out = withSenderSignals(response, {
      from: "x@evil.example",
      replyTo: "y@evil.example",
      supplierEmail: SUPPLIER,
    });
    expect(out.riskSignals).toEqual(["sender_mismatch", "new_reply_address"]);
    expect(response.riskSignals).toEqual(["sender_mismatch"]);
  });

  it("returns the response itself when the envelope adds nothing", () => {
    const clean = { kind: "confirmation", lines: [], confidence: 0.9 } as SupplierResponse;
    expect(withSenderSignals(clean, { from: SUPPLIER, supplierEmail: SUPPLIER })).toBe(clean);
    expect(withSenderSignals(response, { from: "x@evil.example", supplierEmail: SUPPLIER })).toBe(
      response,
    );
  });
});
