/**
 * Static files: the stylesheet and the bundled script under /assets/, demo product images under /images/demo/.
 * Asset URLs carry a content hash computed once at start, so browsers may cache them for a year. The stylesheets
 * and the script are compressed once at start too (Brotli or gzip, as the browser accepts), so a shop answering
 * browsers directly sends them small as well as one behind the nginx of deploy/ (which compresses what kago does not).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DEMO_DIR } from '../catalog/index.js';
import { bundleClientScript } from './client-script.js';
import { varyOn } from './language.js';
import { chooseEncoding } from './precompressed.js';

/** src/web/static, found from the package root so it works from src/ and from the compiled dist/. */
export const STATIC_DIR = fileURLToPath(new URL('../../src/web/static/', import.meta.url));

function versioned(file: string): string {
  const hash = createHash('sha256')
    .update(readFileSync(`${STATIC_DIR}${file}`))
    .digest('hex')
    .slice(0, 12);
  return `/assets/${file}?v=${hash}`;
}

/** URL prefixes of static files (and the browser's own /favicon.ico): left out of request logs unless LOG_ASSETS. */
const ASSET_PREFIXES = ['/assets/', '/images/demo/', '/favicon.ico'];

export function isAssetPath(url: string): boolean {
  return ASSET_PREFIXES.some((prefix) => url.startsWith(prefix));
}

export interface AssetUrls {
  stylesheet: string;
  /** The owner's console stylesheet. */
  adminStylesheet: string;
  script: string;
  icon: string;
}

/** `path` answers `text` (read once, at start), compressed as the request accepts, cached for a year. */
function serveCompressed(app: FastifyInstance, path: string, text: string | Buffer, type: string): void {
  const plain = Buffer.from(text);
  const bodies = {
    br: brotliCompressSync(plain, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length },
    }),
    gzip: gzipSync(plain, { level: 9 }),
  };
  app.get(path, (request, reply) => {
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    varyOn(reply, 'Accept-Encoding');
    reply.header('cache-control', 'public, max-age=31536000, immutable').type(type);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(encoding ? bodies[encoding] : plain);
  });
}

export async function registerAssets(app: FastifyInstance): Promise<AssetUrls> {
  // Dotfiles (.git, .env, editor leftovers) are never served: they answer the shop's 404 like anything missing.
  await app.register(fastifyStatic, {
    root: STATIC_DIR,
    prefix: '/assets/',
    maxAge: '365d',
    immutable: true,
    index: false,
    dotfiles: 'ignore',
  });
  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', (_request, reply) => reply.redirect(versioned('icon.svg'), 301));
  await app.register(fastifyStatic, {
    root: `${DEMO_DIR}images/`,
    prefix: '/images/demo/',
    maxAge: '1d',
    index: false,
    decorateReply: false,
    dotfiles: 'ignore',
  });
  const script = await bundleClientScript();
  serveCompressed(app, '/assets/kago.js', script.code, 'text/javascript; charset=utf-8');
  for (const file of ['kago.css', 'admin.css'])
    serveCompressed(app, `/assets/${file}`, readFileSync(`${STATIC_DIR}${file}`), 'text/css; charset=utf-8');
  return {
    stylesheet: versioned('kago.css'),
    adminStylesheet: versioned('admin.css'),
    script: `/assets/kago.js?v=${script.hash}`,
    icon: versioned('icon.svg'),
  };
}
