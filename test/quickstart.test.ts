/**
 * The README's start command on a fresh data directory: `npm start` serves /healthz and the demo catalog,
 * logs that it imported it, and stops cleanly (exit 0) on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from './support/postgres.js';
import { finished, ROOT, waitForHttp } from './support/processes.js';

describe('npm start on a fresh machine', () => {
  it('answers /healthz, shows the demo catalog, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kago-start-'));
    const port = await freePort();
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    };
    for (const name of ['DATABASE_URL', 'SESSION_SECRET', 'NODE_ENV', 'BASE_URL', 'DEMO_CATALOG', 'LOG_LEVEL'])
      delete env[name];
    // Its own process group, so SIGTERM reaches npm and the server alike, as a terminal's Ctrl-C or a supervisor does.
    const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const exit = finished(child);
    try {
      const health = await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const home = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(home.status, 200);
      const html = await home.text();
      assert.match(html, /Tenugui hand towel 手ぬぐい/);
      assert.match(html, /¥1,320/);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    // `close` comes once every process holding the output pipes has exited: the server did not linger.
    const { stdout } = await exit;
    rmSync(dataDir, { recursive: true, force: true });
    assert.match(stdout, /imported the demo catalog/);
    assert.match(stdout, /SIGTERM: finishing requests in flight, then stopping/);
  });

  it('the server process itself exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kago-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO_CATALOG: 'false',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = finished(child);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stderr } = await exit;
    rmSync(dataDir, { recursive: true, force: true });
    assert.equal(code, 0, stderr);
  });
});
