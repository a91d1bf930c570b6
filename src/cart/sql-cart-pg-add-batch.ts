/**
 * PostgreSQL: adds of different shoppers, arriving while others are being written, share one statement and so one
 * commit, as SQLite's changes share one (ADR 0015). On PostgreSQL most of an add's cost on the server is fixed per
 * statement, not per row: starting the plan's executor, the commit's WAL flush, the protocol's messages, waking a
 * backend (ADR 0015, 2026-11-29 "PostgreSQL adds share a statement"). The statement is the one of
 * sql-cart-pg-add.ts row by row: each add reads its session's version, its line and the count and currency of the
 * others, checks the cart's rules and its CatalogCheck, and only when they all hold bumps the version, if still the
 * one read, and writes its line. Each add's row answers for it alone: a refused add in a group changes nothing, and
 * the others are written.
 *
 * An add goes at once when fewer than MAX_IN_FLIGHT groups are being written; otherwise it waits for the next group.
 * Groups in flight never share a session (an add of a session in flight waits), so two groups never wait on each
 * other's rows. Should a group's statement fail as a whole (one add's line breaking a constraint, a lost connection),
 * nothing of it is written and each of its adds runs alone (sql-cart-pg-add.ts), which answers as it always did.
 */
import type pg from 'pg';
import { runNamed } from '../db/direct-postgres.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits.js';

/** One add of a group: the values the single statement takes (sql-cart-pg-add.ts), for one session. */
export interface GroupedAdd {
  sessionId: string;
  clock: number;
  /** -1: no expected version. */
  expected: number;
  priceId: string;
  hash: string;
  properties: string;
  quantity: number;
  currency: string;
  seen: number;
  at: number;
  /** The CatalogCheck's version, -1 for none; its products (never empty: checkedProducts). */
  version: number;
  untracked: readonly string[];
}

/** What an add's row read (the columns of sql-cart-pg-add.ts's answer), and whether it was written. */
export interface GroupedRead {
  cart_version: number | string;
  expires_at: number | string;
  catalog_holds: boolean;
  others: number | string;
  othersCurrency: string | null;
  quantity: number | null;
  currency: string | null;
  unit_amount_seen: number | string | null;
  created_at: number | string | null;
  /** 1 when it was written, else 0 (as the single statement answers). */
  written: number;
}

/** The row read (undefined: no live session under the id), or 'alone' when the group failed as a whole. */
export type GroupedAnswer = { read: GroupedRead | undefined } | 'alone';

/** Groups written at once: two, so one group's WAL flush overlaps the next one's work on the other core. */
export const MAX_IN_FLIGHT = 2;
/** Adds in one statement at most (the bench's 64 connections fit in one). */
export const MAX_GROUP = 64;

/**
 * The adds as rows (`unnest` of one array per column, numbered by their place), each add as the single statement
 * does it. The rules are the same SQL conditions, on each row's own read.
 */
const GROUP_SQL = `with "input" as (
  select * from unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
    $9::bigint[], $10::bigint[], $11::int[], $12::text[]) with ordinality
    as i(session_id, clock, expected, price_id, hash, properties, add_quantity, add_currency, seen, at, version,
      untracked, n)
), target as (
  select i.n,
    count(l.session_id) filter (where not (l.price_id = i.price_id and l.properties_hash = i.hash)) as others,
    min(p.currency) filter (where not (l.price_id = i.price_id and l.properties_hash = i.hash)) as "othersCurrency",
    max(l.quantity) filter (where l.price_id = i.price_id and l.properties_hash = i.hash) as quantity,
    max(p.currency) filter (where l.price_id = i.price_id and l.properties_hash = i.hash) as currency,
    max(l.unit_amount_seen) filter (where l.price_id = i.price_id and l.properties_hash = i.hash) as unit_amount_seen,
    max(l.created_at) filter (where l.price_id = i.price_id and l.properties_hash = i.hash) as created_at
  from input i
  left join ("cart_lines" l join "prices" p on p.id = l.price_id) on l.session_id = i.session_id
  group by i.n
), read as (
  select i.*, t.others, t."othersCurrency", t.quantity, t.currency, t.unit_amount_seen, t.created_at,
    s.cart_version, s.expires_at,
    (i.version < 0 or (exists (select 1 from catalog_state where id = 1 and version = i.version)
      and not exists (select 1 from stock_levels where product_id in (select jsonb_array_elements_text(i.untracked::jsonb)))))
      as catalog_holds,
    ((i.expected < 0 or s.cart_version = i.expected) and (
      (t.quantity is not null and t.quantity + i.add_quantity <= ${MAX_LINE_QUANTITY})
      or (t.quantity is null and i.add_quantity <= ${MAX_LINE_QUANTITY} and t.others < ${MAX_CART_LINES}
        and (t.others = 0 or t."othersCurrency" = i.add_currency)))) as rules_hold
  from input i join target t on t.n = i.n join "sessions" s on s.id = i.session_id and s.expires_at > i.clock
), bumped as (
  update "sessions" s set cart_version = s.cart_version + 1 from read r
  where s.id = r.session_id and s.expires_at > r.clock and s.cart_version = r.cart_version
    and r.catalog_holds and r.rules_hold
  returning s.id
), inserted as (
  insert into "cart_lines" (session_id, price_id, properties_hash, properties, quantity, unit_amount_seen, created_at,
    updated_at)
  select r.session_id, r.price_id, r.hash, r.properties, r.add_quantity, r.seen, r.at, r.at
  from read r join bumped b on b.id = r.session_id where r.quantity is null
  returning session_id
), updated as (
  update "cart_lines" l set quantity = l.quantity + r.add_quantity, updated_at = r.at, unit_amount_seen = r.seen
  from read r join bumped b on b.id = r.session_id
  where l.session_id = r.session_id and l.price_id = r.price_id and l.properties_hash = r.hash
    and r.quantity is not null
  returning l.session_id
)
select i.n, r.cart_version is not null as live, r.cart_version, r.expires_at, r.catalog_holds, r.others,
  r."othersCurrency", r.quantity, r.currency, r.unit_amount_seen, r.created_at, (w.session_id is not null)::int as written
from input i
left join read r on r.n = i.n
left join (select session_id from inserted union all select session_id from updated) w on w.session_id = i.session_id`;

interface Waiting {
  add: GroupedAdd;
  done(answer: GroupedAnswer): void;
}

interface GroupRow extends GroupedRead {
  n: string;
  live: boolean;
}

/** Groups one pool's adds (see the header). */
export class AddGroups {
  private waiting: Waiting[] = [];
  /** Sessions whose add is being written. */
  private readonly busy = new Set<string>();
  private inFlight = 0;
  /** How many statements have been sent, and how many adds they carried (for the tests and the bench's notes). */
  readonly sent = { statements: 0, adds: 0 };

  constructor(private readonly pool: pg.Pool) {}

  /** Writes `add` in the next group; answers with its row. */
  add(add: GroupedAdd): Promise<GroupedAnswer> {
    return new Promise((done) => {
      this.waiting.push({ add, done });
      this.next();
    });
  }

  private next(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const group: Waiting[] = [];
      const later: Waiting[] = [];
      const sessions = new Set<string>();
      for (const each of this.waiting) {
        const id = each.add.sessionId;
        if (group.length < MAX_GROUP && !this.busy.has(id) && !sessions.has(id)) {
          group.push(each);
          sessions.add(id);
        } else later.push(each);
      }
      if (group.length === 0) return;
      this.waiting = later;
      this.inFlight++;
      for (const id of sessions) this.busy.add(id);
      void this.write(group).finally(() => {
        this.inFlight--;
        for (const id of sessions) this.busy.delete(id);
        this.next();
      });
    }
  }

  private async write(group: Waiting[]): Promise<void> {
    const column = <T>(pick: (add: GroupedAdd) => T) => group.map((each) => pick(each.add));
    let rows: GroupRow[];
    try {
      this.sent.statements++;
      this.sent.adds += group.length;
      const result = await runNamed<GroupRow>(this.pool, 'kago_add_group', GROUP_SQL, [
        column((add) => add.sessionId),
        column((add) => add.clock),
        column((add) => add.expected),
        column((add) => add.priceId),
        column((add) => add.hash),
        column((add) => add.properties),
        column((add) => add.quantity),
        column((add) => add.currency),
        column((add) => add.seen),
        column((add) => add.at),
        column((add) => add.version),
        column((add) => JSON.stringify(add.untracked)),
      ]);
      rows = result.rows;
    } catch {
      // Nothing of the group was written (one statement): each add runs alone and answers as it always did.
      for (const each of group) each.done('alone');
      return;
    }
    const byPlace = new Map(rows.map((row) => [Number(row.n), row]));
    group.forEach((each, index) => {
      const row = byPlace.get(index + 1);
      each.done({ read: row?.live ? row : undefined });
    });
  }
}

const groupsByPool = new WeakMap<pg.Pool, AddGroups>();

/** The groups of adds written on `pool`. */
export function addGroupsOf(pool: pg.Pool): AddGroups {
  let groups = groupsByPool.get(pool);
  if (!groups) groupsByPool.set(pool, (groups = new AddGroups(pool)));
  return groups;
}
