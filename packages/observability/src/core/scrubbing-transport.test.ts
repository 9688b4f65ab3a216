import type { Envelope } from "@sentry/core";
import { describe, expect, it } from "vitest";
import { createScrubber, FILTERED } from "./scrubber.js";
import { scrubTelemetryEnvelope } from "./scrubbing-transport.js";

const scrubber = createScrubber();

describe("scrubTelemetryEnvelope", () => {
  it("scrubs log and metric attributes in their typed form and leaves other items alone", () => {
    const event = [{ type: "event" }, { message: "kept as is: ops@harbour-foods.test" }];
    const log = [
      { type: "log", item_count: 1 },
      {
        items: [
          {
            body: "hello",
            attributes: {
              db_pass: { value: "pg-pass-4417", type: "string" },
              note: { value: "mail ops@harbour-foods.test", type: "string" },
              "user.name": { value: "dana_k", type: "string" },
              attempts: { value: 3, type: "integer" },
            },
          },
        ],
      },
    ];
    const envelope = [{}, [event, log]] as unknown as Envelope;
    const out = scrubTelemetryEnvelope(envelope, scrubber) as unknown as [unknown, unknown[][]];
    expect(out[1][0]).toBe(event);
    const logPayload = (out[1][1] as unknown[])[1] as { items: { attributes: object }[] };
    const attributes = logPayload.items[0]?.attributes;
    expect(attributes).toEqual({
      db_pass: { value: FILTERED, type: "string" },
      note: { value: `mail ${FILTERED}`, type: "string" },
      attempts: { value: 3, type: "integer" },
    });
  });

  it("returns an envelope without logs or metrics unchanged", () => {
    const envelope = [{}, [[{ type: "span" }, { items: [] }]]] as unknown as Envelope;
    expect(scrubTelemetryEnvelope(envelope, scrubber)).toBe(envelope);
  });
});
