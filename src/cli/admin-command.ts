/**
 * `kago admin add|passwd|remove|list`: owner accounts for the console. A password comes from stdin when it is piped
 * (`printf '%s\n' "$PASSWORD" | kago admin add owner@shop.example`); otherwise one is generated and printed once.
 */
import type { Kysely } from 'kysely';
import { AccountError, createAccounts } from '../admin/accounts.js';
import { generatePassword } from '../admin/passwords.js';
import type { Database } from '../db/schema.js';

export const ADMIN_HELP = `  admin add <email>       Create an owner account for the console at /admin. The password is read from
                          stdin when piped (printf '%s\\n' "$PASSWORD" | kago admin add <email>);
                          otherwise a strong one is generated and printed once.
  admin passwd <email>    Set a new password (same rules) and sign the account out everywhere.
  admin remove <email>    Remove an account and end its sessions (its audit history stays).
  admin list              List owner accounts.`;

async function readStdin(stdin: NodeJS.ReadStream): Promise<string> {
  if (stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export interface CliIo {
  stdin: NodeJS.ReadStream;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one admin subcommand; returns the exit code (2: usage, 1: refused). */
export async function adminCommand(db: Kysely<Database>, args: string[], io: CliIo): Promise<number> {
  const [action, email, ...extra] = args;
  const accounts = createAccounts(db);
  if (action === 'list' && email === undefined) {
    const list = await accounts.list();
    if (list.length === 0) io.out('No owner accounts yet: add one with `npm run kago -- admin add <email>`.');
    for (const account of list)
      io.out(`${account.email}\t(created ${new Date(account.createdAt).toISOString().slice(0, 10)})`);
    return 0;
  }
  if (!['add', 'passwd', 'remove'].includes(action ?? '') || !email || extra.length > 0) {
    io.err(`kago admin: expected add <email>, passwd <email>, remove <email> or list\n\n${ADMIN_HELP}`);
    return 2;
  }
  try {
    if (action === 'remove') {
      await accounts.remove(email);
      io.out(`Removed ${email.trim().toLowerCase()}; its sessions are ended.`);
      return 0;
    }
    const typed = await readStdin(io.stdin);
    const password = typed || generatePassword();
    if (action === 'add') await accounts.add(email, password);
    else await accounts.setPassword(email, password);
    const done =
      action === 'add'
        ? `Added ${email.trim().toLowerCase()}`
        : `New password set for ${email.trim().toLowerCase()}; every session of it is ended`;
    io.out(typed ? `${done}.` : `${done}. Password (shown once, keep it safe): ${password}`);
    return 0;
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    io.err(`kago admin ${action}: ${error.message}`);
    return 1;
  }
}
