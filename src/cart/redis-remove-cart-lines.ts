/**
 * Takes the lines of some prices out of every cart kept in Redis (prices that left the catalog for good, as
 * `kago demo remove` does): a SCAN over the cart hashes, then per cart one script that deletes the lines still as
 * read and gives the cart a new version. Carts whose session ended are left to expire.
 */
import { DEFAULT_KEY_PREFIX } from '../redis/keys.js';
import { unpackLine } from './redis-cart-scripts.js';
import type { Redis } from 'ioredis';
import { defineScript } from '../redis/scripts.js';

/** KEYS[1] the session hash, KEYS[2] the cart hash; ARGV field, value, ...: deletes each field still holding value. */
const REMOVE_LINES = `
local removed = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
    redis.call('HDEL', KEYS[2], ARGV[i])
    removed = removed + 1
  end
end
if removed > 0 and redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'version', 1) end
return removed
`;

/** Returns how many lines were removed, from how many carts. Standalone Redis (SCAN walks one server). */
export async function removeCartLinesOfPrices(
  redis: Redis,
  priceIds: readonly string[],
  prefix = DEFAULT_KEY_PREFIX,
): Promise<{ lines: number; carts: number }> {
  const gone = new Set(priceIds);
  const result = { lines: 0, carts: 0 };
  if (gone.size === 0) return result;
  const removeLines = defineScript<number>(redis, 'kagoRemoveCartLines', REMOVE_LINES, 2);
  const suffix = ':cart';
  for await (const keys of redis.scanStream({ match: `${prefix}{*}${suffix}`, count: 500 }) as AsyncIterable<
    string[]
  >) {
    for (const cartKey of keys) {
      const lines = await redis.hgetall(cartKey);
      // Lines packed before properties existed carry no price id: their field is it.
      const doomed = Object.entries(lines).filter(([field, value]) => gone.has(unpackLine(value).priceId ?? field));
      if (doomed.length === 0) continue;
      const sessionKey = `${cartKey.slice(0, -suffix.length)}:session`;
      const removed = await removeLines([sessionKey, cartKey], doomed.flat());
      if (removed > 0) {
        result.lines += removed;
        result.carts += 1;
      }
    }
  }
  return result;
}
