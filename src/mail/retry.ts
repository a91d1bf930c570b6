/**
 * When a failed mail is tried again, when it is given up, and what of a failure may be recorded: the kind only
 * (`ESOCKET`, `EENVELOPE 550`), never the server's reply text, an address or a credential.
 */

/** The first retry waits this long; each next one twice as long. */
export const FIRST_RETRY_MS = 30_000;
/** No retry waits longer. */
export const MAX_RETRY_MS = 3_600_000;
/** Attempts before a mail is `failed`: 30 s doubling to an hour, then hourly, spans about a day. */
export const MAX_ATTEMPTS = 30;

/** The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, ... 32 min, then 1 h. */
export function retryDelay(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 20), MAX_RETRY_MS);
}

interface SmtpError {
  code?: unknown;
  name?: unknown;
  responseCode?: unknown;
  permanent?: unknown;
}

/** `ESOCKET`, `EENVELOPE 550`, `EABORT`: what failed, in at most a few safe characters. */
export function errorKind(error: unknown): string {
  const { code, name, responseCode } = (error ?? {}) as SmtpError;
  const label =
    [code, name].find(
      (value): value is string => typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(value),
    ) ?? 'Error';
  return typeof responseCode === 'number' ? `${label} ${responseCode}` : label;
}

/** The server refused this message for good (a 5xx reply): trying again gets the same answer. Bad credentials are the shop's to fix, so they are retried. */
export function isPermanent(error: unknown): boolean {
  const { code, permanent, responseCode } = (error ?? {}) as SmtpError;
  return (
    code !== 'EAUTH' &&
    (permanent === true ||
      (typeof responseCode === 'number' && responseCode >= 500 && responseCode !== 503 && permanent !== false))
  );
}

/** No SMTP reply at all (refused, reset, timed out): the server is away, not this message's fault. */
export function isConnectionFailure(error: unknown): boolean {
  return typeof (error as SmtpError | undefined)?.responseCode !== 'number';
}
