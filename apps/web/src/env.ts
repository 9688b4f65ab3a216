/**
 * The dashboard's configuration: every package's variables plus its own, parsed on first use
 * (never at import time, so `next build` needs none of them). Nothing else reads `process.env`.
 */
import "server-only";
import { isIP } from "node:net";
import { parseDbEnv } from "@po-pro/db";
import { combineEnv, type EnvResult, type EnvSource, parseEnv, requireEnv } from "@po-pro/env";
import { parseMailTokenEnv } from "@po-pro/mail/secrets";
import { parseObservabilityEnv } from "@po-pro/observability/node";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const webEnvSchema = z.object({
  /** Signs session cookies and encrypts auth state: a random secret, at least 32 characters. */
  BETTER_AUTH_SECRET: z
    .string({ message: "is required (a random secret: `openssl rand -hex 32`)" })
    .min(32, "must be at least 32 characters (`openssl rand -hex 32`)"),
  /** The dashboard's public origin, e.g. https://app.example.com; sign-in only works from it. */
  BETTER_AUTH_URL: z.url({ message: "must be the dashboard's URL, e.g. http://127.0.0.1:3000" }),
  /** Google sign-in, when both are set (the OAuth client of the Google Cloud project). */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /**
   * The request header that carries the client's address, set by the proxy in front of the app
   * (the login rate limit counts per address). Next's own server sets `x-forwarded-for`.
   */
  AUTH_IP_HEADER: z.string().min(1).default("x-forwarded-for"),
  /**
   * The proxies in front of the app (IPs or CIDRs, comma-separated) when they append to that
   * header (nginx, most load balancers): the client is the right-most address not listed, so an
   * address the client wrote itself is ignored.
   */
  AUTH_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((raw) =>
      raw
        ?.split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine(
      (entries) =>
        entries === undefined || entries.every((e) => /^[0-9a-f.:]+(\/\d{1,3})?$/i.test(e)),
      "must be IP addresses or CIDR ranges, comma-separated (e.g. 10.0.0.0/8,127.0.0.1)",
    ),
  /**
   * Gmail connection (Settings): Google's token and revoke endpoints and consent page, overridden
   * only by tests (the mail package's fake Google server). The OAuth client is GOOGLE_CLIENT_ID/SECRET.
   */
  GOOGLE_TOKEN_URL: z.url().optional(),
  GOOGLE_REVOKE_URL: z.url().optional(),
  GOOGLE_AUTH_URL: z.url().optional(),
  /** The Gmail API root (the worker's variable of the same name), for reading the address. */
  GMAIL_API_URL: z.url().optional(),
  /**
   * Internal addresses (IPs or CIDRs, comma-separated) "Test and save" may connect to: a mail
   * server beside a self-hosted dashboard, tests. Any other loopback, private or link-local
   * address is refused, so the form cannot probe the network the dashboard runs in.
   */
  MAILBOX_PRIVATE_HOSTS: z
    .string()
    .optional()
    .transform((raw) =>
      (raw ?? "")
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine(
      (entries) =>
        entries.every((e) => isIP(e.split("/")[0] ?? "") !== 0 && /^[^/]+(\/\d{1,3})?$/.test(e)),
      "must be IP addresses or CIDR ranges, comma-separated (e.g. 10.0.0.25,192.168.1.0/24)",
    ),
  /** Vercel Cron's secret: `/api/cron/[job]` answers only `Authorization: Bearer <CRON_SECRET>`. */
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** The worker's HTTP origin, e.g. http://127.0.0.1:8787: cron routes start jobs through it. */
  WORKER_URL: z.url({ message: "must be the worker's URL, e.g. http://127.0.0.1:8787" }).optional(),
  /** The worker's WORKER_TRIGGER_SECRET, sent as Bearer to its `POST /jobs/:name`. */
  WORKER_TRIGGER_SECRET: z.string().min(1).optional(),
  /** When set, `/api/metrics` answers only a scraper sending it as a Bearer token. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * The client secret of the Sentry integration whose webhook is `/api/alerts/sentry`: every
   * delivery's `Sentry-Hook-Signature` is checked against it. Unset, that route answers 404.
   */
  SENTRY_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** Alertmanager's base URL (e.g. http://alertmanager:9093): Sentry alerts are posted there. */
  ALERTMANAGER_URL: z
    .url({ message: "must be Alertmanager's URL, e.g. http://127.0.0.1:9093" })
    .optional(),
  /**
   * The bearer token Alertmanager's webhook receiver sends to `/api/alerts/alertmanager`
   * (`http_config.authorization.credentials`). Unset, that route answers 404.
   */
  ALERTMANAGER_WEBHOOK_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Serve `/api/sentry-example` (throws on purpose, to check error reporting end to end). */
  SENTRY_EXAMPLE_ROUTES: flag.default(false),
});

export function parseWebEnv(env: EnvSource) {
  return combineEnv({
    web: parseEnv(webEnvSchema, env),
    db: parseDbEnv(env),
    mail: parseMailTokenEnv(env),
    observability: parseObservabilityEnv(env),
  });
}

export type WebEnv = typeof parseWebEnv extends (env: EnvSource) => EnvResult<infer T> ? T : never;

/** The parsed environment, or an `EnvError` naming every bad variable. */
export function readWebEnv(env: EnvSource): WebEnv {
  const parsed = parseWebEnv(env);
  if (parsed.ok) {
    const problems = [];
    if (parsed.value.db.DATABASE_URL === undefined) {
      problems.push({
        variable: "DATABASE_URL",
        message: "is required (`pnpm start` at the repository root starts an embedded database)",
      });
    }
    const { GOOGLE_CLIENT_ID: id, GOOGLE_CLIENT_SECRET: secret } = parsed.value.web;
    if ((id === undefined) !== (secret === undefined)) {
      problems.push({
        variable: id === undefined ? "GOOGLE_CLIENT_ID" : "GOOGLE_CLIENT_SECRET",
        message: "Google sign-in needs both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET",
      });
    }
    if (problems.length > 0) return requireEnv<WebEnv>({ ok: false, problems });
  }
  return requireEnv(parsed);
}

let cached: WebEnv | undefined;

export function env(): WebEnv {
  cached ??= readWebEnv(process.env);
  return cached;
}
