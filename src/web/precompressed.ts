/**
 * A page compressed once (per catalog version) that still ends with a few bytes of its own on every answer: the add
 * forms' one-time tokens. The fixed head is compressed once with gzip and Brotli, left open at a byte boundary (a
 * sync flush); each answer then appends its own tail as stored (uncompressed) data and closes the stream: a gzip
 * stored block and trailer (CRC-32 carried on from the head's), or a Brotli uncompressed meta-block and an empty last
 * one (RFC 1952/1951, RFC 7932 section 9.2). The tail is a couple of KB, so nothing is compressed per request.
 */
import { brotliCompressSync, constants, crc32, deflateRawSync } from 'node:zlib';
import { BoundedMemo } from '../util/bounded-memo.js';
import { writtenBytes, type WrittenTail } from './form-token-tail.js';

export type Encoding = 'br' | 'gzip';

/** A tail: text, its UTF-8 bytes, or bytes written straight into the answer (src/web/form-token-tail.ts). */
export type Tail = string | Buffer | WrittenTail;

export interface PrecompressedPage {
  /** The whole page for this answer: head + tail, as is or encoded. */
  body(tail: Tail, encoding: Encoding | undefined): Buffer;
  /**
   * Gives back an answer body() made, once it has been written (its response's 'finish'): a later answer of the
   * same length takes it and writes only its tail and the few bytes around it, instead of a new Buffer with the
   * whole head copied in (29 KB for the catalog as is). Never call it for bytes something may still read.
   */
  writtenOut(bytes: Buffer): void;
}

/** Spare answers kept per encoding: more than the answers in flight at once are dropped. */
const MAX_SPARE = 64;

/** A tail's bytes: a Buffer as it is, text encoded, a written tail written into a Buffer of its own. */
function bytesOf(tail: Tail): Buffer {
  if (typeof tail === 'string') return Buffer.from(tail, 'utf8');
  return Buffer.isBuffer(tail) ? tail : writtenBytes(tail);
}

/** gzip's 10-byte header: deflate, no flags, no time, no extra flags, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
/** Brotli: ISLAST=1, ISLASTEMPTY=1, padded to the byte. */
const BROTLI_END = Buffer.from([0x03]);
const MAX_STORED = 65_535;

export function precompressPage(head: string): PrecompressedPage {
  const plain = Buffer.from(head, 'utf8');
  const gzipHead = deflateRawSync(plain, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const headCrc = crc32(plain); // node:zlib answers 0 for crc32(<empty>, value): the tail is chained only when it has bytes
  const brHead = brotliCompressSync(plain, {
    finishFlush: constants.BROTLI_OPERATION_FLUSH,
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
    },
  });
  const gzipStart = Buffer.concat([GZIP_HEADER, gzipHead]);
  // Answers made in one Buffer (`written`) by encoding, and those given back; each holds its encoding's head.
  const made = new WeakMap<Buffer, Encoding | 'identity'>();
  const spare = { identity: [] as Buffer[], gzip: [] as Buffer[], br: [] as Buffer[] };
  /** A spare answer of this size with `head` in place, or a new one with it copied in. */
  const answerBuffer = (encoding: Encoding | undefined, size: number, head: Buffer): Buffer => {
    const key = encoding ?? 'identity';
    const kept = spare[key];
    while (kept.length > 0) {
      const out = kept.pop()!;
      if (out.length === size) return out;
    }
    const out = Buffer.allocUnsafe(size);
    head.copy(out, 0);
    made.set(out, key);
    return out;
  };
  return {
    writtenOut(bytes) {
      const key = made.get(bytes);
      if (key !== undefined && spare[key].length < MAX_SPARE) spare[key].push(bytes);
    },
    body(tail, encoding) {
      if (typeof tail !== 'string' && !Buffer.isBuffer(tail) && tail.length <= MAX_STORED)
        return written(tail, encoding);
      const rest = bytesOf(tail);
      if (encoding === 'gzip')
        return Buffer.concat([
          gzipStart,
          ...storedBlocks(rest),
          gzipTrailer(rest.length ? crc32(rest, headCrc) : headCrc, plain.length + rest.length),
        ]);
      if (encoding === 'br') return Buffer.concat([brHead, ...uncompressedMetaBlocks(rest), BROTLI_END]);
      return Buffer.concat([plain, rest], plain.length + rest.length);
    },
  };

  /**
   * The same bytes as above for a tail that fits one stored block, made in one Buffer: the tail is written into
   * its place, not into a Buffer of its own and copied again (one allocation per answer, not three to five, and
   * none for an answer given back by writtenOut). Everything after the head is written again every time.
   */
  function written(tail: WrittenTail, encoding: Encoding | undefined): Buffer {
    const size = tail.length;
    if (encoding === 'gzip') {
      const at = gzipStart.length + 5;
      const out = answerBuffer(encoding, at + size + 8, gzipStart);
      writeStoredHeader(out, at - 5, size, true);
      tail.writeInto(out, at);
      const crc = size ? crc32(out.subarray(at, at + size), headCrc) : headCrc;
      out.writeUInt32LE(crc >>> 0, at + size);
      out.writeUInt32LE((plain.length + size) % 2 ** 32, at + size + 4);
      return out;
    }
    if (encoding === 'br') {
      const at = brHead.length + (size ? 3 : 0);
      const out = answerBuffer(encoding, at + size + BROTLI_END.length, brHead);
      if (size) writeMetaBlockHeader(out, brHead.length, size);
      tail.writeInto(out, at);
      BROTLI_END.copy(out, at + size);
      return out;
    }
    const out = answerBuffer(encoding, plain.length + size, plain);
    tail.writeInto(out, plain.length);
    return out;
  }
}

/**
 * A page compressed once whose answers each put a few bytes of their own at one place inside it (the header's cart
 * count) and at its end (the form tokens): gzip only. Both fixed parts are deflated once, each on its own (a deflate
 * stream's back-references are relative and reach only into itself, so bytes stored before it do not disturb it),
 * and the answer's own bytes go between them as stored blocks; the CRC-32 runs over the parts in order. Brotli
 * cannot be put together this way (its dictionary references and context modelling depend on what came before).
 */
export interface PrecompressedSplitPage {
  /** before + middle + after + tail, as is or gzip. */
  body(middle: string, tail: Tail, encoding: 'gzip' | undefined): Buffer;
}

export function precompressSplitPage(before: string, after: string): PrecompressedSplitPage {
  const first = Buffer.from(before, 'utf8');
  const second = Buffer.from(after, 'utf8');
  const deflated = (plain: Buffer) => deflateRawSync(plain, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const [firstGzip, secondGzip] = [deflated(first), deflated(second)];
  const firstCrc = crc32(first);
  // The second part's CRC is not run again per answer: it is combined with what comes before it (zlib's
  // crc32_combine, with x^(8 * its length) worked out once).
  const [secondCrc, secondShift] = [crc32(second), xPower8n(second.length)];
  // node:zlib answers 0 for crc32(<empty>, value): an empty part is left out of the chain.
  const chain = (crc: number, data: Buffer) => (data.length > 0 ? crc32(data, crc) : crc);
  return {
    body(middle, tail, encoding) {
      const [own, end] = [Buffer.from(middle, 'utf8'), bytesOf(tail)];
      if (encoding !== 'gzip') return Buffer.concat([first, own, second, end]);
      const crc = chain((multModP(secondShift, chain(firstCrc, own)) ^ secondCrc) >>> 0, end);
      return Buffer.concat([
        GZIP_HEADER,
        firstGzip,
        ...storedBlocks(own, false),
        secondGzip,
        ...storedBlocks(end),
        gzipTrailer(crc, first.length + own.length + second.length + end.length),
      ]);
    },
  };
}

/** CRC-32's polynomial, reflected (zlib's crc32.c). */
const CRC_POLY = 0xedb88320;

/** a * b modulo the CRC polynomial, in zlib's reflected bit order (zlib's multmodp). */
function multModP(a: number, b: number): number {
  let product = 0;
  for (let m = 0x80000000; m !== 0; m >>>= 1) {
    if (a & m) {
      product ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    b = b & 1 ? (b >>> 1) ^ CRC_POLY : b >>> 1;
  }
  return product >>> 0;
}

/** x^(8n) modulo the CRC polynomial: what crc32_combine multiplies the first CRC by to skip n bytes. */
function xPower8n(n: number): number {
  let result = 0x80000000; // x^0
  let square = 0x00800000; // x^8
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) result = multModP(square, result);
    square = multModP(square, square);
  }
  return result;
}

/** Deflate stored blocks holding `data`, the last one final (BFINAL=1, BTYPE=00, LEN, NLEN) unless told not. */
function storedBlocks(data: Buffer, final = true): Buffer[] {
  const blocks: Buffer[] = [];
  let offset = 0;
  do {
    const chunk = data.subarray(offset, offset + MAX_STORED);
    offset += chunk.length;
    const header = Buffer.alloc(5);
    writeStoredHeader(header, 0, chunk.length, final && offset >= data.length);
    blocks.push(header, chunk);
  } while (offset < data.length);
  return blocks;
}

/** A stored block's header at `at`: BFINAL, BTYPE=00, LEN and NLEN. */
function writeStoredHeader(target: Buffer, at: number, length: number, final: boolean): void {
  target[at] = final ? 1 : 0;
  target.writeUInt16LE(length, at + 1);
  target.writeUInt16LE(~length & 0xffff, at + 3);
}

function gzipTrailer(crc: number, size: number): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  return trailer;
}

/**
 * Brotli uncompressed meta-blocks of up to 65,536 bytes: ISLAST=0, MNIBBLES=4 (code 0), MLEN-1 in 16 bits,
 * ISUNCOMPRESSED=1, zero bits to the byte boundary, then the bytes.
 */
function uncompressedMetaBlocks(data: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += 65_536) {
    const chunk = data.subarray(offset, offset + 65_536);
    const header = Buffer.alloc(3);
    writeMetaBlockHeader(header, 0, chunk.length);
    blocks.push(header, chunk);
  }
  return blocks;
}

/** An uncompressed meta-block's 3-byte header at `at`, for `length` (1 to 65,536) bytes. */
function writeMetaBlockHeader(target: Buffer, at: number, length: number): void {
  const bits = ((length - 1) << 3) | (1 << 19);
  target[at] = bits & 0xff;
  target[at + 1] = (bits >> 8) & 0xff;
  target[at + 2] = (bits >> 16) & 0xff;
}

/**
 * The encoding to answer with for an Accept-Encoding header: Brotli when accepted, else gzip, else none (of those
 * `offered`). A coding with q=0 is refused; `*` accepts both.
 */
export function chooseEncoding(
  header: string | string[] | undefined,
  offered: readonly Encoding[] = ['br', 'gzip'],
): Encoding | undefined {
  if (!header) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  // Browsers send one of a few fixed strings: each is parsed once (a long or odd one is parsed every time).
  const accepted = text.length > MAX_REMEMBERED_HEADER ? qualities(text) : parsed.remember(text, () => qualities(text));
  const quality = (coding: Encoding) =>
    offered.includes(coding) ? (accepted.get(coding) ?? accepted.get('*') ?? 0) : 0;
  if (quality('br') > 0 && quality('br') >= quality('gzip')) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return undefined;
}

const MAX_REMEMBERED_HEADER = 200;
const parsed = new BoundedMemo<string, ReadonlyMap<string, number>>(64);

/** Each coding an Accept-Encoding value names, with its quality (1 unless given). */
function qualities(header: string): ReadonlyMap<string, number> {
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param)).find(Boolean);
    accepted.set(coding!.trim(), q ? Number(q[1]) : 1);
  }
  return accepted;
}
