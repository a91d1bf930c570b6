/**
 * GET /policies/legal-notice (特定商取引法に基づく表記), /policies/privacy-policy and /policies/terms-of-service
 * (Shopify's addresses for them): the owner's files as loaded at start (src/policies); 404 for a page the shop does
 * not have, or a legal notice not filled in.
 */
import type { FastifyInstance } from 'fastify';
import type { ShopPolicies } from '../../policies/policy-files.js';
import { notFound } from '../errors.js';
import { LegalNoticePageView, PolicyPageView } from '../views/policy-page.js';

export function policyRoutes(policies: ShopPolicies) {
  return async (app: FastifyInstance): Promise<void> => {
    const withSession = { preHandler: app.loadSession };
    app.get('/policies/legal-notice', withSession, async (request, reply) => {
      const notice = policies.legalNotice(request.language);
      if (!notice) throw notFound();
      return reply.html(<LegalNoticePageView ctx={await request.pageContext()} notice={notice} />);
    });
    for (const name of ['privacy-policy', 'terms-of-service'] as const) {
      app.get(`/policies/${name}`, withSession, async (request, reply) => {
        const page = policies.page(name, request.language);
        if (!page) throw notFound();
        return reply.html(<PolicyPageView ctx={await request.pageContext()} name={name} page={page} />);
      });
    }
  };
}
