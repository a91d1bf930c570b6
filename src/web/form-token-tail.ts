/**
 * The end of a cached catalog answer as bytes: its add forms' one-time token inputs (formTokenInputs) and the
 * page's fixed end, encoded once with a slot per token; each answer copies it and writes fresh tokens into the
 * slots. Built as a string per answer instead, the 24 inputs were a concatenated string that V8 flattened and
 * UTF-8 encoded every time (about a tenth of a cached page's CPU time).
 */
import { newFormToken } from './idempotency.js';
import { formTokenInput } from './views/add-to-cart-form.js';

/** A token as newFormToken makes it: a UUID, 36 ASCII characters. */
const TOKEN_LENGTH = 36;
const PLACEHOLDER = '0'.repeat(TOKEN_LENGTH);

export interface FormTokenTail {
  /** Fresh tokens for every form, then `end`: the same bytes as formTokenInputs(formIds) + end. */
  bytes(): Buffer;
}

export function formTokenTail(formIds: readonly string[], end: string): FormTokenTail {
  const slots: number[] = [];
  let text = '';
  for (const id of formIds) {
    const input = formTokenInput(id, PLACEHOLDER);
    slots.push(Buffer.byteLength(text) + Buffer.byteLength(input.slice(0, input.indexOf(PLACEHOLDER))));
    text += input;
  }
  const template = Buffer.from(text + end, 'utf8');
  return {
    bytes() {
      const tail = Buffer.allocUnsafe(template.length);
      template.copy(tail);
      for (const slot of slots) {
        const token = newFormToken();
        if (token.length !== TOKEN_LENGTH) throw new Error('A form token is not 36 characters long');
        tail.write(token, slot, 'latin1');
      }
      return tail;
    },
  };
}
