/**
 * Turns the bytes of an export into clean text for the CSV parser: strict UTF-8 (a file saved as Shift_JIS fails
 * loudly instead of importing mojibake), BOM removed, and CRLF / CR line ends made LF so line numbers are exact.
 */
import { Transform, type TransformCallback } from 'node:stream';

export class NotUtf8Error extends Error {
  override name = 'NotUtf8Error';
}

export function normalizeText(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true }); // strips a leading BOM by default
  let pendingCR = false; // a chunk ending in \r may be half of a \r\n
  const convert = (text: string): string => {
    if (pendingCR) text = '\r' + text;
    pendingCR = text.endsWith('\r');
    if (pendingCR) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, '\n');
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        callback(new NotUtf8Error('the file is not UTF-8 text; export it again as UTF-8 CSV'));
        return;
      }
      callback(null, convert(text));
    },
    flush(callback: TransformCallback) {
      let text: string;
      try {
        text = decoder.decode();
      } catch {
        callback(new NotUtf8Error('the file is not UTF-8 text; export it again as UTF-8 CSV'));
        return;
      }
      const rest = convert(text) + (pendingCR ? '\n' : '');
      callback(null, rest || undefined);
    },
  });
}
