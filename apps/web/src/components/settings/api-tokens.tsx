"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Copy } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { type ApiTokenFormInput, apiTokenForm } from "../../forms/api-token-form";
import { createApiTokenAction, revokeApiTokenAction } from "../../server/actions/settings";
import { ConfirmButton } from "../confirm-button";
import { RelativeTime } from "../relative-time";
import { Alert, AlertDescription, AlertTitle } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "../ui/form";
import { Input } from "../ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Create a token (shown once), list them, revoke one. */
export function ApiTokens({ tokens }: { tokens: ApiTokenRow[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [creating, startCreating] = useTransition();
  const form = useForm<ApiTokenFormInput>({
    resolver: zodResolver(apiTokenForm),
    defaultValues: { name: "" },
  });

  function create(values: ApiTokenFormInput) {
    startCreating(async () => {
      const result = await createApiTokenAction(values);
      if (result.ok) {
        setCreated({ name: result.value.summary.name, token: result.value.token });
        form.reset();
        router.refresh();
        return;
      }
      const message = result.fieldErrors?.name;
      if (message) form.setError("name", { message });
      else toast.error(result.message);
    });
  }

  return (
    <div className="grid gap-4">
      <Form {...form}>
        <form
          onSubmit={form.handleSubmit(create)}
          noValidate
          className="flex flex-wrap items-start gap-2"
        >
          <FormField
            control={form.control}
            name="name"
            render={({ field }) => (
              <FormItem className="w-full sm:w-72">
                <FormLabel>Token name</FormLabel>
                <FormControl>
                  <Input placeholder="ERP sync" {...field} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <Button type="submit" className="sm:mt-[1.375rem]" disabled={creating}>
            {creating ? "Creating…" : "Create token"}
          </Button>
        </form>
      </Form>

      {created && <NewToken {...created} onDone={() => setCreated(undefined)} />}

      {tokens.length === 0 ? (
        <p className="text-sm text-muted-foreground">No API tokens yet.</p>
      ) : (
        <Table aria-label="API tokens">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Token</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last used</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tokens.map((token) => (
              <TableRow key={token.id}>
                <TableCell className="font-medium">{token.name}</TableCell>
                <TableCell>
                  <code className="text-xs">{token.prefix}…</code>
                </TableCell>
                <TableCell>
                  <RelativeTime date={token.createdAt} />
                </TableCell>
                <TableCell>
                  {token.lastUsedAt ? <RelativeTime date={token.lastUsedAt} /> : "Never"}
                </TableCell>
                <TableCell>
                  {token.revokedAt ? (
                    <Badge variant="secondary">
                      Revoked <RelativeTime date={token.revokedAt} />
                    </Badge>
                  ) : (
                    <Badge variant="success">Active</Badge>
                  )}
                </TableCell>
                <TableCell className="text-right">
                  {token.revokedAt === null && <RevokeButton token={token} />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function NewToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  return (
    <Alert role="status">
      <AlertTitle>Copy the token “{name}” now: it is not shown again.</AlertTitle>
      <AlertDescription className="grid gap-2">
        <div className="flex w-full flex-wrap items-center gap-2">
          <label htmlFor="new-api-token" className="sr-only">
            New API token
          </label>
          <Input
            id="new-api-token"
            readOnly
            value={token}
            className="min-w-0 flex-1 font-mono text-xs"
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button
            type="button"
            variant="outline"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(token);
                toast.success("Token copied.");
              } catch {
                toast.error("Copying was blocked: select the token and copy it.");
              }
            }}
          >
            <Copy aria-hidden /> Copy
          </Button>
          <Button type="button" variant="ghost" onClick={onDone}>
            Done
          </Button>
        </div>
        <p>
          Send it as <code>Authorization: Bearer …</code> to <code>/api/orders</code>.
        </p>
      </AlertDescription>
    </Alert>
  );
}

function RevokeButton({ token }: { token: ApiTokenRow }) {
  return (
    <ConfirmButton
      trigger={
        <Button variant="outline" size="sm" aria-label={`Revoke ${token.name}`}>
          Revoke
        </Button>
      }
      title={`Revoke “${token.name}”?`}
      description="Anything using this token is refused from now on. This cannot be undone; create a new token to restore access."
      confirmLabel="Revoke token"
      pendingLabel="Revoking…"
      destructive
      onConfirm={async () => {
        const result = await revokeApiTokenAction({ id: token.id });
        if (!result.ok) {
          toast.error(result.message);
          return false;
        }
        toast.success(`Revoked “${token.name}”.`);
        return true;
      }}
    />
  );
}
