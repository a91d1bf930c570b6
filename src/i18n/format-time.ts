/**
 * The one way the shop writes a moment for people: in the shop's time zone (SHOP_TIMEZONE), in the reader's
 * language, with the zone named (`2026-11-29 18:05 JST`, `2026/11/29 18:05 JST`), never a bare UTC time.
 */

export interface TimeFormat {
  /** Intl locale (the page's language, or `en-GB` for the console's ISO-like dates). */
  locale: string;
  /** IANA zone name, e.g. `Asia/Tokyo` or `UTC`. */
  timeZone: string;
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

/** A date and time with its zone: `11/29/2026, 18:05 GMT+9` (en-US), `2026/11/29 18:05 JST` (ja-JP). */
export function formatDateTime(time: number | Date, { locale, timeZone }: TimeFormat): string {
  return formatter(locale, timeZone, false).format(time);
}

/** A calendar date in the zone (no time): the day an order was placed as the shop counts days. */
export function formatDate(time: number | Date, { locale, timeZone }: TimeFormat): string {
  return formatter(locale, timeZone, true).format(time);
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
