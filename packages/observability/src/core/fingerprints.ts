/**
 * The fingerprint catalogue: each category lists the parts that split it into separate
 * Sentry issues. Everything else about the failure (message, ids) stays out of the
 * fingerprint, so two messages of one category group into one issue.
 */
export const FINGERPRINTS = {
  "llm-primary-failure": ["provider", "model"],
  "llm-all-providers-failed": [],
  "llm-invalid-output": ["provider", "model"],
  "llm-provider-misconfigured": ["provider", "model"],
  "extraction-failure": ["supplierId"],
  "policy-evaluation-failure": [],
  "policy-validation-failure": [],
  "gmail-token-refresh-failure": [],
  "gmail-send-failure": [],
  "gmail-poll-failure": [],
  "outbox-send-failure": [],
  "job-failure": ["job"],
  "db-failure": ["operation"],
} as const satisfies FingerprintCatalogue;

/** A catalogue maps a category name to the names of the parts that belong in its fingerprint. */
export type FingerprintCatalogue = Record<string, readonly string[]>;

export type Category<C extends FingerprintCatalogue = typeof FINGERPRINTS> = keyof C & string;

/** The parts a category needs: exactly the names its catalogue entry lists, as strings. */
export type FingerprintParts<
  C extends FingerprintCatalogue,
  K extends keyof C,
> = C[K] extends readonly [] ? Record<string, never> : { [P in C[K][number]]: string };

export type PoProCategory = Category<typeof FINGERPRINTS>;

/** Builds `[category, ...parts in catalogue order]`. */
export function fingerprintFor<C extends FingerprintCatalogue, K extends keyof C & string>(
  catalogue: C,
  category: K,
  parts: FingerprintParts<C, K>,
): string[] {
  const names = catalogue[category] ?? [];
  const values = parts as Record<string, string | undefined>;
  return [category, ...names.map((name) => values[name] ?? "unknown")];
}
