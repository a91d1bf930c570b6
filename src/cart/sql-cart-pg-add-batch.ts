/**
 * PostgreSQL: adds of different shoppers, arriving while others are being written, share one statement and so one
 * commit, as SQLite's changes share one (ADR 0015). On PostgreSQL most of an add's cost on the server is fixed per
 * statement, not per row: starting the plan's executor, the commit's WAL flush, the protocol's messages, waking a
 * backend (ADR 0015, "PostgreSQL adds share a statement"). Two kinds are grouped, each with its own statement:
 *
 * - adds to existing carts: the statement of sql-cart-pg-add.ts row by row. Each add reads its session's version,
 *   its line, and for a new line the count and currency of the others; checks the cart's rules and its
 *   CatalogCheck, and only when they all hold bumps the version, if still the one read, and writes its line;
 * - new visitors' first adds: insertSessionWithLineQuery (sql-cart-queries.ts) row by row, each session and line
 *   inserted only when its CatalogCheck holds.
 *
 * Each add's row answers for it alone: a refused add changes nothing, and the others are written. An add goes at
 * once when fewer than MAX_IN_FLIGHT groups of its kind are being written; otherwise it waits for the next group.
 * Groups in flight never share a session (an add of a session in flight waits), so two groups never wait on each
 * other's rows. Should a group's statement fail as a whole (one add's line breaking a constraint, a lost connection),
 * nothing of it is written and each of its adds runs alone, which answers as it always did.
 */
import type pg from 'pg';
import { runNamed } from '../db/direct-postgres.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './limits.js';
import type { AddTarget } from './sql-cart-steps.js';

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
export interface GroupedRead extends AddTarget {
  cart_version: number | string;
  expires_at: number | string;
  catalog_holds: boolean;
  /** 1 when it was written, else 0 (as the single statement answers). */
  written: number;
}

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
), read as (
  -- Lateral reads: each add's session and lines by their keys, whatever the planner thinks of the group's size.
  select i.*, c.others, c."othersCurrency", c.latest, t.quantity, c.currency, t.unit_amount_seen, t.created_at,
    s.cart_version, s.expires_at,
    (i.version < 0 or (exists (select 1 from catalog_state where id = 1 and version = i.version)
      and not exists (select 1 from stock_levels where product_id in (select jsonb_array_elements_text(i.untracked::jsonb)))))
      as catalog_holds,
    ((i.expected < 0 or s.cart_version = i.expected) and (
      (t.quantity is not null and t.quantity + i.add_quantity <= ${MAX_LINE_QUANTITY})
      or (t.quantity is null and i.add_quantity <= ${MAX_LINE_QUANTITY} and c.others < ${MAX_CART_LINES}
        and (c.others = 0 or c."othersCurrency" = i.add_currency)))) as rules_hold
  from input i
  join lateral (
    select s.cart_version, s.expires_at from "sessions" s where s.id = i.session_id and s.expires_at > i.clock
  ) s on true
  -- The add's own line by its key. The count, currency and latest time of the others matter only for a new line
  -- (cart-rules.ts checks the line limit and the currency for new lines alone, and a new line comes after the latest:
  -- firstNewLineAt): read in one pass over the cart's lines only then, not on every add of more of a line (the
  -- condition on t is a one-time filter: no line is read for it).
  left join lateral (
    select l.quantity, l.unit_amount_seen, l.created_at from "cart_lines" l
    where l.session_id = i.session_id and l.price_id = i.price_id and l.properties_hash = i.hash
  ) t on true
  cross join lateral (
    select
      case when t.quantity is not null then (select p.currency from "prices" p where p.id = i.price_id) end as currency,
      o.others, o."othersCurrency", o.latest
    from (
      select count(*) as others, min((select p.currency from "prices" p where p.id = l.price_id)) as "othersCurrency",
        max(l.created_at) as latest
      from "cart_lines" l where l.session_id = i.session_id and t.quantity is null
    ) o
    offset 0 -- evaluated once per add, not again where the rules use it
  ) c
), bumped as (
  update "sessions" s set cart_version = s.cart_version + 1 from read r
  where s.id = r.session_id and s.expires_at > r.clock and s.cart_version = r.cart_version
    and r.catalog_holds and r.rules_hold
  returning s.id
), inserted as (
  insert into "cart_lines" (session_id, price_id, properties_hash, properties, quantity, unit_amount_seen, created_at,
    updated_at)
  -- After the cart's latest line (greatest() passes over a null: an empty cart).
  select r.session_id, r.price_id, r.hash, r.properties, r.add_quantity, r.seen, greatest(r.at, r.latest + 1), r.at
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

/** A new visitor's first add (sql-cart-queries.ts's insertSessionWithLineQuery), for one new session. */
export interface GroupedNewSession {
  sessionId: string;
  now: number;
  expiresAt: number;
  priceId: string;
  hash: string;
  properties: string;
  quantity: number;
  seen: number;
  version: number;
  untracked: readonly string[];
}

/**
 * New visitors' sessions and first lines as rows; each session is inserted only when its add's CatalogCheck holds,
 * and its line with it. `written` is 0 for an add whose check failed.
 */
const NEW_SESSIONS_SQL = `with "input" as (
  select * from unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::int[],
    $8::bigint[], $9::int[], $10::text[]) with ordinality
    as i(session_id, now, expires_at, price_id, hash, properties, quantity, seen, version, untracked, n)
), created as (
  insert into "sessions" (id, created_at, expires_at, cart_version)
  select i.session_id, i.now, i.expires_at, 1 from input i
  where i.version < 0 or (exists (select 1 from catalog_state where id = 1 and version = i.version)
    and not exists (select 1 from stock_levels where product_id in (select jsonb_array_elements_text(i.untracked::jsonb))))
  returning id
), lines as (
  insert into "cart_lines" (session_id, price_id, properties_hash, properties, quantity, unit_amount_seen, created_at,
    updated_at)
  select i.session_id, i.price_id, i.hash, i.properties, i.quantity, i.seen, i.now, i.now
  from input i join created c on c.id = i.session_id
  returning session_id
)
select i.n, (l.session_id is not null)::int as written from input i left join lines l on l.session_id = i.session_id`;

/** A group's statement: its name and text, its parameters from the group's items, each item's answer from the rows. */
interface GroupStatement<Item, Answer> {
  name: string;
  text: string;
  values(items: Item[]): unknown[];
  /** An item's answer from its row (undefined: the statement gave it none). */
  answer(row: Record<string, unknown> | undefined): Answer;
}

interface Waiting<Item, Answer> {
  item: Item;
  done(answer: Answer | 'alone'): void;
}

/** Groups one pool's writes of one kind, keyed by session (see the header). */
export class StatementGroups<Item extends { sessionId: string }, Answer> {
  private waiting: Waiting<Item, Answer>[] = [];
  /** Sessions whose write is in flight. */
  private readonly busy = new Set<string>();
  private inFlight = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly statement: GroupStatement<Item, Answer>,
  ) {}

  /** Writes `item` in the next group: its answer, or 'alone' when the group failed as a whole. */
  write(item: Item): Promise<Answer | 'alone'> {
    return new Promise((done) => {
      this.waiting.push({ item, done });
      this.next();
    });
  }

  private next(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const group: Waiting<Item, Answer>[] = [];
      const later: Waiting<Item, Answer>[] = [];
      const sessions = new Set<string>();
      for (const each of this.waiting) {
        const id = each.item.sessionId;
        if (group.length < MAX_GROUP && !this.busy.has(id) && !sessions.has(id)) {
          group.push(each);
          sessions.add(id);
        } else later.push(each);
      }
      if (group.length === 0) return;
      this.waiting = later;
      this.inFlight++;
      for (const id of sessions) this.busy.add(id);
      void this.send(group).finally(() => {
        this.inFlight--;
        for (const id of sessions) this.busy.delete(id);
        this.next();
      });
    }
  }

  private async send(group: Waiting<Item, Answer>[]): Promise<void> {
    const { name, text, values, answer } = this.statement;
    let rows: Record<string, unknown>[];
    try {
      rows = (await runNamed<Record<string, unknown>>(this.pool, name, text, values(group.map((each) => each.item))))
        .rows;
    } catch {
      // Nothing of the group was written (one statement): each runs alone and answers as it always did.
      for (const each of group) each.done('alone');
      return;
    }
    const byPlace = new Map(rows.map((row) => [Number(row.n), row]));
    group.forEach((each, index) => each.done(answer(byPlace.get(index + 1))));
  }
}

const columns = <T, V>(items: T[], ...picks: ((item: T) => V)[]) => picks.map((pick) => items.map(pick));

const addsStatement: GroupStatement<GroupedAdd, { read: GroupedRead | undefined }> = {
  name: 'kago_add_group',
  text: GROUP_SQL,
  values: (adds) =>
    columns<GroupedAdd, unknown>(
      adds,
      (add) => add.sessionId,
      (add) => add.clock,
      (add) => add.expected,
      (add) => add.priceId,
      (add) => add.hash,
      (add) => add.properties,
      (add) => add.quantity,
      (add) => add.currency,
      (add) => add.seen,
      (add) => add.at,
      (add) => add.version,
      (add) => JSON.stringify(add.untracked),
    ),
  answer: (row) => ({ read: row?.live ? (row as unknown as GroupedRead) : undefined }),
};

const newSessionsStatement: GroupStatement<GroupedNewSession, { written: boolean }> = {
  name: 'kago_new_session_group',
  text: NEW_SESSIONS_SQL,
  values: (adds) =>
    columns<GroupedNewSession, unknown>(
      adds,
      (add) => add.sessionId,
      (add) => add.now,
      (add) => add.expiresAt,
      (add) => add.priceId,
      (add) => add.hash,
      (add) => add.properties,
      (add) => add.quantity,
      (add) => add.seen,
      (add) => add.version,
      (add) => JSON.stringify(add.untracked),
    ),
  answer: (row) => ({ written: Number(row?.written ?? 0) > 0 }),
};

interface PoolGroups {
  adds: StatementGroups<GroupedAdd, { read: GroupedRead | undefined }>;
  newSessions: StatementGroups<GroupedNewSession, { written: boolean }>;
}

const groupsByPool = new WeakMap<pg.Pool, PoolGroups>();

/** The groups of adds written on `pool`: adds to existing carts, and new visitors' first adds. */
export function addGroupsOf(pool: pg.Pool): PoolGroups {
  let groups = groupsByPool.get(pool);
  if (!groups)
    groupsByPool.set(
      pool,
      (groups = {
        adds: new StatementGroups(pool, addsStatement),
        newSessions: new StatementGroups(pool, newSessionsStatement),
      }),
    );
  return groups;
}
