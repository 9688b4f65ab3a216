/**
 * Money is integer minor units plus an ISO 4217 code. The exponent (JPY 0, USD 2, BHD 3)
 * comes from Intl so that display never guesses; formatters are cached per
 * locale+currency because constructing an Intl.NumberFormat costs far more than using one.
 */

interface CurrencyFormat {
  readonly formatter: Intl.NumberFormat;
  readonly exponent: number;
}

const formats = new Map<string, CurrencyFormat | null>();

function formatFor(currency: string, locale: string): CurrencyFormat | null {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      const formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
      format = { formatter, exponent: formatter.resolvedOptions().maximumFractionDigits ?? 2 };
    } catch {
      // Not a well-formed currency code or locale: callers fall back to a plain rendering.
      format = null;
    }
    formats.set(key, format);
  }
  return format;
}

/** Minor-unit exponent of an ISO 4217 currency: 2 for USD/EUR/GBP, 0 for JPY, 3 for BHD. */
export function currencyExponent(currency: string): number {
  return formatFor(currency, "en-US")?.exponent ?? 2;
}

/** Exact decimal string for `minor` / 10^exponent, e.g. (-450, 2) → "-4.50". */
export function minorToDecimalString(minor: number | bigint, exponent: number): string {
  if (typeof minor === "number" && !Number.isFinite(minor)) return String(minor);
  // Minor units are integers; a stray fraction is rounded rather than thrown on mid-sentence.
  const units = typeof minor === "bigint" ? minor : BigInt(Math.round(minor));
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString();
  if (exponent === 0) return (negative ? "-" : "") + digits;
  const padded = digits.padStart(exponent + 1, "0");
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/**
 * Formats integer minor units for a merchant: formatMoney(450, "USD") → "$4.50",
 * formatMoney(1450, "JPY") → "¥1,450". The amount reaches Intl as an exact decimal string,
 * so large totals are not rounded through a float.
 */
export function formatMoney(minor: number | bigint, currency: string, locale = "en-US"): string {
  const format = formatFor(currency, locale);
  if (format === null)
    return `${minorToDecimalString(minor, currencyExponent(currency))} ${currency}`;
  return format.formatter.format(minorToDecimalString(minor, format.exponent) as `${number}`);
}
