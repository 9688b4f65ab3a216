import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailboxAuthError, MailboxError } from "../../src/errors.js";
import { verifySmtp } from "../../src/imap/mailbox.js";
import { freePort, type MailAccount, startMailServer, type TestMailServer } from "./mail-server.js";

const MERCHANT: MailAccount = { user: "merchant@shop.test", pass: "merchant-secret" };
const TIMEOUTS = { connectMs: 3_000, greetingMs: 3_000, socketMs: 5_000 };

let server: TestMailServer;

beforeAll(async () => {
  server = await startMailServer([MERCHANT]);
});

afterAll(async () => {
  await server?.stop();
});

const smtp = (auth: MailAccount, port = server.smtpPort) => ({
  host: server.host,
  port,
  secure: false,
  auth,
});

describe("verifySmtp", () => {
  it("logs in and sends nothing", async () => {
    const before = server.received.length;
    await expect(verifySmtp(smtp(MERCHANT), TIMEOUTS)).resolves.toBeUndefined();
    expect(server.received.length).toBe(before);
  });

  it("says a refused login is the password", async () => {
    const error = await verifySmtp(smtp({ ...MERCHANT, pass: "wrong" }), TIMEOUTS).catch((e) => e);
    expect(error).toBeInstanceOf(MailboxAuthError);
    expect((error as MailboxError).provider).toBe("smtp");
    expect(String(error.message)).not.toContain("wrong");
  });

  it("says a closed port is unavailable", async () => {
    const closed = await freePort();
    const error = await verifySmtp(smtp(MERCHANT, closed), TIMEOUTS).catch((e) => e);
    expect(error).toBeInstanceOf(MailboxError);
    expect(error).not.toBeInstanceOf(MailboxAuthError);
    expect((error as MailboxError).kind).toBe("unavailable");
  });
});
