/**
 * Mail addresses, checked strictly enough that one value can only ever be one recipient: no commas, angle brackets,
 * quotes, spaces or line breaks in an address, so a shopper's input cannot add recipients or headers.
 */

/** One plain address, `local@domain`: printable ASCII without separators, a dotless domain allowed (`localhost`). */
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isMailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

export interface Mailbox {
  /** Display name, or '' when there is none. */
  name: string;
  address: string;
}

/**
 * `orders@shop.example` or `Shop name <orders@shop.example>` (the name may be in double quotes) -> Mailbox;
 * undefined for anything else.
 */
export function parseMailbox(value: string): Mailbox | undefined {
  const trimmed = value.trim();
  if (isMailAddress(trimmed)) return { name: '', address: trimmed };
  const match = /^(.*?)\s*<([^<>]+)>$/.exec(trimmed);
  if (!match) return undefined;
  let name = match[1]!.trim();
  if (/^".*"$/.test(name)) name = name.slice(1, -1);
  if (/["\\<>\r\n]/.test(name) || !isMailAddress(match[2]!)) return undefined;
  return { name, address: match[2]! };
}

/** The domain of an address (`shop.example`), for Message-IDs. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}
