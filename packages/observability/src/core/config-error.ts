/** A configuration value that cannot be used; names the variable or option so a person can fix it. */
export class ObservabilityConfigError extends Error {
  override name = "ObservabilityConfigError";
  constructor(
    /** The environment variable or option name, e.g. `SENTRY_TRACES_SAMPLE_RATE`. */
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a 0..1 rate from an env string; `undefined`/empty means "not set". */
export function parseRate(variable: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new ObservabilityConfigError(
      variable,
      `${variable} must be a number between 0 and 1, got "${raw}"`,
    );
  }
  return value;
}

export function assertRateOption(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ObservabilityConfigError(
      name,
      `${name} must be a number between 0 and 1, got ${JSON.stringify(value)}`,
    );
  }
}
