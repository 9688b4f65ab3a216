import { type EnvResult, type EnvSource, parseEnv } from "@po-pro/env";
import { z } from "zod";

export const TOKEN_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface TokenKey {
  readonly id: string;
  readonly key: Buffer;
}

const FORMAT = `must be a comma list of <keyId>:<base64 of ${TOKEN_KEY_BYTES} bytes>, current key first (e.g. "k2:…,k1:…")`;

/** Parses `<keyId>:<base64>` entries; returns the keys or a sentence saying what is wrong. */
export function parseTokenKeys(value: string): readonly TokenKey[] | string {
  const keys: TokenKey[] = [];
  for (const [index, entry] of value.split(",").entries()) {
    const trimmed = entry.trim();
    const colon = trimmed.indexOf(":");
    if (colon <= 0) return `entry ${index + 1} has no key id: ${FORMAT}`;
    const id = trimmed.slice(0, colon);
    if (!KEY_ID.test(id)) {
      return `entry ${index + 1}: key id must be 1-32 letters, digits, "_" or "-"`;
    }
    const material = trimmed.slice(colon + 1);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(material)) {
      return `key "${id}" is not base64: ${FORMAT}`;
    }
    const key = Buffer.from(material, "base64");
    if (key.length !== TOKEN_KEY_BYTES) {
      return `key "${id}" is ${key.length} bytes, must be ${TOKEN_KEY_BYTES} (generate with \`openssl rand -base64 32\`)`;
    }
    if (keys.some((existing) => existing.id === id)) return `key id "${id}" appears twice`;
    keys.push({ id, key });
  }
  return keys;
}

/**
 * The token encryption keys, keyed by variable name (the `@po-pro/env` convention). Optional
 * here: only a Gmail connection needs it, and `createTokenCipher` says so when it is missing.
 */
export const mailTokenEnvSchema = z.object({
  MAIL_TOKEN_KEYS: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const parsed = parseTokenKeys(value);
      if (typeof parsed === "string") {
        context.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
});

export type MailTokenEnv = z.output<typeof mailTokenEnvSchema>;

/** The token keys from `env`, or every `{ variable, message }` problem (never the key values). */
export function parseMailTokenEnv(env: EnvSource): EnvResult<MailTokenEnv> {
  return parseEnv(mailTokenEnvSchema, env);
}
