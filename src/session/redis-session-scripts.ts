/**
 * Session scripts. KEYS[1] is the session hash, KEYS[2] the cart hash of the same session. Both keys expire at the
 * session's expiry (PEXPIREAT), so Redis removes an ended session and its cart by itself.
 */

/** ARGV: created, expires. Creates the session hash at version 0; returns 0 if the id is taken (never, in practice). */
export const CREATE_SESSION = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'created', ARGV[1], 'expires', ARGV[2], 'version', 0)
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
`;

/**
 * ARGV: expires. Moves a live session's expiry forward (never back): the stored value and both keys' PEXPIREAT.
 * The cart hash is not rewritten. Returns 1 when moved.
 */
export const EXTEND_SESSION = `
local current = redis.call('HGET', KEYS[1], 'expires')
if not current or tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'expires', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[2], ARGV[1])
return 1
`;

/**
 * KEYS: the old session's keys, then the new session's keys in the same order (KEYS[1] the old session hash).
 * ARGV: now. Renames every existing key of a live session to the new id (RENAME keeps each key's expiry), in one
 * atomic step: returns the session's expiry (a string) when moved, 0 when there is no live session, -1 when the new id
 * is taken (never, in practice).
 * The two ids hash to different slots, so this needs a single Redis (not Redis Cluster).
 */
export const ROTATE_SESSION = `
local half = #KEYS / 2
local expires = redis.call('HGET', KEYS[1], 'expires')
if not expires or tonumber(expires) <= tonumber(ARGV[1]) then return 0 end
for i = 1, half do
  if redis.call('EXISTS', KEYS[half + i]) == 1 then return -1 end
end
for i = 1, half do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('RENAME', KEYS[i], KEYS[half + i]) end
end
return expires
`;
