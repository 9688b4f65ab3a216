"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { type Path, useFieldArray, useForm } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "../../../../components/ui/button";
import { Card, CardContent } from "../../../../components/ui/card";
import {
  Form,
  FormControl,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from "../../../../components/ui/form";
import { Input } from "../../../../components/ui/input";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../../components/ui/select";
import { showFieldErrors } from "../../../../forms/fields";
import {
  type NewOrderFormInput,
  type NewOrderFormOutput,
  newOrderForm,
} from "../../../../forms/order-form";
import { createOrderAction } from "../../../../server/actions/orders";

const EMPTY_LINE = { sku: "", description: "", quantity: "1", unitPrice: "" };

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function NewOrderForm({
  suppliers,
  defaultCurrency,
}: {
  suppliers: { id: string; name: string; email: string }[];
  defaultCurrency: string;
}) {
  const router = useRouter();
  const [saving, startSaving] = useTransition();
  const form = useForm<NewOrderFormInput, unknown, NewOrderFormOutput>({
    resolver: zodResolver(newOrderForm),
    mode: "onTouched",
    defaultValues: {
      supplierId: "",
      poNumber: "",
      currency: defaultCurrency,
      paymentTerms: "Net 30",
      requestedDeliveryDate: inDays(21),
      lines: [EMPTY_LINE],
    },
  });
  const lines = useFieldArray({ control: form.control, name: "lines" });

  function submit() {
    startSaving(async () => {
      // The server checks the same schema again; its field errors land on the same fields.
      const result = await createOrderAction(form.getValues());
      if (result.ok) {
        toast.success("Order saved. The purchase order is on its way to the supplier.");
        router.push(`/orders/${result.value.orderId}`);
        return;
      }
      showFieldErrors(form.setError, result);
      toast.error(result.message);
    });
  }

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(submit)} noValidate className="grid gap-6">
        <Card>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <FormField
              control={form.control}
              name="supplierId"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Supplier</FormLabel>
                  <Select onValueChange={field.onChange} value={field.value}>
                    <FormControl>
                      <SelectTrigger className="w-full" onBlur={field.onBlur}>
                        <SelectValue placeholder="Choose a supplier" />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      {suppliers.map((supplier) => (
                        <SelectItem key={supplier.id} value={supplier.id}>
                          {supplier.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FormMessage />
                </FormItem>
              )}
            />
            <TextField form={form} name="poNumber" label="PO number" placeholder="PO-1042" />
            <TextField
              form={form}
              name="requestedDeliveryDate"
              label="Requested delivery"
              type="date"
            />
            <TextField form={form} name="paymentTerms" label="Payment terms" placeholder="Net 30" />
            <TextField form={form} name="currency" label="Currency" placeholder="USD" />
          </CardContent>
        </Card>

        <fieldset className="grid gap-3">
          <legend className="mb-2 text-lg font-medium">Lines</legend>
          {lines.fields.map((line, index) => (
            <Card key={line.id}>
              <CardContent className="grid gap-3 sm:grid-cols-[8rem_1fr_6rem_7rem_auto] sm:items-start">
                <TextField form={form} name={`lines.${index}.sku`} label="SKU" />
                <TextField form={form} name={`lines.${index}.description`} label="Description" />
                <TextField
                  form={form}
                  name={`lines.${index}.quantity`}
                  label="Quantity"
                  inputMode="numeric"
                />
                <TextField
                  form={form}
                  name={`lines.${index}.unitPrice`}
                  label="Unit price"
                  inputMode="decimal"
                  placeholder="0.00"
                />
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  className="sm:mt-6"
                  aria-label={`Remove line ${index + 1}`}
                  disabled={lines.fields.length === 1}
                  onClick={() => lines.remove(index)}
                >
                  <Trash2 aria-hidden />
                </Button>
              </CardContent>
            </Card>
          ))}
          <FormMessageFor form={form} name="lines" />
          <div>
            <Button type="button" variant="outline" onClick={() => lines.append(EMPTY_LINE)}>
              <Plus aria-hidden /> Add line
            </Button>
          </div>
        </fieldset>

        <div className="flex gap-2">
          <Button type="submit" disabled={saving}>
            {saving ? "Saving…" : "Save and send PO"}
          </Button>
          <Button type="button" variant="ghost" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      </form>
    </Form>
  );
}

type OrderForm = ReturnType<typeof useForm<NewOrderFormInput, unknown, NewOrderFormOutput>>;

function TextField({
  form,
  name,
  label,
  ...input
}: {
  form: OrderForm;
  name: Path<NewOrderFormInput>;
  label: string;
} & Omit<React.ComponentProps<"input">, "name" | "form">) {
  return (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input
              {...input}
              {...field}
              value={typeof field.value === "string" ? field.value : ""}
            />
          </FormControl>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/** An error on the whole lines array ("Add at least one line"). */
function FormMessageFor({ form, name }: { form: OrderForm; name: "lines" }) {
  const message =
    form.formState.errors[name]?.root?.message ?? form.formState.errors[name]?.message;
  return message ? (
    <p role="alert" className="text-sm text-destructive">
      {message}
    </p>
  ) : null;
}
