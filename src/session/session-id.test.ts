import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newSessionId } from './session-store.js';

describe('session ids', () => {
  it('are 43 base64url characters, never repeated, across several draws of random bytes', () => {
    const ids = Array.from({ length: 1000 }, () => newSessionId(1_795_000_000_000));
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(new Set(ids).size, ids.length);
    // No id shares a run of random characters with another (each takes bytes of its own): the 8 after the time.
    assert.equal(new Set(ids.map((id) => id.slice(8, 16))).size, ids.length);
  });

  it('sort as text by the millisecond they were made in, so one moment’s new sessions share index pages', () => {
    // Times whose base-64 digits cross every boundary of base64url's alphabet (- 0-9 A-Z _ a-z) in its byte order.
    const times = [0, 1, 10, 11, 36, 37, 63, 64, 4095, 4096, 1_795_000_000_000, 1_795_000_000_001, 2 ** 48 - 1];
    const ids = times.map((ms) => newSessionId(ms));
    const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // byte order, as SQLite's BINARY
    assert.deepEqual(sorted, ids);
    // Many in the same millisecond all sort after the one before and before the one after.
    const before = newSessionId(1_795_000_000_000);
    const after = newSessionId(1_795_000_000_002);
    for (let i = 0; i < 200; i++) {
      const id = newSessionId(1_795_000_000_001);
      assert.ok(before < id && id < after, id);
    }
  });

  it('keep 210 random bits after the time: the part that makes a cookie unguessable', () => {
    const random = Array.from({ length: 2000 }, () => newSessionId(1_795_000_000_000).slice(8));
    assert.ok(random.every((part) => part.length === 35));
    // Every position of the random part takes many of base64url's 64 characters (a fixed one would be 1).
    for (let position = 0; position < 35; position++)
      assert.ok(new Set(random.map((part) => part[position])).size > 50, `position ${position}`);
  });
});
