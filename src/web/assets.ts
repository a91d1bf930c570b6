/**
 * Static files: the stylesheet and the bundled script under /assets/, demo product images under /images/demo/.
 * Asset URLs carry a content hash computed once at start, so browsers may cache them for a year. The stylesheets
 * and the script are compressed once too (Brotli or gzip, as the browser accepts, when first asked for), so a shop
 * answering browsers directly sends them small as well as one behind the nginx of deploy/ (which compresses what kago
 * does not).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DEMO_DIR } from '../catalog/index.js';
import { bundleClientScript } from './client-script.js';
import { varyOn } from './language.js';
import { chooseEncoding, type Encoding } from './precompressed.js';

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

interface Asset {
  path: string;
  type: string;
  plain: Buffer;
  /** Each encoding's bytes, made by the first request that accepts it and kept: see `encoded`. */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

const compressors: Record<Encoding, (plain: Buffer) => Promise<Buffer>> = {
  br: (plain) =>
    promisify(brotliCompress)(plain, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length },
    }),
  gzip: (plain) => promisify(gzip)(plain, { level: 9 }),
};

/**
 * The asset in `encoding`, compressed once per process at the slowest, smallest level, on libuv's thread pool. Made
 * when first asked for, not at start: Brotli's level 11 takes about a quarter of a second of CPU for the three files,
 * which a test process (hundreds of shops, most never asked for an asset) would pay for nothing.
 */
function encoded(asset: Asset, encoding: Encoding): Promise<Buffer> {
  return (asset.encoded[encoding] ??= compressors[encoding](asset.plain));
}

/**
 * The script bundled, the assets read and their versioned URLs made once per process: the files do not change while
 * it runs.
 */
let prepared: Promise<{ assets: Asset[]; urls: AssetUrls }> | undefined;

function prepareAssets(): Promise<{ assets: Asset[]; urls: AssetUrls }> {
  const asset = (path: string, text: string | Buffer, type: string): Asset => ({
    path,
    type,
    plain: Buffer.from(text),
    encoded: {},
  });
  prepared ??= bundleClientScript().then((script) => ({
    urls: {
      stylesheet: versioned('kago.css'),
      adminStylesheet: versioned('admin.css'),
      script: `/assets/kago.js?v=${script.hash}`,
      icon: versioned('icon.svg'),
    },
    assets: [
      asset('/assets/kago.js', script.code, 'text/javascript; charset=utf-8'),
      ...['kago.css', 'admin.css'].map((file) =>
        asset(`/assets/${file}`, readFileSync(`${STATIC_DIR}${file}`), 'text/css; charset=utf-8'),
      ),
    ],
  }));
  // A failed build is not kept: the next shop built in this process tries again.
  prepared.catch(() => (prepared = undefined));
  return prepared;
}

/** The asset's path answers it compressed as the request accepts, cached for a year. */
function serveCompressed(app: FastifyInstance, asset: Asset): void {
  app.get(asset.path, async (request, reply) => {
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    varyOn(reply, 'Accept-Encoding');
    reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.type);
    if (!encoding) return reply.send(asset.plain);
    const body = await encoded(asset, encoding);
    return reply.header('content-encoding', encoding).send(body);
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
  const { assets, urls } = await prepareAssets();
  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', (_request, reply) => reply.redirect(urls.icon, 301));
  await app.register(fastifyStatic, {
    root: `${DEMO_DIR}images/`,
    prefix: '/images/demo/',
    maxAge: '1d',
    index: false,
    decorateReply: false,
    dotfiles: 'ignore',
  });
  for (const asset of assets) serveCompressed(app, asset);
  return urls;
}
