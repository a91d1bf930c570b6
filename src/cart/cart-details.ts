/**
 * The cart's note and attributes (Shopify's `note` and `attributes`: "leave at the door", `gift_wrap: yes`), kept
 * with the cart, changed by update.js and kept by clear.js. As in Shopify, attributes sent are merged into the ones
 * the cart has, and an attribute sent blank is removed; a note replaces the note ('' removes it).
 */
import { CartError } from './errors.js';
import {
  MAX_ATTRIBUTE_NAME_LENGTH,
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_CART_ATTRIBUTES,
  MAX_NOTE_LENGTH,
} from './limits.js';

export interface CartDetails {
  note: string;
  attributes: Readonly<Record<string, string>>;
}

export const NO_DETAILS: CartDetails = Object.freeze({ note: '', attributes: Object.freeze({}) });

/** A change of details: a new note, and attributes to merge ('' removes one). */
export interface DetailsChange {
  note?: string | undefined;
  attributes?: Readonly<Record<string, string>> | undefined;
}

/** `problem` picks the sentence of the catalogue's description; `name` is the attribute's (cut to 40 characters). */
const invalid = (
  problem: 'note_not_text' | 'note_length' | 'shape' | 'not_text' | 'name_length' | 'value_length' | 'count',
  name = '',
) => new CartError('invalid_cart_details', { problem, name: name.slice(0, 40) });

const asText = (value: unknown): string | undefined =>
  value === null
    ? ''
    : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;

/** `note` and `attributes` as a client sent them -> a change (undefined when it sent neither). */
export function parseDetailsChange(note: unknown, attributes: unknown): DetailsChange | undefined {
  const change: DetailsChange = {};
  if (note !== undefined) {
    const text = asText(note);
    if (text === undefined) throw invalid('note_not_text');
    if (text.length > MAX_NOTE_LENGTH) throw invalid('note_length');
    change.note = text;
  }
  if (attributes !== undefined && attributes !== null) {
    if (typeof attributes !== 'object' || Array.isArray(attributes)) throw invalid('shape');
    const entries = Object.entries(attributes);
    if (entries.length > MAX_CART_ATTRIBUTES) throw invalid('count');
    const parsed: Record<string, string> = {};
    for (const [name, value] of entries) {
      const text = asText(value);
      if (text === undefined) throw invalid('not_text', name);
      if (name.trim() === '' || name.length > MAX_ATTRIBUTE_NAME_LENGTH) throw invalid('name_length');
      if (text.length > MAX_ATTRIBUTE_VALUE_LENGTH) throw invalid('value_length', name);
      parsed[name] = text;
    }
    change.attributes = parsed;
  }
  return change.note === undefined && change.attributes === undefined ? undefined : change;
}

/** The details after a change; refuses a merge that would leave more attributes than a cart keeps. */
export function applyDetailsChange(current: CartDetails, change: DetailsChange): CartDetails {
  const attributes: Record<string, string> = { ...current.attributes };
  for (const [name, value] of Object.entries(change.attributes ?? {})) {
    if (value === '') delete attributes[name];
    else attributes[name] = value;
  }
  if (Object.keys(attributes).length > MAX_CART_ATTRIBUTES) throw invalid('count');
  return { note: change.note ?? current.note, attributes };
}

export function sameDetails(a: CartDetails, b: CartDetails): boolean {
  return serializeDetails(a) === serializeDetails(b);
}

/** '' for no note and no attributes, else JSON with attribute names in order. */
export function serializeDetails(details: CartDetails): string {
  const names = Object.keys(details.attributes).sort();
  if (details.note === '' && names.length === 0) return '';
  return JSON.stringify({
    note: details.note,
    attributes: Object.fromEntries(names.map((name) => [name, details.attributes[name]])),
  });
}

export function deserializeDetails(text: string | null | undefined): CartDetails {
  if (!text) return NO_DETAILS;
  const parsed = JSON.parse(text) as Partial<CartDetails>;
  return { note: parsed.note ?? '', attributes: parsed.attributes ?? {} };
}
