// A database as a provider's would be just before one migration: every migration up to the one named
// (by its journal tag) applied to a fresh database — PGlite, or a new PostgreSQL database when
// DATABASE_URL is set; `finish()` applies the rest, as an upgrade would. For tests of the
// migrations that move data.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { migrationsFolder } from '../../server/db/connection.js';
import { withDatabase } from './names.js';

/** What the tests ask of the database: SQL run as is (several statements), and a query's rows. */
export interface MigrationClient {
  exec(statements: string): Promise<unknown>;
  query<T>(statement: string): Promise<{ rows: T[] }>;
}

export async function migratedBefore(tag: string): Promise<{ client: MigrationClient; finish(): Promise<void>; close(): Promise<void> }> {
  const before = mkdtempSync(join(tmpdir(), 'prosa-migrations-'));
  cpSync(migrationsFolder, before, { recursive: true });
  const journalFile = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at <= 0) throw new Error(`no migration ${tag} after the first one`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  const removeFolder = () => rmSync(before, { recursive: true, force: true });

  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `prosa_mig_${randomBytes(6).toString('hex')}`;
    const admin = async (statement: string) => {
      const connection = new pg.Client({ connectionString: url });
      await connection.connect();
      try {
        await connection.query(statement);
      } finally {
        await connection.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    const client = new pg.Client({ connectionString: withDatabase(url, name) });
    await client.connect();
    const db = drizzlePg(client);
    await migratePg(db, { migrationsFolder: before });
    return {
      client: { exec: (statements) => client.query(statements), query: async <T>(statement: string) => ({ rows: (await client.query(statement)).rows as T[] }) },
      finish: () => migratePg(db, { migrationsFolder }),
      close: async () => {
        await client.end();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        removeFolder();
      },
    };
  }
  const client = await PGlite.create({ extensions: { unaccent, pg_trgm } });
  const db = drizzlePglite(client);
  await migratePglite(db, { migrationsFolder: before });
  return {
    client: { exec: (statements) => client.exec(statements), query: (statement) => client.query(statement) },
    finish: () => migratePglite(db, { migrationsFolder }),
    close: async () => {
      await client.close();
      removeFolder();
    },
  };
}
