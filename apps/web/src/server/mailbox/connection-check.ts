/**
 * "Test and save" for an IMAP/SMTP mailbox: log in to both before anything is stored, and say in
 * one plain sentence what went wrong — the password, the host, or TLS — at the field to fix.
 */
import "server-only";
import { MailboxAuthError, MailboxError } from "@po-pro/mail";
import { createImapMailbox, verifySmtp } from "@po-pro/mail/imap";
import type { FieldErrors } from "../../forms/fields";
import type { ImapFormOutput } from "../../forms/imap-form";
import { addressList, internalAddressOf } from "./private-hosts";

const TIMEOUTS = { connectMs: 10_000, greetingMs: 10_000, socketMs: 20_000 };

export type ConnectionCheck =
  | { ok: true }
  | { ok: false; message: string; fieldErrors: FieldErrors };

const TLS_CODE = /^(ERR_SSL|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/;
const NO_HOST = new Set(["ENOTFOUND", "EAI_AGAIN", "EDNS"]);

/** Every `code` and message along an error's cause chain. */
function causes(error: unknown): { codes: string[]; text: string } {
  const codes: string[] = [];
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === "string") codes.push(code);
    if (typeof message === "string") texts.push(message);
    current = cause;
  }
  return { codes, text: texts.join(" ") };
}

type Failure = "auth" | "tls" | "no_host" | "unreachable" | "no_greeting" | "other";

function kindOf(error: unknown): Failure {
  if (error instanceof MailboxAuthError) return "auth";
  const { codes, text } = causes(error);
  if (
    codes.some((code) => TLS_CODE.test(code)) ||
    /\b(ssl|tls)\b|certificate|wrong version number/i.test(text)
  ) {
    return "tls";
  }
  if (codes.some((code) => NO_HOST.has(code))) return "no_host";
  if (codes.some((code) => code === "GREETING_TIMEOUT" || code === "ClosedAfterConnectText")) {
    return "no_greeting";
  }
  if (error instanceof MailboxError && error.kind === "unavailable") return "unreachable";
  return "other";
}

function explain(
  protocol: "IMAP" | "SMTP",
  host: string,
  port: number,
  error: unknown,
): { message: string; field: string } {
  const prefix = protocol === "IMAP" ? "imap" : "smtp";
  switch (kindOf(error)) {
    case "auth":
      return {
        field: "password",
        message: `The ${protocol} server refused this user name and password.`,
      };
    case "tls":
      return {
        field: `${prefix}Port`,
        message: `A secure (TLS) connection to ${host}:${port} failed. Check the port and the TLS setting: ${protocol === "IMAP" ? "993 uses TLS, 143 does not" : "465 uses TLS, 587 and 25 do not"}.`,
      };
    case "no_host":
      return {
        field: `${prefix}Host`,
        message: `No server named ${host} was found. Check the host name.`,
      };
    case "no_greeting":
      return {
        field: `${prefix}Port`,
        message: `${host}:${port} did not answer as an ${protocol} server. Check the port and the TLS setting.`,
      };
    case "unreachable":
      return {
        field: `${prefix}Host`,
        message: `Could not reach ${host} on port ${port}. Check the host and port.`,
      };
    default:
      return {
        field: `${prefix}Host`,
        message: `The ${protocol} server at ${host}:${port} answered with an error: ${error instanceof Error ? error.message : String(error)}`,
      };
  }
}

/** A host on the dashboard's own network, refused unless the deployment allows it. */
async function refuseInternal(
  form: ImapFormOutput,
  allowed: readonly string[],
): Promise<ConnectionCheck | undefined> {
  const list = addressList(allowed);
  for (const [field, host] of [
    ["imapHost", form.imapHost],
    ["smtpHost", form.smtpHost],
  ] as const) {
    const address = await internalAddressOf(host, list);
    if (address !== undefined) {
      const message = `${host} is on a private network (${address}). Enter your mail provider's public server name.`;
      return { ok: false, message, fieldErrors: { [field]: message } };
    }
  }
  return undefined;
}

/**
 * Logs in over IMAP (opening the inbox) and over SMTP; nothing is sent or stored. Hosts on an
 * internal address are refused first, but for the ones `privateHosts` lists (MAILBOX_PRIVATE_HOSTS).
 */
export async function checkMailboxConnection(
  form: ImapFormOutput,
  options: { privateHosts: readonly string[] },
): Promise<ConnectionCheck> {
  const refused = await refuseInternal(form, options.privateHosts);
  if (refused !== undefined) return refused;
  const auth = { user: form.username, pass: form.password };
  const mailbox = createImapMailbox({
    imap: { host: form.imapHost, port: form.imapPort, secure: form.imapSecure, auth },
    smtp: { host: form.smtpHost, port: form.smtpPort, secure: form.smtpSecure, auth },
    address: form.emailAddress,
    timeouts: TIMEOUTS,
    maxMessagesPerListing: 1,
    resyncDays: 1,
  });
  try {
    await mailbox.listNew(undefined);
  } catch (error) {
    const { field, message } = explain("IMAP", form.imapHost, form.imapPort, error);
    return { ok: false, message, fieldErrors: { [field]: message } };
  }
  try {
    await verifySmtp(
      { host: form.smtpHost, port: form.smtpPort, secure: form.smtpSecure, auth },
      TIMEOUTS,
    );
  } catch (error) {
    const { field, message } = explain("SMTP", form.smtpHost, form.smtpPort, error);
    return { ok: false, message, fieldErrors: { [field]: message } };
  }
  return { ok: true };
}
