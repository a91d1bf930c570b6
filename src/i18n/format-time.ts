/**
 * The one way the shop writes a moment for people: in the shop's time zone (SHOP_TIMEZONE), with the zone named
 * (`2026/11/29 18:05 JST`, `11/29/2026, 18:05 GMT+9`, or for the console `2026-11-29 18:05 UTC`), never a bare UTC
 * time; and the shop's calendar days and months in that zone (the console's "today" and "this month").
 */

export interface TimeFormat {
  /** Intl locale (the page's language). */
  locale: string;
  /** IANA zone name, e.g. `Asia/Tokyo` or `UTC`. */
  timeZone: string;
  /** `2026-11-29 18:05 UTC`: year first, whatever the locale (the console, logs people read). */
  iso?: boolean;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, dateOnly: boolean): Intl.DateTimeFormat {
  const id = `${locale}|${timeZone}|${dateOnly}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(dateOnly ? {} : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }),
    });
    formats.set(id, format);
  }
  return format;
}

/** The wall-clock fields of `time` in `timeZone`. */
function fields(time: number | Date, locale: string, timeZone: string, dateOnly: boolean): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of formatter(locale, timeZone, dateOnly).formatToParts(time)) parts[part.type] = part.value;
  return parts;
}

/** A date and time with its zone: `11/29/2026, 18:05 GMT+9` (en-US), `2026/11/29 18:05 JST` (ja-JP). */
export function formatDateTime(time: number | Date, { locale, timeZone, iso = false }: TimeFormat): string {
  if (!iso) return formatter(locale, timeZone, false).format(time);
  const f = fields(time, 'en-US', timeZone, false);
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute} ${f.timeZoneName}`;
}

/** A calendar date in the zone (no time): `2026/11/29`, or with `iso` `2026-11-29`. */
export function formatDate(time: number | Date, { locale, timeZone, iso = false }: TimeFormat): string {
  if (!iso) return formatter(locale, timeZone, true).format(time);
  const f = fields(time, 'en-US', timeZone, true);
  return `${f.year}-${f.month}-${f.day}`;
}

/** Is `name` a time zone this runtime's Intl knows (`Asia/Tokyo`, `UTC`, `Europe/Berlin`)? */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at `time`, in ms. */
function offsetAt(time: number, timeZone: string): number {
  const f = fields(time, 'en-US', timeZone, false);
  const wall = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour) % 24, Number(f.minute));
  return wall - Math.floor(time / 60_000) * 60_000;
}

/** The instant the zone's wall clock reads midnight on this calendar day (month 0-based; days past the end roll over). */
function midnight(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month, day);
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone); // again at the guess: the offset may change between (daylight saving)
}

/** Today and this month in the zone, as [start, end) instants. */
export function calendarPeriods(
  now: number,
  timeZone: string,
): { dayStart: number; dayEnd: number; monthStart: number; monthEnd: number } {
  const f = fields(now, 'en-US', timeZone, true);
  const [year, month, day] = [Number(f.year), Number(f.month) - 1, Number(f.day)];
  return {
    dayStart: midnight(year, month, day, timeZone),
    dayEnd: midnight(year, month, day + 1, timeZone),
    monthStart: midnight(year, month, 1, timeZone),
    monthEnd: midnight(year, month + 1, 1, timeZone),
  };
}
