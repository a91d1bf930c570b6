import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvCell, csvRecord } from './csv.js';

describe('order export CSV writer', () => {
  it('quotes cells with commas, quotes and line breaks, and doubles quotes', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(1500), '1500');
    assert.equal(csvCell('29.90'), '29.90');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil.example","x")'), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
    assert.equal(csvCell('+81 90-1234-5678'), `'+81 90-1234-5678`);
    assert.equal(csvCell('-2+3'), `'-2+3`);
    assert.equal(csvCell('@SUM(A1)'), `'@SUM(A1)`);
    assert.equal(csvCell('\t=1'), `'\t=1`);
    assert.equal(csvCell('a=b'), 'a=b', 'only the first character counts');
  });

  it('writes records a strict CSV parser reads back cell for cell', () => {
    const rows = [
      ['id', 'name', 'address'],
      ['K7Q4M2XPA9TR', '山田 "花子", Jr.', '神宮前1-2-3\nKago Bldg 4F'],
      ['Z9Y8X7W6V5T4', '', 'x'],
    ];
    const text = rows.map(csvRecord).join('');
    assert.deepEqual(parse(text, { relax_quotes: false }), rows);
  });
});
