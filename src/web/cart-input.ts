/**
 * Request bodies of the cart endpoints, JSON or forms (urlencoded or multipart, with bracketed names such as
 * `items[0][id]` and `properties[Engraving]`), parsed into what the cart service takes. A body of
 * the wrong shape is a 400 naming what is wrong; quantities and ids are judged by the cart service (422).
 */
import { z } from 'zod';
import type { AddItem, DetailsInput, LineTarget } from '../cart/cart-service.js';
import { MAX_CART_LINES, MAX_UPDATES } from '../cart/limits.js';
import { refuseSellingPlan } from '../cart/request-values.js';
import { keyCountUpTo, MAX_FORM_FIELDS, tooManyFields } from './body-limits.js';
import { refusal } from './refusals.js';
import { expandBracketedFields } from './form-fields.js';

const invalid = (detail: string) => refusal('invalid_request', { detail });

const id = z.union([z.string().trim().min(1).max(255), z.number().int().nonnegative()]).transform(String);
const quantity = z.unknown().optional();
const properties = z.unknown().optional();
const sellingPlan = z.unknown().optional();
const item = z.object({ id, quantity, properties, selling_plan: sellingPlan });

const addBody = z.union([z.object({ items: z.array(item).min(1).max(MAX_CART_LINES) }), item]);
const changeBody = z.object({
  id: id.optional(),
  line: z.coerce.number().int().min(1).max(MAX_CART_LINES).optional(),
  quantity,
  properties,
  selling_plan: sellingPlan,
});

function parse<T>(schema: z.ZodType<T>, body: unknown, hint: string): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw invalid(hint);
  return result.data;
}

/** A body as JSON or a form (urlencoded or multipart, bracketed names expanded), counted before it is looked at. */
function fieldsOf(body: unknown): Record<string, unknown> {
  if (keyCountUpTo(body, MAX_FORM_FIELDS) > MAX_FORM_FIELDS) throw tooManyFields();
  return (expandBracketedFields(body ?? {}) ?? {}) as Record<string, unknown>;
}

export function parseAddBody(body: unknown): AddItem[] {
  const parsed = parse(
    addBody,
    fieldsOf(body),
    `Send {"items": [{"id": ..., "quantity": ...}]} (1 to ${MAX_CART_LINES} items) or the fields id and quantity.`,
  );
  const items = 'items' in parsed ? parsed.items : [parsed];
  for (const { selling_plan } of items) refuseSellingPlan(selling_plan);
  return items.map(({ id, quantity, properties }) => ({ id, quantity, properties }));
}

/** change.js: the line by `id` (key or variant id) or `line`, a quantity, and `properties` to replace the line's. */
export function parseChangeBody(body: unknown): { target: LineTarget; quantity: unknown; properties: unknown } {
  const parsed = parse(
    changeBody,
    fieldsOf(body),
    'Send the line to change as id (its key or variant id) or line (its position from 1), and a quantity.',
  );
  const { quantity, properties } = parsed;
  refuseSellingPlan(parsed.selling_plan);
  if (parsed.id !== undefined) return { target: { id: parsed.id }, quantity, properties };
  if (parsed.line !== undefined) return { target: { line: parsed.line }, quantity, properties };
  throw invalid('Send the line to change as id (its key or variant id) or line (its position from 1).');
}

const tooManyUpdates = () => refusal('too_many_updates');

export interface UpdateRequest {
  updates: Array<[LineTarget, unknown]>;
  details: DetailsInput;
}

/**
 * update.js: `updates` as a map of line key or variant id to quantity, or as a list of quantities, one per line in
 * cart order (JSON `[1, 0]`, form `updates[]=1&updates[]=0`); `updates[<key>]=3` form fields as the cart page sends
 * them; and the cart's `note` and `attributes` (`attributes[gift_wrap]=yes`), alone or with updates.
 */
export function parseUpdateBody(body: unknown): UpdateRequest {
  const fields = fieldsOf(body);
  const updates = fields.updates;
  // Counted before any is looked at: a body of 100,000 updates is refused for the price of counting 101.
  if (keyCountUpTo(updates, MAX_UPDATES) > MAX_UPDATES) throw tooManyUpdates();
  const details: DetailsInput = { note: fields.note, attributes: fields.attributes };
  const hint =
    'Send {"updates": {"<line key or variant id>": quantity, ...}} or {"updates": [quantity, ...]}, and/or a note or attributes.';
  if (updates === undefined) {
    if (details.note === undefined && details.attributes === undefined) throw invalid(hint);
    return { updates: [], details };
  }
  if (Array.isArray(updates))
    return { updates: updates.map((value, index): [LineTarget, unknown] => [{ line: index + 1 }, value]), details };
  const parsed = parse(z.record(z.string().min(1).max(255), quantity), updates, hint);
  return {
    updates: Object.entries(parsed).map(([key, value]): [LineTarget, unknown] => [{ id: key }, value]),
    details,
  };
}

/** If-Match: a cart version (`3`, `"3"` or `W/"3"`); `*` or no header means apply regardless. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?([0-9]{1,15})"?\s*$/.exec(header);
  if (!match) throw invalid('If-Match must be the cart version to apply the change to, as a number.');
  return Number(match[1]);
}
