"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "../../../components/ui/button";
import { Input } from "../../../components/ui/input";
import { Label } from "../../../components/ui/label";
import { attachReplyAction } from "../../../server/actions/unmatched";

export function AttachForm({ emailId }: { emailId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const inputId = `attach-${emailId}`;
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      action={(form) =>
        startTransition(async () => {
          const result = await attachReplyAction({ emailId, poNumber: form.get("poNumber") });
          if (result.ok) {
            toast.success("Attached. The agent is reading the reply now.");
            router.push(`/orders/${result.value.orderId}`);
            return;
          }
          setError(result.fieldErrors?.poNumber ?? result.message);
        })
      }
    >
      <div className="grid gap-1.5">
        <Label htmlFor={inputId}>Attach to order</Label>
        <Input
          id={inputId}
          name="poNumber"
          placeholder="PO-1042"
          className="w-48"
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
        />
      </div>
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? "Attaching…" : "Attach"}
      </Button>
      {error && (
        <p id={`${inputId}-error`} role="alert" className="basis-full text-sm text-destructive">
          {error}
        </p>
      )}
    </form>
  );
}
