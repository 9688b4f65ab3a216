import { z } from "zod";

// A DNS name or an IPv4 address; no scheme, path or port.
const HOST =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const host = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .min(1, `Enter the ${what} server, such as ${what.toLowerCase()}.example.com.`)
    .regex(HOST, `Enter only the server's name, such as ${what.toLowerCase()}.example.com.`);

const port = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/, "Enter a port number, such as 993.")
  .transform(Number)
  .refine((n) => n >= 1 && n <= 65_535, "A port is between 1 and 65535.");

/** The IMAP/SMTP mailbox form ("Test and save"). Ports are typed as text, TLS as a checkbox. */
export const imapForm = z.object({
  emailAddress: z.string().trim().toLowerCase().email("Enter the mailbox's email address."),
  imapHost: host("IMAP"),
  imapPort: port,
  imapSecure: z.boolean(),
  smtpHost: host("SMTP"),
  smtpPort: port,
  smtpSecure: z.boolean(),
  username: z
    .string()
    .trim()
    .min(1, "Enter the user name the mail server expects (often the email address).")
    .max(320, "Keep the user name under 320 characters."),
  password: z
    .string()
    .min(1, "Enter the mailbox password (or an app password).")
    .max(1024, "Keep the password under 1024 characters."),
});

export type ImapFormInput = z.input<typeof imapForm>;
export type ImapFormOutput = z.output<typeof imapForm>;

/** A typical setup: TLS on 993 and 465. */
export const IMAP_FORM_DEFAULTS: ImapFormInput = {
  emailAddress: "",
  imapHost: "",
  imapPort: "993",
  imapSecure: true,
  smtpHost: "",
  smtpPort: "465",
  smtpSecure: true,
  username: "",
  password: "",
};
