import { describe, expect, it } from "vitest";
import { MailboxAuthError } from "../errors.js";
import { mapImapError, mapSmtpError } from "./errors.js";

const where = "imap.example:993 (user buyer@shop.example)";

describe("mapImapError", () => {
  it("treats Dovecot's NO [UNAVAILABLE] login answer as an outage, not a bad password", () => {
    // The shape imapflow raised when Dovecot's auth process could not read its user database.
    const err = mapImapError(
      {
        responseStatus: "NO",
        responseText: "Temporary authentication failure.",
        serverResponseCode: "UNAVAILABLE",
        authenticationFailed: true,
      },
      where,
    );
    expect(err).not.toBeInstanceOf(MailboxAuthError);
    expect(err.kind).toBe("unavailable");
  });

  it("maps AUTHENTICATIONFAILED to MailboxAuthError naming the login", () => {
    const err = mapImapError(
      {
        responseStatus: "NO",
        serverResponseCode: "AUTHENTICATIONFAILED",
        authenticationFailed: true,
      },
      where,
    );
    expect(err).toBeInstanceOf(MailboxAuthError);
    expect(err.message).toContain("buyer@shop.example");
  });

  it("maps a refused command to invalid_request and a socket timeout to unavailable", () => {
    expect(
      mapImapError({ responseStatus: "NO", responseText: "Mailbox doesn't exist" }, where).kind,
    ).toBe("invalid_request");
    expect(mapImapError({ code: "ETIMEOUT", message: "Socket timeout" }, where).kind).toBe(
      "unavailable",
    );
  });
});

describe("mapSmtpError", () => {
  it("maps EAUTH to MailboxAuthError, 5xx to invalid_request and 4xx to unavailable", () => {
    expect(mapSmtpError({ code: "EAUTH", responseCode: 535 }, "smtp:587")).toBeInstanceOf(
      MailboxAuthError,
    );
    expect(mapSmtpError({ code: "EENVELOPE", responseCode: 550 }, "smtp:587").kind).toBe(
      "invalid_request",
    );
    const later = mapSmtpError({ code: "EENVELOPE", responseCode: 451 }, "smtp:587");
    expect(later.kind).toBe("unavailable");
    expect(later.retryable).toBe(true);
  });
});
