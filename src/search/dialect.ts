/** Which database a Kysely instance talks to: search is built differently on each (docs/decisions/0010). */
import { PostgresAdapter, type Kysely } from 'kysely';

export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;
