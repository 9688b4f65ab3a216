/**
 * The variables `plan` and `apply` read, as a zod schema (the `@po-pro/env` convention): one
 * message names every missing or malformed variable. The token's value is never echoed.
 */
import { type EnvResult, type EnvSource, parseEnv } from "@po-pro/env";
import { z } from "zod";

// Sentry slugs: lowercase letters, digits, `-` and `_`, not only digits.
const slug = (what: string) =>
  z
    .string({ error: `required: the ${what} slug` })
    .regex(
      /^(?!\d+$)[a-z0-9_-]{1,50}$/,
      `must be a Sentry ${what} slug (lowercase letters, digits, - and _)`,
    );

export const sentryOpsEnvSchema = z.object({
  SENTRY_AUTH_TOKEN: z
    .string({ error: "required: an auth token with alerts:write and project:read scopes" })
    .refine((token) => !/\s/.test(token), "must not contain whitespace"),
  SENTRY_ORG: slug("organization"),
  SENTRY_PROJECT: slug("project"),
  SENTRY_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://sentry.io/" })
    .default("https://sentry.io/"),
});

export type SentryOpsEnv = z.output<typeof sentryOpsEnvSchema>;

export function parseSentryOpsEnv(source: EnvSource): EnvResult<SentryOpsEnv> {
  return parseEnv(sentryOpsEnvSchema, source);
}
