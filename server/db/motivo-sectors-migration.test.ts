// Migration 0013 turns a motivo's single sector_id into rows of motivo_sectors: a database migrated
// up to 0012, with motivos in it, keeps every motivo's sector after it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from './connection.js';

const before = mkdtempSync(join(tmpdir(), 'prosa-migrations-'));
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe('migration 0013 (admin screens)', () => {
  it('moves each motivo\'s sector into motivo_sectors and keeps the motivos without one for every sector', async () => {
    cpSync(migrationsFolder, before, { recursive: true });
    const journalFile = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === '0013_admin_screens');
    expect(at).toBeGreaterThan(0);
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));

    const client = await PGlite.create({ extensions: { unaccent, pg_trgm } });
    try {
      const db = drizzle(client);
      await migrate(db, { migrationsFolder: before });
      await client.exec(`
        INSERT INTO providers (name, slug) VALUES ('Antigo', 'antigo');
        INSERT INTO sectors (provider_id, name) SELECT id, 'Suporte' FROM providers;
        INSERT INTO sectors (provider_id, name) SELECT id, 'Financeiro' FROM providers;
        INSERT INTO motivos (provider_id, name, sector_id) SELECT p.id, 'Negociação', s.id FROM providers p JOIN sectors s ON s.name = 'Financeiro';
        INSERT INTO motivos (provider_id, name, sector_id, active) SELECT id, 'Antigo geral', NULL, false FROM providers;
      `);

      await migrate(db, { migrationsFolder });
      const { rows } = await client.query<{ name: string; active: boolean; description: string | null; sectors: string[] }>(`
        SELECT m.name, m.active, m.description, COALESCE(array_agg(s.name) FILTER (WHERE s.name IS NOT NULL), '{}') AS sectors
        FROM motivos m LEFT JOIN motivo_sectors ms ON ms.motivo_id = m.id AND ms.provider_id = m.provider_id
        LEFT JOIN sectors s ON s.id = ms.sector_id GROUP BY m.id ORDER BY m.name`);
      expect(rows).toEqual([
        { name: 'Antigo geral', active: false, description: null, sectors: [] },
        { name: 'Negociação', active: true, description: null, sectors: ['Financeiro'] },
      ]);
      const columns = await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'motivos'`);
      expect(columns.rows.map((c) => c.column_name)).not.toContain('sector_id');
    } finally {
      await client.close();
    }
  });
});
