"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { type Path, useForm } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "../../../components/ui/button";
import {
  Form,
  FormControl,
  FormDescription,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from "../../../components/ui/form";
import { Input } from "../../../components/ui/input";
import { Textarea } from "../../../components/ui/textarea";
import { showFieldErrors } from "../../../forms/fields";
import {
  type NewSupplierFormInput,
  type NewSupplierFormOutput,
  newSupplierForm,
} from "../../../forms/supplier-form";
import { createSupplierAction, updateSupplierAction } from "../../../server/actions/suppliers";

type Values = { name: string; contactName: string; contactEmail: string; notes: string };

/**
 * Adds a supplier, or edits one (`supplierId`). The browser checks the same schema the action
 * parses again; the server's own refusals (already on file, another company's domain) land on
 * the contact field.
 */
export function SupplierEditor({
  supplierId,
  initial,
}: {
  supplierId?: string;
  initial?: Partial<Values>;
}) {
  const router = useRouter();
  const [saving, startSaving] = useTransition();
  const form = useForm<NewSupplierFormInput, unknown, NewSupplierFormOutput>({
    resolver: zodResolver(newSupplierForm),
    mode: "onTouched",
    defaultValues: { name: "", contactName: "", contactEmail: "", notes: "", ...initial },
  });

  function submit() {
    startSaving(async () => {
      const values = form.getValues();
      const result =
        supplierId === undefined
          ? await createSupplierAction(values)
          : await updateSupplierAction({ ...values, supplierId });
      if (result.ok) {
        if (supplierId === undefined) {
          toast.success("Supplier added.");
          router.push(`/suppliers/${result.value.supplierId}`);
        } else {
          toast.success("Saved.");
          form.reset(values);
          router.refresh();
        }
        return;
      }
      showFieldErrors(form.setError, result);
      toast.error(result.message);
    });
  }

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(submit)} noValidate className="grid gap-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField form={form} name="name" label="Name" placeholder="Pacific Threads" />
          <TextField form={form} name="contactName" label="Contact name (optional)" />
        </div>
        <TextField
          form={form}
          name="contactEmail"
          label="Contact email"
          type="email"
          placeholder="orders@supplier.com"
          description="Purchase orders go here; replies are checked against it."
        />
        <FormField
          control={form.control}
          name="notes"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Notes (optional)</FormLabel>
              <FormControl>
                <Textarea rows={4} {...field} value={field.value ?? ""} />
              </FormControl>
              <FormDescription>Only you see these.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <div className="flex gap-2">
          <Button type="submit" disabled={saving}>
            {saving ? "Saving…" : supplierId === undefined ? "Add supplier" : "Save changes"}
          </Button>
          {supplierId === undefined && (
            <Button type="button" variant="ghost" onClick={() => router.back()}>
              Cancel
            </Button>
          )}
        </div>
      </form>
    </Form>
  );
}

type SupplierForm = ReturnType<
  typeof useForm<NewSupplierFormInput, unknown, NewSupplierFormOutput>
>;

function TextField({
  form,
  name,
  label,
  description,
  ...input
}: {
  form: SupplierForm;
  name: Path<NewSupplierFormInput>;
  label: string;
  description?: string;
} & Omit<React.ComponentProps<"input">, "name" | "form">) {
  return (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input {...input} {...field} value={field.value ?? ""} />
          </FormControl>
          {description && <FormDescription>{description}</FormDescription>}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}
