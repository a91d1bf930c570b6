/**
 * Cart scripts and the packed line format. KEYS[1] is the session hash (it holds the cart version, the expiry and
 * the cart's `details`: note and attributes as JSON), KEYS[2] the cart hash: field = the line id (the price id, or
 * the price id and the properties hash, see line-properties.ts), value =
 * `quantity|unitAmountSeen|addedAt|currency|priceId|propertiesHash|properties JSON` (lines written before properties
 * existed end after currency: their field is their price id). A change sent with an idempotency key has KEYS[3],
 * the key's string: `fingerprint|version`, expiring 24 h after the change.
 */

export interface PackedLine {
  quantity: number;
  unitAmountSeen: number;
  addedAt: number;
  currency: string;
  /** Undefined for a line packed before properties existed: its field is its price id. */
  priceId: string | undefined;
  propertiesHash: string;
  /** JSON, '' for none. */
  properties: string;
}

export function unpackLine(value: string): PackedLine {
  const parts = value.split('|');
  const [quantity, unitAmountSeen, addedAt, currency, priceId, propertiesHash] = parts;
  // The properties are last: their JSON may hold '|'.
  const properties = parts.slice(6).join('|');
  return {
    quantity: Number(quantity),
    unitAmountSeen: Number(unitAmountSeen),
    addedAt: Number(addedAt),
    currency: currency ?? '',
    priceId: priceId || undefined,
    propertiesHash: propertiesHash ?? '',
    properties,
  };
}

/** What follows `addedAt` in a packed line. */
export const packLineRest = (currency: string, priceId: string, propertiesHash: string, properties: string): string =>
  `${currency}|${priceId}|${propertiesHash}|${properties}`;

/** A recorded idempotency key (the value of KEYS[3]). */
export function unpackRecordedKey(value: string): { fingerprint: string; version: number } {
  const [fingerprint, version] = value.split('|');
  return { fingerprint: fingerprint ?? '', version: Number(version) };
}

/**
 * No ARGV. Returns false when there is no session, else {version, {field, value, ...}, recorded key or nil, details
 * or nil}: one snapshot. KEYS[3] (the idempotency key) is optional.
 */
export const READ_CART = `
local version = redis.call('HGET', KEYS[1], 'version')
if not version then return false end
local recorded = false
if KEYS[3] then recorded = redis.call('GET', KEYS[3]) end
return {version, redis.call('HGETALL', KEYS[2]), recorded, redis.call('HGET', KEYS[1], 'details')}
`;

export const APPLY_MISSING = 0;
export const APPLY_CONFLICT = 1;
export const APPLY_DONE = 2;
export const APPLY_RECORDED = 3;

/**
 * Compare-and-set of a planned change. ARGV[1] is the version the plan was made from, ARGV[2] '1' to bump it ('0'
 * for a change that changes nothing: only its key is recorded), ARGV[3] the cart's new details ('' keeps them, '-'
 * removes them); with KEYS[3] (an idempotency key) ARGV[4] is the request's fingerprint and ARGV[5] when the key
 * expires (ms since the epoch); then 5 values per line: line id, quantity (0 deletes), unitAmountSeen ('' keeps the
 * stored one), addedAt, and the rest of the packed line (currency onwards).
 * Returns {0} when the session is gone, {3, 0, recorded} when the key was already recorded (nothing written),
 * {1, version} when the cart changed since it was read (nothing written), {2, version} with the new version when
 * applied (and the key recorded). The cart key is given the session's expiry.
 */
export const APPLY_CART = `
local version = redis.call('HGET', KEYS[1], 'version')
if not version then return {${APPLY_MISSING}} end
local first = 4
if KEYS[3] then
  local recorded = redis.call('GET', KEYS[3])
  if recorded then return {${APPLY_RECORDED}, 0, recorded} end
  first = 6
end
if version ~= ARGV[1] then return {${APPLY_CONFLICT}, tonumber(version)} end
for i = first, #ARGV, 5 do
  local field, quantity, seen = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if quantity == '0' then
    redis.call('HDEL', KEYS[2], field)
  else
    if seen == '' then
      local stored = redis.call('HGET', KEYS[2], field)
      seen = stored and string.match(stored, '^[^|]*|([^|]*)|') or '0'
    end
    redis.call('HSET', KEYS[2], field, quantity .. '|' .. seen .. '|' .. ARGV[i + 3] .. '|' .. ARGV[i + 4])
  end
end
if ARGV[3] == '-' then redis.call('HDEL', KEYS[1], 'details') elseif ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'details', ARGV[3]) end
local result = tonumber(version)
if ARGV[2] == '1' then
  result = redis.call('HINCRBY', KEYS[1], 'version', 1)
  redis.call('PEXPIREAT', KEYS[2], redis.call('HGET', KEYS[1], 'expires'))
end
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4] .. '|' .. result, 'PXAT', ARGV[5]) end
return {${APPLY_DONE}, result}
`;

/**
 * KEYS[1] is the cart hash only. ARGV: line id, unit amount, ... Rewrites the unitAmountSeen of lines that exist;
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
