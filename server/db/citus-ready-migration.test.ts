// Migration 0025 rebuilds every key and reference around provider_id (docs/citus.md) and moves the
// login lookup into logins: a database migrated up to 0024, with two providers' desks in it, keeps
// every row, and its users still log in by email.
import { describe, expect, it } from 'vitest';
import { migratedBefore } from '../../test/support/migrated-before.js';

describe('migration 0025 (ready for Citus)', () => {
  it('keeps a working desk\'s rows and references, and gives each user their login', async () => {
    const { client, finish, close } = await migratedBefore('0025_citus_ready');
    try {
      await client.exec(`
        INSERT INTO providers (name, slug) VALUES ('Um', 'um'), ('Dois', 'dois');
        INSERT INTO sectors (provider_id, name) SELECT id, 'Suporte' FROM providers;
        INSERT INTO users (provider_id, name, email, password_hash, role)
          SELECT id, 'Ana', 'Ana@' || slug || '.test', 'x', 'atendente' FROM providers;
        INSERT INTO user_sectors (provider_id, user_id, sector_id)
          SELECT u.provider_id, u.id, s.id FROM users u JOIN sectors s ON s.provider_id = u.provider_id;
        INSERT INTO channels (id, provider_id, kind, name) SELECT slug || '-whatsapp', id, 'whatsapp', 'WhatsApp' FROM providers;
        INSERT INTO contacts (provider_id, name, phone) SELECT id, 'Maria', '5511987654321' FROM providers;
        INSERT INTO contact_identities (provider_id, channel_id, external_id, contact_id)
          SELECT c.provider_id, ch.id, '5511987654321', c.id FROM contacts c JOIN channels ch ON ch.provider_id = c.provider_id;
        INSERT INTO conversations (provider_id, contact_id, channel_id, situacao, sector_id, responsavel_id, protocolo)
          SELECT c.provider_id, c.id, ch.id, 'chat', s.id, u.id, '20261207-000001'
          FROM contacts c JOIN channels ch ON ch.provider_id = c.provider_id
          JOIN sectors s ON s.provider_id = c.provider_id JOIN users u ON u.provider_id = c.provider_id;
        INSERT INTO messages (provider_id, conversation_id, contact_id, channel_id, direction, author_kind, type, body, provider_message_id)
          SELECT provider_id, id, contact_id, channel_id, 'in', 'contact', 'text', 'Sem internet', 'wamid.1' FROM conversations;
        INSERT INTO jobs (provider_id, kind, payload, dedupe_key) SELECT id, 'media.fetch', '{}', 'media:1' FROM providers WHERE slug = 'um';
        INSERT INTO sessions (token_hash, provider_id, user_id, expires_at)
          SELECT 'hash-' || provider_id, provider_id, id, now() + interval '1 day' FROM users;
      `);
      const count = async (table: string) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
      const tables = ['users', 'user_sectors', 'channels', 'contacts', 'contact_identities', 'conversations', 'messages', 'jobs', 'sessions'];
      const before = await Promise.all(tables.map(count));

      await finish();
      expect(await Promise.all(tables.map(count))).toEqual(before);
      const logins = await client.query<{ email: string; slug: string }>(`
        SELECT l.email, p.slug FROM logins l JOIN users u ON u.id = l.user_id AND u.provider_id = l.provider_id
        JOIN providers p ON p.id = l.provider_id ORDER BY p.slug`);
      expect(logins.rows).toEqual([{ email: 'Ana@dois.test', slug: 'dois' }, { email: 'Ana@um.test', slug: 'um' }]);
      // An email is still one login across providers, whatever its case.
      await expect(client.query(`INSERT INTO logins (email, provider_id, user_id) SELECT 'ana@UM.test', id, 999 FROM providers WHERE slug = 'dois'`))
        .rejects.toMatchObject({ code: '23505' });
      // A dedupe key is now per provider: the other provider may use it, the same one not twice.
      await client.query(`INSERT INTO jobs (provider_id, kind, payload, dedupe_key) SELECT id, 'media.fetch', '{}', 'media:1' FROM providers WHERE slug = 'dois'`);
      await expect(client.query(`INSERT INTO jobs (provider_id, kind, payload, dedupe_key) SELECT id, 'media.fetch', '{}', 'media:1' FROM providers WHERE slug = 'um'`))
        .rejects.toMatchObject({ code: '23505' });
      // A message pointing at the other provider's conversation is refused.
      await expect(client.query(`
        INSERT INTO messages (provider_id, conversation_id, contact_id, channel_id, direction, author_kind, type, body)
        SELECT m.provider_id, other.id, m.contact_id, m.channel_id, 'in', 'contact', 'text', 'x'
        FROM messages m JOIN conversations other ON other.provider_id <> m.provider_id LIMIT 1`))
        .rejects.toMatchObject({ code: '23503' });
    } finally {
      await close();
    }
  });
});
