// Migration 0017 moves providers.protocol_message and closing_message into chat_settings: a database
// migrated up to 0016 keeps each provider's own texts as its greeting and closing message.
import { describe, expect, it } from 'vitest';
import { migratedBefore } from '../../test/support/migrated-before.js';
import { ChatSettingsShape } from '../../api/shapes.js';

describe('migration 0017 (chat settings)', () => {
  it('keeps every provider\'s protocol and closing messages as its greeting and closing message', async () => {
    const { client, finish, close } = await migratedBefore('0017_chat_settings');
    try {
      await client.exec(`
        INSERT INTO providers (name, slug, protocol_message, closing_message) VALUES ('Próprio', 'proprio', 'Protocolo: {{protocolo}}', '');
        INSERT INTO providers (name, slug) VALUES ('Padrão', 'padrao');
      `);

      await finish();
      const { rows } = await client.query<{ slug: string; chat_settings: unknown }>('SELECT slug, chat_settings FROM providers ORDER BY slug');
      const settings = Object.fromEntries(rows.map((r) => [r.slug, ChatSettingsShape.parse(r.chat_settings)]));
      expect(settings.proprio).toMatchObject({ greeting: 'Protocolo: {{protocolo}}', closingMessage: '', hours: null, holidays: [] });
      expect(settings.padrao).toEqual(ChatSettingsShape.parse({}));
      const columns = await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'providers'`);
      expect(columns.rows.map((c) => c.column_name)).not.toContain('protocol_message');
    } finally {
      await close();
    }
  });
});
