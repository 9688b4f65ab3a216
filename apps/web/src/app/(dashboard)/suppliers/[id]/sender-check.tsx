"use client";

import { useState, useTransition } from "react";
import { Button } from "../../../../components/ui/button";
import { cn } from "../../../../components/ui/cn";
import { Input } from "../../../../components/ui/input";
import { Label } from "../../../../components/ui/label";
import { checkSenderAction } from "../../../../server/actions/suppliers";

/**
 * "Would a reply from … be flagged?" Answered on the server by the worker's own checks (the
 * free-mail list they need is too large to send to the browser).
 */
export function SenderCheck({ supplierId }: { supplierId: string }) {
  const [answer, setAnswer] = useState<{ flagged: boolean; sentence: string }>();
  const [error, setError] = useState<string>();
  // Controlled, so the address stays in the box beside its answer (a form action resets it).
  const [address, setAddress] = useState("");
  const [pending, startTransition] = useTransition();
  const inputId = "sender-check-address";
  return (
    <form
      noValidate
      className="grid gap-2 border-t pt-4"
      action={() =>
        startTransition(async () => {
          const result = await checkSenderAction({ supplierId, address });
          if (result.ok) {
            setError(undefined);
            setAnswer(result.value);
            return;
          }
          setAnswer(undefined);
          setError(result.fieldErrors?.address ?? result.message);
        })
      }
    >
      <Label htmlFor={inputId}>Would a reply from this address be flagged?</Label>
      <div className="flex gap-2">
        <Input
          id={inputId}
          name="address"
          value={address}
          onChange={(event) => setAddress(event.target.value)}
          type="email"
          placeholder="someone@example.com"
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
        />
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Checking…" : "Check"}
        </Button>
      </div>
      {error && (
        <p id={`${inputId}-error`} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      {answer && (
        <p
          role="status"
          className={cn(
            "rounded-md p-3 text-sm",
            answer.flagged ? "bg-destructive/10 text-destructive" : "bg-success/15",
          )}
        >
          {answer.sentence}
        </p>
      )}
    </form>
  );
}
