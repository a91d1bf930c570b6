/**
 * Owner accounts: `kago admin add|passwd|remove|list` as an owner runs them (stdin piped or a generated password
 * printed once), hashes with their parameters recorded, and the signed-in owner changing their own password.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword, needsRehash, verifyPassword } from '../src/admin/passwords.js';
import { addOwner, OWNER_EMAIL, OWNER_PASSWORD, signInOwner } from './support/admin.js';
import { startTestShop, type TestShop } from './support/app.js';
import { formBody } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN } from './support/http.js';
import { runCli } from './support/processes.js';

describe('owner passwords', () => {
  it('are scrypt hashes that carry their parameters; weaker ones are marked for an upgrade', async () => {
    const hash = await hashPassword('a long enough password');
    assert.match(hash, /^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.equal(await verifyPassword('a long enough password', hash), true);
    assert.equal(await verifyPassword('a long enough passwore', hash), false);
    assert.equal(needsRehash(hash), false);
    const weak = await hashPassword('a long enough password', { N: 1024, r: 8, p: 1 });
    assert.equal(await verifyPassword('a long enough password', weak), true);
    assert.equal(needsRehash(weak), true);
  });
});

describe('kago admin', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  before(async () => {
    database = await databaseTargets()[0]!.open();
    env = { DATABASE_URL: `sqlite:${(database.config as { file: string }).file}`, LOG_LEVEL: 'silent' };
  });
  after(async () => database?.close());
  const hashes = () =>
    database.db.selectFrom('admin_accounts').select(['email', 'password_hash']).orderBy('email').execute();

  it('add reads the password from stdin, or generates one and prints it once; list shows accounts', async () => {
    const piped = await runCli(['admin', 'add', 'Piped@Example.com'], env, 'a long enough password\n');
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout.trim(), 'Added piped@example.com.');
    const generated = await runCli(['admin', 'add', 'made@example.com'], env);
    assert.equal(generated.code, 0, generated.stderr);
    const password = /Password \(shown once, keep it safe\): (\S{20})$/m.exec(generated.stdout)?.[1];
    assert.ok(password, generated.stdout);
    const rows = await hashes();
    assert.deepEqual(
      rows.map((row) => row.email),
      ['made@example.com', 'piped@example.com'],
    );
    assert.equal(await verifyPassword(password, rows[0]!.password_hash), true);
    assert.equal(await verifyPassword('a long enough password', rows[1]!.password_hash), true);
    for (const row of rows)
      assert.match(row.password_hash, /^scrypt\$N=32768,r=8,p=1\$/, 'the CLI hashes at full cost');
    const list = await runCli(['admin', 'list'], env);
    assert.match(list.stdout, /^made@example\.com\t\(created \d{4}-\d\d-\d\d\)\npiped@example\.com\t/m);
  });

  it('refuses a duplicate, a bad address, a short password and an unknown account, changing nothing', async () => {
    const before = await hashes();
    const cases: [string[], string | undefined, RegExp][] = [
      [
        ['admin', 'add', 'piped@example.com'],
        'another long password',
        /kago admin add: piped@example\.com already has an account/,
      ],
      [
        ['admin', 'add', 'not-an-address'],
        'another long password',
        /kago admin add: "not-an-address" is not an email address/,
      ],
      [['admin', 'add', 'short@example.com'], 'short', /kago admin add: the password must be at least 12 characters/],
      [
        ['admin', 'passwd', 'nobody@example.com'],
        'another long password',
        /kago admin passwd: nobody@example\.com has no account/,
      ],
      [['admin', 'remove', 'nobody@example.com'], undefined, /kago admin remove: nobody@example\.com has no account/],
    ];
    for (const [args, input, message] of cases) {
      const result = await runCli(args, env, input);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, message);
    }
    const usage = await runCli(['admin', 'frob'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /expected add <email>, passwd <email>, remove <email> or list/);
    assert.deepEqual(await hashes(), before);
  });

  it('passwd sets a new password and ends the sessions; remove deletes the account', async () => {
    const changed = await runCli(['admin', 'passwd', 'piped@example.com'], env, 'a brand new password\n');
    assert.equal(changed.code, 0, changed.stderr);
    const row = (await hashes()).find((entry) => entry.email === 'piped@example.com')!;
    assert.equal(await verifyPassword('a brand new password', row.password_hash), true);
    const removed = await runCli(['admin', 'remove', 'made@example.com'], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(
      (await hashes()).map((entry) => entry.email),
      ['piped@example.com'],
    );
  });
});

describe('the account page', () => {
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await databaseTargets()[0]!.open();
    shop = await startTestShop(database);
    await addOwner(database.db);
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });
  const change = (cookie: string, fields: Record<string, string>) =>
    shop.app.inject({
      method: 'POST',
      url: '/admin/account/password',
      headers: { ...SAME_ORIGIN, cookie },
      payload: formBody(fields),
    });

  it('refuses a wrong current password or a short new one, changing nothing', async () => {
    const cookie = await signInOwner(shop.app);
    const before = await database.db.selectFrom('admin_accounts').select('password_hash').execute();
    const wrong = await change(cookie, { current: 'not my password', new: 'a brand new password' });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /The current password is not right\. Nothing was changed\./);
    const short = await change(cookie, { current: OWNER_PASSWORD, new: 'short' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /The new password must be at least 12 characters\. Nothing was changed\./);
    assert.deepEqual(await database.db.selectFrom('admin_accounts').select('password_hash').execute(), before);
    assert.equal(
      (await shop.app.inject({ url: '/admin/account', headers: { cookie } })).statusCode,
      200,
      'still signed in',
    );
  });

  it('changes the password, signs out everywhere, and records who did it', async () => {
    const cookie = await signInOwner(shop.app);
    const other = await signInOwner(shop.app);
    const changed = await change(cookie, { current: OWNER_PASSWORD, new: 'a brand new password' });
    assert.equal(changed.statusCode, 303);
    assert.equal(changed.headers.location, '/admin/login?notice=password_changed');
    for (const old of [cookie, other])
      assert.equal((await shop.app.inject({ url: '/admin/account', headers: { cookie: old } })).statusCode, 303);
    await signInOwner(shop.app, OWNER_EMAIL, 'a brand new password');
    const audit = await database.db
      .selectFrom('admin_audit_log')
      .select(['action', 'actor_email'])
      .where('action', '=', 'account.password_changed')
      .execute();
    assert.deepEqual(audit, [{ action: 'account.password_changed', actor_email: OWNER_EMAIL }]);
  });
});
