/**
 * Catalog imports by upload, in two steps: a dry run of the uploaded exports (the CLI's import code, its problems
 * and report as the CLI prints them), then "Apply". Between the two the files are kept in the database under a
 * random id, bound to the owner who uploaded them, for UPLOAD_TTL_MS: any process of the shop can apply them, and
 * only those very files (their SHA-256 is checked again). Applying refuses, rolling everything back, when the import
 * would now change anything else than the preview showed (the catalog changed meanwhile): the new preview is shown.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import {
  formatProblem,
  importCatalog,
  ImportFailedError,
  type ImportFiles,
  type ImportProblem,
  type ImportReport,
} from '../catalog/index.js';
import type { Database } from '../db/schema.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit-log.js';
import { withPrivateTempDir } from './private-temp.js';

/** The largest export file the console takes (each of the two); larger catalogs import with `kago import`. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** How long an upload waits for "Apply". */
export const UPLOAD_TTL_MS = 30 * 60_000;

/** One uploaded export on disk (in a private temp folder) and its name as uploaded. */
export interface UploadedFile {
  path: string;
  name: string;
}

export interface UploadedExports {
  products?: UploadedFile;
  prices?: UploadedFile;
}

/** The CLI's lines: every problem as `file:line: problem`, then what it means. */
export interface ImportRefusal {
  problems: string[];
  summary: string;
}

export type PreviewResult = { ok: true; id: string } | { ok: false; refusal: ImportRefusal };

export interface UploadPreview {
  id: string;
  /** The dry run's report, files named as uploaded. */
  report: ImportReport;
  names: { products: string | null; prices: string | null };
  expiresAt: number;
}

export type ApplyResult =
  | { outcome: 'applied'; report: ImportReport }
  /** The catalog changed since the preview: nothing was imported; the preview now shows what it would do. */
  | { outcome: 'changed' }
  /** The files no longer pass (the catalog changed under them): nothing was imported, the upload is dropped. */
  | { outcome: 'failed'; refusal: ImportRefusal }
  /** Unknown, expired, another owner's, or applied already. */
  | { outcome: 'gone' };

export interface CatalogUploads {
  preview(actor: Actor, files: UploadedExports): Promise<PreviewResult>;
  find(actor: Actor, id: string): Promise<UploadPreview | undefined>;
  apply(actor: Actor, id: string): Promise<ApplyResult>;
}

class PreviewOutdated extends Error {
  constructor(readonly report: ImportReport) {
    super('the import would differ from its preview');
  }
}
class AlreadyApplied extends Error {}

/** Problems, notes and warnings name the files as uploaded, not the temp folder's paths. */
function namer(files: UploadedExports) {
  const names = new Map<string, string>();
  for (const file of [files.products, files.prices]) if (file) names.set(file.path, file.name);
  const rename = (problem: ImportProblem): ImportProblem => ({
    ...problem,
    file: names.get(problem.file) ?? path.basename(problem.file),
  });
  return {
    report: (report: ImportReport): ImportReport => ({
      ...report,
      notes: report.notes.map(rename),
      warnings: report.warnings.map(rename),
    }),
    refusal: (error: ImportFailedError): ImportRefusal => ({
      problems: error.problems.map((problem) => formatProblem(rename(problem))),
      summary: error.message,
    }),
  };
}

const importFiles = (files: UploadedExports): ImportFiles => ({
  products: files.products?.path,
  prices: files.prices?.path,
});

function digestOf(products: Buffer | null, prices: Buffer | null): string {
  const hash = createHash('sha256');
  for (const bytes of [products, prices])
    hash.update(bytes ? `${bytes.length}:` : 'none:').update(bytes ?? Buffer.alloc(0));
  return hash.digest('hex');
}

/** The same changes: counts and notes (a dry run and a real run differ only in `dryRun`). */
const sameChanges = (a: ImportReport, b: ImportReport) =>
  JSON.stringify({ ...a, dryRun: false }) === JSON.stringify({ ...b, dryRun: false });

export function createCatalogUploads(db: Kysely<Database>, options: { now: () => number }): CatalogUploads {
  const live = (actor: Actor, id: string) =>
    db
      .selectFrom('admin_catalog_uploads')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', actor.accountId)
      .where('expires_at', '>', options.now());

  return {
    async preview(actor, files) {
      const name = namer(files);
      let report: ImportReport;
      try {
        report = name.report(await importCatalog(db, importFiles(files), { dryRun: true, now: options.now }));
      } catch (error) {
        if (error instanceof ImportFailedError) return { ok: false, refusal: name.refusal(error) };
        throw error;
      }
      const products = files.products ? await readFile(files.products.path) : null;
      const prices = files.prices ? await readFile(files.prices.path) : null;
      const id = randomBytes(16).toString('hex');
      const now = options.now();
      await db.transaction().execute(async (trx) => {
        // One upload waits per owner (a new one replaces it), and expired ones go.
        await trx
          .deleteFrom('admin_catalog_uploads')
          .where((eb) => eb.or([eb('account_id', '=', actor.accountId), eb('expires_at', '<=', now)]))
          .execute();
        await trx
          .insertInto('admin_catalog_uploads')
          .values({
            id,
            account_id: actor.accountId,
            products_name: files.products?.name ?? null,
            products_csv: products,
            prices_name: files.prices?.name ?? null,
            prices_csv: prices,
            digest: digestOf(products, prices),
            preview: JSON.stringify(report),
            created_at: now,
            expires_at: now + UPLOAD_TTL_MS,
          })
          .execute();
      });
      return { ok: true, id };
    },

    async find(actor, id) {
      const row = await live(actor, id).select(['preview']).executeTakeFirst();
      if (!row) return undefined;
      return {
        id,
        report: JSON.parse(row.preview) as ImportReport,
        names: { products: row.products_name, prices: row.prices_name },
        expiresAt: Number(row.expires_at),
      };
    },

    async apply(actor, id) {
      const row = await live(actor, id).executeTakeFirst();
      if (!row) return { outcome: 'gone' };
      const previewed = JSON.parse(row.preview) as ImportReport;
      if (digestOf(row.products_csv, row.prices_csv) !== row.digest)
        throw new Error(`catalog upload ${id} does not match its digest`);
      return withPrivateTempDir(async (dir) => {
        const files: UploadedExports = {};
        if (row.products_csv && row.products_name !== null)
          files.products = { path: path.join(dir, 'products.csv'), name: row.products_name };
        if (row.prices_csv && row.prices_name !== null)
          files.prices = { path: path.join(dir, 'prices.csv'), name: row.prices_name };
        if (files.products) await writeFile(files.products.path, row.products_csv!, { mode: 0o600 });
        if (files.prices) await writeFile(files.prices.path, row.prices_csv!, { mode: 0o600 });
        const name = namer(files);
        try {
          const report = await importCatalog(db, importFiles(files), {
            now: options.now,
            beforeCommit: async (trx, imported) => {
              const shown = name.report(imported);
              if (!sameChanges(shown, previewed)) throw new PreviewOutdated(shown);
              const taken = await trx.deleteFrom('admin_catalog_uploads').where('id', '=', id).executeTakeFirst();
              if (Number(taken.numDeletedRows) !== 1) throw new AlreadyApplied();
              const { products, prices, stock } = shown;
              const details = {
                files: { products: row.products_name, prices: row.prices_name },
                products,
                prices,
                stock,
                notes: shown.notes,
                warnings: shown.warnings,
              };
              await recordAudit(trx, {
                actor,
                action: 'catalog.imported',
                subjectType: 'catalog',
                subjectId: id,
                details,
                at: options.now(),
              });
            },
          });
          return { outcome: 'applied', report: name.report(report) };
        } catch (error) {
          if (error instanceof PreviewOutdated) {
            const updated = await db
              .updateTable('admin_catalog_uploads')
              .set({ preview: JSON.stringify({ ...error.report, dryRun: true }) })
              .where('id', '=', id)
              .executeTakeFirst();
            return Number(updated.numUpdatedRows) === 1 ? { outcome: 'changed' } : { outcome: 'gone' };
          }
          if (error instanceof AlreadyApplied) return { outcome: 'gone' };
          if (error instanceof ImportFailedError) {
            await db.deleteFrom('admin_catalog_uploads').where('id', '=', id).execute();
            return { outcome: 'failed', refusal: name.refusal(error) };
          }
          throw error;
        }
      });
    },
  };
}
