import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Whether an `Authorization` header is `Bearer <secret>`. Compares equal-length digests in
 * constant time, so neither the secret's length nor a matching prefix shows in the timing.
 */
export function bearerMatches(header: string | null, secret: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? "");
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(secret)) && match !== null;
}
