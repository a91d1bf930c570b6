/** The console's order pages in tests: a signed-in shop, the orders a page lists, and a form post as the owner. */
import type { LightMyRequestResponse } from 'fastify';
import { startTestShop, type TestShop } from './app.js';
import { addOwner, signInOwner } from './admin.js';
import { formBody } from './checkout.js';
import type { TestDatabase } from './databases.js';
import { SAME_ORIGIN } from './http.js';

export interface OwnerShop extends TestShop {
  /** GET as the signed-in owner. */
  get(url: string): Promise<LightMyRequestResponse>;
  /** A same-origin form POST as the signed-in owner. */
  post(url: string, fields?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** The shop on `database` with an owner signed in. */
export async function startOwnerShop(database: TestDatabase, env: Record<string, string> = {}): Promise<OwnerShop> {
  await addOwner(database.db);
  const shop = await startTestShop(database, { env });
  const cookie = await signInOwner(shop.app);
  return {
    ...shop,
    get: (url) => shop.app.inject({ url, headers: { cookie } }),
    post: (url, fields = {}) =>
      shop.app.inject({ method: 'POST', url, headers: { ...SAME_ORIGIN, cookie }, payload: formBody(fields) }),
  };
}

/** The order ids a list page shows, top to bottom. */
export const listedIds = (html: string) =>
  [...html.matchAll(/<tr data-order="([0-9A-Za-z]+)"/g)].map((match) => match[1]!);

/** The href of the link with `rel` (next/prev) on a list page, unescaped. */
export function relHref(html: string, rel: 'next' | 'prev'): string | undefined {
  const match = new RegExp(`<a href="([^"]+)" rel="${rel}"`).exec(html);
  return match?.[1]?.replace(/&amp;/g, '&');
}
