"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { disconnectGmailAction, disconnectImapAction } from "../../server/actions/settings";
import { Button } from "../ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "../ui/dialog";

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
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const what = kind === "gmail" ? "Gmail" : "the mailbox";
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">Disconnect</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Disconnect {address}?</DialogTitle>
          <DialogDescription>
            {kind === "gmail"
              ? "PO Pro's access is revoked at Google and the stored token deleted. The agent stops reading and sending mail until you connect again."
              : "The stored password is deleted. The agent stops reading and sending mail until you connect again."}
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost">Cancel</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const action = kind === "gmail" ? disconnectGmailAction : disconnectImapAction;
                const result = await action({ id });
                if (result.ok) {
                  if (result.value !== null && !result.value.revokedAtGoogle) {
                    toast.warning(
                      "Disconnected, but PO Pro could not revoke its access at Google: remove it under Security → Third-party access in your Google Account.",
                    );
                  } else {
                    toast.success(`Disconnected ${what}.`);
                  }
                  setOpen(false);
                  router.refresh();
                } else {
                  toast.error(result.message);
                }
              })
            }
          >
            {pending ? "Disconnecting…" : "Disconnect"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
