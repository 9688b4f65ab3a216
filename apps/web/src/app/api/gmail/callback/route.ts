import { saveGmailConnection } from "@po-pro/db";
import { MailboxAuthError } from "@po-pro/mail";
import { exchangeCode } from "@po-pro/mail/gmail";
import { gmailTokenContext } from "@po-pro/mail/secrets";
import { merchantOfRequest } from "../../../../server/auth/session";
import { gmailOAuthConfig, mailboxCipher } from "../../../../server/mailbox/credentials";
import { gmailAddressOf } from "../../../../server/mailbox/google";
import { callbackStateMatches } from "../../../../server/mailbox/oauth-state";
import { settingsRedirect } from "../../../../server/mailbox/settings-redirect";
import { getServices } from "../../../../server/services";

/**
 * Google sends the merchant back here. Nothing is stored unless the state matches the one this
 * browser was given for this same merchant, and Google grants both scopes with a refresh token.
 */
export async function GET(request: Request): Promise<Response> {
  const me = await merchantOfRequest(request);
  if (me === undefined) return Response.redirect(new URL("/sign-in", request.url), 303);
  const params = new URL(request.url).searchParams;
  if (!callbackStateMatches(request, params.get("state"), me.merchantId)) {
    return settingsRedirect("state");
  }
  if (params.get("error") !== null) return settingsRedirect("denied");
  const code = params.get("code");
  if (!code) return settingsRedirect("failed");
  const config = gmailOAuthConfig();
  if (config === undefined) return settingsRedirect("not_configured");
  const cipher = mailboxCipher();
  if (cipher === undefined) return settingsRedirect("no_keys");

  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  let address: string;
  try {
    tokens = await exchangeCode({
      code,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUri: config.redirectUri,
      ...(config.tokenUrl !== undefined ? { tokenUrl: config.tokenUrl } : {}),
    });
    address = await gmailAddressOf(config, tokens);
  } catch (error) {
    if (error instanceof MailboxAuthError && error.code === "insufficient_scope") {
      return settingsRedirect("scopes");
    }
    console.error("[gmail] connect failed:", error instanceof Error ? error.message : error);
    return settingsRedirect("failed");
  }
  const { db } = await getServices();
  await saveGmailConnection(db, me.merchantId, {
    emailAddress: address,
    encryptedRefreshToken: cipher.encrypt(tokens.refreshToken, gmailTokenContext(me.merchantId)),
    scopes: [...tokens.scopes],
  });
  return settingsRedirect("connected");
}
