// Every message as the subscriber sent it: Meta's payloads (test/support/fixtures/whatsapp/, each
// with its source in the README) read item by item, from users known only by their WhatsApp
// username's id, of types Prosa cannot show, and edited or taken back after they were sent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { contactIdentities, contacts, messages } from '../../db/schema.js';
import { whatsappTestbed } from '../../../test/support/whatsapp-testbed.js';

const t = await whatsappTestbed();
const db = t.h.database.db;

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/support/fixtures/whatsapp/${name}`, import.meta.url), 'utf8'));
const inboundOf = async (channelId: string) =>
  db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.direction, 'in'))).orderBy(messages.id);
const rejectionsOf = async (p: Awaited<ReturnType<typeof t.provider>>) =>
  (await (await t.h.login(p.users.supervisor)).get('/api/v1/webhook-rejections')).body as { kind: string; itemId: string | null; reason: string }[];

describe('a change with an odd item in it', () => {
  it('stores the good message and refuses only the malformed one, and a change that names no number, for the operator to see', async () => {
    const p = await t.provider();
    expect((await t.post(p.channels.whatsapp, fixture('one-good-one-malformed.json'))).status).toBe(200);
    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored.map((m) => m.body)).toEqual(['Hello, is this the bike shop?']);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, stored[0].contactId));
    expect(contact).toMatchObject({ name: 'Sheena Nelson', phone: '16505551234' });
    const refused = await rejectionsOf(p);
    expect(refused.map((r) => r.kind).sort()).toEqual(['whatsapp.change', 'whatsapp.message']);
    expect(refused.find((r) => r.kind === 'whatsapp.change')!.reason).toMatch(/metadata/);
  });
});

describe('what Prosa cannot show', () => {
  it('keeps every message of a type it does not read as a visible note of that type, none skipped', async () => {
    const p = await t.provider();
    expect((await t.post(p.channels.whatsapp, fixture('unsupported-types.json'))).status).toBe(200);
    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored.map((m) => [m.type, m.body])).toEqual([
      ['text', '[mensagem não suportada: poll_creation]'],
      ['text', '[mensagem não suportada: unknown]'],
      ['text', '[mensagem não suportada: order]'],
      ['text', '[mensagem não suportada: system]'],
      ['text', '[mensagem não suportada: interactive]'],
      ['text', '[mensagem não suportada: text]'],
    ]);
    expect(stored.map((m) => (m.meta as { unsupported?: string }).unsupported)).toEqual(['poll_creation', 'unknown', 'order', 'system', 'interactive', 'text']);
    expect(await rejectionsOf(p)).toEqual([]);
  });
});
