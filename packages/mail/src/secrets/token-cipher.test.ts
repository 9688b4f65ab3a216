import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseMailTokenEnv } from "./env.js";
import { TokenCipherError } from "./errors.js";
import { createTokenCipher } from "./token-cipher.js";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

function cipherFrom(value: string | undefined) {
  const parsed = parseMailTokenEnv({ MAIL_TOKEN_KEYS: value });
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join("; "));
  return createTokenCipher(parsed.value.MAIL_TOKEN_KEYS);
}

function caught(run: () => unknown): TokenCipherError {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenCipherError) return error;
    throw error;
  }
  throw new Error("expected a TokenCipherError");
}

describe("token cipher", () => {
  it("round-trips a token in the v1 format", () => {
    const cipher = cipherFrom(`k1:${keyA}`);
    const sealed = cipher.encrypt("1//refresh-token-ü");
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("refresh");
    expect(cipher.decrypt(sealed)).toBe("1//refresh-token-ü");
    expect(cipher.encrypt("same")).not.toBe(cipher.encrypt("same"));
  });

  it("rotates: old key ids still decrypt, new tokens use the current key", () => {
    const old = cipherFrom(`k1:${keyA}`);
    const sealedOld = old.encrypt("token-1");
    const rotated = cipherFrom(`k2:${keyB},k1:${keyA}`);
    expect(rotated.currentKeyId).toBe("k2");
    expect(rotated.decrypt(sealedOld)).toBe("token-1");
    expect(rotated.needsRotation(sealedOld)).toBe(true);
    const sealedNew = rotated.encrypt("token-1");
    expect(sealedNew.startsWith("v1.k2.")).toBe(true);
    expect(rotated.needsRotation(sealedNew)).toBe(false);
    expect(caught(() => old.decrypt(sealedNew)).kind).toBe("unknown_key");
  });

  it("says wrong_key when the key under an id changed", () => {
    const sealed = cipherFrom(`k1:${keyA}`).encrypt("token");
    const error = caught(() => cipherFrom(`k1:${keyB}`).decrypt(sealed));
    expect(error.kind).toBe("wrong_key");
    expect(error.keyId).toBe("k1");
  });

  it("rejects tampered ciphertexts, relabelled key ids and another row's context", () => {
    const cipher = cipherFrom(`k2:${keyB},k1:${keyA}`);
    const sealed = cipher.encrypt("token", "merchant-1");
    const parts = sealed.split(".");
    const data = Buffer.from(parts[4] ?? "", "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), data.toString("base64url")].join(".");
    expect(caught(() => cipher.decrypt(tampered)).kind).toBe("wrong_key");
    expect(caught(() => cipher.decrypt(sealed, "merchant-2")).kind).toBe("wrong_key");
    expect(caught(() => cipher.decrypt(sealed.replace("v1.k2.", "v1.k1."))).kind).toBe("wrong_key");
    expect(cipher.decrypt(sealed, "merchant-1")).toBe("token");
  });

  it("says malformed for strings that are not v1 ciphertexts", () => {
    const cipher = cipherFrom(`k1:${keyA}`);
    for (const bad of ["", "plain-token", "v2.k1.a.b.c", "v1.k1.a.b", "v1..AAAA.AAAA.AAAA"]) {
      expect(caught(() => cipher.decrypt(bad)).kind).toBe("malformed");
    }
    const sealed = cipher.encrypt("x");
    const parts = sealed.split(".");
    expect(
      caught(() => cipher.decrypt([...parts.slice(0, 2), "AAAA", ...parts.slice(3)].join(".")))
        .kind,
    ).toBe("malformed");
  });

  it("says missing_key when MAIL_TOKEN_KEYS is unset or blank", () => {
    expect(caught(() => cipherFrom(undefined)).kind).toBe("missing_key");
    const error = caught(() => cipherFrom("   "));
    expect(error.kind).toBe("missing_key");
    expect(error.message).toContain("MAIL_TOKEN_KEYS");
  });

  it("reports malformed key lists as env problems without echoing key material", () => {
    const short = randomBytes(16).toString("base64");
    for (const value of [`k1:${short}`, keyA, `k1:${keyA},k1:${keyB}`, `bad id:${keyA}`]) {
      const parsed = parseMailTokenEnv({ MAIL_TOKEN_KEYS: value });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problems[0]?.variable).toBe("MAIL_TOKEN_KEYS");
        expect(parsed.problems[0]?.message).not.toContain(keyA);
      }
    }
  });
});
