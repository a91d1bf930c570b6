/**
 * The owner's console under /admin: its own cookie (never the shopper's session), `no-store` and `noindex` on every
 * answer, and a guard in front of every route not marked `adminPublic`: signed out, a shopper's session or an ended
 * console session get the sign-in page (GET) or a 401 (any change). The guard runs before the body is read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../../admin/actor.js';
import { formatDate, formatDateTime } from '../../i18n/index.js';
import { formatMoney } from '../../money/index.js';
import type { AssetUrls } from '../assets.js';
import { HttpError } from '../errors.js';
import { renderHtml } from '../render.js';
import { adminRouteList } from './routes/index.js';
import type { AdminServices } from './services.js';
import type { AdminPageContext } from './views/admin-page-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every console route as registered (`GET /admin/orders/:id`), with whether it is public: for checks and tests. */
    consoleRoutes: { method: string; url: string; adminPublic: boolean }[];
  }
  interface FastifyRequest {
    /** The signed-in owner on console routes; undefined when signed out (and everywhere else). */
    owner: Actor | undefined;
    /** The console cookie's token as sent, valid or not. */
    adminToken: string | undefined;
    adminPage(): AdminPageContext;
  }
  interface FastifyReply {
    adminHtml(node: unknown, status?: number): FastifyReply;
    setAdminCookie(token: string): FastifyReply;
    clearAdminCookie(): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Reachable without a console session (sign-in and sign-out only). */
    adminPublic?: boolean;
  }
}

export interface AdminConsoleOptions {
  services: AdminServices;
  assets: AssetUrls;
  shopName: string;
  locale: string;
  /** SHOP_TIMEZONE: the zone console times are shown in. */
  timeZone: string;
  /** https: `__Host-` cookie with Secure. */
  secure: boolean;
  lifetimeMs: number;
}

type AdminRoute = FastifyInstance['consoleRoutes'][number];

export const isConsolePath = (url: string) =>
  url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?');

export const adminConsole = fp<AdminConsoleOptions>(
  async (app: FastifyInstance, { services, assets, shopName, locale, timeZone, secure, lifetimeMs }) => {
    const formatTime = (epochMs: number) => formatDateTime(epochMs, { locale: 'en', timeZone, iso: true });
    const formatDay = (epochMs: number) => formatDate(epochMs, { locale: 'en', timeZone, iso: true });
    const cookieName = secure ? '__Host-kago_admin' : 'kago_admin';
    const lang = locale.split('-')[0] ?? 'en';
    const formatPrice = (minor: number, currency: string) => formatMoney(minor, currency, locale);
    app.decorateRequest('owner', undefined);
    app.decorateRequest('adminToken', undefined);
    app.decorateRequest('adminPage', function adminPage(this: FastifyRequest): AdminPageContext {
      return {
        shopName,
        lang,
        assets: { adminStylesheet: assets.adminStylesheet, icon: assets.icon },
        ownerEmail: this.owner?.email,
        formatPrice,
        formatTime,
        formatDay,
        timeZone,
      };
    });
    app.decorateReply('adminHtml', function adminHtml(this: FastifyReply, node: unknown, status = 200) {
      return this.code(status).type('text/html; charset=utf-8').send(renderHtml(node));
    });
    const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure };
    app.decorateReply('setAdminCookie', function setAdminCookie(this: FastifyReply, token: string) {
      return this.setCookie(cookieName, token, { ...cookieOptions, maxAge: Math.round(lifetimeMs / 1000) });
    });
    app.decorateReply('clearAdminCookie', function clearAdminCookie(this: FastifyReply) {
      return this.clearCookie(cookieName, cookieOptions);
    });

    // Every answer under /admin (404s and errors included) stays out of caches and search engines.
    // A callback hook: requests outside the console (every shopper's) pass on without a promise of their own.
    const identifyOwner = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
      const token = request.cookies[cookieName];
      if (!token || token.length > 100) return;
      request.adminToken = token;
      const owner = await services.access.find(token);
      if (owner) request.owner = { ...owner, ip: request.ip };
    };
    app.addHook('onRequest', (request, reply, done) => {
      if (!isConsolePath(request.url)) return done();
      identifyOwner(request, reply).then(() => done(), done);
    });

    const consoleRoutes: AdminRoute[] = [];
    app.decorate('consoleRoutes', consoleRoutes);
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        for (const method of [route.method].flat())
          consoleRoutes.push({ method, url: route.url, adminPublic: route.config?.adminPublic === true });
      });
      scope.addHook('onRequest', async (request, reply) => {
        if (request.owner || request.routeOptions.config.adminPublic) return;
        if (request.adminToken) reply.clearAdminCookie();
        if (request.method === 'GET' || request.method === 'HEAD') {
          const notice = request.adminToken ? '&notice=session_ended' : '';
          return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}${notice}`, 303);
        }
        throw new HttpError(
          401,
          'admin_sign_in_required',
          'Sign in required',
          'You are not signed in to the console (or your session ended). Sign in, then make the change again.',
        );
      });
      for (const routes of adminRouteList) await scope.register(routes(services));
    });
  },
  // Named: fastify-plugin names an anonymous plugin by formatting a stack trace.
  { name: 'kago-admin-console' },
);
