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

describe('answers given back once written', () => {
  const head = `<!doctype html><html><body>${'<article>Tenugui hand towel 手ぬぐい ¥1,320</article>'.repeat(200)}`;
  /** A tail of fresh random text each time it is written, as form tokens are. */
  const freshTail = () => {
    let last = '';
    return {
      tail: {
        length: 36 + 14,
        writeInto(target: Buffer, at: number) {
          last = crypto.randomUUID();
          target.write(`${last}</body></html>`, at, 'utf8');
        },
      },
      last: () => last,
    };
  };
  const decoded = { identity: (b: Buffer) => b.toString(), gzip: gunzipSync, br: brotliDecompressSync };

  it('an answer given back is used again by the next, with its own tail; one not given back never is', () => {
    const page = precompressPage(head);
    for (const encoding of [undefined, 'gzip', 'br'] as const) {
      const decode = (bytes: Buffer) => decoded[encoding ?? 'identity'](bytes).toString();
      const { tail, last } = freshTail();
      const first = page.body(tail, encoding);
      const firstText = decode(first);
      assert.equal(firstText, `${head}${last()}</body></html>`);
      const second = page.body(tail, encoding);
      assert.notEqual(second, first, 'a buffer still being written is not handed out again');
      assert.equal(decode(first), firstText, 'and is left as it was');

      page.writtenOut(first);
      const third = page.body(tail, encoding);
      assert.equal(third, first, `${String(encoding)}: the answer given back is used again`);
      assert.equal(decode(third), `${head}${last()}</body></html>`);
      assert.notEqual(decode(third), firstText, 'with its own tail');
      assert.equal(page.body(tail, encoding === 'br' ? 'gzip' : 'br') === first, false, 'only for its encoding');
    }
  });

  it('bytes it did not make, or of another length, are not used again', () => {
    const page = precompressPage(head);
    const { tail } = freshTail();
    page.writtenOut(Buffer.alloc(head.length + tail.length));
    const made = page.body(tail, undefined);
    page.writtenOut(made);
    const longer = { length: tail.length + 3, writeInto: (target: Buffer, at: number) => void target.write('abc', at) };
    const other = page.body(
      { length: longer.length, writeInto: (t, at) => (tail.writeInto(t, at), longer.writeInto(t, at + tail.length)) },
      undefined,
    );
    assert.notEqual(other, made);
    assert.equal(other.toString().slice(0, head.length), head);
  });
});
