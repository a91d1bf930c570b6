/**
 * The console's order list with 100,000 orders, on SQLite and PostgreSQL: the time of a first page and of a deep
 * page (keyset, ~90,000 orders in) for each tab, and of a search, as `list.page()` runs them (the query the pages
 * use). `npx tsx bench/admin-orders.ts [--orders N] [--db sqlite|postgres] [--analyze]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ORDER_TABS, type OrderListQuery } from '../src/admin/orders/order-filters.js';
import { createOrderDetail } from '../src/admin/orders/order-detail.js';
import { createOrderList } from '../src/admin/orders/order-list.js';
import { openDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { orderNumber } from '../src/checkout/ids.js';
import { startPostgres } from '../test/support/postgres.js';
import { insertOrders, mixedOrder, seedOrderId, SEED_T0 } from '../test/support/order-seed.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    db: { type: 'string' },
    analyze: { type: 'boolean', default: false },
  },
});
const total = Number(values.orders);
const REPEATS = 20;

async function seed(handle: DatabaseHandle): Promise<number> {
  const started = performance.now();
  for (let start = 1; start <= total; start += 10_000) {
    await insertOrders(
      handle.db,
      Array.from({ length: Math.min(10_000, total - start + 1) }, (_, i) => mixedOrder(start + i)),
    );
  }
  // Two mails per paid order (confirmation and notice), as the outbox holds them: the order page looks its own up.
  for (let start = 1; start <= total; start += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, total - start + 1) }, (_, i) => start + i).flatMap((n) =>
      ['order-confirmation', 'order-notice'].map((kind) => ({
        id: `${kind}-${n}`,
        dedupe_key: `${kind}:${seedOrderId(n)}`,
        kind,
        to_address: 'a@example.com',
        reply_to: null,
        subject: 's',
        text_body: 't',
        html_body: 'h',
        message_id: `<${kind}-${n}@example.com>`,
        status: 'sent' as const,
        attempts: 1,
        next_attempt_at: 0,
        claimed_until: null,
        claim_token: null,
        sent_at: 1,
        last_error: null,
        created_at: 1,
        updated_at: 1,
      })),
    );
    for (let i = 0; i < rows.length; i += 1000)
      await handle.db
        .insertInto('mail_outbox')
        .values(rows.slice(i, i + 1000))
        .execute();
  }
  if (values.analyze) await sql`analyze`.execute(handle.db);
  return performance.now() - started;
}

/** Median ms of REPEATS runs of one page. */
async function timePage(
  list: ReturnType<typeof createOrderList>,
  query: OrderListQuery,
): Promise<{ ms: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < REPEATS; i += 1) {
    const started = performance.now();
    rows = (await list.page(query)).orders.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, rows };
}

async function measure(name: string, handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db);
  const seeded = await seed(handle);
  console.log(
    `\n${name}: ${total.toLocaleString('en')} orders seeded in ${(seeded / 1000).toFixed(1)} s${values.analyze ? ' (then ANALYZE)' : ''}`,
  );
  console.log('| list | first page ms | deep page ms (~90% in) | rows |');
  console.log('|---|---|---|---|');
  const list = createOrderList(handle.db);
  const deep = Math.floor(total * 0.1); // newest first: 90% of the orders are newer than this one
  const after = { createdAt: SEED_T0 + deep * 60_000, id: seedOrderId(deep) };
  const cases: [string, Omit<OrderListQuery, 'after'>][] = [
    ...ORDER_TABS.map((tab): [string, Omit<OrderListQuery, 'after'>] => [`tab ${tab}`, { tab, search: '' }]),
    ['all, search "customer 4242" (name)', { tab: 'all', search: 'customer 4242' }],
    ['all, search email "customer77777@example.com"', { tab: 'all', search: 'customer77777@example.com' }],
    ['all, search order number (dashes)', { tab: 'all', search: orderNumber(seedOrderId(77777)) }],
    ['all, search with no match', { tab: 'all', search: 'nobody-at-all' }],
    ['to_ship, search "customer 1" (many match)', { tab: 'to_ship', search: 'customer 1' }],
  ];
  for (const [label, query] of cases) {
    const first = await timePage(list, query);
    const deeper = await timePage(list, { ...query, after });
    console.log(`| ${label} | ${first.ms.toFixed(2)} | ${deeper.ms.toFixed(2)} | ${first.rows} / ${deeper.rows} |`);
  }
  const detail = createOrderDetail(handle.db, null);
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const started = performance.now();
    await detail(seedOrderId(deep + i));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`order page data (lines, mail, audit): ${times[Math.floor(times.length / 2)]!.toFixed(2)} ms`);
}

if (!values.db || values.db === 'sqlite') {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-bench-orders-'));
  const handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'kago.db') });
  try {
    await measure('SQLite', handle);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!values.db || values.db === 'postgres') {
  const server = await startPostgres();
  const handle = openDatabase({ dialect: 'postgres', url: server.url });
  try {
    await measure('PostgreSQL', handle);
  } finally {
    await handle.close();
    server.stop();
  }
}
