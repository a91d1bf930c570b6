/**
 * GET/POST /admin/import (upload, dry run), GET /admin/import/:id (the preview), POST /admin/import/:id/apply.
 * Multipart is registered in this scope only: the shop's other routes keep their content types.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { MAX_UPLOAD_BYTES } from '../../../admin/catalog-uploads.js';
import { withPrivateTempDir } from '../../../admin/private-temp.js';
import { formatImportReport, type ImportReport } from '../../../catalog/index.js';
import { HttpError } from '../../errors.js';
import type { AdminServices } from '../services.js';
import { receiveExports, UPLOAD_LIMITS } from '../upload.js';
import { ImportPage, ImportPreviewPage } from '../views/import-page.js';

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const NOTICE = z.enum(['catalog_changed']).optional().catch(undefined);
const maxMegabytes = MAX_UPLOAD_BYTES / 1024 / 1024;

const uploadGone = () =>
  new HttpError(
    404,
    'upload_not_found',
    'Upload not found',
    'This upload is not waiting to be applied: it was applied already, it expired, or another one replaced it. Nothing was imported; upload the files again.',
  );

/** The applied import as recorded in the audit log, printed as `kago import` prints it. */
function appliedReport(details: Record<string, unknown>): string {
  // Imports recorded before warnings existed have none.
  const recorded = details as Pick<ImportReport, 'products' | 'prices' | 'stock' | 'notes'> & {
    warnings?: ImportReport['warnings'];
  };
  return formatImportReport({ ...recorded, warnings: recorded.warnings ?? [], dryRun: false });
}

export function importAdminRoutes(services: AdminServices): FastifyPluginAsync {
  const { uploads } = services.catalog;
  return async (app) => {
    await app.register(multipart, { limits: UPLOAD_LIMITS, throwFileSizeLimit: true });

    app.get<{ Querystring: { imported?: string } }>('/admin/import', async (request, reply) => {
      const imported = request.query.imported;
      const record =
        imported && UPLOAD_ID.test(imported)
          ? (await services.audit('catalog', imported)).find((entry) => entry.action === 'catalog.imported')
          : undefined;
      return reply.adminHtml(
        <ImportPage
          ctx={request.adminPage()}
          maxMegabytes={maxMegabytes}
          applied={record ? appliedReport(record.details) : undefined}
        />,
      );
    });

    app.post('/admin/import', async (request, reply) => {
      const result = await withPrivateTempDir(async (dir) =>
        uploads.preview(request.owner!, await receiveExports(request, dir)),
      );
      if (!result.ok)
        return reply.adminHtml(
          <ImportPage ctx={request.adminPage()} maxMegabytes={maxMegabytes} refusal={result.refusal} />,
          422,
        );
      return reply.redirect(`/admin/import/${result.id}`, 303);
    });

    app.get<{ Params: { id: string }; Querystring: { notice?: string } }>(
      '/admin/import/:id',
      async (request, reply) => {
        const preview = UPLOAD_ID.test(request.params.id)
          ? await uploads.find(request.owner!, request.params.id)
          : undefined;
        if (!preview) throw uploadGone();
        return reply.adminHtml(
          <ImportPreviewPage
            ctx={request.adminPage()}
            preview={preview}
            reportText={formatImportReport(preview.report)}
            notice={NOTICE.parse(request.query.notice)}
          />,
        );
      },
    );

    app.post<{ Params: { id: string } }>('/admin/import/:id/apply', async (request, reply) => {
      const { id } = request.params;
      if (!UPLOAD_ID.test(id)) throw uploadGone();
      const result = await uploads.apply(request.owner!, id);
      switch (result.outcome) {
        case 'applied':
          return reply.redirect(`/admin/import?imported=${id}`, 303);
        case 'changed':
          return reply.redirect(`/admin/import/${id}?notice=catalog_changed`, 303);
        case 'failed':
          return reply.adminHtml(
            <ImportPage ctx={request.adminPage()} maxMegabytes={maxMegabytes} refusal={result.refusal} />,
            422,
          );
        case 'gone':
          throw uploadGone();
      }
    });
  };
}
