/**
 * Line item properties (Shopify's `properties`: an engraving, a gift message) and line keys. Two lines of one price
 * with different properties are different lines, as in Shopify: a line is named by its price and a short stable hash
 * of its properties. Properties whose name starts with `_` are kept and returned in JSON but hidden from shoppers.
 */
import { createHash } from 'node:crypto';
import { CartError } from './errors.js';
import { MAX_LINE_PROPERTIES, MAX_PROPERTY_NAME_LENGTH, MAX_PROPERTY_VALUE_LENGTH } from './limits.js';

export type LineProperties = Readonly<Record<string, string>>;

export const NO_PROPERTIES: LineProperties = Object.freeze({});

/** `problem` picks the sentence of the catalogue's description; `name` is the property's (cut to 40 characters). */
const invalidProperties = (problem: 'shape' | 'not_text' | 'name_length' | 'value_length' | 'count', name = '') =>
  new CartError('invalid_properties', { problem, name: name.slice(0, 40) });

/**
 * Properties as a client sent them -> what a line keeps: names and values as strings (numbers and booleans written
 * out), empty values dropped (a form's blank optional field is no property). Refuses anything else, and the limits.
 */
export function parseLineProperties(value: unknown): LineProperties {
  if (value === undefined || value === null || value === '') return NO_PROPERTIES;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidProperties('shape');
  const entries: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(value)) {
    if (raw === undefined || raw === null || raw === '') continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw invalidProperties('not_text', name);
    }
    const text = String(raw);
    if (name.trim() === '' || name.length > MAX_PROPERTY_NAME_LENGTH) {
      throw invalidProperties('name_length');
    }
    if (text.length > MAX_PROPERTY_VALUE_LENGTH) {
      throw invalidProperties('value_length', name);
    }
    entries.push([name, text]);
    if (entries.length > MAX_LINE_PROPERTIES) throw invalidProperties('count');
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? NO_PROPERTIES : Object.freeze(Object.fromEntries(entries));
}

/** The stored form of properties: '' for none, else JSON with names in order. */
export function serializeProperties(properties: LineProperties): string {
  const names = Object.keys(properties).sort();
  return names.length === 0 ? '' : JSON.stringify(Object.fromEntries(names.map((name) => [name, properties[name]])));
}

export function deserializeProperties(text: string | null | undefined): LineProperties {
  return text ? (JSON.parse(text) as LineProperties) : NO_PROPERTIES;
}

/** 16 hex digits of SHA-256 over the properties in name order: the same properties always give the same hash. */
function hashOf(serialized: string): string {
  return createHash('sha256').update(serialized).digest('hex').slice(0, 16);
}

/** What tells lines of one price apart in the stores: '' for a line without properties. */
export function propertiesHash(properties: LineProperties): string {
  const serialized = serializeProperties(properties);
  return serialized === '' ? '' : hashOf(serialized);
}

/**
 * The stores' name for a line: the price id alone when it has no properties (as every line was before properties),
 * else the price id and the hash with a space between (ids never contain whitespace).
 */
export function lineId(priceId: string, hash: string): string {
  return hash === '' ? priceId : `${priceId} ${hash}`;
}

/** lineId's parts back: the price id and the hash ('' for none). */
export function splitLineId(id: string): { priceId: string; propertiesHash: string } {
  const space = id.indexOf(' ');
  return space === -1
    ? { priceId: id, propertiesHash: '' }
    : { priceId: id.slice(0, space), propertiesHash: id.slice(space + 1) };
}

const EMPTY_HASH = hashOf('{}');

/**
 * The line's `key` in the JSON cart, in Shopify's form `<variant id>:<hash of properties>`. `priceRef` is how the
 * JSON cart names the price the line was added at (its variant id); one place builds it, so changing what a price is
 * called changes every key.
 */
export function lineKey(priceRef: string, hash: string): string {
  return `${priceRef}:${hash === '' ? EMPTY_HASH : hash}`;
}

/** Shopify hides properties whose name starts with an underscore from shoppers; JSON still returns them. */
export function visibleProperties(properties: LineProperties): Array<[string, string]> {
  return Object.entries(properties).filter(([name]) => !name.startsWith('_'));
}
