import { EnvError } from "@po-pro/env";
import { describe, expect, it } from "vitest";
import { readWorkerEnv } from "./env.js";

const KEYS = `k1:${Buffer.alloc(32, 1).toString("base64")}`;

function problemsOf(env: Record<string, string>): string[] {
  try {
    readWorkerEnv(env);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.variables;
    throw error;
  }
}

describe("MAILBOX_PROVIDER=connected", () => {
  it("needs MAIL_TOKEN_KEYS to read the stored mailbox passwords", () => {
    expect(problemsOf({ MAILBOX_PROVIDER: "connected" })).toEqual(["MAIL_TOKEN_KEYS"]);
  });

  it("takes Gmail's OAuth client whole or not at all", () => {
    expect(
      problemsOf({ MAILBOX_PROVIDER: "connected", MAIL_TOKEN_KEYS: KEYS, GOOGLE_CLIENT_ID: "id" }),
    ).toEqual(["GOOGLE_CLIENT_SECRET"]);
  });

  it("runs IMAP only with the keys, or Gmail and IMAP with the client too", () => {
    expect(problemsOf({ MAILBOX_PROVIDER: "connected", MAIL_TOKEN_KEYS: KEYS })).toEqual([]);
    expect(
      problemsOf({
        MAILBOX_PROVIDER: "connected",
        MAIL_TOKEN_KEYS: KEYS,
        GOOGLE_CLIENT_ID: "id",
        GOOGLE_CLIENT_SECRET: "secret",
      }),
    ).toEqual([]);
  });
});
