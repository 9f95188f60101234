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
/** The fixture's messages as written a moment ago (in order), so WhatsApp's 24-hour window is open to answer them. */
let clock = Math.floor(Date.now() / 1000) - 3600;
const recent = (payload: { entry: { changes: { value: { messages?: { timestamp: string }[] } }[] }[] }) => {
  let at = (clock += 60);
  for (const entry of payload.entry) for (const change of entry.changes) for (const m of change.value.messages ?? []) m.timestamp = String(at++);
  return payload;
};
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

describe('a user known by a WhatsApp username', () => {
  async function replyAndSend(p: Awaited<ReturnType<typeof t.provider>>, conversationId: number, body: string) {
    const ana = await t.h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${conversationId}/assume`);
    const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body });
    expect(reply.status).toBe(201);
    await t.run();
    expect((await t.messageById(reply.body.id)).status).toBe('sent');
    return t.graph.requests.filter((r) => r.kind === 'message' && (r.body as { text?: { body?: string } }).text?.body === body).at(-1)!.body;
  }

  it('is a contact by their business-scoped user id when Meta sends no number, and is answered by `recipient`', async () => {
    const p = await t.provider();
    expect((await t.post(p.channels.whatsapp, recent(fixture('bsuid-username-only.json')))).status).toBe(200);
    const [stored] = await inboundOf(p.channels.whatsapp);
    expect(stored.body).toBe('Oi, minha internet caiu');
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, stored.contactId));
    expect(contact).toMatchObject({ name: 'Sheena Nelson', phone: null });
    const identities = await db.select().from(contactIdentities).where(eq(contactIdentities.contactId, contact.id));
    expect(identities.map((i) => i.externalId)).toEqual(['BR.1502576394655843']);

    const sent = await replyAndSend(p, stored.conversationId, 'Vamos verificar sua conexão.');
    expect(sent).toMatchObject({ recipient: 'BR.1502576394655843' });
    expect(sent).not.toHaveProperty('to');
  });

  it('keeps one contact when a later message brings the number with the user id, and answers the number from then on', async () => {
    const p = await t.provider();
    await t.post(p.channels.whatsapp, recent(fixture('bsuid-username-only.json')));
    expect((await t.post(p.channels.whatsapp, recent(fixture('bsuid-with-number.json')))).status).toBe(200);
    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored.map((m) => m.body)).toEqual(['Oi, minha internet caiu', 'Voltou, obrigada']);
    expect(stored[1].contactId).toBe(stored[0].contactId);
    expect(stored[1].conversationId).toBe(stored[0].conversationId);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, stored[0].contactId));
    expect(contact.phone).toBe('5511987650001');
    const identities = await db.select().from(contactIdentities).where(eq(contactIdentities.contactId, contact.id));
    expect(identities.map((i) => i.externalId).sort()).toEqual(['5511987650001', 'BR.1502576394655843']);
    const count = await db.select().from(contacts).where(eq(contacts.providerId, p.providerId));
    expect(count.filter((c) => c.name === 'Sheena Nelson')).toHaveLength(1);

    const sent = await replyAndSend(p, stored[0].conversationId, 'Que bom!');
    expect(sent).toMatchObject({ to: '5511987650001' });
    expect(sent).not.toHaveProperty('recipient');
  });

  it('joins the user id to the contact an agent registered by number, the first time both come', async () => {
    const p = await t.provider();
    const ana = await t.h.login(p.users.ana);
    const started = await ana.post('/api/v1/conversations', {
      contact: { name: 'Sheena', phone: '5511987650001' }, channelId: p.channels.whatsapp, sectorId: p.sectors.suporte,
      templateName: 'boas_vindas', params: ['Sheena'],
    });
    expect(started.status).toBe(201);
    await t.post(p.channels.whatsapp, recent(fixture('bsuid-with-number.json')));
    // Then the number goes hidden behind the username: the same contact still.
    await t.post(p.channels.whatsapp, recent(fixture('bsuid-username-only.json')));
    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored).toHaveLength(2);
    expect(new Set(stored.map((m) => m.conversationId))).toEqual(new Set([started.body.conversation.id]));
  });
});

describe('a message changed after it was sent', () => {
  const original = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
  const viewOf = async (p: Awaited<ReturnType<typeof t.provider>>, conversationId: number) => {
    const page = await (await t.h.login(p.users.supervisor)).get(`/api/v1/conversations/${conversationId}/messages`);
    expect(page.status).toBe(200);
    return (page.body.messages as { body: string | null; edited: boolean; deleted: boolean }[]).find((m) => m.body !== null && m.body.startsWith('Does it'))!;
  };

  it('shows the edited text, marked edited, and keeps the first one in meta', async () => {
    const p = await t.provider();
    await t.post(p.channels.whatsapp, fixture('text.json'));
    expect((await t.post(p.channels.whatsapp, fixture('edit.json'))).status).toBe(200);
    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ providerMessageId: original, body: 'Does it come in blue?', meta: { edited: true, originalBody: 'Does it come in another color?' } });
    expect(await viewOf(p, stored[0].conversationId)).toMatchObject({ body: 'Does it come in blue?', edited: true, deleted: false });
    // Meta delivers again: the first text is still the one remembered.
    await t.post(p.channels.whatsapp, fixture('edit.json'));
    expect((await t.messageByWamid(original)).meta).toMatchObject({ originalBody: 'Does it come in another color?' });
  });

  it('marks a message the contact took back as deleted, keeping its body for the record', async () => {
    const p = await t.provider();
    await t.post(p.channels.whatsapp, fixture('text.json'));
    expect((await t.post(p.channels.whatsapp, fixture('revoke.json'))).status).toBe(200);
    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ body: 'Does it come in another color?', meta: { deleted: true } });
    expect(await viewOf(p, stored[0].conversationId)).toMatchObject({ edited: false, deleted: true });
  });

  it('refuses, for the operator to see, an edit of a message Prosa never stored', async () => {
    const p = await t.provider();
    expect((await t.post(p.channels.whatsapp, fixture('edit.json'))).status).toBe(200);
    expect(await inboundOf(p.channels.whatsapp)).toEqual([]);
    expect(await rejectionsOf(p)).toMatchObject([{ kind: 'whatsapp.message', itemId: original }]);
  });
});

describe('a contact who changed number', () => {
  it('moves their identity and phone to the new number: the next message lands in the same contact and conversation', async () => {
    const p = await t.provider();
    await t.post(p.channels.whatsapp, fixture('text.json'));
    expect((await t.post(p.channels.whatsapp, fixture('changed-number.json'))).status).toBe(200);
    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored.map((m) => m.body)).toEqual(['Does it come in another color?', 'Mudou de número: +16505551234 → +12195555358', 'This is my new number']);
    expect(new Set(stored.map((m) => m.contactId)).size).toBe(1);
    expect(new Set(stored.map((m) => m.conversationId)).size).toBe(1);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, stored[0].contactId));
    expect(contact).toMatchObject({ name: 'Sheena Nelson', phone: '12195555358' });
    const identities = await db.select().from(contactIdentities).where(eq(contactIdentities.contactId, contact.id));
    expect(identities.map((i) => i.externalId)).toEqual(['12195555358']);
    expect(stored[1].meta).toMatchObject({ system: 'user_changed_number', previousId: '16505551234' });
  });
});
