"use server";

import {
  type ApiTokenSummary,
  createApiToken,
  disconnectImapConnection,
  getGmailConnection,
  getImapConnection,
  markGmailRevoked,
  NotFoundError,
  parseId,
  revokeApiToken,
  saveImapConnection,
} from "@po-pro/db";
import { gmailTokenContext, imapPasswordContext, TokenCipherError } from "@po-pro/mail/secrets";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { env } from "../../env";
import { apiTokenForm } from "../../forms/api-token-form";
import type { ActionResult } from "../../forms/fields";
import { imapForm } from "../../forms/imap-form";
import { checkMailboxConnection } from "../mailbox/connection-check";
import { gmailOAuthConfig, mailboxCipher } from "../mailbox/credentials";
import { revokeGoogleToken } from "../mailbox/google";
import { NOT_FOUND, runAction } from "./run-action";

const byId = z.object({ id: z.uuid() });

/**
 * Disconnects Gmail: the grant is revoked at Google first, then the connection is marked revoked
 * and its token dropped. When Google cannot be reached nothing changes, so the merchant can retry.
 */
export async function disconnectGmailAction(
  input: unknown,
): Promise<ActionResult<{ revokedAtGoogle: boolean }>> {
  return runAction("disconnectGmail", byId, input, async ({ db, me, input: { id } }) => {
    const connection = await getGmailConnection(db, me.merchantId);
    if (connection === undefined || connection.id !== id) return NOT_FOUND;
    let revokedAtGoogle = false;
    const config = gmailOAuthConfig();
    const cipher = mailboxCipher();
    if (connection.status !== "revoked" && connection.encryptedRefreshToken !== "") {
      let token: string | undefined;
      try {
        token = cipher?.decrypt(connection.encryptedRefreshToken, gmailTokenContext(me.merchantId));
      } catch (error) {
        // A token this server can no longer read cannot be revoked here; it is dropped anyway.
        if (!(error instanceof TokenCipherError)) throw error;
      }
      if (token !== undefined && config !== undefined) {
        try {
          await revokeGoogleToken(config, token);
          revokedAtGoogle = true;
        } catch {
          return {
            ok: false,
            message: "Google could not be reached to revoke access. Nothing changed; try again.",
          };
        }
      }
    }
    try {
      await markGmailRevoked(db, me.merchantId, parseId("gmail_connection", id));
    } catch (error) {
      if (error instanceof NotFoundError) return NOT_FOUND;
      throw error;
    }
    revalidatePath("/settings");
    return { ok: true, value: { revokedAtGoogle } };
  });
}

/** "Test and save": logs in over IMAP and SMTP, and stores the settings only if both work. */
export async function saveImapAction(
  input: unknown,
): Promise<ActionResult<{ emailAddress: string }>> {
  return runAction("saveImap", imapForm, input, async ({ db, me, input: form }) => {
    const cipher = mailboxCipher();
    if (cipher === undefined) {
      return {
        ok: false,
        message: "The server needs MAIL_TOKEN_KEYS to store mailbox credentials.",
      };
    }
    const check = await checkMailboxConnection(form, {
      privateHosts: env().web.MAILBOX_PRIVATE_HOSTS,
    });
    if (!check.ok) return { ok: false, message: check.message, fieldErrors: check.fieldErrors };
    const { password, ...settings } = form;
    await saveImapConnection(db, me.merchantId, {
      ...settings,
      encryptedPassword: cipher.encrypt(password, imapPasswordContext(me.merchantId)),
    });
    revalidatePath("/settings");
    return { ok: true, value: { emailAddress: form.emailAddress } };
  });
}

export async function disconnectImapAction(input: unknown): Promise<ActionResult<null>> {
  return runAction("disconnectImap", byId, input, async ({ db, me, input: { id } }) => {
    const connection = await getImapConnection(db, me.merchantId);
    if (connection === undefined || connection.id !== id) return NOT_FOUND;
    try {
      await disconnectImapConnection(db, me.merchantId, parseId("imap_connection", id));
    } catch (error) {
      if (error instanceof NotFoundError) return NOT_FOUND;
      throw error;
    }
    revalidatePath("/settings");
    return { ok: true, value: null };
  });
}

/** A new API token; the token itself is in this answer only (the database keeps its hash). */
export async function createApiTokenAction(
  input: unknown,
): Promise<ActionResult<{ token: string; summary: ApiTokenSummary }>> {
  return runAction("createApiToken", apiTokenForm, input, async ({ db, me, input: form }) => {
    const created = await createApiToken(db, me.merchantId, {
      name: form.name,
      createdBy: me.userId,
    });
    revalidatePath("/settings");
    return { ok: true, value: created };
  });
}

export async function revokeApiTokenAction(input: unknown): Promise<ActionResult<null>> {
  return runAction("revokeApiToken", byId, input, async ({ db, me, input: { id } }) => {
    try {
      await revokeApiToken(db, me.merchantId, parseId("api_token", id));
    } catch (error) {
      if (error instanceof NotFoundError) return NOT_FOUND;
      throw error;
    }
    revalidatePath("/settings");
    return { ok: true, value: null };
  });
}
