/**
 * The end of a cached catalog answer as bytes: its add forms' one-time token inputs (formTokenInputs) and the
 * page's fixed end, encoded once with a slot per token; each answer copies it and writes fresh tokens into the
 * slots. Built as a string per answer instead, the 24 inputs were a concatenated string that V8 flattened and
 * UTF-8 encoded every time (about a tenth of a cached page's CPU time).
 */
import { randomFillSync } from 'node:crypto';
import { formTokenInput } from './views/add-to-cart-form.js';

/** A token as newFormToken makes it (a random UUID, version 4), its 32 hex digits written into the answer. */
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
/** Where each of a UUID's 16 bytes goes in its text: two hex digits each, around the dashes. */
const DIGITS_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** The digits that say version 4 (the 13th) and the variant (the 17th). */
const [VERSION_AT, VARIANT_AT] = [DIGITS_AT[6]!, DIGITS_AT[8]!];

/**
 * Random bytes drawn a few KB at a time, as node's randomUUID draws them (one draw for 128 UUIDs), and used once:
 * 24 tokens cost one draw every ten answers instead of 24 UUID strings and 24 writes per answer.
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
let drawn = POOL_BYTES;

/** Writes a fresh random UUID (version 4, lower-case hex) over the placeholder at `at`. */
function writeToken(target: Buffer, at: number): void {
  if (drawn + 16 > POOL_BYTES) {
    randomFillSync(pool);
    drawn = 0;
  }
  for (let index = 0; index < 16; index++) {
    const byte = pool[drawn + index]!;
    const digit = at + DIGITS_AT[index]!;
    target[digit] = HEX[byte >> 4]!;
    target[digit + 1] = HEX[byte & 0x0f]!;
  }
  // The version (4) and the RFC 4122 variant (8-b) digits, written over the random ones: no branch per byte.
  target[at + VERSION_AT] = HEX[4]!;
  target[at + VARIANT_AT] = HEX[0x8 | ((pool[drawn + 8]! >> 4) & 0x3)]!;
  drawn += 16;
}

/** Bytes an answer writes into a buffer of its own at a given place (the precompressed page makes that buffer). */
export interface WrittenTail {
  readonly length: number;
  writeInto(target: Buffer, at: number): void;
}

/** A written tail's bytes in a Buffer of their own (a tail past one stored block; tests). */
export function writtenBytes(tail: WrittenTail): Buffer {
  const bytes = Buffer.allocUnsafe(tail.length);
  tail.writeInto(bytes, 0);
  return bytes;
}

/** Fresh tokens for every form, then `end`: the same bytes as formTokenInputs(formIds) + end. */
export function formTokenTail(formIds: readonly string[], end: string): WrittenTail {
  const slots: number[] = [];
  let text = '';
  for (const id of formIds) {
    const input = formTokenInput(id, PLACEHOLDER);
    slots.push(Buffer.byteLength(text) + Buffer.byteLength(input.slice(0, input.indexOf(PLACEHOLDER))));
    text += input;
  }
  const template = Buffer.from(text + end, 'utf8');
  return {
    length: template.length,
    writeInto(target, at) {
      template.copy(target, at);
      for (const slot of slots) writeToken(target, at + slot);
    },
  };
}
