/**
 * WORKERS=2 on SQLite: the first process prepares the database once (migrations, demo catalog) and runs two server
 * processes sharing the port; both serve, a worker that dies is replaced, and SIGTERM to the first process ends
 * every process with exit code 0.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { eventually, http, startShopProcess, type ShopProcess } from '../support/shop-process.js';

/** Pids of the live processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') children.push(Number(entry));
    } catch {
      // it ended while we looked
    }
  }
  return children.sort((a, b) => a - b);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids that logged requests for URLs with `?probe=<tag>...`, once `count` are logged (each pino line has its pid). */
async function servingPids(shop: ShopProcess, tag: string, count = 1): Promise<Set<number>> {
  const probed = () => shop.logs().filter((line) => line.msg === 'incoming request' && String((line.req as { url?: string }).url).includes(`probe=${tag}`));
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
    assert.equal(shop.output().match(/imported the demo catalog/g)?.length, 1, 'the demo catalog is imported by the first process only');
    const workers = await eventually('two workers listening', async () => childrenOf(shop.pid).length === 2).then(() => childrenOf(shop.pid));
    // A worker gets connections only once it listens: wait for both to say so, not just to exist.
    const listening = () => new Set(shop.logs().filter((line) => String(line.msg).startsWith('Server listening')).map((line) => Number(line.pid)));
    await eventually('both workers listening', async () => workers.every((pid) => listening().has(pid)));
    const answers = await probe(shop, '/', 'a', 40);
    assert.deepEqual([...new Set(answers.map((answer) => answer.status))], [200]);
    assert.match(answers[0]!.body, /Tenugui hand towel/);
    assert.deepEqual([...(await servingPids(shop, 'a', 40))].sort((x, y) => x - y), workers, 'both workers, and only they, served');
  });

  it('a worker that dies is replaced, and the shop keeps serving', async () => {
    const [victim, survivor] = childrenOf(shop.pid);
    process.kill(victim!, 'SIGKILL');
    // Not before the first process has seen the death: a connection it hands to a worker that just died is lost
    // (node:cluster's round-robin; the client waits until it times out).
    await eventually('the death noticed', async () => shop.output().includes(`worker ${victim} ended (SIGKILL); starting another`));
    assert.deepEqual([...new Set((await probe(shop, '/healthz', 'b', 10)).map((answer) => answer.status))], [200]);
    assert.deepEqual([...(await servingPids(shop, 'b', 10))], [survivor], 'the other worker serves meanwhile');
    await eventually('a new worker', async () => childrenOf(shop.pid).length === 2, 20_000);
    const replacement = childrenOf(shop.pid).find((pid) => pid !== survivor)!;
    await eventually('the new worker serves', async () => {
      const tag = `c${Date.now()}`;
      await probe(shop, '/healthz', tag, 10);
      return (await servingPids(shop, tag, 10)).has(replacement);
    }, 20_000);
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
    assert.equal(shop.output().match(/SIGTERM: finishing requests in flight/g)?.length, 2, 'each worker stopped on the signal');
    await assert.rejects(http(`${shop.url}/healthz`), /ECONNREFUSED/);
  });
});
