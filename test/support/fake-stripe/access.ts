/**
 * Restricted keys for the fake Stripe (`rk_test_...` with chosen permissions, as made in the Dashboard), refused with
 * Stripe's 403 when they lack the permission an endpoint needs, and network faults: requests whose connection is
 * cut before any answer.
 */
import { checkApiKey, StripeApiError } from './wire.js';

/** `products:read`, `prices:read`, `checkout_sessions:write`, ...: what the Dashboard calls Products: Read. */
export type Permission = `${string}:${'read' | 'write'}`;

/** The resource an API path belongs to: `/v1/products/prod_1` -> products; `/v1/checkout/sessions` -> checkout_sessions. */
function resourceOf(path: string): string {
  const [, , first = '', second = ''] = path.split('/');
  return first === 'checkout' ? `checkout_${second}` : first;
}

export class KeyRing {
  private restricted = new Map<string, Set<Permission>>();

  restrict(key: string, permissions: Permission[]): void {
    if (!/^rk_test_\w+$/.test(key)) throw new Error(`fake Stripe: a restricted key starts with rk_test_ (got ${key})`);
    this.restricted.set(key, new Set(permissions));
  }

  /** Throws Stripe's 401 for an unknown key, its 403 for a restricted key without the permission. */
  check(authorization: string | undefined, method: string, path: string): void {
    const key = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '';
    const permissions = this.restricted.get(key);
    if (!permissions) return checkApiKey(authorization);
    const resource = resourceOf(path);
    const needed: Permission = `${resource}:${method === 'GET' ? 'read' : 'write'}`;
    const granted = permissions.has(needed) || (needed.endsWith(':read') && permissions.has(`${resource}:write`));
    if (granted) return;
    const shown = `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
    const rak = `rak_${resource.replace(/s$/, '')}_${needed.split(':')[1]}`;
    throw new StripeApiError(
      403,
      'invalid_request_error',
      `The provided key '${shown}' does not have the required permissions for this endpoint on account 'acct_fake'. Having the '${rak}' permission would allow this request to continue.`,
    );
  }
}
