/**
 * Lua scripts as typed functions. `defineCommand` sends EVALSHA and falls back to EVAL when the server does not
 * know the script (after a restart), so scripts survive Redis outages.
 */
import type { RedisClient } from './connect.js';

type Arg = string | number;

export function defineScript<Reply>(
  redis: RedisClient,
  name: string,
  lua: string,
  numberOfKeys: number,
  readOnly = false,
): (keys: readonly string[], args?: readonly Arg[]) => Promise<Reply> {
  redis.defineCommand(name, { lua, numberOfKeys, readOnly });
  const command = (redis as unknown as Record<string, (...args: Arg[]) => Promise<Reply>>)[name]!;
  return (keys, args = []) => command.call(redis, ...keys, ...args);
}
