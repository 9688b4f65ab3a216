/** One envelope from a Spotlight sidecar's stream: its header, its items, and its JSON as sent. */
export interface StreamedEnvelope {
  header: { sdk?: { name?: string } } & Record<string, unknown>;
  items: [{ type?: string } & Record<string, unknown>, unknown][];
  raw: string;
}

/**
 * Reads a Spotlight sidecar's `GET /stream` — server-sent events, what the Spotlight UI reads: it
 * replays the envelopes it holds to each new subscriber, then goes live — and hands each envelope
 * to `onEnvelope` until that returns something other than `undefined`, which is returned. Returns
 * `undefined` once `timeoutMs` has passed or the stream ends; the connection is closed either way
 * (so the sidecar can shut down promptly).
 */
export async function readSpotlightStream<T>(
  origin: string,
  onEnvelope: (envelope: StreamedEnvelope) => T | undefined,
  timeoutMs: number,
): Promise<T | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${origin}/stream`, { signal: controller.signal });
    if (!response.body) throw new Error(`GET /stream answered ${response.status} with no body`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let pending = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      pending += decoder.decode(chunk.value, { stream: true });
      const frames = pending.split("\n\n");
      pending = frames.pop() ?? "";
      for (const frame of frames) {
        const raw = frame
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n");
        if (raw === "") continue;
        const [header, items] = JSON.parse(raw) as [
          StreamedEnvelope["header"],
          StreamedEnvelope["items"],
        ];
        const result = onEnvelope({ header, items, raw });
        if (result !== undefined) return result;
      }
    }
    return undefined;
  } catch (error) {
    if (controller.signal.aborted) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
