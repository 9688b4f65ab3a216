import { describe, expect, it } from "vitest";
import { domainOf, normalizeDomain, parseAddress, parseAddressList } from "./parse.js";

describe("parseAddress", () => {
  it("reads a bare address and a named one, lower-cased and trimmed", () => {
    expect(parseAddress("  Orders@Acme.COM ")).toEqual({
      ok: true,
      address: { address: "orders@acme.com" },
    });
    expect(parseAddress("Dana Ortiz <Dana@PacificBlankCo.com>")).toEqual({
      ok: true,
      address: { address: "dana@pacificblankco.com", name: "Dana Ortiz" },
    });
  });

  it("takes the angle address, not an address written as the display name", () => {
    for (const header of [
      '"orders@supplier.com" <evil@x.com>',
      "orders@supplier.com <evil@x.com>",
      '"Supplier <orders@supplier.com>" <evil@x.com>',
    ]) {
      const parsed = parseAddress(header);
      expect(parsed.ok && parsed.address.address, header).toBe("evil@x.com");
    }
  });

  it("decodes an encoded-word display name", () => {
    const parsed = parseAddress("=?UTF-8?B?TcO8bGxlciBHbWJI?= <info@mueller.de>");
    expect(parsed).toEqual({
      ok: true,
      address: { address: "info@mueller.de", name: "Müller GmbH" },
    });
  });

  it("puts IDN domains in punycode, so both spellings compare equal", () => {
    const unicode = parseAddress("Verkauf <Verkauf@Bücher.DE>");
    const ascii = parseAddress("verkauf@xn--bcher-kva.de");
    expect(unicode.ok && unicode.address.address).toBe("verkauf@xn--bcher-kva.de");
    expect(ascii.ok && ascii.address.address).toBe("verkauf@xn--bcher-kva.de");
    // A Cyrillic "а" in a Latin-looking domain is another domain.
    const homograph = parseAddress("orders@p\u0430cificthreads.com");
    expect(homograph.ok && homograph.address.address).toMatch(/@xn--/);
  });

  it("returns a typed result for what is not one valid mailbox, never throws", () => {
    const reason = (input: string) => {
      const parsed = parseAddress(input);
      return parsed.ok ? "ok" : parsed.reason;
    };
    expect(reason("")).toBe("empty");
    expect(reason("   ")).toBe("empty");
    expect(reason("Just A Name")).toBe("no_address");
    expect(reason("Orders <orders>")).toBe("missing_at");
    expect(reason("a@b.com, c@d.com")).toBe("multiple_addresses");
    expect(reason("orders@supplier.com@evil.com")).toBe("invalid_local_part");
    expect(reason("a@localhost")).toBe("invalid_domain");
    expect(reason("a@[192.0.2.1]")).toBe("invalid_domain");
    expect(reason("a@192.0.2.1")).toBe("invalid_domain");
    expect(reason("a@exa_mple.com")).toBe("invalid_domain");
    expect(reason("a@-bad.com")).toBe("invalid_domain");
    expect(reason(".a@b.com")).toBe("invalid_local_part");
    expect(reason("a..b@c.com")).toBe("invalid_local_part");
    expect(reason(`${"x".repeat(20_000)}@a.com`)).toBe("too_long");
    expect(reason("undisclosed-recipients:;")).toBe("no_address");
  });
});

describe("parseAddressList", () => {
  it("splits a list with quoted names holding commas, and flattens groups", () => {
    const list = parseAddressList(
      '"Ortiz, Dana" <dana@acme.com>, b@Acme.com; Team: c@acme.com, "Lee, Kim" <kim@acme.com>;',
    );
    expect(list.addresses).toEqual([
      { address: "dana@acme.com", name: "Ortiz, Dana" },
      { address: "b@acme.com" },
      { address: "c@acme.com" },
      { address: "kim@acme.com", name: "Lee, Kim" },
    ]);
    expect(list.invalid).toEqual([]);
  });

  it("keeps the valid mailboxes and reports the others", () => {
    const list = parseAddressList("ok@acme.com, broken@, Name Only <>");
    expect(list.addresses).toEqual([{ address: "ok@acme.com" }]);
    expect(list.invalid.map((i) => i.reason)).toEqual(["invalid_domain", "no_address"]);
    expect(parseAddressList("  ")).toEqual({ addresses: [], invalid: [] });
  });
});

describe("domains", () => {
  it("normalises case, a trailing dot and Unicode", () => {
    expect(normalizeDomain("Supplier.COM.")).toBe("supplier.com");
    expect(normalizeDomain("ｓｕｐｐｌｉｅｒ．ｃｏｍ")).toBe("supplier.com");
    expect(normalizeDomain("münchen.de")).toBe("xn--mnchen-3ya.de");
    expect(normalizeDomain("a.com/evil")).toBeUndefined();
    expect(normalizeDomain("")).toBeUndefined();
  });

  it("domainOf reads a header or a bare address", () => {
    expect(domainOf("Dana <dana@Acme.com>")).toBe("acme.com");
    expect(domainOf("not an address")).toBeUndefined();
  });
});
