/**
 * `multipart/form-data` bodies for the cart endpoints: what `fetch` sends with a `FormData` (Dawn-family themes add
 * to cart that way) and what product forms with `enctype="multipart/form-data"` post. Registered only in the cart
 * routes' scopes. Fields only, with the form bounds of body-limits.ts: a file part is refused, and so is a field too
 * long or a body with too many fields, before the route runs.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BODY_LIMIT, MAX_FORM_FIELDS, tooManyFields } from './body-limits.js';
import { HttpError } from './errors.js';
import { refusal } from './refusals.js';

/** The longest field value: a cart note of 5,000 characters of three UTF-8 bytes each, and then some. */
const MAX_FIELD_BYTES = 16 * 1024;

const tooLarge = () => refusal('body_too_large');
const noFiles = () => refusal('files_not_accepted');

/** Multipart fields -> `{name: value}` (a repeated name gives an array), as the urlencoded parser gives them. */
async function readFields(request: FastifyRequest): Promise<Record<string, string | string[]>> {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  let bytes = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') throw noFiles();
      if (part.valueTruncated || part.fieldnameTruncated) throw tooLarge();
      const value = String(part.value);
      bytes += Buffer.byteLength(part.fieldname) + Buffer.byteLength(value);
      if (bytes > BODY_LIMIT) throw tooLarge();
      const had = fields[part.fieldname];
      fields[part.fieldname] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw noFiles();
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw tooManyFields();
    if (code === 'FST_PROTO_VIOLATION')
      throw refusal('invalid_request', { detail: 'A field name of the form is not allowed.' });
    // A body cut short or not multipart after all: the form cannot be read.
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || error instanceof Error) {
      throw refusal('invalid_request', { detail: 'The multipart form could not be read.' });
    }
    throw error;
  }
  return { ...fields };
}

/** Lets the routes of this scope take multipart bodies, as `request.body` in the urlencoded form's shape. */
export async function registerCartMultipart(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    limits: {
      files: 0,
      fields: MAX_FORM_FIELDS,
      parts: MAX_FORM_FIELDS,
      fieldSize: MAX_FIELD_BYTES,
      fieldNameSize: 300,
      headerPairs: 20,
    },
  });
  // A callback hook: every other request (JSON, forms, GET /cart.js) passes on without a promise of its own.
  app.addHook('preValidation', (request, _reply, done) => {
    if (!request.isMultipart()) return done();
    readFields(request).then((fields) => {
      request.body = fields;
      done();
    }, done);
  });
}
