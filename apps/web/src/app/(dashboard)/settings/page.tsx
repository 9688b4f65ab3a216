import { getGmailConnection, getImapConnection, listApiTokens } from "@po-pro/db";
import { CircleAlert, CircleCheck } from "lucide-react";
import type { Metadata } from "next";
import { ApiTokens } from "../../../components/settings/api-tokens";
import { DisconnectButton } from "../../../components/settings/disconnect-button";
import { ImapForm } from "../../../components/settings/imap-form";
import {
  LastSync,
  type MailboxStatus,
  MailboxStatusBadge,
} from "../../../components/settings/mailbox-status";
import { Alert, AlertDescription } from "../../../components/ui/alert";
import { Button } from "../../../components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../components/ui/card";
import { requireMerchant } from "../../../server/auth/session";
import {
  credentialsUnavailableReason,
  gmailUnavailableReason,
} from "../../../server/mailbox/credentials";
import { GMAIL_OUTCOMES, isGmailOutcome } from "../../../server/mailbox/settings-redirect";
import { getServices } from "../../../server/services";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireMerchant();
  const { db } = await getServices();
  const [gmail, imap, tokens, params] = await Promise.all([
    getGmailConnection(db, me.merchantId),
    getImapConnection(db, me.merchantId),
    listApiTokens(db, me.merchantId),
    searchParams,
  ]);
  const outcome = isGmailOutcome(params.gmail) ? params.gmail : undefined;
  const gmailBlocked = gmailUnavailableReason();
  const imapBlocked = credentialsUnavailableReason();
  const gmailStatus: MailboxStatus = gmail?.status ?? "none";
  const imapStatus: MailboxStatus = imap?.status ?? "none";

  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      {outcome && (
        <Alert variant={outcome === "connected" ? "default" : "destructive"} role="status">
          {outcome === "connected" ? (
            <CircleCheck aria-hidden className="text-success" />
          ) : (
            <CircleAlert aria-hidden />
          )}
          <AlertDescription>{GMAIL_OUTCOMES[outcome]}</AlertDescription>
        </Alert>
      )}

      <section aria-labelledby="mailbox-heading" className="grid gap-4">
        <h2 id="mailbox-heading" className="text-lg font-medium">
          Mailbox
        </h2>
        <p className="text-sm text-muted-foreground">
          The agent sends purchase orders and reads supplier replies through your own mailbox:
          connect Gmail, or any mailbox with IMAP and SMTP.
        </p>

        <Card role="region" aria-labelledby="gmail-heading">
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2">
              <h3 id="gmail-heading" className="text-base">
                Gmail
              </h3>
              <MailboxStatusBadge status={gmailStatus} />
            </CardTitle>
            <CardDescription>
              {gmail
                ? gmail.emailAddress
                : "Read and send mail as your Google Workspace or Gmail account."}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {gmailStatus === "needs_reauth" && (
              <p className="text-sm">
                Google no longer accepts PO Pro's access (it was revoked or expired). Reconnect to
                resume reading and sending mail.
              </p>
            )}
            {gmailStatus === "revoked" && (
              <p className="text-sm">
                Disconnected: PO Pro's access was revoked. The agent does not read or send mail
                through this account.
              </p>
            )}
            {gmail && gmailStatus !== "revoked" && (
              <LastSync lastSyncedAt={gmail.lastSyncedAt} lastError={gmail.lastError} />
            )}
            {gmailBlocked ? (
              <p className="text-sm text-muted-foreground">{gmailBlocked}</p>
            ) : (
              <div className="flex flex-wrap gap-2">
                {gmailStatus !== "connected" && (
                  <Button asChild>
                    <a href="/api/gmail/connect">
                      {gmailStatus === "none" ? "Connect Gmail" : "Reconnect Gmail"}
                    </a>
                  </Button>
                )}
                {gmail && gmailStatus !== "revoked" && (
                  <DisconnectButton kind="gmail" id={gmail.id} address={gmail.emailAddress} />
                )}
              </div>
            )}
          </CardContent>
        </Card>

        <Card role="region" aria-labelledby="imap-heading">
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2">
              <h3 id="imap-heading" className="text-base">
                IMAP and SMTP
              </h3>
              <MailboxStatusBadge status={imapStatus} />
            </CardTitle>
            <CardDescription>
              {imap && imapStatus !== "revoked"
                ? `${imap.emailAddress} · ${imap.imapHost}:${imap.imapPort} · ${imap.smtpHost}:${imap.smtpPort}`
                : "Any other mailbox. The password is tested, then stored encrypted."}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {imap && imapStatus === "needs_reauth" && (
              <p className="text-sm">
                The mail server refused the stored password. Enter it again below.
              </p>
            )}
            {imap && imapStatus !== "revoked" && (
              <div className="flex flex-wrap items-start justify-between gap-4">
                <LastSync lastSyncedAt={imap.lastSyncedAt} lastError={imap.lastError} />
                <DisconnectButton kind="imap" id={imap.id} address={imap.emailAddress} />
              </div>
            )}
            {imapBlocked ? (
              <p className="text-sm text-muted-foreground">{imapBlocked}</p>
            ) : (
              <ImapForm
                initial={
                  imap
                    ? {
                        emailAddress: imap.emailAddress,
                        imapHost: imap.imapHost,
                        imapPort: String(imap.imapPort),
                        imapSecure: imap.imapSecure,
                        smtpHost: imap.smtpHost,
                        smtpPort: String(imap.smtpPort),
                        smtpSecure: imap.smtpSecure,
                        username: imap.username,
                      }
                    : undefined
                }
              />
            )}
          </CardContent>
        </Card>
      </section>

      <section aria-labelledby="tokens-heading" className="grid gap-4">
        <h2 id="tokens-heading" className="text-lg font-medium">
          API tokens
        </h2>
        <Card>
          <CardHeader>
            <CardDescription>
              For your own scripts and systems: a token reads this account's orders from{" "}
              <code>/api/orders</code>. Only a hash is stored; revoke a token you no longer use.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ApiTokens tokens={tokens} />
          </CardContent>
        </Card>
      </section>
    </div>
  );
}
