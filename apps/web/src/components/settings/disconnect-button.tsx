"use client";

import { toast } from "sonner";
import { disconnectGmailAction, disconnectImapAction } from "../../server/actions/settings";
import { ConfirmButton } from "../confirm-button";
import { Button } from "../ui/button";

/** Disconnect a mailbox, after a confirmation that says what happens. */
export function DisconnectButton({
  kind,
  id,
  address,
}: {
  kind: "gmail" | "imap";
  id: string;
  address: string;
}) {
  const what = kind === "gmail" ? "Gmail" : "the mailbox";
  return (
    <ConfirmButton
      trigger={<Button variant="outline">Disconnect</Button>}
      title={`Disconnect ${address}?`}
      description={
        kind === "gmail"
          ? "PO Pro's access is revoked at Google and the stored token deleted. The agent stops reading and sending mail until you connect again."
          : "The stored password is deleted. The agent stops reading and sending mail until you connect again."
      }
      confirmLabel="Disconnect"
      pendingLabel="Disconnecting…"
      destructive
      onConfirm={async () => {
        const action = kind === "gmail" ? disconnectGmailAction : disconnectImapAction;
        const result = await action({ id });
        if (!result.ok) {
          toast.error(result.message);
          return false;
        }
        if (result.value !== null && !result.value.revokedAtGoogle) {
          toast.warning(
            "Disconnected, but PO Pro could not revoke its access at Google: remove it under Security → Third-party access in your Google Account.",
          );
        } else {
          toast.success(`Disconnected ${what}.`);
        }
        return true;
      }}
    />
  );
}
