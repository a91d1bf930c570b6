/**
 * GET /admin/orders/:id/refund shows an order's refunds and the form for a new one; POST makes the refund and goes
 * back to the order (`?notice=refunded`, or `refund_pending` while Stripe has not settled it). A refusal shows the
 * form again with the reason and the owner's input; the form's one-time key stays the same unless the refusal
 * used it up, so sending a form again after "Stripe did not answer" retries the same refund.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { RefundError } from '../../../admin/refunds/errors.js';
import { HttpError, notFound } from '../../errors.js';
import type { AdminServices } from '../services.js';
import { freshRefundForm, RefundPage, type RefundFormValues } from '../views/refund-page.js';

const RefundFormBody = z.object({
  amount: z.string().max(100).default(''),
  reason: z.string().max(100).default(''),
  restock: z.string().max(10).optional(),
  key: z.string().max(200).default(''),
});

const newKey = () => randomBytes(16).toString('base64url');
const noSuchOrder = () => notFound('There is no order with this number.');

export function refundAdminRoutes(services: AdminServices): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { id: string } }>('/admin/orders/:id/refund', async (request, reply) => {
      const overview = await services.refunds.overview(request.params.id);
      if (!overview) throw noSuchOrder();
      return reply.adminHtml(
        <RefundPage ctx={request.adminPage()} overview={overview} form={freshRefundForm(overview, newKey())} />,
      );
    });

    app.post<{ Params: { id: string } }>('/admin/orders/:id/refund', async (request, reply) => {
      const parsed = RefundFormBody.safeParse(request.body ?? {});
      if (!parsed.success)
        throw new HttpError(
          400,
          'bad_request',
          'Bad request',
          'Send the refund form: amount, reason and its one-time key.',
        );
      const form: RefundFormValues = {
        amount: parsed.data.amount,
        reason: parsed.data.reason,
        restock: parsed.data.restock === '1',
        key: parsed.data.key,
      };
      const orderId = request.params.id;
      try {
        const refund = await services.refunds.refund({
          orderId,
          amount: form.amount,
          reason: form.reason,
          restock: form.restock,
          key: form.key,
          actor: request.owner!,
        });
        const notice = refund.status === 'succeeded' ? 'refunded' : 'refund_pending';
        return reply.redirect(`/admin/orders/${encodeURIComponent(orderId)}?notice=${notice}`, 303);
      } catch (error) {
        if (!(error instanceof RefundError)) throw error;
        const overview = await services.refunds.overview(orderId);
        if (!overview || error.code === 'order_not_found') throw noSuchOrder();
        const usedUp =
          error.code === 'provider_refused' || error.code === 'form_reused' || error.code === 'form_key_missing';
        const values = { ...form, key: usedUp ? newKey() : form.key };
        const problem = { title: error.title, description: error.description };
        return reply.adminHtml(
          <RefundPage ctx={request.adminPage()} overview={overview} form={values} problem={problem} />,
          error.status,
        );
      }
    });
  };
}
