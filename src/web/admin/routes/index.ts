/** Every console area's routes, registered behind the console's guard (admin-plugin.ts). Add one line per area. */
import type { FastifyPluginAsync } from 'fastify';
import type { AdminServices } from '../services.js';
import { accountRoutes } from './account.js';
import { catalogAdminRoutes } from './catalog.js';
import { homeAdminRoutes } from './home.js';
import { importAdminRoutes } from './import.js';
import { ordersAdminRoutes } from './orders.js';
import { refundAdminRoutes } from './refunds.js';
import { signInRoutes } from './sign-in.js';

export const adminRouteList: ((services: AdminServices) => FastifyPluginAsync)[] = [
  signInRoutes,
  accountRoutes,
  homeAdminRoutes,
  ordersAdminRoutes,
  refundAdminRoutes,
  catalogAdminRoutes,
  importAdminRoutes,
];
