import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearerTokenMatches, readRawBody, sentrySignatureMatches } from "./http.js";

const SECRET = "integration-client-secret";
const body = new TextEncoder().encode('{"action":"triggered","data":{}}');
const sign = (bytes: Uint8Array, secret = SECRET) =>
  createHmac("sha256", secret).update(bytes).digest("hex");

describe("sentrySignatureMatches", () => {
  it("accepts the HMAC-SHA256 hex of the raw body under the client secret", () => {
    expect(sentrySignatureMatches(body, sign(body), SECRET)).toBe(true);
    expect(sentrySignatureMatches(body, sign(body).toUpperCase(), SECRET)).toBe(true);
  });

  it("refuses a missing, empty or wrong signature", () => {
    expect(sentrySignatureMatches(body, null, SECRET)).toBe(false);
    expect(sentrySignatureMatches(body, "", SECRET)).toBe(false);
    expect(sentrySignatureMatches(body, sign(body, "another-secret"), SECRET)).toBe(false);
  });

  it("refuses a signature of a tampered body", () => {
    const tampered = new TextEncoder().encode('{"action":"triggered","data":{"x":1}}');
    expect(sentrySignatureMatches(tampered, sign(body), SECRET)).toBe(false);
  });

  it("refuses a signature of the wrong length, shorter or longer", () => {
    const good = sign(body);
    expect(sentrySignatureMatches(body, good.slice(0, 32), SECRET)).toBe(false);
    expect(sentrySignatureMatches(body, `${good}00`, SECRET)).toBe(false);
  });
});

describe("bearerTokenMatches", () => {
  it("accepts only `Bearer <token>`", () => {
    expect(bearerTokenMatches("Bearer tok-123", "tok-123")).toBe(true);
    expect(bearerTokenMatches("Bearer tok-1234", "tok-123")).toBe(false);
    expect(bearerTokenMatches("Basic tok-123", "tok-123")).toBe(false);
    expect(bearerTokenMatches(null, "tok-123")).toBe(false);
    expect(bearerTokenMatches("Bearer ", "tok-123")).toBe(false);
  });
});

describe("readRawBody", () => {
  const streamed = (parts: string[]) =>
    new Request("http://127.0.0.1/", {
      method: "POST",
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);

  it("returns the bytes exactly as sent, across chunks", async () => {
    const body = await readRawBody(streamed(['{"a":', " 1}"]), 100);
    expect(new TextDecoder().decode(body)).toBe('{"a": 1}');
  });

  it("stops at the limit, streamed or declared", async () => {
    expect(await readRawBody(streamed(["x".repeat(60), "y".repeat(60)]), 100)).toBeUndefined();
    const declared = new Request("http://127.0.0.1/", {
      method: "POST",
      headers: { "content-length": "101" },
      body: "x".repeat(101),
    });
    expect(await readRawBody(declared, 100)).toBeUndefined();
    expect((await readRawBody(new Request("http://127.0.0.1/"), 100))?.byteLength).toBe(0);
  });
});
