// A database as a provider's would be just before one migration: every migration up to the one named
// (by its journal tag) applied to a fresh PGlite; `finish()` applies the rest, as an upgrade would.
// For tests of the migrations that move data.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../../server/db/connection.js';

export async function migratedBefore(tag: string) {
  const before = mkdtempSync(join(tmpdir(), 'prosa-migrations-'));
  cpSync(migrationsFolder, before, { recursive: true });
  const journalFile = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at <= 0) throw new Error(`no migration ${tag} after the first one`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  const client = await PGlite.create({ extensions: { unaccent, pg_trgm } });
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: before });
  return {
    client,
    /** The named migration and every later one. */
    finish: () => migrate(db, { migrationsFolder }),
    close: async () => {
      await client.close();
      rmSync(before, { recursive: true, force: true });
    },
  };
}
