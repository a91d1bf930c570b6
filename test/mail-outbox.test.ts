/**
 * The outbox store on SQLite and PostgreSQL: mail is written in the caller's transaction (and rolled back with it),
 * a dedupe key is written once, skipped rows are never sent, and claims hold a row for one process at a time:
 * leases, retries, sent and failed rows, and many claims racing from two connections.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { OutboxError, writeToOutbox, type OutgoingMail } from '../src/mail/outbox.js';
import { createOutboxStore, type OutboxStore } from '../src/mail/outbox-store.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
const LEASE = 5 * 60_000;
const write = { now: T0, deliver: true, messageIdDomain: 'shop.example' };

const mail = (key: string, overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  dedupeKey: key,
  kind: 'order-confirmation',
  to: 'hanako@example.com',
  replyTo: null,
  subject: `Order ${key}`,
  text: 'text',
  html: '<p>html</p>',
  ...overrides,
});

for (const target of databaseTargets()) {
  describe(`mail outbox on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let store: OutboxStore;
    let keyCount = 0;
    /** A key no other test uses (the tests share one database). */
    const key = () => `test:${target.name}:${(keyCount += 1)}`;

    before(async () => {
      database = await target.open();
      store = createOutboxStore(database.db, database.dialect);
    });
    after(async () => {
      await database?.close();
    });

    /** Claims until `id` comes up; other tests' rows found on the way are marked sent. */
    const claimOwn = async (keys: string[], now: number) => {
      for (;;) {
        const claimed = await store.claimNext(now, LEASE);
        if (!claimed || keys.includes(claimed.dedupeKey)) return claimed;
        await store.markSent(claimed.id, now);
      }
    };

    it("writes mail in the caller's transaction: committed with it, rolled back with it", async () => {
      const [kept, dropped] = [key(), key()];
      await database.db.transaction().execute(async (trx) => {
        await trx.updateTable('catalog_state').set({ version: 7 }).execute();
        assert.equal(await writeToOutbox(trx, [mail(kept)], write), 1);
      });
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await trx.updateTable('catalog_state').set({ version: 8 }).execute();
          await writeToOutbox(trx, [mail(dropped)], write);
          throw new Error('the order could not be marked paid');
        }),
        /could not be marked paid/,
      );
      assert.equal(
        (await database.db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow()).version,
        7,
      );
      const entry = await store.find(kept);
      assert.ok(entry);
      assert.equal(entry.status, 'pending');
      assert.equal(entry.attempts, 0);
      assert.equal(entry.nextAttemptAt, T0);
      assert.equal(entry.to, 'hanako@example.com');
      assert.equal(entry.messageId, `<${entry.id}.order-confirmation@shop.example>`);
      assert.equal(await store.find(dropped), undefined, 'the rolled-back mail does not exist');
    });

    it('writes a dedupe key once: a second write (however often, however concurrent) is a no-op', async () => {
      const [confirmation, notice] = [key(), key()];
      assert.equal(
        await writeToOutbox(
          database.db,
          [mail(confirmation), mail(notice, { kind: 'order-notice', to: 'owner@shop.example' })],
          write,
        ),
        2,
      );
      const first = await store.find(confirmation);
      const again = await Promise.all(
        Array.from({ length: 6 }, () =>
          database.db.transaction().execute((trx) =>
            writeToOutbox(trx, [mail(confirmation, { subject: 'changed' }), mail(notice)], {
              ...write,
              now: T0 + 1000,
            }),
          ),
        ),
      );
      assert.deepEqual(again, [0, 0, 0, 0, 0, 0]);
      assert.deepEqual(await store.find(confirmation), first, 'the first write stands, unchanged');
      const rows = await database.db
        .selectFrom('mail_outbox')
        .select(['subject'])
        .where('dedupe_key', 'in', [confirmation, notice])
        .execute();
      assert.equal(rows.length, 2);
      assert.ok(rows.every((row) => row.subject !== 'changed'));
    });

    it('keeps line breaks out of the subject, and refuses a recipient list or a bad address, writing nothing', async () => {
      const clean = key();
      await writeToOutbox(database.db, [mail(clean, { subject: 'Order\r\nBcc: someone@evil.example' })], write);
      const row = await database.db
        .selectFrom('mail_outbox')
        .select('subject')
        .where('dedupe_key', '=', clean)
        .executeTakeFirstOrThrow();
      assert.equal(row.subject, 'Order Bcc: someone@evil.example');
      for (const bad of [
        { to: 'a@example.com, b@example.com' },
        { to: 'Name <a@example.com>' },
        { to: 'not-an-address' },
        { replyTo: 'a@example.com\r\nBcc: b@example.com' },
      ]) {
        const refused = key();
        await assert.rejects(
          writeToOutbox(database.db, [mail(key()), mail(refused, bad)], write),
          OutboxError,
          JSON.stringify(bad),
        );
        assert.equal(await store.find(refused), undefined);
      }
    });

    it('records mail as skipped when the shop sends none, and never hands it out', async () => {
      const skipped = key();
      await writeToOutbox(database.db, [mail(skipped)], { ...write, deliver: false });
      assert.equal((await store.find(skipped))?.status, 'skipped');
      const claimed = await claimOwn([skipped], T0 + 86_400_000);
      assert.equal(claimed, undefined);
      assert.equal((await store.find(skipped))?.attempts, 0);
    });

    it('claims a due row for one holder until its lease ends; the old holder can then change nothing', async () => {
      const own = key();
      await writeToOutbox(database.db, [mail(own)], { ...write, now: T0 + 10 });
      assert.equal(await claimOwn([own], T0 + 9), undefined, 'not due before it was written');
      const first = await claimOwn([own], T0 + 10);
      assert.ok(first);
      assert.equal(first.attempts, 1);
      assert.equal(first.claimedUntil, T0 + 10 + LEASE);
      assert.equal(first.to, 'hanako@example.com');
      assert.equal(first.html, '<p>html</p>');
      assert.equal(await claimOwn([own], T0 + 10 + LEASE - 1), undefined, 'held during the lease');
      const second = await claimOwn([own], T0 + 10 + LEASE);
      assert.ok(second, 'the lease ran out (its holder died): the row is claimable again');
      assert.equal(second.attempts, 2, 'the lost attempt counts');
      assert.notEqual(second.claimToken, first.claimToken);
      assert.equal(
        await store.markRetry(first.id, first.claimToken, T0, T0 + 60_000, 'ESOCKET'),
        false,
        'the old holder cannot reschedule it',
      );
      assert.equal(await store.markFailed(first.id, first.claimToken, T0, 'ESOCKET'), false, 'nor fail it');
      assert.equal((await store.find(own))?.claimedUntil, T0 + 10 + 2 * LEASE);
      assert.equal(await store.markSent(second.id, T0 + 20), true);
    });

    it('retries at the time given, records the error kind, and never hands out a sent or failed row', async () => {
      const [retried, failed] = [key(), key()];
      await writeToOutbox(database.db, [mail(retried), mail(failed)], write);
      const both = [await claimOwn([retried, failed], T0), await claimOwn([retried, failed], T0)];
      const claimed = both.find((row) => row?.dedupeKey === retried);
      const other = both.find((row) => row?.dedupeKey === failed);
      assert.ok(claimed && other);
      assert.equal(await store.markRetry(claimed.id, claimed.claimToken, T0, T0 + 30_000, 'ESOCKET'), true);
      let entry = await store.find(retried);
      assert.deepEqual(
        [entry?.status, entry?.nextAttemptAt, entry?.claimedUntil, entry?.lastError],
        ['pending', T0 + 30_000, null, 'ESOCKET'],
      );
      assert.equal(await store.markFailed(other.id, other.claimToken, T0, 'EENVELOPE 550'), true);
      assert.equal(
        await claimOwn([retried, failed], T0 + 29_999),
        undefined,
        'the retried row waits for its time; the failed one is done',
      );
      const again = await claimOwn([retried, failed], T0 + 30_000);
      assert.equal(again?.dedupeKey, retried);
      assert.equal(again.attempts, 2);
      assert.equal(await store.markSent(again.id, T0 + 30_001), true);
      assert.equal(await store.markSent(again.id, T0 + 30_002), false, 'recorded once');
      entry = await store.find(retried);
      assert.deepEqual(
        [entry?.status, entry?.sentAt, entry?.claimedUntil, entry?.lastError],
        ['sent', T0 + 30_001, null, null],
      );
      assert.deepEqual(
        [(await store.find(failed))?.status, (await store.find(failed))?.lastError],
        ['failed', 'EENVELOPE 550'],
      );
      assert.equal(await claimOwn([retried, failed], T0 + 365 * 86_400_000), undefined);
    });

    it('hands each row to exactly one of many claims racing from two connections', async () => {
      const keys = Array.from({ length: 20 }, () => key());
      const later = T0 + 1_000_000_000; // rows other tests left pending may be claimed too: only ours are counted
      await writeToOutbox(
        database.db,
        keys.map((k) => mail(k)),
        { ...write, now: later },
      );
      const second: DatabaseHandle = openDatabase(database.config);
      try {
        const stores = [store, createOutboxStore(second.db, second.dialect)];
        const claims = await Promise.all(
          Array.from({ length: 60 }, (_, index) => stores[index % 2]!.claimNext(later, LEASE)),
        );
        const ours = claims.filter((claim) => claim && keys.includes(claim.dedupeKey)).map((claim) => claim!.dedupeKey);
        assert.equal(new Set(ours).size, ours.length, 'no row was claimed twice');
        assert.deepEqual([...ours].sort(), [...keys].sort(), 'every row was claimed');
        const attempts = await database.db
          .selectFrom('mail_outbox')
          .select('attempts')
          .where('dedupe_key', 'in', keys)
          .execute();
        assert.ok(attempts.every((row) => row.attempts === 1));
      } finally {
        await second.close();
      }
    });
  });
}
