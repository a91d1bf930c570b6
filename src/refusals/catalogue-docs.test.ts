/**
 * docs/cart-api.md's Errors table, the refusal catalogue and the English messages say the same (as Fastify's test of
 * its errors doc): every refusal the JSON cart API can answer is listed once, with the status that API answers, the
 * limits its words speak of, and the `message` the docs quote; nothing else is listed. Every code has its words.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { refusalEntry, REFUSALS, type RefusalCode } from './catalogue.js';
import { CATALOGS, translator, type MessageKey } from '../i18n/index.js';

interface DocRow {
  status: number;
  code: string;
  when: string;
}

/** The rows of the table under `## Errors`. */
function errorRows(markdown: string): DocRow[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Errors\n'));
  assert.ok(section, 'docs/cart-api.md has an "## Errors" section');
  return [...section.matchAll(/^\| (\d{3}) \| `([a-z_]+)` \| (.*) \|$/gm)].map(([, status, code, when]) => ({
    status: Number(status),
    code: code!,
    when: when!,
  }));
}

const docs = readFileSync(new URL('../../docs/cart-api.md', import.meta.url), 'utf8');
const rows = errorRows(docs);
const cartApiCodes = (Object.keys(REFUSALS) as RefusalCode[]).filter((code) => refusalEntry(code).cartApi);
/** Values for the docs' quoted messages (`"Daruma is sold out"`, `"Only 2 of Daruma left"`). */
const EXAMPLE = { name: 'Daruma', available: 2, wanted: 3, inCart: 0 };

describe('docs/cart-api.md and the refusal catalogue', () => {
  it('list the same codes, each once', () => {
    const listed = rows.map((row) => row.code);
    assert.deepEqual(
      listed.filter((code, index) => listed.indexOf(code) !== index),
      [],
      'listed twice',
    );
    assert.deepEqual([...listed].sort(), [...cartApiCodes].sort());
  });

  it('give each code the status the JSON cart API answers', () => {
    for (const row of rows) {
      const entry = refusalEntry(row.code as RefusalCode);
      assert.equal(row.status, entry.json?.status ?? entry.status, row.code);
    }
  });

  it('state the limits each refusal speaks of', () => {
    for (const row of rows) {
      for (const [name, value] of Object.entries(refusalEntry(row.code as RefusalCode).limits ?? {})) {
        const written = [String(value), value.toLocaleString('en-US')];
        assert.ok(
          written.some((text) => new RegExp(`(?<![\\d,])${text}(?!\\d|,\\d)`).test(row.when)),
          `${row.code}: the limit ${name} = ${value} is not in "${row.when}"`,
        );
      }
    }
  });

  it('quote the messages the API answers', () => {
    for (const row of rows) {
      const quoted = /"message": "([^"]+)"/.exec(row.when)?.[1];
      if (!quoted) continue;
      const entry = refusalEntry(row.code as RefusalCode);
      const message =
        entry.json?.title ??
        translator('en')(`refusal.${row.code}.title` as MessageKey, { ...entry.limits, ...EXAMPLE });
      assert.equal(quoted, message, row.code);
    }
  });

  it('have English words for every code: a title and a description (or the variants that say it)', () => {
    const keys = Object.keys(CATALOGS.en);
    for (const code of Object.keys(REFUSALS)) {
      assert.ok(keys.includes(`refusal.${code}.title`), `${code}: no title`);
      assert.ok(
        keys.some((key) => key.startsWith(`refusal.${code}.`) && !key.endsWith('.title')),
        `${code}: no description`,
      );
    }
  });
});
