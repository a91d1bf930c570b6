/** GET /admin: the console's home page. */
import type { FastifyPluginAsync } from 'fastify';
import type { AdminServices } from '../services.js';
import { HomePage } from '../views/home-page.js';

export function homeAdminRoutes(services: AdminServices): FastifyPluginAsync {
  return async (app) => {
    app.get('/admin', async (request, reply) =>
      reply.adminHtml(<HomePage ctx={request.adminPage()} figures={await services.catalog.home.figures()} />),
    );
  };
}
