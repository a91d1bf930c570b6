/**
 * Shopify's two ways of asking for sections, answered from kago's named sections (cart-sections.tsx):
 * - bundled: `sections` (a comma list or an array; at most MAX_SECTIONS) on add/change/update/clear.js adds
 *   `sections: {id: html | null}` to the answer, rendered from the cart after the change (unknown ids are null);
 * - the Section Rendering API on any page: `?sections=a,b` answers `{id: html | null}` as JSON, `?section_id=x`
 *   answers the section's HTML, or 404 when no section has that id.
 * `sections_url` is accepted and not needed: kago's sections do not depend on the page they are shown on.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CartService } from '../../cart/cart-service.js';
import type { CartView } from '../../cart/cart-view.js';
import { notFound } from '../errors.js';
import { refusal } from '../refusals.js';
import { renderSection } from './cart-sections.js';

/** As Shopify: at most five sections a request; the rest are left out. */
export const MAX_SECTIONS = 5;

const badSections = () =>
  refusal('invalid_request', {
    detail: 'Send sections as a comma-separated list of section ids, or an array of them.',
  });

/** The section ids a request asks for: `sections` as `a,b` or `['a', 'b']`; undefined when it asks for none. */
export function requestedSections(fields: Record<string, unknown>): string[] | undefined {
  const value = fields.sections;
  if (value === undefined || value === null || value === '') return undefined;
  const list =
    typeof value === 'string'
      ? value.split(',')
      : Array.isArray(value) && value.every((id) => typeof id === 'string')
        ? (value as string[]).flatMap((id) => id.split(','))
        : undefined;
  if (!list) throw badSections();
  const ids = [...new Set(list.map((id) => id.trim()).filter((id) => id !== ''))];
  return ids.slice(0, MAX_SECTIONS);
}

/** `{id: html | null}` for the cart as it is, with the request's page context (the header count). */
export async function renderSectionsOf(
  request: FastifyRequest,
  cart: CartView,
  ids: readonly string[],
): Promise<Record<string, string | null>> {
  const ctx = await request.pageContext({ cartCount: cart.itemCount });
  return Object.fromEntries(ids.map((id) => [id, renderSection(id, ctx, cart) ?? null]));
}

/** Pages only: not the JSON API, assets, webhooks or health checks. */
function isPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (request.routeOptions.url === undefined) return false;
  return (
    !/\.(js|json)$/.test(path) &&
    !path.startsWith('/assets/') &&
    !path.startsWith('/webhooks/') &&
    !/^\/(healthz|readyz)/.test(path)
  );
}

/** Answers `?sections=` and `?section_id=` on every page, before the page itself is made. */
export function registerSectionRendering(app: FastifyInstance, cart: CartService): void {
  // A callback hook: a request without `sections` (nearly every one) passes on without a promise of its own.
  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const query = request.query as Record<string, unknown> | undefined;
    const sectionId = query?.section_id;
    const sections = query?.sections;
    if ((sectionId === undefined && sections === undefined) || !isPage(request)) return done();
    answerSections(request, reply, sectionId, sections).then(() => done(), done);
  });

  async function answerSections(request: FastifyRequest, reply: FastifyReply, sectionId: unknown, sections: unknown) {
    await app.loadSession(request, reply);
    const view = await cart.view(request.sessionId);
    reply.header('cache-control', 'no-store');
    if (sectionId !== undefined) {
      const ctx = await request.pageContext({ cartCount: view.itemCount });
      const html = typeof sectionId === 'string' ? renderSection(sectionId, ctx, view) : undefined;
      if (html === undefined) throw notFound('There is no section with this id.', { variant: 'section' });
      return reply.type('text/html; charset=utf-8').send(html);
    }
    const ids = requestedSections({ sections }) ?? [];
    return reply.type('application/json; charset=utf-8').send(await renderSectionsOf(request, view, ids));
  }
}
