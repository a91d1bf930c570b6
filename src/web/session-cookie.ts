/**
 * The session cookie: only an unguessable id, signed (HMAC-SHA256) with the first secret, verified against all of them.
 * `request.sessionId` is the id of a live session, or undefined (no cookie, bad signature, unknown or expired):
 * a bad cookie is ignored, never an error. A live session's expiry rolls forward (the cookie is re-sent with it).
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { EXTEND_AFTER_MS, type Session, type SessionStore } from '../session/session-store.js';
import { BoundedMemo } from '../util/bounded-memo.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler for routes that show or change a cart: sets request.sessionId and rolls the expiry. */
    loadSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /**
     * The session id the request's cookie names (its signature checked), not yet looked up: for a route that reads
     * the session with its cart in one statement (CartService.openSession) and then calls keepSession.
     */
    cookieSession(request: FastifyRequest): CookieSession | undefined;
    /** For a session found live under a cookieSession: sets request.sessionId and rolls the expiry (and cookie). */
    keepSession(request: FastifyRequest, reply: FastifyReply, session: Session, cookie: CookieSession): Promise<void>;
  }
  interface FastifyRequest {
    sessionId: string | undefined;
  }
  interface FastifyReply {
    /** Sends the cookie for a session that now exists (or whose expiry moved). */
    setSessionCookie(sessionId: string, expiresAt: number): FastifyReply;
  }
}

/** A cookie's session id, and whether the cookie should be signed again (it was signed with an older secret). */
export interface CookieSession {
  id: string;
  renew: boolean;
}

export interface SessionCookieOptions {
  secrets: string[];
  sessions: SessionStore;
  ttlMs: number;
  /** https: Secure cookie with the __Host- prefix. */
  secure: boolean;
  now: () => number;
}

/** How many verified cookies are remembered; past that the memory starts over. */
const VERIFIED_COOKIES = 10_000;

export const sessionCookie = fp<SessionCookieOptions>(
  async (app: FastifyInstance, { secrets, sessions, ttlMs, secure, now }) => {
    const name = secure ? '__Host-kago_session' : 'kago_session';
    // A signature is checked once per cookie value, not on every request (an HMAC each time): only cookies that passed
    // are remembered, so a forged one is checked every time it comes, and nothing about the session is (find() is).
    const verified = new BoundedMemo<string, { valid: boolean; renew: boolean; value: string | null }>(
      VERIFIED_COOKIES,
    );
    const unsign = (request: FastifyRequest, raw: string) => {
      let result = verified.get(raw);
      if (!result) {
        result = request.unsignCookie(raw);
        if (result.valid) verified.set(raw, result);
      }
      return result;
    };
    // At most one expiry write a minute per session; a lifetime shorter than that moves on every other use.
    const extendAfterMs = Math.min(EXTEND_AFTER_MS, Math.floor(ttlMs / 2));
    await app.register(fastifyCookie, { secret: secrets, algorithm: 'sha256' });
    app.decorateRequest('sessionId', undefined);
    app.decorateReply(
      'setSessionCookie',
      function setSessionCookie(this: FastifyReply, sessionId: string, expiresAt: number) {
        return this.setCookie(name, sessionId, {
          signed: true,
          httpOnly: true,
          sameSite: 'lax',
          path: '/',
          secure,
          maxAge: Math.max(0, Math.round((expiresAt - now()) / 1000)),
          expires: new Date(expiresAt),
        });
      },
    );

    const cookieSession = (request: FastifyRequest): CookieSession | undefined => {
      const raw = request.cookies[name];
      if (!raw) return undefined;
      const unsigned = unsign(request, raw);
      if (!unsigned.valid || !unsigned.value) return undefined;
      return { id: unsigned.value, renew: unsigned.renew };
    };
    const keepSession = async (
      request: FastifyRequest,
      reply: FastifyReply,
      session: Session,
      cookie: CookieSession,
    ) => {
      request.sessionId = session.id;
      const rolled = now() + ttlMs;
      if (rolled - session.expiresAt >= extendAfterMs || cookie.renew) {
        await sessions.extend(session.id, rolled);
        reply.setSessionCookie(session.id, rolled);
      }
    };
    app.decorate('cookieSession', cookieSession);
    app.decorate('keepSession', keepSession);
    app.decorate('loadSession', async function loadSession(request: FastifyRequest, reply: FastifyReply) {
      const cookie = cookieSession(request);
      if (!cookie) return;
      const session = await sessions.find(cookie.id, now());
      if (session) await keepSession(request, reply, session, cookie);
    });
  },
  // Named: fastify-plugin names an anonymous plugin by formatting a stack trace.
  { name: 'kago-session-cookie' },
);
