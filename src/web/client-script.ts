/**
 * The browser script (src/web/client, TypeScript) bundled once at start with esbuild into one small ES module,
 * kept in memory and served under a content-hashed URL. Nothing is built on the request path or written to disk.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../src/web/client/main.ts', import.meta.url));

export interface ClientScript {
  code: string;
  hash: string;
}

export async function bundleClientScript(): Promise<ClientScript> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return { code, hash: createHash('sha256').update(code).digest('hex').slice(0, 12) };
}
