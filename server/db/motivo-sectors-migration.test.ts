// Migration 0013 turns a motivo's single sector_id into rows of motivo_sectors: a database migrated
// up to 0012, with motivos in it, keeps every motivo's sector after it.
import { describe, expect, it } from 'vitest';
import { migratedBefore } from '../../test/support/migrated-before.js';

describe('migration 0013 (admin screens)', () => {
  it('moves each motivo\'s sector into motivo_sectors and keeps the motivos without one for every sector', async () => {
    const { client, finish, close } = await migratedBefore('0013_admin_screens');
    try {
      await client.exec(`
        INSERT INTO providers (name, slug) VALUES ('Antigo', 'antigo');
        INSERT INTO sectors (provider_id, name) SELECT id, 'Suporte' FROM providers;
        INSERT INTO sectors (provider_id, name) SELECT id, 'Financeiro' FROM providers;
        INSERT INTO motivos (provider_id, name, sector_id) SELECT p.id, 'Negociação', s.id FROM providers p JOIN sectors s ON s.name = 'Financeiro';
        INSERT INTO motivos (provider_id, name, sector_id, active) SELECT id, 'Antigo geral', NULL, false FROM providers;
      `);

      await finish();
      const { rows } = await client.query<{ name: string; active: boolean; description: string | null; sectors: string[] }>(`
        SELECT m.name, m.active, m.description, COALESCE(array_agg(s.name) FILTER (WHERE s.name IS NOT NULL), '{}') AS sectors
        FROM motivos m LEFT JOIN motivo_sectors ms ON ms.motivo_id = m.id AND ms.provider_id = m.provider_id
        LEFT JOIN sectors s ON s.id = ms.sector_id GROUP BY m.id, m.provider_id ORDER BY m.name`);
      expect(rows).toEqual([
        { name: 'Antigo geral', active: false, description: null, sectors: [] },
        { name: 'Negociação', active: true, description: null, sectors: ['Financeiro'] },
      ]);
      const columns = await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'motivos'`);
      expect(columns.rows.map((c) => c.column_name)).not.toContain('sector_id');
    } finally {
      await close();
    }
  });
});
