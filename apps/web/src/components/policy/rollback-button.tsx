"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { rollbackPolicyAction } from "../../server/actions/policy";
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

/** Saves version `version`'s rules again as the newest, active version, after a confirmation. */
export function RollbackButton({ version, next }: { version: number; next: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Roll back to this version
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Roll back to version {version}?</DialogTitle>
          <DialogDescription>
            Its rules are saved again as version {next} and the agent decides new replies with them.
            Past decisions keep the version they were made under.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await rollbackPolicyAction({ version });
                if (!result.ok) {
                  toast.error(result.message);
                  return;
                }
                setOpen(false);
                toast.success(
                  `Rolled back: version ${result.value.version} has version ${version}'s rules.`,
                );
                router.refresh();
              })
            }
          >
            {pending ? "Rolling back…" : `Roll back to version ${version}`}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
