/**
 * WORKERS=2 on SQLite: the first process prepares the database once (migrations, demo catalog) and runs two server
 * processes sharing the port; both serve, a worker that dies is replaced (all of them, when all die at once), SIGTERM
 * to the first process ends every process with exit code 0, and workers that crash at start make it exit 1.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/postgres.js';
import { childrenOf } from '../support/processes.js';
import { eventually, http, startShopProcess, type ShopProcess } from '../support/shop-process.js';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids that answered requests for URLs with `?probe=<tag>...`, once `count` are logged (each pino line has its pid). */
async function servingPids(shop: ShopProcess, tag: string, count = 1): Promise<Set<number>> {
  const probed = () =>
    shop
      .logs()
      .filter(
        (line) =>
          line.msg === 'request completed' && String((line.req as { url?: string }).url).includes(`probe=${tag}`),
      );
  await eventually(`${count} requests logged`, async () => probed().length >= count);
  return new Set(probed().map((line) => Number(line.pid)));
}

/** `count` requests at once, each on its own connection: the primary hands connections to the workers in turn. */
const probe = (shop: ShopProcess, path: string, tag: string, count: number) =>
  Promise.all(Array.from({ length: count }, (_, i) => http(`${shop.url}${path}?probe=${tag}-${i}`)));

describe('WORKERS=2', () => {
  let shop: ShopProcess;
  before(async () => {
    shop = await startShopProcess({ WORKERS: '2', DEMO_CATALOG: 'true', LOG_LEVEL: 'info' });
  });
  after(async () => {
    await shop?.kill();
  });

  it('prepares the database once, then two worker processes share the port and both serve', async () => {
    assert.equal(
      shop.output().match(/imported the demo catalog/g)?.length,
      1,
      'the demo catalog is imported by the first process only',
    );
    const workers = await eventually('two workers listening', async () => childrenOf(shop.pid).length === 2).then(() =>
      childrenOf(shop.pid),
    );
    // A worker gets connections only once it listens: wait for both to say so, not just to exist.
    const listening = () =>
      new Set(
        shop
          .logs()
          .filter((line) => String(line.msg).startsWith('Server listening'))
          .map((line) => Number(line.pid)),
      );
    await eventually('both workers listening', async () => workers.every((pid) => listening().has(pid)));
    const answers = await probe(shop, '/', 'a', 40);
    assert.deepEqual([...new Set(answers.map((answer) => answer.status))], [200]);
    assert.match(answers[0]!.body, /Tenugui hand towel/);
    assert.deepEqual(
      [...(await servingPids(shop, 'a', 40))].sort((x, y) => x - y),
      workers,
      'both workers, and only they, served',
    );
  });

  it('a worker that dies is replaced, and the shop keeps serving', async () => {
    const [victim, survivor] = childrenOf(shop.pid);
    process.kill(victim!, 'SIGKILL');
    // Not before the first process has seen the death: a connection it hands to a worker that just died is lost
    // (node:cluster's round-robin; the client waits until it times out).
    await eventually('the death noticed', async () =>
      shop.output().includes(`worker ${victim} ended (SIGKILL); starting another`),
    );
    assert.deepEqual([...new Set((await probe(shop, '/healthz', 'b', 10)).map((answer) => answer.status))], [200]);
    assert.deepEqual([...(await servingPids(shop, 'b', 10))], [survivor], 'the other worker serves meanwhile');
    await eventually('a new worker', async () => childrenOf(shop.pid).length === 2, 20_000);
    const replacement = childrenOf(shop.pid).find((pid) => pid !== survivor)!;
    await eventually(
      'the new worker serves',
      async () => {
        const tag = `c${Date.now()}`;
        await probe(shop, '/healthz', tag, 10);
        return (await servingPids(shop, tag, 10)).has(replacement);
      },
      20_000,
    );
  });

  it('every worker killed at once (kill -9): the first process stays up, starts two more, and the shop answers again', async () => {
    const killed = childrenOf(shop.pid);
    assert.equal(killed.length, 2);
    for (const pid of killed) process.kill(pid, 'SIGKILL');
    const gone = shop.exited.then((exit) => {
      throw new Error(
        `the first process exited (${exit.signal ?? `exit ${exit.code}`}) with no worker left:\n${shop.output().slice(-2000)}`,
      );
    });
    const listening = () =>
      new Set(
        shop
          .logs()
          .filter((line) => String(line.msg).startsWith('Server listening'))
          .map((line) => Number(line.pid)),
      );
    await Promise.race([
      gone,
      eventually(
        'two new workers listening',
        async () => {
          const workers = childrenOf(shop.pid);
          return workers.length === 2 && workers.every((pid) => !killed.includes(pid) && listening().has(pid));
        },
        30_000,
      ),
    ]);
    for (const pid of killed)
      assert.match(shop.output(), new RegExp(`worker ${pid} ended \\(SIGKILL\\); starting another in \\d+ ms`));
    assert.deepEqual([...new Set((await probe(shop, '/', 'd', 10)).map((answer) => answer.status))], [200]);
    assert.ok(shop.alive());
  });

  it('SIGTERM to the first process ends every process, exit code 0', async () => {
    const workers = childrenOf(shop.pid);
    assert.equal(workers.length, 2);
    const sent = Date.now();
    shop.signal('SIGTERM');
    const exit = await shop.exited;
    assert.deepEqual([exit.code, exit.signal], [0, null], shop.output());
    assert.ok(exit.at - sent < 5000, `exited in ${exit.at - sent} ms`);
    assert.deepEqual(workers.filter(isRunning), [], 'no worker outlives it');
    assert.equal(
      shop.logs().filter((line) => String(line.msg).startsWith('SIGTERM: finishing requests in flight')).length,
      2,
      'each worker stopped on the signal',
    );
    await assert.rejects(http(`${shop.url}/healthz`), /ECONNREFUSED/);
  });
});

describe('WORKERS=2 with workers that crash at start', () => {
  it('the first process gives up after a few tries and exits 1, saying why', async () => {
    // Another program holds the port: every worker fails to listen (EADDRINUSE) right after it starts.
    const port = await freePort();
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await assert.rejects(startShopProcess({ WORKERS: '2', PORT: String(port) }, 45_000), (error: Error) => {
        assert.match(error.message, /kago exited before it answered \(exit 1\)/);
        assert.match(error.message, /EADDRINUSE/);
        assert.match(
          error.message,
          /kago: workers keep crashing at start: 5 in a row ended before they could take requests \(the last: exit 1\); stopping/,
        );
        return true;
      });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
