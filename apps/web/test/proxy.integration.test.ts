/**
 * Behind a proxy that appends the client's address to x-forwarded-for (nginx, most load
 * balancers), with AUTH_TRUSTED_PROXIES naming it: the login rate limit counts the real client,
 * whatever the client wrote into the header itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHarness, type WebHarness } from "./harness";

let h: WebHarness;

beforeAll(async () => {
  h = await startWebHarness({ env: { AUTH_TRUSTED_PROXIES: "10.0.0.0/8" } });
});

afterAll(async () => {
  await h?.close();
});

const attempt = (forwardedFor: string) =>
  fetch(`${h.baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: h.baseUrl,
      "x-forwarded-for": forwardedFor,
    },
    body: JSON.stringify({ email: h.merchantA.email, password: "wrong password 123" }),
  }).then((response) => response.status);

describe("the login rate limit behind a trusted proxy", () => {
  it("counts the address the proxy saw, not one the client made up", async () => {
    const statuses: number[] = [];
    // The proxy (10.1.2.3) appended the client's real address, 203.0.113.9.
    for (let i = 0; i < 5; i++) statuses.push(await attempt("203.0.113.9, 10.1.2.3"));
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The same client now writes a fresh address of its own in front: still itself.
    expect(await attempt("198.51.100.77, 203.0.113.9, 10.1.2.3")).toBe(429);
    // Another client behind the same proxy is not blocked.
    expect(await attempt("203.0.113.10, 10.1.2.3")).toBe(401);
  });
});
