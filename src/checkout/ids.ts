/** Order ids: random, unguessable, easy to read aloud (Crockford base32: no I, L, O or U). */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 12 characters, 60 random bits. */
export function newOrderId(): string {
  return [...randomBytes(12)].map((byte) => ALPHABET[byte & 31]).join('');
}

/** `K7Q4M2XPA9TR` -> `K7Q4-M2XP-A9TR`, as the shopper sees it. */
export function orderNumber(id: string): string {
  return id.match(/.{1,4}/g)?.join('-') ?? id;
}
