/** GET/POST /admin/login and POST /admin/logout. Sign-in starts a new session (a new id) and ends any older one. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../../errors.js';
import type { AdminServices } from '../services.js';
import { SignInPage } from '../views/sign-in-page.js';

const SignInForm = z.object({
  email: z.string().max(1000).default(''),
  password: z.string().max(10_000).default(''),
  next: z.string().max(2000).optional(),
});

/** Only console paths: never another site, never a protocol-relative `//host`. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/|\?|$)/.test(next) && !next.startsWith('//') && !/[\\\s]/.test(next)
    ? next
    : '/admin';
}

const NOTICES: Record<string, string> = {
  signed_out: 'You are signed out.',
  session_ended: 'Your session ended. Sign in again to go on.',
  password_changed: 'Your password is changed. Sign in with the new one.',
};

export function signInRoutes(services: AdminServices): FastifyPluginAsync {
  return async (app) => {
    app.get('/admin/login', { config: { adminPublic: true } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const next = safeNext(query.next);
      if (request.owner) return reply.redirect(next, 303);
      const notice = typeof query.notice === 'string' ? NOTICES[query.notice] : undefined;
      return reply.adminHtml(<SignInPage ctx={request.adminPage()} next={next} notice={notice} />);
    });

    app.post('/admin/login', { config: { adminPublic: true } }, async (request, reply) => {
      const parsed = SignInForm.safeParse(request.body ?? {});
      if (!parsed.success)
        throw new HttpError(400, 'bad_request', 'Bad request', 'Send the sign-in form: email and password.');
      const { email, password } = parsed.data;
      const next = safeNext(parsed.data.next);
      const result = await services.access.signIn(email, password, request.ip);
      if (result.kind === 'throttled') {
        const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
        reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
        const problem = `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
        return reply.adminHtml(
          <SignInPage ctx={request.adminPage()} next={next} email={email} problem={problem} />,
          429,
        );
      }
      if (result.kind === 'refused') {
        return reply.adminHtml(
          <SignInPage
            ctx={request.adminPage()}
            next={next}
            email={email}
            problem="That email and password do not match an owner account."
          />,
          401,
        );
      }
      const previous = request.adminToken;
      if (previous) await services.access.signOut(previous);
      reply.setAdminCookie(result.token);
      return reply.redirect(next, 303);
    });

    app.post('/admin/logout', { config: { adminPublic: true } }, async (request, reply) => {
      const token = request.adminToken;
      if (token) await services.access.signOut(token);
      reply.clearAdminCookie();
      return reply.redirect('/admin/login?notice=signed_out', 303);
    });
  };
}
