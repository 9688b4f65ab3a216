/** Bounds on what one inbound message may cost; over a bound content is cut and a note kept. */
export interface MimeLimits {
  /** Raw bytes read from the message; the rest is dropped before parsing. */
  readonly maxMessageBytes: number;
  /** An attachment larger than this keeps its metadata but gets no extracted text. */
  readonly maxAttachmentBytes: number;
  /** `text`, `newText` and each attachment's `text` are cut to this many characters. */
  readonly maxTextChars: number;
  /** Attachments past this count are skipped (counted in a note). */
  readonly maxAttachments: number;
  /** Time allowed for one PDF's text extraction. */
  readonly pdfTimeoutMs: number;
}

export const DEFAULT_MIME_LIMITS: MimeLimits = Object.freeze({
  maxMessageBytes: 25 * 1024 * 1024,
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxTextChars: 100_000,
  maxAttachments: 50,
  pdfTimeoutMs: 5_000,
});

export function resolveLimits(options?: Partial<MimeLimits>): MimeLimits {
  return { ...DEFAULT_MIME_LIMITS, ...stripUndefined(options ?? {}) };
}

function stripUndefined(options: Partial<MimeLimits>): Partial<MimeLimits> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
