/**
 * Which real services `pnpm start` uses instead of its local stand-ins: one environment variable
 * (or pair) each. Names only: a value never reaches the terminal.
 */
export interface ServiceChoice {
  what: string;
  /** What runs, with the variables that chose it. */
  using: string;
  /** How to switch to the real service, when it runs locally. */
  hint?: string;
}

const set = (env: Readonly<Record<string, string | undefined>>, name: string) =>
  (env[name] ?? "").trim() !== "";

export function realServiceChoices(
  env: Readonly<Record<string, string | undefined>>,
): ServiceChoice[] {
  const llms = [
    set(env, "ANTHROPIC_API_KEY") ? "Anthropic (ANTHROPIC_API_KEY)" : undefined,
    set(env, "OPENAI_API_KEY") ? "OpenAI (OPENAI_API_KEY)" : undefined,
  ].filter((name) => name !== undefined);
  const google = set(env, "GOOGLE_CLIENT_ID") && set(env, "GOOGLE_CLIENT_SECRET");
  const connected = env.MAILBOX_PROVIDER === "connected" || env.MAILBOX_PROVIDER === "gmail";
  return [
    set(env, "DATABASE_URL")
      ? { what: "database", using: "PostgreSQL at DATABASE_URL" }
      : {
          what: "database",
          using: "embedded PGlite with demo data",
          hint: "set DATABASE_URL for PostgreSQL",
        },
    set(env, "SENTRY_DSN")
      ? { what: "Sentry", using: "SENTRY_DSN" }
      : { what: "Sentry", using: "the local Spotlight view", hint: "set SENTRY_DSN for Sentry" },
    llms.length > 0
      ? { what: "extraction", using: `${llms.join(", ")}, then the keyless extractor` }
      : {
          what: "extraction",
          using: "the keyless local extractor",
          hint: "set ANTHROPIC_API_KEY and/or OPENAI_API_KEY for an LLM",
        },
    google
      ? {
          what: "Google",
          using: "sign-in and Gmail connection (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET)",
        }
      : {
          what: "Google",
          using: "off",
          hint: "set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET for Google sign-in and Gmail",
        },
    connected
      ? {
          what: "mailboxes",
          using: `the IMAP/SMTP or Gmail mailbox connected in Settings (MAILBOX_PROVIDER=${env.MAILBOX_PROVIDER})`,
        }
      : {
          what: "mailboxes",
          using: "the local mailbox with simulated suppliers",
          hint: "set MAILBOX_PROVIDER=connected for the IMAP/SMTP or Gmail mailbox connected in Settings",
        },
  ];
}
