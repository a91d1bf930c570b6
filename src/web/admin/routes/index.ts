/** Every console area's routes, registered behind the console's guard (admin-plugin.ts). Add one line per area. */
import type { FastifyPluginAsync } from 'fastify';
import type { AdminServices } from '../services.js';
import { accountRoutes } from './account.js';
import { ordersAdminRoutes } from './orders.js';
import { signInRoutes } from './sign-in.js';

export const adminRouteList: ((services: AdminServices) => FastifyPluginAsync)[] = [signInRoutes, accountRoutes, ordersAdminRoutes];
