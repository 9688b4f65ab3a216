/**
 * The associated data each stored mailbox secret is encrypted with, one string per kind and
 * merchant: a ciphertext copied to another merchant's row (or from a Gmail token to an IMAP
 * password) does not decrypt. The dashboard encrypts with these and the worker decrypts with them.
 */
export function gmailTokenContext(merchantId: string): string {
  return `gmail:${merchantId}`;
}

export function imapPasswordContext(merchantId: string): string {
  return `imap:${merchantId}`;
}
