/** GET /admin/account and POST /admin/account/password: the signed-in owner's own password. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../../errors.js';
import type { AdminServices } from '../services.js';
import { AccountPage } from '../views/account-page.js';

const PasswordForm = z.object({ current: z.string().max(10_000), new: z.string().max(10_000) });

export function accountRoutes(services: AdminServices): FastifyPluginAsync {
  return async (app) => {
    app.get('/admin/account', async (request, reply) => reply.adminHtml(<AccountPage ctx={request.adminPage()} />));

    app.post('/admin/account/password', async (request, reply) => {
      const parsed = PasswordForm.safeParse(request.body ?? {});
      if (!parsed.success)
        throw new HttpError(400, 'bad_request', 'Bad request', 'Send the form: current password and new password.');
      const result = await services.access.changePassword(request.owner!, parsed.data.current, parsed.data.new);
      if (result === 'changed') {
        reply.clearAdminCookie();
        return reply.redirect('/admin/login?notice=password_changed', 303);
      }
      const problem =
        result === 'wrong_password'
          ? 'The current password is not right. Nothing was changed.'
          : `${result.problem} Nothing was changed.`;
      return reply.adminHtml(<AccountPage ctx={request.adminPage()} problem={problem} />, 422);
    });
  };
}
