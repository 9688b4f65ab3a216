import { captureException, withScope } from "@sentry/core";
import {
  FINGERPRINTS,
  type FingerprintCatalogue,
  type FingerprintParts,
  fingerprintFor,
} from "./fingerprints.js";
import { TAG } from "./tags.js";

// Catalogue part names that are also shared tags, so they can be searched and charted.
const PART_TAGS: Record<string, string> = {
  provider: TAG.llmProvider,
  model: TAG.llmModel,
  supplierId: TAG.supplierId,
  merchantId: TAG.merchantId,
  orderId: TAG.orderId,
  job: TAG.job,
};

export type CategorizedCapture<C extends FingerprintCatalogue> = <K extends keyof C & string>(
  category: K,
  error: unknown,
  ...parts: C[K] extends readonly []
    ? [parts?: FingerprintParts<C, K>]
    : [parts: FingerprintParts<C, K>]
) => string;

/**
 * Builds a `captureCategorized` for a catalogue. Other teams pass their own catalogue;
 * PO Pro's is bound below.
 */
export function createCategorizedCapture<C extends FingerprintCatalogue>(
  catalogue: C,
): CategorizedCapture<C> {
  return (category, error, ...rest) => {
    const parts = (rest[0] ?? {}) as FingerprintParts<C, typeof category>;
    return withScope((scope) => {
      scope.setFingerprint(fingerprintFor(catalogue, category, parts));
      scope.setTag(TAG.category, category);
      for (const [name, value] of Object.entries(parts as Record<string, string>)) {
        scope.setTag(PART_TAGS[name] ?? name, value);
      }
      return captureException(error);
    });
  };
}

/** Captures an error under a catalogue category; returns the event id. */
export const captureCategorized: CategorizedCapture<typeof FINGERPRINTS> =
  createCategorizedCapture(FINGERPRINTS);
