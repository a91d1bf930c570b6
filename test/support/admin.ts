/** The owner's console in tests: an account in the shop's database, and a signed-in cookie through /admin/login. */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createAccounts } from '../../src/admin/accounts.js';
import type { Database } from '../../src/db/schema.js';
import { TEST_PASSWORD_COST } from './app.js';
import { formBody } from './checkout.js';
import { SAME_ORIGIN } from './http.js';

export const OWNER_EMAIL = 'owner@example.com';
export const OWNER_PASSWORD = 'correct horse battery staple';

/** An owner account, its password hashed at the test shops' cost. */
export async function addOwner(db: Kysely<Database>, email = OWNER_EMAIL, password = OWNER_PASSWORD): Promise<void> {
  await createAccounts(db, Date.now, TEST_PASSWORD_COST).add(email, password);
}

/** The Set-Cookie pair of the console cookie in `setCookie` headers, as a Cookie header value. */
export function consoleCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const pair = all.map((cookie) => cookie.split(';')[0]!).find((pair) => /^(__Host-)?kago_admin=./.test(pair));
  return pair;
}

/** Signs in through the form and returns the Cookie header value for console requests. */
export async function signInOwner(
  app: FastifyInstance,
  email = OWNER_EMAIL,
  password = OWNER_PASSWORD,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: SAME_ORIGIN,
    payload: formBody({ email, password }),
  });
  assert.equal(response.statusCode, 303, `sign-in failed: ${response.statusCode}`);
  const cookie = consoleCookieOf(response.headers['set-cookie']);
  assert.ok(cookie, 'sign-in sets the console cookie');
  return cookie;
}
