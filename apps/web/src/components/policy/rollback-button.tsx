"use client";

import { toast } from "sonner";
import { rollbackPolicyAction } from "../../server/actions/policy";
import { ConfirmButton } from "../confirm-button";
import { Button } from "../ui/button";

/** Saves version `version`'s rules again as the newest, active version, after a confirmation. */
export function RollbackButton({ version, next }: { version: number; next: number }) {
  return (
    <ConfirmButton
      trigger={
        <Button variant="outline" size="sm">
          Roll back to this version
        </Button>
      }
      title={`Roll back to version ${version}?`}
      description={`Its rules are saved again as version ${next} and the agent decides new replies with them. Past decisions keep the version they were made under.`}
      confirmLabel={`Roll back to version ${version}`}
      pendingLabel="Rolling back…"
      onConfirm={async () => {
        const result = await rollbackPolicyAction({ version });
        if (!result.ok) {
          toast.error(result.message);
          return false;
        }
        toast.success(
          `Rolled back: version ${result.value.version} has version ${version}'s rules.`,
        );
        return true;
      }}
    />
  );
}
