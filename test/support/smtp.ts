/**
 * A real SMTP server inside the test (the npm `smtp-server` package) on a free port, optionally with a login. Every
 * message it accepts is kept raw and parsed with mailparser. It can be stopped and started again on the same port
 * (an outage), and told how to answer the next messages (a 451 or a 550).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './postgres.js';

export interface ReceivedMail {
  /** The envelope recipients (RCPT TO). */
  recipients: string[];
  sender: string;
  /** The login used, when there was one. */
  user: string | undefined;
  raw: Buffer;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://[user:pass@]127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Resolves with the mail once `count` have arrived in all; rejects after `timeoutMs` (a safety net). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Answers the next DATA with this SMTP error instead of accepting it. */
  refuseNext(responseCode: number): void;
  /** Runs once after the next message is accepted (before the client hears the 250). */
  afterNextMessage(action: () => void): void;
  /** Stops listening and drops open connections: an outage. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

export async function startSmtpServer(
  options: { login?: { user: string; pass: string } } = {},
): Promise<TestSmtpServer> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  const refusals: number[] = [];
  let afterNext: (() => void) | undefined;
  let waiters: { count: number; resolve: () => void }[] = [];

  const make = () =>
    new SMTPServer({
      disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: !options.login,
      logger: false,
      closeTimeout: 100,
      disableReverseLookup: true, // no DNS on a test machine's loopback
      onAuth(auth, _session, callback) {
        if (options.login && auth.username === options.login.user && auth.password === options.login.pass)
          return callback(null, { user: auth.username });
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const refusal = refusals.shift();
          if (refusal)
            return callback(Object.assign(new Error(`refused by the test (${refusal})`), { responseCode: refusal }));
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              received.push({
                recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                user: typeof session.user === 'string' ? session.user : undefined,
                raw,
                parsed,
              });
              const action = afterNext;
              afterNext = undefined;
              action?.();
              callback(null);
              waiters = waiters.filter((waiter) =>
                received.length >= waiter.count ? (waiter.resolve(), false) : true,
              );
            },
            (error: Error) => callback(error),
          );
        });
      },
    });

  let server = make();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen();

  return {
    port,
    url: options.login
      ? `smtp://${encodeURIComponent(options.login.user)}:${encodeURIComponent(options.login.pass)}@127.0.0.1:${port}`
      : `smtp://127.0.0.1:${port}`,
    received,
    waitFor(count, timeoutMs = 20_000) {
      if (received.length >= count) return Promise.resolve(received.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${received.length} mail(s) arrived, waited for ${count}`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(received.slice())) });
      });
    },
    refuseNext: (responseCode) => void refusals.push(responseCode),
    afterNextMessage: (action) => void (afterNext = action),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async restart() {
      server = make();
      await listen();
    },
  };
}
