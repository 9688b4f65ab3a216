/**
 * Dates as suppliers write them, resolved against the email's received date: "Dec 14",
 * "December 4, 2026", "12/16", "26/02/2027", "29.01.2027", "2027-01-20", "the 15th",
 * "next Friday", "week 50" / "KW 4/2027" (the Friday of that ISO week), "26 de febrero".
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
  januar: 1,
  februar: 2,
  märz: 3,
  mai: 5,
  juni: 6,
  juli: 7,
  oktober: 10,
  dezember: 12,
  janvier: 1,
  février: 2,
  mars: 3,
  avril: 4,
  juin: 6,
  juillet: 7,
  août: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
};

const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};

const MONTH_NAMES = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const WEEKDAY_NAMES = Object.keys(WEEKDAYS)
  .sort((a, b) => b.length - a.length)
  .join("|");

export interface DateMention {
  iso: string;
  index: number;
  length: number;
  /** The reading is one of two (day/month order) and was chosen by plausibility. */
  ambiguous: boolean;
}

function utc(year: number, month: number, day: number): Date | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

export function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const DAY = 86_400_000;

/** Without a year: the occurrence nearest after (or shortly before) the received date. */
function withYear(received: Date, month: number, day: number): Date | undefined {
  const year = received.getUTCFullYear();
  const same = utc(year, month, day);
  if (same === undefined) return undefined;
  return same.getTime() < received.getTime() - 60 * DAY ? utc(year + 1, month, day) : same;
}

/** The Friday of ISO week `week` of `year`. */
export function fridayOfIsoWeek(year: number, week: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY);
  return new Date(monday.getTime() + ((week - 1) * 7 + 4) * DAY);
}

export interface DateContext {
  received: Date;
  /** The order's requested date, to choose between two day/month readings. */
  requested: Date;
  /** The text shows day-first dates (a part over 12 in first place, or a European sender). */
  dayFirst: boolean | undefined;
}

function pickReading(
  a: Date | undefined,
  b: Date | undefined,
  ctx: DateContext,
): { date: Date; ambiguous: boolean } | undefined {
  if (a === undefined) return b && { date: b, ambiguous: false };
  if (b === undefined || a.getTime() === b.getTime()) return { date: a, ambiguous: false };
  // a: month first, b: day first.
  if (ctx.dayFirst === true) return { date: b, ambiguous: false };
  if (ctx.dayFirst === false) return { date: a, ambiguous: false };
  // A delivery before the email was received is no reading at all.
  const floor = ctx.received.getTime() - DAY;
  if (a.getTime() < floor && b.getTime() >= floor) return { date: b, ambiguous: false };
  if (b.getTime() < floor && a.getTime() >= floor) return { date: a, ambiguous: false };
  const da = Math.abs(a.getTime() - ctx.requested.getTime());
  const db = Math.abs(b.getTime() - ctx.requested.getTime());
  // Only when one reading is implausibly far from the order's date do we choose.
  if (da <= 45 * DAY && db > 90 * DAY) return { date: a, ambiguous: false };
  if (db <= 45 * DAY && da > 90 * DAY) return { date: b, ambiguous: false };
  return { date: da <= db ? a : b, ambiguous: true };
}

function nextWeekday(received: Date, weekday: number, skipThisWeek: boolean): Date {
  let delta = (weekday - received.getUTCDay() + 7) % 7;
  if (delta === 0) delta = 7;
  if (skipThisWeek && delta < 3 && received.getUTCDay() !== 5) delta += 7;
  return new Date(
    Date.UTC(received.getUTCFullYear(), received.getUTCMonth(), received.getUTCDate()) +
      delta * DAY,
  );
}

/** Does the text write dates day-first? */
export function detectDayFirst(text: string, fromDomain: string): boolean | undefined {
  for (const match of text.matchAll(/\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b/g)) {
    const first = Number(match[1]);
    const second = Number(match[2]);
    if (first > 12 && second <= 12) return true;
    if (second > 12 && first <= 12) return false;
  }
  if (/\.(uk|ie|au|nz|de|fr|es|it|nl|pt|be|at|ch|eu|in)$/.test(fromDomain)) return true;
  return undefined;
}

export function findDates(text: string, ctx: DateContext): DateMention[] {
  const found: DateMention[] = [];
  const taken: [number, number][] = [];
  const add = (index: number, length: number, date: Date | undefined, ambiguous = false) => {
    if (date === undefined) return;
    if (taken.some(([s, e]) => index < e && index + length > s)) return;
    taken.push([index, index + length]);
    found.push({ iso: isoOf(date), index, length, ambiguous });
  };
  const { received } = ctx;

  const iso = /\b(20\d{2})-(\d{2})-(\d{2})\b/g;
  for (const m of text.matchAll(iso)) {
    add(m.index, m[0].length, utc(Number(m[1]), Number(m[2]), Number(m[3])));
  }
  // Week numbers: "week 50", "wk 50", "KW 4/2027", "CW 5".
  const week = /\b(?:week|wk|KW|CW)\s*(\d{1,2})(?:\s*[/-]\s*(20\d{2}))?\b/gi;
  for (const m of text.matchAll(week)) {
    const n = Number(m[1]);
    if (n < 1 || n > 53) continue;
    let year = m[2] !== undefined ? Number(m[2]) : received.getUTCFullYear();
    let friday = fridayOfIsoWeek(year, n);
    if (m[2] === undefined && friday.getTime() < received.getTime() - 60 * DAY) {
      year += 1;
      friday = fridayOfIsoWeek(year, n);
    }
    add(m.index, m[0].length, friday);
  }
  // Numeric: 26/02/2027, 29.01.2027, 12/16, 12/01/2027.
  const numeric = /\b(\d{1,2})([/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?\b/g;
  for (const m of text.matchAll(numeric)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (m[2] === "." && m[4] === undefined) continue; // "4.50" is a price, not a date
    const yearText = m[4];
    const year =
      yearText === undefined
        ? undefined
        : Number(yearText.length === 2 ? `20${yearText}` : yearText);
    const monthFirst =
      year !== undefined ? utc(year, a, b) : a <= 12 ? withYear(received, a, b) : undefined;
    const dayFirst =
      year !== undefined ? utc(year, b, a) : b <= 12 ? withYear(received, b, a) : undefined;
    const dotted = m[2] === ".";
    const pick = dotted
      ? dayFirst && { date: dayFirst, ambiguous: false }
      : pickReading(monthFirst, dayFirst, ctx);
    if (pick !== undefined) add(m.index, m[0].length, pick.date, pick.ambiguous);
  }
  // Month name first: "Dec 14", "December 4, 2026", "Jan. 8th".
  const monthDay = new RegExp(
    `\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(20\\d{2}))?`,
    "gi",
  );
  for (const m of text.matchAll(monthDay)) {
    const month = MONTHS[(m[1] ?? "").toLowerCase()];
    if (month === undefined) continue;
    const day = Number(m[2]);
    add(
      m.index,
      m[0].length,
      m[3] !== undefined ? utc(Number(m[3]), month, day) : withYear(received, month, day),
    );
  }
  // Day first: "5 February 2027", "12 January", "26 de febrero de 2027", "1st December".
  const dayMonth = new RegExp(
    `\\b(\\d{1,2})(?:st|nd|rd|th|\\.)?\\s+(?:de\\s+)?(${MONTH_NAMES})\\b(?:\\s+(?:de\\s+)?(20\\d{2}))?`,
    "gi",
  );
  for (const m of text.matchAll(dayMonth)) {
    const month = MONTHS[(m[2] ?? "").toLowerCase()];
    if (month === undefined) continue;
    const day = Number(m[1]);
    add(
      m.index,
      m[0].length,
      m[3] !== undefined ? utc(Number(m[3]), month, day) : withYear(received, month, day),
    );
  }
  // "next Friday", "this Friday", "Tuesday the 15th", "Wed 12/9" handled above; bare "the 15th".
  const relative = new RegExp(`\\b(next|this|coming)\\s+(${WEEKDAY_NAMES})\\b`, "gi");
  for (const m of text.matchAll(relative)) {
    const weekday = WEEKDAYS[(m[2] ?? "").toLowerCase()];
    if (weekday === undefined) continue;
    add(
      m.index,
      m[0].length,
      nextWeekday(received, weekday, (m[1] ?? "").toLowerCase() === "next"),
    );
  }
  const ordinal = /\b(?:the\s+)(\d{1,2})(st|nd|rd|th)\b/gi;
  for (const m of text.matchAll(ordinal)) {
    const day = Number(m[1]);
    // The next such day of a month on or after the received date.
    let month = received.getUTCMonth() + 1;
    let year = received.getUTCFullYear();
    let date = utc(year, month, day);
    if (date === undefined || date.getTime() < received.getTime() - DAY) {
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
      date = utc(year, month, day);
    }
    // "the 23rd" received in November for a December order reads two ways.
    const inRequested = utc(ctx.requested.getUTCFullYear(), ctx.requested.getUTCMonth() + 1, day);
    const twoWays =
      date !== undefined && inRequested !== undefined && inRequested.getTime() !== date.getTime();
    add(m.index, m[0].length, date, twoWays);
  }
  return found.sort((a, b) => a.index - b.index);
}
