"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import type { ApprovalForReview } from "@po-pro/db";
import { formatMoney } from "@po-pro/policy";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { type CounterFormInput, type CounterFormOutput, counterForm } from "../forms/counter-form";
import { fromMinorUnits, showFieldErrors } from "../forms/fields";
import { counterApprovalAction } from "../server/actions/approvals";
import { Button } from "./ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "./ui/dialog";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "./ui/form";
import { Input } from "./ui/input";

/**
 * The merchant's own counter-offer: per line the quantity and price to ask for (blank keeps the
 * supplier's), a delivery date and payment terms. Prefilled with the policy's counter when it had
 * one. Validated as typed, and again by the server with the same schema.
 */
export function CounterDialog({
  approval,
  onCountered,
}: {
  approval: ApprovalForReview;
  onCountered: () => void;
}) {
  const { order, decision } = approval;
  const [open, setOpen] = useState(false);
  const [sending, startSending] = useTransition();
  const suggested = new Map((decision.counterOffer?.lines ?? []).map((line) => [line.sku, line]));
  const form = useForm<CounterFormInput, unknown, CounterFormOutput>({
    resolver: zodResolver(counterForm),
    defaultValues: {
      approvalId: approval.id,
      currency: order.currency,
      lines: order.lines.map((line) => {
        const counter = suggested.get(line.sku);
        return {
          sku: line.sku,
          quantity: counter ? String(counter.quantity) : "",
          unitPrice: counter ? fromMinorUnits(counter.unitPrice, order.currency) : "",
        };
      }),
      deliveryDate: decision.counterOffer?.deliveryDate ?? "",
      paymentTerms: decision.counterOffer?.paymentTerms ?? "",
    },
  });

  function send(values: CounterFormInput) {
    startSending(async () => {
      const result = await counterApprovalAction(values);
      if (result.ok) {
        setOpen(false);
        onCountered();
        toast.success(`Counter-offer queued. The agent is sending it to ${order.supplierName}.`);
        return;
      }
      showFieldErrors(form.setError, result);
      toast.error(result.message);
    });
  }

  const formError = form.formState.errors.root?.message;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="secondary">
          Counter…
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Counter-offer for {order.poNumber}</DialogTitle>
          <DialogDescription>
            Leave a field blank to accept what {order.supplierName} proposed for it.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form
            onSubmit={form.handleSubmit(() => send(form.getValues()))}
            noValidate
            className="grid gap-4"
          >
            {order.lines.map((line, index) => (
              <fieldset key={line.id} className="grid gap-2 sm:grid-cols-2">
                <legend className="mb-1 text-sm font-medium">
                  {line.sku} · ordered {line.quantity} ×{" "}
                  {formatMoney(line.unitPriceMinor, order.currency)}
                </legend>
                <FormField
                  control={form.control}
                  name={`lines.${index}.quantity`}
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>Quantity for {line.sku}</FormLabel>
                      <FormControl>
                        <Input inputMode="numeric" {...field} />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
                <FormField
                  control={form.control}
                  name={`lines.${index}.unitPrice`}
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>Unit price for {line.sku}</FormLabel>
                      <FormControl>
                        <Input
                          inputMode="decimal"
                          placeholder={fromMinorUnits(line.unitPriceMinor, order.currency)}
                          {...field}
                        />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              </fieldset>
            ))}
            <div className="grid gap-2 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="deliveryDate"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Delivery date</FormLabel>
                    <FormControl>
                      <Input type="date" {...field} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="paymentTerms"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Payment terms</FormLabel>
                    <FormControl>
                      <Input placeholder={order.paymentTerms} {...field} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            {formError && (
              <p role="alert" className="text-sm text-destructive">
                {formError}
              </p>
            )}
            <DialogFooter>
              <Button type="submit" disabled={sending}>
                {sending ? "Sending…" : "Send counter-offer"}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
