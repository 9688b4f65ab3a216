/**
 * PDF text through unpdf (pdf.js). Supplier order acknowledgements often come only as a PDF;
 * a corrupt or hostile file must cost a note, never the message, so extraction is bounded in
 * time and every failure becomes `{ note }`.
 */
export interface PdfText {
  readonly text?: string;
  readonly note?: string;
}

export async function extractPdfText(bytes: Uint8Array, timeoutMs: number): Promise<PdfText> {
  let timer: NodeJS.Timeout | undefined;
  let destroy: (() => Promise<void>) | undefined;
  const work = (async (): Promise<PdfText> => {
    const { getDocumentProxy, extractText } = await import("unpdf");
    // pdf.js detaches the buffer it is given; the caller keeps its own copy.
    const doc = await getDocumentProxy(new Uint8Array(bytes), {
      stopAtErrors: false,
      verbosity: 0,
    });
    destroy = () => doc.loadingTask.destroy();
    const { text, totalPages } = await extractText(doc, { mergePages: true });
    const cleaned = text.replace(/[ \t]+\n/g, "\n").trim();
    return cleaned
      ? { text: cleaned }
      : { note: `PDF has no text layer (${totalPages} page(s), perhaps scanned)` };
  })();
  const timeout = new Promise<PdfText>((resolve) => {
    timer = setTimeout(
      () => resolve({ note: `PDF text extraction stopped after ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      work.catch((error: unknown) => ({
        note: `PDF could not be read: ${error instanceof Error ? error.message : String(error)}`.slice(
          0,
          300,
        ),
      })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    await destroy?.().catch(() => undefined);
  }
}
