"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { showFieldErrors } from "../../forms/fields";
import {
  IMAP_FORM_DEFAULTS,
  type ImapFormInput,
  type ImapFormOutput,
  imapForm,
} from "../../forms/imap-form";
import { saveImapAction } from "../../server/actions/settings";
import { Alert, AlertDescription } from "../ui/alert";
import { Button } from "../ui/button";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "../ui/form";
import { Input } from "../ui/input";

type ImapFormApi = ReturnType<typeof useForm<ImapFormInput, unknown, ImapFormOutput>>;

/** Mailbox settings; "Test and save" logs in over IMAP and SMTP before anything is stored. */
export function ImapForm({ initial }: { initial?: Partial<ImapFormInput> }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string>();
  const [testing, startTesting] = useTransition();
  const form = useForm<ImapFormInput, unknown, ImapFormOutput>({
    resolver: zodResolver(imapForm),
    mode: "onTouched",
    defaultValues: { ...IMAP_FORM_DEFAULTS, ...initial, password: "" },
  });

  function submit() {
    setProblem(undefined);
    startTesting(async () => {
      const result = await saveImapAction(form.getValues());
      if (result.ok) {
        toast.success(`Connected ${result.value.emailAddress}.`);
        form.resetField("password");
        router.refresh();
        return;
      }
      // A problem at a field is said there; the alert is for the rest.
      if (showFieldErrors(form.setError, result, { shouldFocus: true }) === 0) {
        setProblem(result.message);
      }
    });
  }

  return (
    <Form {...form}>
      <form
        onSubmit={form.handleSubmit(submit)}
        noValidate
        className="grid gap-4"
        aria-label="IMAP and SMTP mailbox"
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            form={form}
            name="emailAddress"
            label="Email address"
            type="email"
            autoComplete="email"
          />
          <Field form={form} name="username" label="User name" autoComplete="username" />
        </div>
        <fieldset className="grid gap-3 sm:grid-cols-[1fr_7rem_auto] sm:items-start">
          <legend className="mb-2 text-sm font-medium">Incoming mail (IMAP)</legend>
          <Field form={form} name="imapHost" label="IMAP server" placeholder="imap.example.com" />
          <Field form={form} name="imapPort" label="IMAP port" inputMode="numeric" />
          <TlsField form={form} name="imapSecure" label="IMAP with TLS" />
        </fieldset>
        <fieldset className="grid gap-3 sm:grid-cols-[1fr_7rem_auto] sm:items-start">
          <legend className="mb-2 text-sm font-medium">Outgoing mail (SMTP)</legend>
          <Field form={form} name="smtpHost" label="SMTP server" placeholder="smtp.example.com" />
          <Field form={form} name="smtpPort" label="SMTP port" inputMode="numeric" />
          <TlsField form={form} name="smtpSecure" label="SMTP with TLS" />
        </fieldset>
        <div className="sm:max-w-sm">
          <Field
            form={form}
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
          />
        </div>
        {problem && (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{problem}</AlertDescription>
          </Alert>
        )}
        <div>
          <Button type="submit" disabled={testing}>
            {testing ? "Testing the connection…" : "Test and save"}
          </Button>
        </div>
      </form>
    </Form>
  );
}

function Field({
  form,
  name,
  label,
  ...input
}: {
  form: ImapFormApi;
  name:
    | "emailAddress"
    | "username"
    | "imapHost"
    | "imapPort"
    | "smtpHost"
    | "smtpPort"
    | "password";
  label: string;
} & Omit<React.ComponentProps<typeof Input>, "form" | "name">) {
  return (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input {...input} {...field} />
          </FormControl>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

function TlsField({
  form,
  name,
  label,
}: {
  form: ImapFormApi;
  name: "imapSecure" | "smtpSecure";
  label: string;
}) {
  return (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem className="sm:mt-6">
          <div className="flex h-9 items-center gap-2">
            <FormControl>
              <input
                type="checkbox"
                className="size-4 accent-primary"
                checked={field.value}
                onChange={(event) => field.onChange(event.target.checked)}
                onBlur={field.onBlur}
                name={field.name}
                ref={field.ref}
              />
            </FormControl>
            <FormLabel className="font-normal">{label}</FormLabel>
          </div>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}
