/**
 * A keep-alive HTTP/1.1 connection on a raw socket, for tests of what node's client hides: pipelined requests,
 * requests sent on an idle connection at any moment, and how the connection ended (the server's FIN, or a reset).
 * Understands the answers kago gives (Content-Length bodies).
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  socket: Socket;
  /** Answers so far, in order. */
  responses: RawResponse[];
  /** Requests written so far. */
  sent: number;
  /** Writes one or more requests (pipelined when several) in one write. */
  send(...requests: string[]): void;
  /** Resolves once `count` answers have come; rejects if the connection ends first. */
  responsesUpTo(count: number): Promise<RawResponse[]>;
  /** How the connection ended: 'end' (the server closed it cleanly) or the socket error's code (ECONNRESET, ...). */
  ended: Promise<string>;
}

/** A request's text: `GET /path` with Host and `headers`, or with a body when given. */
export function rawRequest(port: number, line: string, headers: Record<string, string> = {}, body?: string): string {
  const all = {
    host: `127.0.0.1:${port}`,
    ...headers,
    ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
  };
  return `${line} HTTP/1.1\r\n${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n${body ?? ''}`;
}

export async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffer = '';
  const responses: RawResponse[] = [];
  const waiters: Array<() => void> = [];
  let endedWith: string | undefined;
  const ended = new Promise<string>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => (endedWith ??= error.code ?? error.message));
    socket.on('end', () => (endedWith ??= 'end'));
    socket.on('close', () => {
      endedWith ??= 'closed';
      resolve(endedWith);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  socket.setEncoding('latin1').on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      const headEnd = buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) break;
      const [statusLine, ...lines] = buffer.slice(0, headEnd).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      const length = Number(headers['content-length'] ?? 0);
      if (buffer.length < headEnd + 4 + length) break;
      const body = Buffer.from(buffer.slice(headEnd + 4, headEnd + 4 + length), 'latin1').toString('utf8');
      buffer = buffer.slice(headEnd + 4 + length);
      responses.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const connection: RawConnection = {
    socket,
    responses,
    sent: 0,
    send(...requests) {
      connection.sent += requests.length;
      socket.write(requests.join(''));
    },
    async responsesUpTo(count) {
      while (responses.length < count) {
        if (endedWith)
          throw new Error(`the connection ended (${endedWith}) after ${responses.length} of ${count} answers`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return responses.slice(0, count);
    },
    ended,
  };
  return connection;
}
