/** A one-line progress display for long imports, only on a terminal (logs and pipes stay clean). */
import path from 'node:path';

const REDRAW_MS = 200;

export function progressPrinter(stream: NodeJS.WriteStream) {
  let last = 0;
  let shown = false;
  return {
    update(file: string, bytesRead: number, totalBytes: number) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < REDRAW_MS && bytesRead < totalBytes) return;
      last = now;
      shown = true;
      const percent = totalBytes ? Math.floor((bytesRead / totalBytes) * 100) : 100;
      const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
      stream.write(`\r\x1b[K${path.basename(file)}: ${percent}% (${mb(bytesRead)} of ${mb(totalBytes)} MB)`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
