/**
 * `/cart.js`'s answer as text, byte for byte `JSON.stringify(cartJson(...))`, without building and stringifying the
 * whole cart (4-5 KB for three lines) on every request. Most of a line item (title, handle, url, image, vendor,
 * options, ids, unit prices) follows from the catalog's details of its price: that text is built once per details
 * object, which the price cache holds per catalog version (src/cart/cart-view.ts `pricedFrom`), and each answer puts
 * the line's own values (quantity, key, properties, line amounts, the previous price) into its slots.
 */
import type { PriceDetails } from '../catalog/index.js';
import { pricedFrom, type CartLine, type CartView } from '../cart/cart-view.js';
import {
  cartCurrency,
  cartHead,
  cartTail,
  lineJson,
  lineOwnValues,
  type LineOwnValues,
  type ShopFacts,
} from './cart-json.js';

type Own = keyof LineOwnValues;
const OWN: readonly Own[] = [
  'properties',
  'quantity',
  'key',
  'linePrice',
  'lineMinor',
  'previousPrice',
  'previousMinor',
];
/** What stands in for each own value while the line's text is built; a NUL no catalog text is expected to hold. */
const STAND_INS = Object.fromEntries(OWN.map((name) => [name, `\u0000kago-own:${name}`])) as Record<Own, string>;
/** How a stand-in reads in the JSON text, and which value it stands for. */
const SLOT_NAMES = new Map(OWN.map((name) => [JSON.stringify(STAND_INS[name]), name]));
const SLOT = new RegExp([...SLOT_NAMES.keys()].map((text) => text.replace(/\\/g, '\\\\')).join('|'), 'g');
/** Slots in a line's text: each own value once, the line price three times (line, original, final). */
const SLOTS = OWN.length + 2;

/** A line's text around its slots (`parts` has one more item than `slots`), for one currency and vendor. */
interface LineText {
  currency: string;
  vendor: string;
  parts: string[];
  slots: Own[];
}

/** Per details object, so per catalog version; null when the text could not be cut (a stand-in in catalog text). */
const lineTexts = new WeakMap<PriceDetails, LineText | null>();

function cutLineText(line: CartLine, currency: string, shop: ShopFacts): LineText | null {
  const text = JSON.stringify(lineJson(line, currency, shop, STAND_INS));
  const parts: string[] = [];
  const slots: Own[] = [];
  let from = 0;
  for (const found of text.matchAll(SLOT)) {
    parts.push(text.slice(from, found.index));
    slots.push(SLOT_NAMES.get(found[0])!);
    from = found.index + found[0].length;
  }
  parts.push(text.slice(from));
  return slots.length === SLOTS ? { currency, vendor: shop.vendor, parts, slots } : null;
}

function lineText(line: CartLine, currency: string, shop: ShopFacts): string {
  const own = lineOwnValues(line, currency);
  const details = pricedFrom.get(line);
  let cut = details && lineTexts.get(details);
  if (details && (cut === undefined || (cut !== null && (cut.currency !== currency || cut.vendor !== shop.vendor)))) {
    cut = cutLineText(line, currency, shop);
    lineTexts.set(details, cut);
  }
  // A line of a price gone from the catalog is built whole, as cartJson does.
  if (!cut) return JSON.stringify(lineJson(line, currency, shop, own));
  let text = cut.parts[0]!;
  for (let slot = 0; slot < cut.slots.length; slot++) {
    text += JSON.stringify(own[cut.slots[slot]!]) + cut.parts[slot + 1]!;
  }
  return text;
}

/** `JSON.stringify(cartJson(cart, sessionId, shop))`, from the lines' texts kept per catalog version. */
export function cartJsonText(cart: CartView, sessionId: string | undefined, shop: ShopFacts): string {
  const currency = cartCurrency(cart, shop);
  const head = JSON.stringify(cartHead(cart, sessionId, currency));
  const tail = JSON.stringify(cartTail(cart, currency));
  let items = '';
  for (const line of cart.lines) items += (items === '' ? '' : ',') + lineText(line, currency, shop);
  return `${head.slice(0, -1)},"items":[${items}],${tail.slice(1)}`;
}
