/**
 * The background sender, one in every process: claims due outbox rows one at a time under a lease, hands each to
 * the transport, and records the outcome: sent, retried later with backoff, or failed for good. It runs when woken
 * (a mail was just written in this process) and every `pollMs` (rows written by other processes, retries that came
 * due, rows whose holder died). Nothing here runs on a request's path.
 */
import type { Mailbox } from './address.js';
import type { ClaimedMail, OutboxStore } from './outbox-store.js';
import { errorKind, isConnectionFailure, isPermanent, MAX_ATTEMPTS, retryDelay } from './retry.js';
import type { MailTransport } from './transports.js';

export interface SenderLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface MailSenderDeps {
  store: OutboxStore;
  transport: MailTransport;
  from: Mailbox;
  /** The clock for leases and retry times (tests drive it). */
  now: () => number;
  log: SenderLog;
  /** How often to look for due rows without being woken. */
  pollMs?: number;
  /** How long a claim holds a row; longer than any send can take (sendTimeoutMs). */
  leaseMs?: number;
  /** A send still running after this is aborted and counts as a failed attempt. */
  sendTimeoutMs?: number;
  maxAttempts?: number;
}

export const POLL_MS = 15_000;
export const SEND_TIMEOUT_MS = 2 * 60_000;
export const LEASE_MS = 5 * 60_000;

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

type Outcome = { result: keyof DrainResult; serverAway: boolean };

export function createMailSender(deps: MailSenderDeps) {
  const { store, transport, now, log } = deps;
  const pollMs = deps.pollMs ?? POLL_MS;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const sendTimeoutMs = deps.sendTimeoutMs ?? SEND_TIMEOUT_MS;
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
  let started = false;
  let stopping = false;
  let running: Promise<void> | undefined;
  let wokenWhileRunning = false;
  let timer: NodeJS.Timeout | undefined;

  async function attempt(mail: ClaimedMail): Promise<Outcome> {
    const details = { mailId: mail.id, mail: mail.dedupeKey, attempts: mail.attempts };
    let location: string | undefined;
    try {
      const message = {
        from: deps.from,
        to: mail.to,
        replyTo: mail.replyTo,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: new Date(mail.createdAt),
        key: mail.dedupeKey,
      };
      ({ location } = await transport.send(message, AbortSignal.timeout(sendTimeoutMs)));
    } catch (error) {
      const kind = errorKind(error);
      const at = now();
      if (isPermanent(error) || mail.attempts >= maxAttempts) {
        await store.markFailed(mail.id, mail.claimToken, at, kind);
        const why = isPermanent(error) ? 'the mail server refused it' : `${mail.attempts} attempts failed`;
        log.error({ ...details, error: kind }, `mail not sent, given up: ${why}`);
        return { result: 'failed', serverAway: false };
      }
      const retryAt = at + retryDelay(mail.attempts);
      await store.markRetry(mail.id, mail.claimToken, at, retryAt, kind);
      log.warn({ ...details, error: kind, retryAt: new Date(retryAt).toISOString() }, 'mail not sent yet, will retry');
      return { result: 'retried', serverAway: isConnectionFailure(error) };
    }
    // Between the server's acceptance and this write is the one window in which a crash sends the mail twice.
    await store.markSent(mail.id, now());
    if (location) log.info({ ...details, file: location }, `mail written to ${location}`);
    else log.info(details, `mail sent through ${transport.description}`);
    return { result: 'sent', serverAway: false };
  }

  /** Sends every due row, one claim at a time, until none is due, the server is away, or the sender stops. */
  async function drain(): Promise<DrainResult> {
    const counts: DrainResult = { sent: 0, retried: 0, failed: 0 };
    while (!stopping) {
      const mail = await store.claimNext(now(), leaseMs);
      if (!mail) break;
      const outcome = await attempt(mail);
      counts[outcome.result] += 1;
      // The others would meet the same closed door: they wait for the next round instead of each timing out now.
      if (outcome.serverAway) break;
    }
    return counts;
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(wake, pollMs);
    timer.unref();
  }

  /** Runs a round now (or right after the one running). Call after a transaction that wrote mail commits. */
  function wake(): void {
    if (!started || stopping) return;
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    clearTimeout(timer);
    wokenWhileRunning = false;
    running = drain()
      .then(
        () => undefined,
        (error: unknown) =>
          log.warn({ error: errorKind(error) }, 'mail sender could not use the outbox; trying again later'),
      )
      .finally(() => {
        running = undefined;
        if (stopping) return;
        if (wokenWhileRunning) wake();
        else schedule();
      });
  }

  return {
    drain,
    wake,
    /** Starts the loop: a round at once (mail left from before a restart), then every pollMs and on wake(). */
    start(): void {
      if (started) return;
      started = true;
      wake();
    },
    /** Resolves when no round is running (tests: wake(), then await idle()). */
    async idle(): Promise<void> {
      while (running) await running;
    },
    /** Stops taking rows; resolves once the mail being sent (if any) is recorded. */
    async stop(): Promise<void> {
      stopping = true;
      clearTimeout(timer);
      while (running) await running;
    },
  };
}

export type MailSender = ReturnType<typeof createMailSender>;
