// A hosted Prosa outgrows one PostgreSQL by distributing every table by provider_id with Citus
// (docs/citus.md). Citus distributes a table only if each of its primary keys and unique indexes
// includes the distribution column, and keeps a foreign key between distributed tables only if both
// sides name it. This reads the migrated database's own catalog and holds the schema to that.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { selectRows, type Database } from '../server/db/connection.js';
import { freshDatabase } from './support/database.js';

// The tables that are not distributed by provider_id but copied to every node (Citus reference
// tables), each with why. docs/citus.md lists the same ones.
const REFERENCE_TABLES: Record<string, string> = {
  providers: 'its id is the provider_id itself; one row per provider, and slug is unique across them',
  channels: 'a webhook URL names the channel alone (/webhooks/whatsapp/:channelId), so any node must find its provider',
  logins: 'login knows only the email, so any node must find which provider it opens',
};

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

const rows = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => selectRows<T>(database.db, query);

const tables = () => rows<{ table: string }>(sql`
  SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`).then((r) => r.map((t) => t.table));

describe('the schema, ready to be distributed by provider_id', () => {
  it('names only tables that exist as reference tables, and no other table is excused', async () => {
    const all = await tables();
    expect(all.length).toBeGreaterThan(25);
    for (const name of Object.keys(REFERENCE_TABLES)) expect(all).toContain(name);
    const doc = readFileSync(new URL('../docs/citus.md', import.meta.url), 'utf8');
    for (const name of Object.keys(REFERENCE_TABLES)) expect(doc).toContain(`create_reference_table('${name}')`);
    const distributed = [...doc.matchAll(/create_distributed_table\('(\w+)', 'provider_id'/g)].map((m) => m[1]);
    expect([...distributed, ...Object.keys(REFERENCE_TABLES)].sort()).toEqual(all);
  });

  it('gives every table a provider_id (providers is keyed by it)', async () => {
    const found = await rows<{ table: string }>(sql`
      SELECT table_name AS table FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'provider_id' AND is_nullable = 'NO'`);
    const withProvider = new Set(found.map((r) => r.table));
    expect((await tables()).filter((t) => !withProvider.has(t))).toEqual(['providers']);
  });

  it('includes provider_id in every primary key and unique index of a distributed table', async () => {
    const unique = await rows<{ table: string; index: string; primary: boolean; columns: string[] }>(sql`
      SELECT t.relname AS table, ic.relname AS index, i.indisprimary AS primary,
             array(SELECT coalesce(a.attname::text, '(expression)') FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                   LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND i.indisunique`);
    const distributed = unique.filter((u) => !(u.table in REFERENCE_TABLES));
    // The keys the migration made are among them: a look at the catalog that found nothing would pass.
    expect(distributed.find((u) => u.index === 'messages_id_provider_id_pk')?.columns).toEqual(['id', 'provider_id']);
    expect(distributed.find((u) => u.index === 'messages_channel_provider_id')?.columns).toEqual(['provider_id', 'channel_id', 'provider_message_id']);
    expect(distributed.filter((u) => !u.columns.includes('provider_id')).map((u) => `${u.table}.${u.index}`)).toEqual([]);
    expect((await tables()).filter((t) => !unique.some((u) => u.table === t && u.primary))).toEqual([]);
  });

  it('refers from one provider table to another through provider_id on both sides', async () => {
    const foreign = await rows<{ name: string; table: string; target: string; pairs: string[] }>(sql`
      SELECT c.conname AS name, t.relname AS table, f.relname AS target,
             array(SELECT a.attname || '->' || fa.attname FROM unnest(c.conkey, c.confkey) k(col, fcol)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
                   JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fcol) AS pairs
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND c.contype = 'f'`);
    expect(foreign.length).toBeGreaterThan(60);
    const wrong = foreign.filter((fk) => fk.target === 'providers'
      ? fk.pairs.join() !== 'provider_id->id'
      : !fk.pairs.includes('provider_id->provider_id'));
    expect(wrong.map((fk) => `${fk.table}.${fk.name}: ${fk.pairs.join(', ')}`)).toEqual([]);
    // Citus keeps no reference from a table copied to every node to one split across them.
    const upward = foreign.filter((fk) => fk.table in REFERENCE_TABLES && !(fk.target in REFERENCE_TABLES));
    expect(upward.map((fk) => `${fk.table}.${fk.name} -> ${fk.target}`)).toEqual([]);
  });

  it('refuses a row that points at another provider\'s row', async () => {
    await database.db.execute(sql`INSERT INTO providers (name, slug) VALUES ('Um', 'citus-um'), ('Dois', 'citus-dois')`);
    await database.db.execute(sql`
      INSERT INTO sectors (provider_id, name) SELECT id, 'Suporte' FROM providers WHERE slug IN ('citus-um', 'citus-dois')`);
    await database.db.execute(sql`
      INSERT INTO users (provider_id, name, email, password_hash, role)
      SELECT id, 'Ana', 'ana@citus-um.test', 'x', 'atendente' FROM providers WHERE slug = 'citus-um'`);
    const pair = (slug: string) => sql`
      SELECT u.provider_id, u.id, s.id FROM users u, sectors s
      WHERE u.email = 'ana@citus-um.test' AND s.provider_id = (SELECT id FROM providers WHERE slug = ${slug})`;
    await database.db.execute(sql`INSERT INTO user_sectors (provider_id, user_id, sector_id) ${pair('citus-um')}`);
    await expect(database.db.execute(sql`INSERT INTO user_sectors (provider_id, user_id, sector_id) ${pair('citus-dois')}`))
      .rejects.toMatchObject({ cause: expect.objectContaining({ code: '23503' }) });
  });
});
