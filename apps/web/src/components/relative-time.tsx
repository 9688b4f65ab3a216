const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absolute = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** "3 hours ago", with the exact time (UTC) on hover and for screen readers. */
export function RelativeTime({ date, now = new Date() }: { date: Date; now?: Date }) {
  const elapsed = date.getTime() - now.getTime();
  const [unit, size] = UNITS.find(([, ms]) => Math.abs(elapsed) >= ms) ?? ["minute", 60_000];
  const text =
    Math.abs(elapsed) < 60_000 ? "just now" : relative.format(Math.round(elapsed / size), unit);
  return (
    <time dateTime={date.toISOString()} title={`${absolute.format(date)} UTC`}>
      {text}
    </time>
  );
}
