import { describe, expect, it } from "vitest";
import { realServiceChoices } from "./real-services";

describe("realServiceChoices", () => {
  it("names the local stand-ins, and how to switch each, when nothing is set", () => {
    const lines = realServiceChoices({}).map((c) => `${c.what}: ${c.using} (${c.hint})`);
    expect(lines).toEqual([
      expect.stringContaining("embedded PGlite"),
      expect.stringContaining("Spotlight"),
      expect.stringContaining("keyless"),
      expect.stringContaining("GOOGLE_CLIENT_ID"),
      expect.stringContaining("MAILBOX_PROVIDER=connected"),
    ]);
  });

  it("names every real service in use by its variable, never by its value", () => {
    const env = {
      DATABASE_URL: "postgres://app:db-secret@db.internal/po",
      SENTRY_DSN: "https://dsn-secret@o1.ingest.sentry.io/1",
      ANTHROPIC_API_KEY: "sk-ant-secret",
      OPENAI_API_KEY: "sk-openai-secret",
      GOOGLE_CLIENT_ID: "client-id-secret",
      GOOGLE_CLIENT_SECRET: "client-secret",
      MAILBOX_PROVIDER: "connected",
    };
    const choices = realServiceChoices(env);
    const text = JSON.stringify(choices);
    for (const [name, value] of Object.entries(env)) {
      if (name !== "MAILBOX_PROVIDER") expect(text).not.toContain(value);
      expect(text).toContain(name);
    }
    expect(choices.every((choice) => choice.hint === undefined)).toBe(true);
  });

  it("takes a blank variable as unset", () => {
    expect(realServiceChoices({ SENTRY_DSN: "  " })[1]?.using).toContain("Spotlight");
  });
});
