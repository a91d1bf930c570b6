/**
 * Writes a large catalog in the Stripe Dashboard export format, for import and page benchmarks:
 * `node --import tsx bench/generate-catalog.ts <count> <dir>` -> <dir>/products.csv, <dir>/prices.csv.
 * Names mix an adjective, a noun in English and Japanese, and the number; products sit in one or two of twelve
 * collections; one in ten counts its stock (some sold out): enough variety for search, sorting and filters.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ADJECTIVES, COLLECTIONS, NOUNS } from './lib/catalog-words.js';

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
  yield 'id,Name,Description,Active,Created (UTC),category (metadata),collection (metadata),stock (metadata)';
  for (let i = 1; i <= count; i++) {
    const [noun, japanese] = NOUNS[i % NOUNS.length]!;
    const adjective = ADJECTIVES[Math.floor(i / NOUNS.length) % ADJECTIVES.length]!;
    const collections = [
      COLLECTIONS[i % COLLECTIONS.length],
      ...(i % 5 === 0 ? [COLLECTIONS[(i * 7 + 3) % COLLECTIONS.length]] : []),
    ];
    // One product in ten counts its stock, and a fifth of those are sold out (for the "in stock" filter).
    const stock = i % 10 === 0 ? String(i % 50 === 0 ? 0 : (i % 40) + 1) : '';
    yield `prod_bench${i},${adjective} ${noun} ${japanese} no. ${i},"A ${adjective} ${noun} for benchmarks (${japanese}), number ${i}.",true,${stamp(i)},bench,"${[...new Set(collections)].join(', ')}",${stock}`;
  }
}

/** ¥100 to ¥9,098, spread so that no collection or name owns a price band (8999 is prime: no common factor). */
const price = (i: number) => ((i * 7919) % 8999) + 100;

function* prices(count: number) {
  yield PRICE_HEADER;
  for (let i = 1; i <= count; i++) {
    yield `price_bench${i},prod_bench${i},Product ${i} 商品,,,,${stamp(i)},${price(i)},jpy,,,,,per_unit,,inclusive`;
  }
}

const count = Number(process.argv[2] ?? 100_000);
const dir = process.argv[3] ?? 'bench/output/catalog';
mkdirSync(dir, { recursive: true });
await write(path.join(dir, 'products.csv'), products(count));
await write(path.join(dir, 'prices.csv'), prices(count));
console.log(`${count} products and ${count} prices written to ${dir}`);
