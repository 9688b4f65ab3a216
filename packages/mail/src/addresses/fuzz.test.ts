import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAuthenticationResults } from "./authentication-results.js";
import { parseAddress, parseAddressList } from "./parse.js";
import { senderRiskSignals } from "./sender.js";

/** Header-ish text: address punctuation, quotes, comments, Unicode and control characters. */
const headerText = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', "<", ">", "(", ")", ",", ";", ":", "@", ".", "\\", " ", "\r\n ", "="),
      fc.constantFrom("orders", "acme.com", "xn--", "gmail.com", "Ü", "а", "=?UTF-8?B?", "?="),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

describe("addresses from whoever sent the mail", () => {
  it("never throw, and every parsed address is lower-case ASCII-domain", () => {
    fc.assert(
      fc.property(headerText, (text) => {
        const one = parseAddress(text);
        const list = parseAddressList(text);
        for (const { address } of one.ok ? [one.address, ...list.addresses] : list.addresses) {
          expect(address).toBe(address.toLowerCase());
          expect(address.slice(address.lastIndexOf("@") + 1)).toMatch(/^[a-z0-9.-]+$/);
        }
        parseAuthenticationResults(text);
        const signals = senderRiskSignals({
          from: text,
          replyTo: text,
          headers: { "authentication-results": [text], from: [text] },
          supplierEmail: "orders@acme.com",
        });
        expect(new Set(signals).size).toBe(signals.length);
      }),
      { numRuns: 2_000, seed: 12 },
    );
  });
});
