/**
 * `kago sync [--dry-run]`: the catalog read from the Stripe API (STRIPE_SECRET_KEY) and merged as an import would
 * merge an export; the same report, the same all-or-nothing rules. Progress goes to a terminal only.
 */
import { parseArgs } from 'node:util';
import type Stripe from 'stripe';
import { formatImportReport, formatProblem, ImportFailedError } from '../catalog/index.js';
import {
  stripeCatalogReader,
  syncCatalog,
  SyncSupersededError,
  type RetryPolicy,
  type SyncProgress,
} from '../catalog/stripe/index.js';
import { createStripeClient } from '../checkout/providers/stripe.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';

export const SYNC_HELP = `  sync [--dry-run]        Read every product and price from Stripe with STRIPE_SECRET_KEY (a restricted
                          rk_ key with Read on Products and Prices is enough) and update the catalog as
                          an import does: the same checks and report, all or nothing; products and
                          prices gone from Stripe are deactivated. Rate limits and network errors are
                          retried. --dry-run reads and counts, then changes nothing.`;

const REDRAW_MS = 200;

function progressLine(stream: NodeJS.WriteStream) {
  let last = 0;
  let shown = false;
  return {
    update(progress: SyncProgress) {
      if (!stream.isTTY || Date.now() - last < REDRAW_MS) return;
      last = Date.now();
      shown = true;
      stream.write(`\r\x1b[KReading from Stripe: ${progress.products} products, ${progress.prices} prices`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

export async function syncCommand(
  args: string[],
  config: Config,
  database: DatabaseHandle,
  retry?: RetryPolicy,
): Promise<number> {
  let dryRun: boolean | undefined;
  try {
    ({
      values: { 'dry-run': dryRun },
    } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } }, strict: true }));
  } catch (error) {
    console.error(`kago sync: ${(error as Error).message}`);
    return 2;
  }
  if (config.payments.provider !== 'stripe') {
    console.error(
      'kago sync: STRIPE_SECRET_KEY is not set (a secret sk_ key, or a restricted rk_ key with Read on Products and Prices)',
    );
    return 2;
  }
  const client = await createStripeClient({ ...config.payments, maxNetworkRetries: 0 });
  const progress = progressLine(process.stderr);
  try {
    const report = await syncCatalog(database.db, stripeCatalogReader(client, retry), {
      dryRun,
      onProgress: progress.update,
    });
    progress.done();
    if (!dryRun && config.catalogSyncIntervalMs !== undefined) {
      // A sync just ran: the background one is next due an interval from now.
      await database.db
        .updateTable('catalog_sync_state')
        .set({ next_sync_at: Date.now() + config.catalogSyncIntervalMs })
        .where('id', '=', 1)
        .execute();
    }
    console.log(formatImportReport(report));
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof ImportFailedError) {
      for (const problem of error.problems) console.error(formatProblem(problem));
      console.error(`kago sync: ${error.message.replace('import failed', 'sync failed')}`);
      return 1;
    }
    if (error instanceof client.errors.StripeError || error instanceof SyncSupersededError) {
      const message =
        error instanceof SyncSupersededError
          ? `${error.message}.`
          : `Stripe answered: ${error.message} Nothing was changed.`;
      console.error(`kago sync: ${message}`);
      return 1;
    }
    throw error;
  }
}
