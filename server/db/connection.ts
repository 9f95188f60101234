// Opens the database: PGlite (PostgreSQL in WASM, in-process) by default, node-postgres when a
// DATABASE_URL is given. Both speak the same SQL; nothing else in Prosa knows which it got.
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (sent by any instance, delivered on commit).
   * On PostgreSQL a connection of its own, opened again when lost; answers how to stop.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export type OpenOptions =
  | { url: string }
  | { dataDir?: string; loadDataDir?: Blob | File };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if ('url' in options) {
    // No JIT: the desk's statements are short, and compiling one costs more than running it (measured:
    // 2.6 of the 2.8 ms of the provider-wide search's second phase at 1M, whose row estimate crosses
    // jit_above_cost). Said at connection time, so every pooled connection has it.
    const pool = new pg.Pool({ connectionString: options.url, max: 10, options: '-c jit=off' });
    // An idle client the server drops (restart, admin command) must not crash the process: the
    // pool discards it and the next query gets a fresh connection.
    pool.on('error', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') console.warn(`database: idle connection lost (${error.message})`);
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migratePg(db as never, { migrationsFolder });
    return { db, kind: 'postgres', listen: (channel, onNotify) => listenPg(options.url, channel, onNotify), close: () => pool.end() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { unaccent, pg_trgm },
  });
  // Its one connection set as the pool's are (PGlite has no JIT to run, but the setting reads the same).
  await client.exec('SET jit = off');
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return {
    db,
    kind: 'pglite',
    listen: async (channel, onNotify) => {
      const stop = await client.listen(channel, (payload) => onNotify(payload));
      return async () => {
        if (!client.closed) await stop();
      };
    },
    close: () => client.close(),
    // Tests copy a migrated database instead of migrating each one.
    ...{ dump: () => client.dumpDataDir('none') },
  };
}

async function listenPg(url: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async (delayMs: number): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    const reconnect = () => {
      if (stopped || client !== next) return;
      client = undefined;
      next.removeAllListeners();
      next.end().catch(() => {});
      // A notification sent meanwhile is missed: the caller also polls, and is told now.
      onNotify('');
      retry = setTimeout(() => void connect(Math.min(delayMs * 2, 30_000)), delayMs);
    };
    client = next;
    next.on('notification', (message) => onNotify(message.payload ?? ''));
    next.on('error', reconnect);
    next.on('end', reconnect);
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch {
      reconnect();
    }
  };
  await connect(500);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** Runs raw SQL (for what the query builder cannot say) and returns its rows. */
export async function selectRows<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
