/**
 * Cart scripts and the packed line format. KEYS[1] is the session hash (it holds the cart version and the expiry),
 * KEYS[2] the cart hash: field = price id, value = `quantity|unitAmountSeen|addedAt|currency`. A change sent with an
 * idempotency key has KEYS[3], the key's string: `fingerprint|version`, expiring 24 h after the change.
 */

export interface PackedLine {
  quantity: number;
  unitAmountSeen: number;
  addedAt: number;
  currency: string;
}

export function unpackLine(value: string): PackedLine {
  const [quantity, unitAmountSeen, addedAt, currency] = value.split('|');
  return { quantity: Number(quantity), unitAmountSeen: Number(unitAmountSeen), addedAt: Number(addedAt), currency: currency ?? '' };
}

/** A recorded idempotency key (the value of KEYS[3]). */
export function unpackRecordedKey(value: string): { fingerprint: string; version: number } {
  const [fingerprint, version] = value.split('|');
  return { fingerprint: fingerprint ?? '', version: Number(version) };
}

/**
 * No ARGV. Returns false when there is no session, else {version, {field, value, ...}, recorded key or nil}: one
 * snapshot. KEYS[3] (the idempotency key) is optional.
 */
export const READ_CART = `
local version = redis.call('HGET', KEYS[1], 'version')
if not version then return false end
local recorded = false
if KEYS[3] then recorded = redis.call('GET', KEYS[3]) end
return {version, redis.call('HGETALL', KEYS[2]), recorded}
`;

export const APPLY_MISSING = 0;
export const APPLY_CONFLICT = 1;
export const APPLY_DONE = 2;
export const APPLY_RECORDED = 3;

/**
 * Compare-and-set of a planned change. ARGV[1] is the version the plan was made from; with KEYS[3] (an idempotency
 * key) ARGV[2] is the request's fingerprint and ARGV[3] when the key expires (ms since the epoch); then 5 values per
 * line: price id, quantity (0 deletes), unitAmountSeen ('' keeps the stored one), addedAt, currency.
 * Returns {0} when the session is gone, {3, 0, recorded} when the key was already recorded (nothing written),
 * {1, version} when the cart changed since it was read (nothing written), {2, version} with the bumped version when
 * applied (and the key recorded). The cart key is given the session's expiry.
 */
export const APPLY_CART = `
local version = redis.call('HGET', KEYS[1], 'version')
if not version then return {${APPLY_MISSING}} end
local first = 2
if KEYS[3] then
  local recorded = redis.call('GET', KEYS[3])
  if recorded then return {${APPLY_RECORDED}, 0, recorded} end
  first = 4
end
if version ~= ARGV[1] then return {${APPLY_CONFLICT}, tonumber(version)} end
for i = first, #ARGV, 5 do
  local price, quantity, seen = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if quantity == '0' then
    redis.call('HDEL', KEYS[2], price)
  else
    if seen == '' then
      local stored = redis.call('HGET', KEYS[2], price)
      seen = stored and string.match(stored, '^[^|]*|([^|]*)|') or '0'
    end
    redis.call('HSET', KEYS[2], price, quantity .. '|' .. seen .. '|' .. ARGV[i + 3] .. '|' .. ARGV[i + 4])
  end
end
local bumped = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('PEXPIREAT', KEYS[2], redis.call('HGET', KEYS[1], 'expires'))
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[2] .. '|' .. bumped, 'PXAT', ARGV[3]) end
return {${APPLY_DONE}, bumped}
`;

/**
 * KEYS[1] is the cart hash only. ARGV: price id, unit amount, ... Rewrites the unitAmountSeen of lines that exist;
 * missing lines are skipped, the version is not bumped (nothing the shopper ordered changed) and the TTL stays.
 */
export const MARK_PRICES_SEEN = `
for i = 1, #ARGV, 2 do
  local stored = redis.call('HGET', KEYS[1], ARGV[i])
  if stored then
    local quantity, rest = string.match(stored, '^([^|]*)|[^|]*|(.*)$')
    redis.call('HSET', KEYS[1], ARGV[i], quantity .. '|' .. ARGV[i + 1] .. '|' .. rest)
  end
end
return 0
`;
