/**
 * Static files: the stylesheet and the bundled script under /assets/, demo product images under /images/demo/.
 * Asset URLs carry a content hash computed once at start, so browsers may cache them for a year.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DEMO_DIR } from '../catalog/index.js';
import { bundleClientScript } from './client-script.js';

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
  app.get('/assets/kago.js', (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type('text/javascript; charset=utf-8')
      .send(script.code),
  );
  return {
    stylesheet: versioned('kago.css'),
    adminStylesheet: versioned('admin.css'),
    script: `/assets/kago.js?v=${script.hash}`,
    icon: versioned('icon.svg'),
  };
}
