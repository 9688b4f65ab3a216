import { z } from "zod";

/** Naming a new API token: what the merchant will recognise it by in the list. */
export const apiTokenForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the token after what will use it, such as ERP sync.")
    .max(60, "Keep the name under 60 characters."),
});

export type ApiTokenFormInput = z.input<typeof apiTokenForm>;
