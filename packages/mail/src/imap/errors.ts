import { MailboxAuthError, MailboxError } from "../errors.js";

// Errors imapflow and Node raise when the server cannot be reached or stops answering.
const UNAVAILABLE_CODES = new Set([
  "NoConnection",
  "EConnectionClosed",
  "StateLogout",
  "ClosedAfterConnectText",
  "ClosedAfterConnectTLS",
  "CONNECT_TIMEOUT",
  "GREETING_TIMEOUT",
  "UPGRADE_TIMEOUT",
  "ETIMEOUT",
  "LockTimeout",
  "ETHROTTLE",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  // nodemailer
  "ECONNECTION",
  "ESOCKET",
  "EDNS",
]);

interface ProviderFailure {
  code?: unknown;
  authenticationFailed?: unknown;
  responseStatus?: unknown;
  responseText?: unknown;
  serverResponseCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

function asFailure(err: unknown): ProviderFailure {
  return typeof err === "object" && err !== null ? (err as ProviderFailure) : {};
}

function describe(failure: ProviderFailure): string {
  const text = failure.responseText ?? failure.response ?? failure.message;
  return typeof text === "string" ? text : "unknown error";
}

/** An imapflow failure as the port's typed error; `where` names the server and login. */
export function mapImapError(err: unknown, where: string): MailboxError {
  if (err instanceof MailboxError) return err;
  const failure = asFailure(err);
  const code = typeof failure.code === "string" ? failure.code : undefined;
  const serverCode =
    typeof failure.serverResponseCode === "string" ? failure.serverResponseCode : undefined;
  // Dovecot answers a login it could not check (auth backend down) with NO [UNAVAILABLE]:
  // the password may be right, so that is an outage, not a reason to reconnect the mailbox.
  if (serverCode === "UNAVAILABLE") {
    return new MailboxError(
      "unavailable",
      "imap",
      `IMAP server ${where} could not check the login now: ${describe(failure)}`,
      serverCode,
      undefined,
      { cause: err },
    );
  }
  if (failure.authenticationFailed === true || serverCode === "AUTHENTICATIONFAILED") {
    return new MailboxAuthError(
      "imap",
      `IMAP login refused at ${where}: check the user name and password (${describe(failure)})`,
      serverCode ?? code,
      { cause: err },
    );
  }
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) {
    return new MailboxError(
      "unavailable",
      "imap",
      `IMAP server ${where} unavailable: ${describe(failure)}`,
      code,
      undefined,
      { cause: err },
    );
  }
  if (failure.responseStatus === "NO" || failure.responseStatus === "BAD") {
    return new MailboxError(
      "invalid_request",
      "imap",
      `IMAP server ${where} refused the command: ${describe(failure)}`,
      serverCode ?? String(failure.responseStatus),
      undefined,
      { cause: err },
    );
  }
  return new MailboxError(
    "unavailable",
    "imap",
    `IMAP failure at ${where}: ${describe(failure)}`,
    code,
    undefined,
    { cause: err },
  );
}

/** A nodemailer SMTP failure as the port's typed error. */
export function mapSmtpError(err: unknown, where: string): MailboxError {
  if (err instanceof MailboxError) return err;
  const failure = asFailure(err);
  const code = typeof failure.code === "string" ? failure.code : undefined;
  const status = typeof failure.responseCode === "number" ? failure.responseCode : undefined;
  if (code === "EAUTH" || status === 535) {
    return new MailboxAuthError(
      "smtp",
      `SMTP login refused at ${where}: check the user name and password (${describe(failure)})`,
      code ?? status,
      { cause: err },
    );
  }
  // A 5xx on the envelope or data is permanent (bad recipient, rejected content); 4xx is not.
  if (status !== undefined && status >= 500) {
    return new MailboxError(
      "invalid_request",
      "smtp",
      `SMTP server ${where} rejected the message: ${describe(failure)}`,
      status,
      undefined,
      { cause: err },
    );
  }
  return new MailboxError(
    "unavailable",
    "smtp",
    `SMTP server ${where} unavailable: ${describe(failure)}`,
    code ?? status,
    undefined,
    { cause: err },
  );
}
