import "server-only";
import type { Database } from "@po-pro/db";
import {
  authAccounts,
  authRateLimits,
  authSessions,
  authVerifications,
  users,
} from "@po-pro/db/schema";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import type { WebEnv } from "../../env";

/** Sign-in attempts allowed per client address per minute before a 429. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 5;

/**
 * better-auth on our tables: `users` (each belongs to a merchant) and the auth_* tables. No
 * self-service sign-up: a merchant's users are created by the merchant (or the seed), and Google
 * sign-in only signs in an address that already has a user.
 */
export function createAuth(db: Database, web: WebEnv["web"]) {
  const secure = web.BETTER_AUTH_URL.startsWith("https://");
  return betterAuth({
    baseURL: web.BETTER_AUTH_URL,
    secret: web.BETTER_AUTH_SECRET,
    trustedOrigins: [new URL(web.BETTER_AUTH_URL).origin],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        users,
        auth_sessions: authSessions,
        auth_accounts: authAccounts,
        auth_verifications: authVerifications,
        auth_rate_limits: authRateLimits,
      },
    }),
    user: {
      modelName: "users",
      additionalFields: {
        merchantId: { type: "string", required: true, input: false },
      },
    },
    session: {
      modelName: "auth_sessions",
      expiresIn: 7 * 24 * 3600,
      updateAge: 24 * 3600,
    },
    account: {
      modelName: "auth_accounts",
      accountLinking: { enabled: true, trustedProviders: ["google"] },
    },
    verification: { modelName: "auth_verifications" },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    ...(web.GOOGLE_CLIENT_ID !== undefined && web.GOOGLE_CLIENT_SECRET !== undefined
      ? {
          socialProviders: {
            google: {
              clientId: web.GOOGLE_CLIENT_ID,
              clientSecret: web.GOOGLE_CLIENT_SECRET,
              disableImplicitSignUp: true,
            },
          },
        }
      : {}),
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "auth_rate_limits",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE },
        "/sign-in/social": { window: 60, max: 10 },
      },
    },
    advanced: {
      database: { generateId: "uuid" },
      ipAddress: {
        ipAddressHeaders: [web.AUTH_IP_HEADER],
        ...(web.AUTH_TRUSTED_PROXIES ? { trustedProxies: web.AUTH_TRUSTED_PROXIES } : {}),
      },
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
    },
    telemetry: { enabled: false },
    // Sign-out from a server action sets its cookie through Next's `cookies()`.
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
