import { describe, expect, it } from "vitest";
import { apiTokenForm } from "./api-token-form";
import { fieldErrorsOf } from "./fields";
import { IMAP_FORM_DEFAULTS, imapForm } from "./imap-form";

const filled = {
  ...IMAP_FORM_DEFAULTS,
  emailAddress: " Orders@Shop.Example ",
  imapHost: "IMAP.shop.example",
  smtpHost: "smtp.shop.example",
  username: "orders@shop.example",
  password: " secret with spaces ",
};

function errorsOf(input: unknown) {
  const parsed = imapForm.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("the IMAP/SMTP form", () => {
  it("normalises the address and hosts, reads ports as numbers and keeps the password as typed", () => {
    expect(imapForm.parse(filled)).toEqual({
      emailAddress: "orders@shop.example",
      imapHost: "imap.shop.example",
      imapPort: 993,
      imapSecure: true,
      smtpHost: "smtp.shop.example",
      smtpPort: 465,
      smtpSecure: true,
      username: "orders@shop.example",
      password: " secret with spaces ",
    });
  });

  it("says in a sentence what is wrong with each field", () => {
    expect(errorsOf(IMAP_FORM_DEFAULTS)).toEqual({
      emailAddress: "Enter the mailbox's email address.",
      imapHost: "Enter the IMAP server, such as imap.example.com.",
      smtpHost: "Enter the SMTP server, such as smtp.example.com.",
      username: "Enter the user name the mail server expects (often the email address).",
      password: "Enter the mailbox password (or an app password).",
    });
    expect(
      errorsOf({ ...filled, imapHost: "https://imap.shop.example/", smtpPort: "70000" }),
    ).toEqual({
      imapHost: "Enter only the server's name, such as imap.example.com.",
      smtpPort: "A port is between 1 and 65535.",
    });
    expect(errorsOf({ ...filled, imapPort: "99x" }).imapPort).toBe(
      "Enter a port number, such as 993.",
    );
    expect(errorsOf({ ...filled, smtpHost: "smtp.shop.example:587" }).smtpHost).toBe(
      "Enter only the server's name, such as smtp.example.com.",
    );
  });

  it("accepts an IP address as the host", () => {
    expect(imapForm.parse({ ...filled, imapHost: "127.0.0.1", imapPort: "1143" }).imapHost).toBe(
      "127.0.0.1",
    );
  });
});

describe("the API token form", () => {
  it("needs a name of at most 60 characters", () => {
    expect(apiTokenForm.parse({ name: "  ERP sync " })).toEqual({ name: "ERP sync" });
    expect(apiTokenForm.safeParse({ name: "  " }).error?.issues[0]?.message).toBe(
      "Name the token after what will use it, such as ERP sync.",
    );
    expect(apiTokenForm.safeParse({ name: "x".repeat(61) }).success).toBe(false);
  });
});
