/**
 * Writes a large catalog in the Stripe Dashboard export format, for import and page benchmarks:
 * `node --import tsx bench/generate-catalog.ts <count> <dir>` -> <dir>/products.csv, <dir>/prices.csv.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

const PRICE_HEADER =
  'Price ID,Product ID,Product Name,Product Statement Descriptor,Product Tax Code,Description,Created (UTC),Amount,Currency,Interval,Interval Count,Usage Type,Aggregate Usage,Billing Scheme,Trial Period Days,Tax Behavior';

async function write(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function stamp(i: number): string {
  return new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

function* products(count: number) {
  yield 'id,Name,Description,Active,Created (UTC),category (metadata)';
  for (let i = 1; i <= count; i++) {
    yield `prod_bench${i},Product ${i} 商品,"A product for benchmarks, number ${i}.",true,${stamp(i)},bench`;
  }
}

function* prices(count: number) {
  yield PRICE_HEADER;
  for (let i = 1; i <= count; i++) {
    yield `price_bench${i},prod_bench${i},Product ${i} 商品,,,,${stamp(i)},${(i % 9000) + 100},jpy,,,,,per_unit,,inclusive`;
  }
}

const count = Number(process.argv[2] ?? 100_000);
const dir = process.argv[3] ?? 'bench/output/catalog';
mkdirSync(dir, { recursive: true });
await write(path.join(dir, 'products.csv'), products(count));
await write(path.join(dir, 'prices.csv'), prices(count));
console.log(`${count} products and ${count} prices written to ${dir}`);
