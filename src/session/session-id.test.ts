import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newSessionId } from './session-store.js';

describe('session ids', () => {
  it('are 256 random bits in base64url, never repeated, across several draws of random bytes', () => {
    const ids = Array.from({ length: 1000 }, () => newSessionId());
    for (const id of ids) {
      assert.match(id, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(id, 'base64url').length, 32);
    }
    assert.equal(new Set(ids).size, ids.length);
    // No id shares a run of bytes with another (each takes bytes of its own): compare every id's first 8 bytes.
    assert.equal(new Set(ids.map((id) => id.slice(0, 11))).size, ids.length);
  });
});
