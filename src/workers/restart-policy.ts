/**
 * When to replace a server process that ended, and when to stop trying (pure: the caller gives the times).
 * A worker that ends is replaced after a delay that doubles with each death in a row of workers that had not yet
 * served for a while (`stableAfterMs`), up to `maxDelayMs`. Workers that end before they ever listen, `maxStartFailures`
 * times in a row, are a crash loop (a port taken, a broken build, a bad setting): replacing them forever would hide
 * it from the supervisor above (systemd, a container runtime), so the primary gives up and exits non-zero.
 */

export interface RestartPolicyOptions {
  firstDelayMs: number;
  maxDelayMs: number;
  maxStartFailures: number;
  stableAfterMs: number;
}

export const RESTART_POLICY: RestartPolicyOptions = {
  firstDelayMs: 250,
  maxDelayMs: 10_000,
  maxStartFailures: 5,
  stableAfterMs: 10_000,
};

export type RestartDecision = { restartInMs: number } | { giveUp: string };

export interface RestartPolicy {
  started(id: number, now: number): void;
  listening(id: number, now: number): void;
  /** `how`: `exit 1`, `SIGKILL`, ... for the message. */
  exited(id: number, now: number, how: string): RestartDecision;
}

export function createRestartPolicy(options: RestartPolicyOptions = RESTART_POLICY): RestartPolicy {
  const listeningSince = new Map<number, number | undefined>();
  let startFailures = 0;
  let unstableDeaths = 0;
  return {
    started(id) {
      listeningSince.set(id, undefined);
    },
    listening(id, now) {
      listeningSince.set(id, now);
      startFailures = 0;
    },
    exited(id, now, how) {
      const since = listeningSince.get(id);
      listeningSince.delete(id);
      if (since === undefined) {
        startFailures += 1;
        if (startFailures >= options.maxStartFailures) {
          return {
            giveUp: `workers keep crashing at start: ${startFailures} in a row ended before they could take requests (the last: ${how})`,
          };
        }
      }
      unstableDeaths = since !== undefined && now - since >= options.stableAfterMs ? 1 : unstableDeaths + 1;
      return { restartInMs: Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** (unstableDeaths - 1)) };
    },
  };
}
