import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, precompressPage, precompressSplitPage } from './precompressed.js';

describe('pages compressed once, with a tail of their own per answer', () => {
  const head = `<!doctype html><html><body>${'<article>Tenugui hand towel 手ぬぐい ¥1,320</article>'.repeat(200)}`;
  const page = precompressPage(head);
  const tails = [
    '',
    '</body></html>',
    `<input value="${crypto.randomUUID()}">`.repeat(24) + '</body></html>',
    'x'.repeat(70_000),
  ];

  it('every encoding gives back head + tail, whatever the tail (empty, small, more than one stored block)', () => {
    for (const tail of tails) {
      assert.equal(page.body(tail, undefined).toString(), head + tail);
      assert.equal(gunzipSync(page.body(tail, 'gzip')).toString(), head + tail);
      assert.equal(brotliDecompressSync(page.body(tail, 'br')).toString(), head + tail);
    }
  });

  it('a tail given as its UTF-8 bytes gives the same answers as the text', () => {
    for (const tail of tails) {
      const bytes = Buffer.from(tail, 'utf8');
      for (const encoding of [undefined, 'gzip', 'br'] as const)
        assert.deepEqual(page.body(bytes, encoding), page.body(tail, encoding), String(encoding));
      const split = precompressSplitPage(head.slice(0, 3000), head.slice(3000));
      for (const encoding of [undefined, 'gzip'] as const)
        assert.deepEqual(split.body('<span>3</span>', bytes, encoding), split.body('<span>3</span>', tail, encoding));
    }
  });

  it('a tail written into the answer gives the same bytes as the text, in one stored block or past it', () => {
    for (const tail of tails) {
      const bytes = Buffer.from(tail, 'utf8');
      const written = { length: bytes.length, writeInto: (target: Buffer, at: number) => void bytes.copy(target, at) };
      for (const encoding of [undefined, 'gzip', 'br'] as const)
        assert.deepEqual(page.body(written, encoding), page.body(tail, encoding), String(encoding));
      const split = precompressSplitPage(head.slice(0, 3000), head.slice(3000));
      assert.deepEqual(split.body('<b>2</b>', written, 'gzip'), split.body('<b>2</b>', tail, 'gzip'));
    }
  });

  it('the head is sent compressed: a fraction of its size', () => {
    for (const encoding of ['gzip', 'br'] as const)
      assert.ok(page.body('', encoding).length < Buffer.byteLength(head) / 10, encoding);
  });

  it('a page split in two fixed parts gives back before + middle + after + tail, as is and gzip, the parts compressed', () => {
    const [before, after] = [head.slice(0, 3000), head.slice(3000)];
    const split = precompressSplitPage(before, after);
    for (const middle of ['', '<span>3</span>', 'y'.repeat(70_000)])
      for (const tail of tails) {
        const whole = before + middle + after + tail;
        assert.equal(split.body(middle, tail, undefined).toString(), whole);
        assert.equal(gunzipSync(split.body(middle, tail, 'gzip')).toString(), whole);
      }
    assert.ok(split.body('<span>3</span>', '', 'gzip').length < Buffer.byteLength(head) / 10);
  });

  it('chooses Brotli, then gzip, by Accept-Encoding, honouring q=0 and *', () => {
    assert.equal(chooseEncoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(chooseEncoding('gzip, deflate'), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(chooseEncoding('gzip;q=1.0, br;q=0.5'), 'gzip');
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding('identity'), undefined);
    assert.equal(chooseEncoding('gzip;q=0'), undefined);
    assert.equal(chooseEncoding(undefined), undefined);
    assert.equal(chooseEncoding('gzip, deflate, br', ['gzip']), 'gzip');
    assert.equal(chooseEncoding('br', ['gzip']), undefined);
  });
});
