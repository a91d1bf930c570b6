import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readCsv, type CsvRecord } from './read-csv.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kago-csv-'));
let n = 0;
function file(content: string | Buffer): string {
  const name = path.join(dir, `${n++}.csv`);
  writeFileSync(name, content);
  return name;
}

async function records(name: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readCsv(name)) out.push(record);
  return out;
}

describe('readCsv', () => {
  it('strips the BOM, reads CRLF, and numbers records by the line they start on', async () => {
    const rows = await records(file('\ufeffid,Name\r\n1,"two\r\nlines"\r\n\r\n2,"a, b"\r\n3,"x\r\n\r\ny"\r\n4,last'));
    assert.deepEqual(rows, [
      { line: 1, fields: ['id', 'Name'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 5, fields: ['2', 'a, b'] },
      { line: 6, fields: ['3', 'x\n\ny'] },
      { line: 9, fields: ['4', 'last'] },
    ]);
  });

  it('reads old Mac line ends (CR only) and quoted quotes', async () => {
    const rows = await records(file('a,b\r1,"say ""hi"""\r'));
    assert.deepEqual(rows, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'say "hi"'] },
    ]);
  });

  it('keeps UTF-8 text (Japanese) intact across chunk boundaries', async () => {
    const name = '手ぬぐい'.repeat(40_000); // > one 256 KiB read chunk, so characters are split between chunks
    const rows = await records(file(`id,Name\nprod_1,${name}\n`));
    assert.equal(rows[1]?.fields[1], name);
  });

  it('reports an unclosed quote with its line', async () => {
    await assert.rejects(records(file('a,b\n1,2\n3,"open\n4,5\n')), {
      name: 'CsvSyntaxError',
      line: 3,
      message: /quoted field that starts in this record is never closed/,
    });
  });

  it('rejects a file that is not UTF-8 (Shift_JIS from a spreadsheet)', async () => {
    const shiftJis = Buffer.from([0x69, 0x64, 0x0a, 0x83, 0x65, 0x83, 0x93, 0x0a]);
    await assert.rejects(records(file(shiftJis)), { name: 'CsvSyntaxError', message: /not UTF-8/ });
  });
});
