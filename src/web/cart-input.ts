/**
 * Request bodies of the cart endpoints, JSON or form-encoded, parsed into what the cart service takes. A body of
 * the wrong shape is a 400 naming what is wrong; quantities and ids are judged by the cart service (422).
 */
import { z } from 'zod';
import type { LineTarget } from '../cart/cart-service.js';
import { MAX_CART_LINES, MAX_UPDATES } from '../cart/limits.js';
import { keyCountUpTo, MAX_FORM_FIELDS, tooManyFields } from './body-limits.js';
import { HttpError } from './errors.js';

const invalid = (description: string) => new HttpError(400, 'invalid_request', 'Invalid request', description);

const id = z.union([z.string().trim().min(1).max(255), z.number().int().nonnegative()]).transform(String);
const quantity = z.unknown().optional();
const item = z.object({ id, quantity });

const addBody = z.union([z.object({ items: z.array(item).min(1).max(MAX_CART_LINES) }), item]);
const changeBody = z.object({
  id: id.optional(),
  line: z.coerce.number().int().min(1).max(MAX_CART_LINES).optional(),
  quantity,
});
const updateBody = z.object({ updates: z.record(z.string().min(1).max(255), quantity) });

function parse<T>(schema: z.ZodType<T>, body: unknown, hint: string): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw invalid(hint);
  return result.data;
}

export function parseAddBody(body: unknown): Array<{ id: string; quantity?: unknown }> {
  const parsed = parse(addBody, body, `Send {"items": [{"id": ..., "quantity": ...}]} (1 to ${MAX_CART_LINES} items) or the fields id and quantity.`);
  return 'items' in parsed ? parsed.items : [parsed];
}

export function parseChangeBody(body: unknown): { target: LineTarget; quantity: unknown } {
  const parsed = parse(changeBody, body, 'Send the line to change as id (its key or price id) or line (its position from 1), and a quantity.');
  if (parsed.id !== undefined) return { target: { id: parsed.id }, quantity: parsed.quantity };
  if (parsed.line !== undefined) return { target: { line: parsed.line }, quantity: parsed.quantity };
  throw invalid('Send the line to change as id (its key or price id) or line (its position from 1).');
}

const tooManyUpdates = () => new HttpError(400, 'too_many_updates', 'Too many updates', `Send at most ${MAX_UPDATES} updates at once.`);

/** `{updates: {key: qty}}` as JSON, or `updates[key]=qty` form fields as a cart page sends them. */
export function parseUpdateBody(body: unknown): Array<[string, unknown]> {
  const fields = (body ?? {}) as Record<string, unknown>;
  // Counted before any is looked at: a body of 100,000 updates is refused for the price of counting 101.
  if (keyCountUpTo(fields, MAX_FORM_FIELDS) > MAX_FORM_FIELDS) throw tooManyFields();
  if (keyCountUpTo(fields.updates, MAX_UPDATES) > MAX_UPDATES) throw tooManyUpdates();
  const formUpdates = Object.entries(fields).flatMap(([name, value]): Array<[string, unknown]> => {
    const match = /^updates\[(.+)\]$/.exec(name);
    return match ? [[match[1]!, value]] : [];
  });
  if (formUpdates.length > MAX_UPDATES) throw tooManyUpdates();
  const updates = formUpdates.length > 0 ? Object.fromEntries(formUpdates) : fields.updates;
  const parsed = parse(updateBody, { updates }, 'Send {"updates": {"<line key or price id>": quantity, ...}}.');
  return Object.entries(parsed.updates);
}

/** If-Match: a cart version (`3`, `"3"` or `W/"3"`); `*` or no header means apply regardless. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?([0-9]{1,15})"?\s*$/.exec(header);
  if (!match) throw invalid('If-Match must be the cart version to apply the change to, as a number.');
  return Number(match[1]);
}
