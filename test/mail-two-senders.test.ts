/**
 * Two processes sharing one outbox (two database connections, two senders, one SMTP server inside the test), on
 * SQLite and PostgreSQL: both write the same orders' mail, both send at once, and every mail arrives exactly once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/db/connect.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { JPY_ORDER, testMail } from './support/mail.js';
import { startSmtpServer } from './support/smtp.js';

const QUIET = { pollMs: 3_600_000 }; // rounds when started and when woken, not on a timer
const order = (id: string) => ({ ...JPY_ORDER, orderId: id });

for (const target of databaseTargets()) {
  describe(`two processes sending from one outbox on ${target.name}`, { skip: target.skip }, () => {
    it('never send the same row twice', async () => {
      const smtp = await startSmtpServer();
      const database = await target.open();
      const other = { ...openDatabase(database.config), config: database.config } as TestDatabase;
      const processes = [
        testMail(database, { SMTP_URL: smtp.url }, { sender: QUIET }),
        testMail(other, { SMTP_URL: smtp.url }, { sender: QUIET }),
      ];
      try {
        const ids = Array.from({ length: 10 }, (_, index) => `TWOPROCESS${String(index).padStart(2, '0')}`);
        // Both write the same orders (as two webhook deliveries would), one after the other: two SQLite connections
        // in one Node process cannot interleave transactions (a busy wait blocks the thread the other needs).
        for (const id of ids) for (const process of processes) await process.writeOrder(order(id));
        processes.forEach((process) => process.mail.start());
        await Promise.all(processes.map((process) => process.mail.idle()));
        const received = await smtp.waitFor(20);
        const rows = await processes[0]!.mail.store.list();
        assert.equal(rows.length, 20);
        assert.ok(rows.every((row) => row.status === 'sent' && row.attempts === 1));
        assert.equal(received.length, 20);
        assert.deepEqual(
          received.map((mail) => String(mail.parsed.messageId)).sort(),
          rows.map((row) => row.messageId).sort(),
          'each row sent once',
        );
        const sentBy = processes.map(
          (process) => process.log.entries.filter((entry) => entry.message.startsWith('mail sent')).length,
        );
        assert.equal(sentBy[0]! + sentBy[1]!, 20);
      } finally {
        await Promise.all(processes.map((process) => process.mail.stop()));
        await other.db.destroy();
        await database.close();
        await smtp.stop();
      }
    });
  });
}
