// A fresh, migrated database for one test file: PGlite by default, PostgreSQL with DATABASE_URL.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.js';
import { withDatabase } from './names.js';

/** A new PostgreSQL database copied from the run's migrated template: its URL, and how to drop it. */
export async function copyOfTemplate(serverUrl: string, prefix = 'prosa_t'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  return { url: withDatabase(serverUrl, name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function freshDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const copy = await copyOfTemplate(url);
    const database = await openDatabase({ url: copy.url });
    return {
      ...database,
      async close() {
        await database.close();
        await copy.drop();
      },
    };
  }
  const template = readFileSync(inject('pgliteTemplate'));
  return openDatabase({ loadDataDir: new Blob([template]) });
}
