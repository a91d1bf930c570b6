/**
 * Receives the import form (multipart): each export file is streamed to disk in the given private folder, never
 * held in memory, and cut off at MAX_UPLOAD_BYTES with a 413. Only the `products` and `prices` file fields are taken.
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES, type UploadedExports } from '../../admin/catalog-uploads.js';
import { HttpError } from '../errors.js';

const FIELDS = ['products', 'prices'] as const;
type Field = (typeof FIELDS)[number];

const megabytes = (bytes: number) => `${bytes / 1024 / 1024} MB`;

export const uploadTooLarge = () =>
  new HttpError(
    413,
    'upload_too_large',
    'File too large',
    `Each export may be at most ${megabytes(MAX_UPLOAD_BYTES)}. Nothing was imported; import a larger catalog with npm run kago -- import.`,
  );

/** The multipart limits the import scope registers: two files of MAX_UPLOAD_BYTES, no other parts to speak of. */
// One file more than the form has, so a stray file is named in the refusal (it is refused before it is read).
export const UPLOAD_LIMITS = {
  fileSize: MAX_UPLOAD_BYTES,
  files: 3,
  fields: 4,
  fieldSize: 1024,
  parts: 7,
  headerPairs: 100,
};

const tooManyParts = () =>
  new HttpError(
    413,
    'upload_too_many_parts',
    'Too many parts',
    'Send the form as it is: a products export and a prices export. Nothing was imported.',
  );
const LIMIT_CODES = new Set(['FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

/** The name as uploaded, for problems and notes: its last path segment, printable, at most 100 characters. */
function displayName(filename: string, field: Field): string {
  const base = filename
    .split(/[\\/]/)
    .pop()!
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 100);
  return base || `${field}.csv`;
}

export async function receiveExports(request: FastifyRequest, dir: string): Promise<UploadedExports> {
  if (!request.isMultipart())
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Send the upload form',
      'Upload the exports with the form (multipart/form-data).',
    );
  const files: UploadedExports = {};
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const field = FIELDS.find((name) => name === part.fieldname);
      if (!field || files[field]) {
        part.file.resume();
        throw new HttpError(
          400,
          'unexpected_file',
          'Unexpected file',
          'Send one products export (products) and one prices export (prices), nothing else. Nothing was imported.',
        );
      }
      const target = path.join(dir, `${field}.csv`);
      await pipeline(part.file, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
      // A file input left empty still sends a part: no name, no bytes.
      if (part.filename === '' && (await stat(target)).size === 0) continue;
      files[field] = { path: target, name: displayName(part.filename, field) };
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw uploadTooLarge();
    if (LIMIT_CODES.has(code)) throw tooManyParts();
    throw error;
  }
  if (!files.products && !files.prices)
    throw new HttpError(422, 'no_files', 'No files', 'Choose products.csv, prices.csv, or both. Nothing was imported.');
  return files;
}
