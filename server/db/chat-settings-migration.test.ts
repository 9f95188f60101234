// Migration 0017 moves providers.protocol_message and closing_message into chat_settings: a database
// migrated up to 0016 keeps each provider's own texts as its greeting and closing message.
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
import { ChatSettingsShape } from '../../api/shapes.js';

const before = mkdtempSync(join(tmpdir(), 'prosa-migrations-'));
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe('migration 0017 (chat settings)', () => {
  it('keeps every provider\'s protocol and closing messages as its greeting and closing message', async () => {
    cpSync(migrationsFolder, before, { recursive: true });
    const journalFile = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === '0017_chat_settings');
    expect(at).toBeGreaterThan(0);
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));

    const client = await PGlite.create({ extensions: { unaccent, pg_trgm } });
    try {
      const db = drizzle(client);
      await migrate(db, { migrationsFolder: before });
      await client.exec(`
        INSERT INTO providers (name, slug, protocol_message, closing_message) VALUES ('Próprio', 'proprio', 'Protocolo: {{protocolo}}', '');
        INSERT INTO providers (name, slug) VALUES ('Padrão', 'padrao');
      `);

      await migrate(db, { migrationsFolder });
      const { rows } = await client.query<{ slug: string; chat_settings: unknown }>('SELECT slug, chat_settings FROM providers ORDER BY slug');
      const settings = Object.fromEntries(rows.map((r) => [r.slug, ChatSettingsShape.parse(r.chat_settings)]));
      expect(settings.proprio).toMatchObject({ greeting: 'Protocolo: {{protocolo}}', closingMessage: '', hours: null, holidays: [] });
      expect(settings.padrao).toEqual(ChatSettingsShape.parse({}));
      const columns = await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'providers'`);
      expect(columns.rows.map((c) => c.column_name)).not.toContain('protocol_message');
    } finally {
      await client.close();
    }
  });
});
