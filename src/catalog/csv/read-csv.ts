/**
 * Streams the records of a CSV file with the line each starts on. Memory stays flat however large the file:
 * records are parsed and handed over one at a time.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { access, constants, stat } from 'node:fs/promises';
import { parse, CsvError } from 'csv-parse';
import { normalizeText, NotUtf8Error } from './normalize-text.js';

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

/** A file that cannot be read as CSV at all (unclosed quote, not UTF-8); parsing stops at `line`. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface ReadCsvOptions {
  /** Called as bytes are read, for a progress display. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * Why `file` cannot be read as an export, in words for `file: problem`; undefined when it can. Checked before
 * anything else, so a mistyped path gets one clear line (not a raw ENOENT) and changes nothing.
 */
export async function unreadableReason(file: string): Promise<string | undefined> {
  try {
    const stats = await stat(file);
    if (stats.isDirectory()) return 'is a folder, not a CSV file';
    if (!stats.isFile()) return 'is not a regular file';
    await access(file, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file (check the path)';
    if (code === 'ENOTDIR') return 'no such file (a part of the path is not a folder)';
    if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
    throw error;
  }
}

/** Yields every non-empty record, the header first. Throws CsvSyntaxError for broken files. */
export async function* readCsv(file: string, options: ReadCsvOptions = {}): AsyncGenerator<CsvRecord> {
  const { size } = await stat(file);
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  if (options.onProgress) {
    const report = options.onProgress;
    input.on('data', () => report(input.bytesRead, size));
  }
  const parser = parse({
    info: true,
    relax_column_count: true, // a short or long row is reported with its line, not a parser abort
    skip_empty_lines: true,
  });
  // pipeline forwards a failure anywhere (read error, bad UTF-8) to the parser, whose iteration then throws it.
  pipeline(input, normalizeText(), parser, () => {});
  let lastLine = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // csv-parse reports the line a record ends on; quoted newlines inside it move the start back.
      const innerNewlines = record.reduce((count, field) => count + countNewlines(field), 0);
      lastLine = info.lines;
      yield { line: info.lines - innerNewlines, fields: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      // An unclosed quote is only noticed at the end of the file; the record it opened starts after the last good one.
      const reported = (error as CsvError & { lines?: number }).lines;
      const line = error.code === 'CSV_QUOTE_NOT_CLOSED' || reported === undefined ? lastLine + 1 : reported;
      throw new CsvSyntaxError(describeCsvError(error), line);
    }
    if (error instanceof NotUtf8Error) throw new CsvSyntaxError(error.message, lastLine + 1);
    throw error;
  } finally {
    input.destroy();
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field that starts in this record is never closed (a missing ")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a quoted field is not doubled ("")';
    default:
      return error.message;
  }
}
