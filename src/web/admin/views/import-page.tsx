/**
 * Import by upload: the form, the dry run's problems or report (the CLI's own lines, from its formatter), the
 * "Apply" step, and the result of an applied import.
 */
import type { ImportRefusal, UploadPreview } from '../../../admin/catalog-uploads.js';
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';

const NOTICES: Record<string, string> = {
  catalog_changed:
    'The catalog changed since this preview (another import?), so nothing was imported. Below is what the import would do now: apply again if it is right.',
};

export function UploadForm({ maxMegabytes }: { maxMegabytes: number }) {
  return (
    <form method="post" action="/admin/import" enctype="multipart/form-data" class="console-form">
      <p id="upload-help">
        The CSV files of the Stripe Dashboard's Products and Prices exports, each at most {maxMegabytes} MB. Send one or
        both: a products export deactivates the products it lacks, a prices export the prices it lacks. Nothing changes
        until you apply the dry run.
      </p>
      <label for="products">products.csv</label>
      <input id="products" name="products" type="file" accept=".csv,text/csv" aria-describedby="upload-help" />
      <label for="prices">prices.csv</label>
      <input id="prices" name="prices" type="file" accept=".csv,text/csv" aria-describedby="upload-help" />
      <button type="submit" class="console-button">
        Check (dry run)
      </button>
    </form>
  );
}

export interface ImportPageProps {
  ctx: AdminPageContext;
  maxMegabytes: number;
  /** The dry run found problems: nothing was kept. */
  refusal?: ImportRefusal;
  /** A just-applied import's report, as `kago import` prints it. */
  applied?: string;
}

export function ImportPage({ ctx, maxMegabytes, refusal, applied }: ImportPageProps) {
  return (
    <AdminLayout ctx={ctx} title="Import the catalog" section="import">
      <h1>Import the catalog</h1>
      {applied ? (
        <section aria-labelledby="applied" class="console-notice" role="status">
          <h2 id="applied">Imported</h2>
          <pre class="console-report">{applied}</pre>
        </section>
      ) : null}
      {refusal ? (
        <section aria-labelledby="problems" class="console-problem" role="alert">
          <h2 id="problems">Problems: nothing was imported</h2>
          <pre class="console-report">{[...refusal.problems, refusal.summary].join('\n')}</pre>
          <p>Fix these rows in the files (or export them again), then upload them again.</p>
        </section>
      ) : null}
      <UploadForm maxMegabytes={maxMegabytes} />
    </AdminLayout>
  );
}

export function ImportPreviewPage({
  ctx,
  preview,
  reportText,
  notice,
}: {
  ctx: AdminPageContext;
  preview: UploadPreview;
  reportText: string;
  notice?: string;
}) {
  const noticeText = notice ? NOTICES[notice] : undefined;
  const files = [preview.names.products, preview.names.prices].filter((name) => name !== null).join(' and ');
  return (
    <AdminLayout ctx={ctx} title="Check the import" section="import">
      <h1>Check the import</h1>
      {noticeText ? (
        <p class="console-notice" role="status">
          {noticeText}
        </p>
      ) : null}
      <p>A dry run of {files} found no problems. This is what applying them would change:</p>
      <pre class="console-report">{reportText}</pre>
      <form method="post" action={`/admin/import/${preview.id}/apply`} class="console-form">
        <p>
          These files are kept until {ctx.formatTime(preview.expiresAt)} for you to apply. Applying imports exactly
          these files, and only if the catalog still gives the same changes.
        </p>
        <button type="submit" class="console-button">
          Apply
        </button>
      </form>
      <p>
        <a href="/admin/import">Upload other files instead</a>
      </p>
    </AdminLayout>
  );
}
