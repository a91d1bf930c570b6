/**
 * `/cart.js`'s answer as bytes, byte for byte the UTF-8 of `JSON.stringify(cartJson(...))`, without building,
 * stringifying and encoding the whole cart (4-5 KB for three lines) on every request. Most of a line item (title,
 * handle, url, image, vendor, options, ids, unit prices) follows from the catalog's details of its price: that text
 * is built once per details object, which the price cache holds per catalog version (src/cart/cart-view.ts
 * `pricedFrom`), and each answer puts the line's own values (quantity, key, properties, line amounts, the previous
 * price) into its slots. The kept text is kept as UTF-8: product names make the answer a two-byte string, and
 * encoding it on every answer (as Node does when a string is sent) cost more than putting it together.
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

/** A line's text around its slots (`parts`, UTF-8, has one more item than `slots`), for one currency and vendor. */
interface LineText {
  currency: string;
  vendor: string;
  parts: Buffer[];
  slots: Own[];
}

/** Per details object, so per catalog version; null when the text could not be cut (a stand-in in catalog text). */
const lineTexts = new WeakMap<PriceDetails, LineText | null>();

function cutLineText(line: CartLine, currency: string, shop: ShopFacts): LineText | null {
  const text = JSON.stringify(lineJson(line, currency, shop, STAND_INS));
  const parts: Buffer[] = [];
  const slots: Own[] = [];
  let from = 0;
  for (const found of text.matchAll(SLOT)) {
    parts.push(Buffer.from(text.slice(from, found.index), 'utf8'));
    slots.push(SLOT_NAMES.get(found[0])!);
    from = found.index + found[0].length;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return slots.length === SLOTS ? { currency, vendor: shop.vendor, parts, slots } : null;
}

/** Adds a line's text to `chunks`: its kept parts with its own values between them. */
function addLineText(chunks: Chunk[], line: CartLine, currency: string, shop: ShopFacts): void {
  const own = lineOwnValues(line, currency);
  const details = pricedFrom.get(line);
  let cut = details && lineTexts.get(details);
  if (details && (cut === undefined || (cut !== null && (cut.currency !== currency || cut.vendor !== shop.vendor)))) {
    cut = cutLineText(line, currency, shop);
    lineTexts.set(details, cut);
  }
  // A line of a price gone from the catalog is built whole, as cartJson does.
  if (!cut) return void chunks.push(JSON.stringify(lineJson(line, currency, shop, own)));
  chunks.push(cut.parts[0]!);
  for (let slot = 0; slot < cut.slots.length; slot++) {
    chunks.push(JSON.stringify(own[cut.slots[slot]!]), cut.parts[slot + 1]!);
  }
}

/** Kept UTF-8, or text of this answer's own (short, mostly ASCII) to encode. */
type Chunk = Buffer | string;

/** The chunks as one Buffer, each string encoded straight into it. */
function joined(chunks: readonly Chunk[]): Buffer {
  let length = 0;
  for (const chunk of chunks) length += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
  const bytes = Buffer.allocUnsafe(length); // every byte is written below
  let at = 0;
  for (const chunk of chunks) at += typeof chunk === 'string' ? bytes.write(chunk, at, 'utf8') : chunk.copy(bytes, at);
  return bytes;
}

/** A view's answer, for the facts it was made with: a view kept in memory (src/cart/kept-views.ts) is answered again. */
const answers = new WeakMap<CartView, { sessionId: string | undefined; shop: ShopFacts; bytes: Buffer }>();

/**
 * The UTF-8 of `JSON.stringify(cartJson(cart, sessionId, shop))`, from the lines' texts kept per catalog version;
 * the same bytes again for the same view, session and shop facts (views are never changed once built).
 */
export function cartJsonBytes(cart: CartView, sessionId: string | undefined, shop: ShopFacts): Buffer {
  const made = answers.get(cart);
  if (made && made.sessionId === sessionId && made.shop.currency === shop.currency && made.shop.vendor === shop.vendor)
    return made.bytes;
  const bytes = answerBytes(cart, sessionId, shop);
  answers.set(cart, { sessionId, shop: { currency: shop.currency, vendor: shop.vendor }, bytes });
  return bytes;
}

function answerBytes(cart: CartView, sessionId: string | undefined, shop: ShopFacts): Buffer {
  const currency = cartCurrency(cart, shop);
  const head = JSON.stringify(cartHead(cart, sessionId, currency));
  const tail = JSON.stringify(cartTail(cart, currency));
  const chunks: Chunk[] = [`${head.slice(0, -1)},"items":[`];
  cart.lines.forEach((line, index) => {
    if (index > 0) chunks.push(',');
    addLineText(chunks, line, currency, shop);
  });
  chunks.push(`],${tail.slice(1)}`);
  return joined(chunks);
}
