/** The summary `kago import` prints (and the server logs for the demo catalog). */
import { formatProblem, type ImportReport } from './import-catalog.js';

export function formatImportReport(report: ImportReport): string {
  const lines: string[] = [];
  if (report.dryRun) lines.push('Dry run: the export is valid; nothing was changed.');
  if (report.products) {
    const p = report.products;
    lines.push(
      `Products: ${p.added} added, ${p.updated} updated, ${p.unchanged} unchanged, ${p.deactivated} deactivated`,
    );
  }
  if (report.prices) {
    const p = report.prices;
    lines.push(
      `Prices: ${p.added} added, ${p.updated} updated, ${p.unchanged} unchanged, ${p.deactivated} deactivated; ` +
        `${p.recurring} recurring (imported, not sold in the cart); ${p.otherCurrency} in another currency (imported, not sold); ${p.skipped} skipped`,
    );
  }
  if (report.stock && (report.stock.counted > 0 || report.stock.untracked > 0)) {
    lines.push(`Stock: ${report.stock.counted} counted (new stocktake), ${report.stock.untracked} no longer tracked`);
  }
  for (const note of report.notes) lines.push(`note: ${formatProblem(note)}`);
  for (const warning of report.warnings) lines.push(`warning: ${formatProblem(warning)}`);
  return lines.join('\n');
}
