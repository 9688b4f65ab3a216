import type { BaseTransportOptions, Envelope, Transport } from "@sentry/core";
import type { Scrubber } from "./scrubber.js";

const NOTHING: ReadonlySet<string> = new Set();

interface TypedAttribute {
  value: unknown;
  type?: string;
}

type Attributes = Record<string, TypedAttribute | undefined>;

/**
 * Scope attributes (`scope.setAttributes`) are added to logs and metrics after `beforeSendLog` and
 * `beforeSendMetric` have run, so those hooks never see them. This scrubs the attributes of the
 * `log` and `trace_metric` items of an envelope on their way out, in the SDK's typed form
 * (`{ value, type }`); everything else passes untouched.
 */
export function scrubTelemetryEnvelope(envelope: Envelope, scrubber: Scrubber): Envelope {
  const [headers, items] = envelope as unknown as [unknown, [{ type?: string }, unknown][]];
  let changed = false;
  const next = items.map((item) => {
    const [itemHeaders, payload] = item;
    if (itemHeaders.type !== "log" && itemHeaders.type !== "trace_metric") return item;
    const records = (payload as { items?: { attributes?: Attributes }[] }).items;
    if (!Array.isArray(records)) return item;
    changed = true;
    return [
      itemHeaders,
      {
        ...(payload as object),
        items: records.map((record) =>
          record.attributes
            ? { ...record, attributes: scrubTypedAttributes(record.attributes, scrubber) }
            : record,
        ),
      },
    ];
  });
  return (changed ? [headers, next] : envelope) as Envelope;
}

function scrubTypedAttributes(attributes: Attributes, scrubber: Scrubber): Attributes {
  const plain: Record<string, unknown> = {};
  for (const [key, attribute] of Object.entries(attributes)) plain[key] = attribute?.value;
  const scrubbed = scrubber.attributes(plain, NOTHING);
  if (scrubbed === plain) return attributes;
  const out: Attributes = {};
  for (const key of Object.keys(scrubbed)) {
    const attribute = attributes[key];
    const value = scrubbed[key];
    out[key] =
      attribute === undefined || value === attribute.value
        ? attribute
        : { ...attribute, value, type: typeof value === "string" ? "string" : attribute.type };
  }
  return out;
}

/** Wraps a transport factory so that every envelope goes through `scrubTelemetryEnvelope`. */
export function scrubbingTransport<O extends BaseTransportOptions>(
  makeTransport: (options: O) => Transport,
  scrubber: Scrubber,
): (options: O) => Transport {
  return (options) => {
    const transport = makeTransport(options);
    return {
      send: (envelope) => transport.send(scrubTelemetryEnvelope(envelope, scrubber)),
      flush: (timeout) => transport.flush(timeout),
    };
  };
}
