import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formTokenTail, writtenBytes } from './form-token-tail.js';
import { formTokenInputs } from './views/add-to-cart-form.js';

const TOKEN = /value="([0-9a-f-]{36})"/g;
const withoutTokens = (html: string) => html.replace(TOKEN, 'value="…"');

describe("a catalog answer's end written as bytes with a slot per form token", () => {
  const formIds = ['add-prod_RhLBIFHaTtAu8p', 'add-prod_NFfR7UmgzpvNzk', `add-${encodeURIComponent('ü/é')}`];
  const end = '<p>手ぬぐい</p></body></html>';
  const tail = formTokenTail(formIds, end);

  it('gives the bytes formTokenInputs + end would, each form with a token of its own', () => {
    const html = writtenBytes(tail).toString('utf8');
    assert.equal(withoutTokens(html), withoutTokens(formTokenInputs(formIds) + end));
    const tokens = [...html.matchAll(TOKEN)].map((match) => match[1]);
    assert.equal(tokens.length, formIds.length);
    assert.equal(new Set(tokens).size, formIds.length);
    for (const token of tokens)
      assert.match(token!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('writes fresh tokens into a new buffer on every answer, leaving the earlier answers as they were', () => {
    const first = writtenBytes(tail);
    const kept = Buffer.from(first);
    const second = writtenBytes(tail);
    assert.deepEqual(first, kept);
    const tokensOf = (bytes: Buffer) => [...bytes.toString('utf8').matchAll(TOKEN)].map((match) => match[1]);
    for (const token of tokensOf(second)) assert.ok(!tokensOf(first).includes(token));
  });

  it('gives every form of every answer a token of its own, across the draws of random bytes', () => {
    const tokens = Array.from({ length: 200 }, () => [...writtenBytes(tail).toString('utf8').matchAll(TOKEN)])
      .flat()
      .map((match) => match[1]!);
    assert.equal(tokens.length, 600);
    assert.equal(new Set(tokens).size, 600);
    for (const token of tokens)
      assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Every hex digit shows up in every random position: the digits are the random bytes', not a fixed pattern.
    for (const position of [0, 7, 9, 15, 20, 35])
      assert.equal(new Set(tokens.map((token) => token[position])).size, 16);
  });

  it('a page without add forms ends with its end alone', () => {
    assert.equal(writtenBytes(formTokenTail([], end)).toString('utf8'), end);
  });
});
