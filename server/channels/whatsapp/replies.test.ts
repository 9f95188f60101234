// What the subscriber meant, and answering one message of theirs: Meta's payloads
// (test/support/fixtures/whatsapp/, each with its source in the README) posted through the real
// webhook, read back through the agent's API; and the exact request an agent's "Responder" makes
// reach Meta's Graph API (the stand-in).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { contactIdentities, messages } from '../../db/schema.js';
import { whatsappTestbed } from '../../../test/support/whatsapp-testbed.js';
import type { MessageView } from '../../desk/records.js';

const t = await whatsappTestbed();
const db = t.h.database.db;
type Provider = Awaited<ReturnType<typeof t.provider>>;

const ORIGINAL = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/support/fixtures/whatsapp/${name}`, import.meta.url), 'utf8'));
/** The fixture's messages as written a moment ago, in order (the 24-hour window open to answer them). */
let clock = Math.floor(Date.now() / 1000) - 3600;
const recent = (payload: { entry: { changes: { value: { messages?: Record<string, unknown>[] } }[] }[] }) => {
  for (const entry of payload.entry) for (const change of entry.changes) for (const m of change.value.messages ?? []) m.timestamp = String((clock += 10));
  return payload;
};
const only = (payload: ReturnType<typeof fixture>) => payload.entry[0].changes[0].value.messages[0] as Record<string, any>;

async function post(p: Provider, name: string, edit?: (message: Record<string, any>) => void) {
  const payload = recent(fixture(name));
  edit?.(only(payload));
  const answer = await t.post(p.channels.whatsapp, payload);
  expect(answer.status).toBe(200);
}

/** The conversation's messages as the agent's API answers them. */
async function messagesOf(p: Provider): Promise<MessageView[]> {
  const [first] = await db.select().from(messages).where(and(eq(messages.channelId, p.channels.whatsapp), eq(messages.direction, 'in'))).limit(1);
  const page = await (await t.h.login(p.users.supervisor)).get(`/api/v1/conversations/${first.conversationId}/messages`);
  expect(page.status).toBe(200);
  return (page.body.messages as MessageView[]).filter((m) => m.authorKind === 'contact' || m.authorKind === 'agent');
}

/** Ana assumes the conversation and answers; the job hands the reply to the stand-in. Answers the reply's view and what Meta got. */
async function answer(p: Provider, conversationId: number, body: Record<string, unknown>) {
  const ana = await t.h.login(p.users.ana);
  await ana.post(`/api/v1/conversations/${conversationId}/assume`);
  const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, body);
  if (reply.status !== 201) return { reply, sent: undefined, wamid: undefined };
  await t.run();
  const stored = await t.messageById(reply.body.id);
  expect(stored.status).toBe('sent');
  return { reply, sent: t.graph.messages.find((r) => r.id === stored.providerMessageId)?.body, wamid: stored.providerMessageId! };
}

describe('a subscriber answering a message (context)', () => {
  it('shows the message they quoted, with its author and text', async () => {
    const p = await t.provider();
    await post(p, 'text.json');
    await post(p, 'reply-context.json');
    const [original, reply] = await messagesOf(p);
    expect(reply).toMatchObject({
      body: 'Yes, I mean the blue one',
      quote: { messageId: original.id, authorKind: 'contact', authorName: 'Sheena Nelson', type: 'text', excerpt: 'Does it come in another color?' },
    });
    expect(original.quote).toBeNull();
  });

  it('quotes the agent who wrote the message they answered', async () => {
    const p = await t.provider();
    await post(p, 'text.json');
    const [first] = await messagesOf(p);
    // The reply's own wamid: the automatic messages of the conversation may reach Meta after it.
    const { sent, wamid } = await answer(p, first.conversationId, { kind: 'text', body: 'Temos azul e preto.' });
    expect(sent).toMatchObject({ text: { body: 'Temos azul e preto.' } });
    await post(p, 'reply-context.json', (m) => (m.context.id = wamid));
    const reply = (await messagesOf(p)).at(-1)!;
    expect(reply.quote).toMatchObject({ authorKind: 'agent', authorName: 'Ana Souza', excerpt: 'Temos azul e preto.' });
  });

  it('says the quoted message was not found when Prosa does not have it', async () => {
    const p = await t.provider();
    await post(p, 'reply-context.json');
    const [reply] = await messagesOf(p);
    expect(reply.body).toBe('Yes, I mean the blue one');
    expect(reply.quote).toEqual({ messageId: null, authorKind: null, authorName: null, type: null, excerpt: null });
  });
});

describe('what a message carries beyond its text', () => {
  it('gives a location its coordinates, name and address', async () => {
    const p = await t.provider();
    await post(p, 'location.json');
    const [place] = await messagesOf(p);
    expect(place).toMatchObject({
      type: 'location',
      location: { latitude: 40.782910059774, longitude: -73.959075808525, name: 'Solomon R. Guggenheim Museum', address: '1071 5th Ave, New York, NY 10128' },
    });
  });

  it('gives shared contacts as names with their phones', async () => {
    const p = await t.provider();
    await post(p, 'contacts.json');
    const [card] = await messagesOf(p);
    expect(card.sharedContacts).toEqual([{ name: 'Barbara J. Johnson', phones: ['+1 (940) 555-1234', '+1 (650) 555-1234'] }]);
    expect(card.body).toBe('👤 Barbara J. Johnson — +1 (940) 555-1234, +1 (650) 555-1234');
  });

  it('tells which click-to-WhatsApp ad the message came from', async () => {
    const p = await t.provider();
    await post(p, 'referral.json');
    const [first] = await messagesOf(p);
    expect(first).toMatchObject({
      body: 'Quero saber do plano de 500 mega',
      referral: { headline: 'Internet 500 Mega por R$ 99,90', body: 'Fibra óptica de 500 Mega com instalação grátis.', sourceUrl: 'https://fb.me/3cr4Wqqkv', sourceType: 'ad' },
    });
  });
});

describe('a reaction', () => {
  it('goes on the message reacted to, a newer one replacing it and an empty one taking it back', async () => {
    const p = await t.provider();
    await post(p, 'text.json');
    const [first] = await messagesOf(p);
    await answer(p, first.conversationId, { kind: 'text', body: 'Temos azul e preto.' });
    const wamid = t.graph.messages.at(-1)!.id!;
    const onReply = async () => (await messagesOf(p)).find((m) => m.body === 'Temos azul e preto.')!;

    await post(p, 'reaction.json', (m) => (m.reaction.message_id = wamid));
    expect((await onReply()).reaction).toBe('👍');
    await post(p, 'reaction-changed.json', (m) => (m.reaction.message_id = wamid));
    expect((await onReply()).reaction).toBe('❤️');
    // No message of its own: only the two texts.
    expect((await messagesOf(p)).map((m) => m.body)).toEqual(['Does it come in another color?', 'Temos azul e preto.']);
    await post(p, 'reaction-removed.json', (m) => (m.reaction.message_id = wamid));
    expect((await onReply()).reaction).toBeNull();
  });

  it('to a message Prosa does not have stays a line of text', async () => {
    const p = await t.provider();
    await post(p, 'reaction.json', (m) => (m.reaction.message_id = 'wamid.desconhecido'));
    expect((await messagesOf(p)).map((m) => [m.body, m.reaction])).toEqual([['Reagiu com 👍', null]]);
  });
});

describe('a user whose business-scoped user id changed (user_changed_user_id)', () => {
  it('moves the contact to the new user id: their next message lands in the same contact', async () => {
    const p = await t.provider();
    await post(p, 'bsuid-username-only.json');
    const [before] = await db.select().from(messages).where(eq(messages.channelId, p.channels.whatsapp));
    await post(p, 'user-changed-user-id.json');
    const identities = await db.select().from(contactIdentities).where(eq(contactIdentities.contactId, before.contactId));
    expect(identities.map((i) => i.externalId)).toEqual(['BR.2604983175520914']);
    await post(p, 'bsuid-username-only.json', (m) => {
      m.from_user_id = 'BR.2604983175520914';
      m.id = 'wamid.depois-da-troca';
      m.text.body = 'Sou eu de novo';
    });
    const after = await t.messageByWamid('wamid.depois-da-troca');
    expect(after.contactId).toBe(before.contactId);
  });
});

describe('an agent answering one message (Responder)', () => {
  it("sends Meta the quoted message's wamid as context.message_id, and shows the quote", async () => {
    const p = await t.provider();
    await post(p, 'text.json');
    const [original] = await messagesOf(p);
    const { reply, sent } = await answer(p, original.conversationId, { kind: 'text', body: 'Sim, temos azul.', replyToMessageId: original.id });
    expect(reply.body.quote).toMatchObject({ messageId: original.id, authorName: 'Sheena Nelson', excerpt: 'Does it come in another color?' });
    expect(sent).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234', type: 'text',
      text: { preview_url: false, body: 'Sim, temos azul.' },
      context: { message_id: ORIGINAL },
    });
    expect((await messagesOf(p)).at(-1)!.quote).toMatchObject({ messageId: original.id });
  });

  it('refuses a message of another provider or conversation (404), an internal note or a deleted message (400)', async () => {
    const p = await t.provider();
    await post(p, 'text.json');
    const [original] = await messagesOf(p);
    const other = await t.provider();
    await post(other, 'text.json');
    const [foreign] = await messagesOf(other);
    const ana = await t.h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${original.conversationId}/assume`);
    const url = `/api/v1/conversations/${original.conversationId}/messages`;
    const elsewhere = await ana.post(url, { kind: 'text', body: 'Oi', replyToMessageId: foreign.id });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('not_found');
    const note = await ana.post(url, { kind: 'note', body: 'ver estoque' });
    const toNote = await ana.post(url, { kind: 'text', body: 'Oi', replyToMessageId: note.body.id });
    expect(toNote.status).toBe(400);
    expect(toNote.body.error.code).toBe('validation_failed');
    // Another conversation of the same provider is no better.
    const wamid = await t.contactSends(p.channels.whatsapp, { waId: '5511900000009', name: 'Outra Pessoa' }, { type: 'text', text: { body: 'oi' } });
    const neighbour = await t.messageByWamid(wamid);
    expect(neighbour.conversationId).not.toBe(original.conversationId);
    expect((await ana.post(url, { kind: 'text', body: 'Oi', replyToMessageId: neighbour.id })).status).toBe(404);
    // Nor one the contact took back.
    await post(p, 'revoke.json');
    const toDeleted = await ana.post(url, { kind: 'text', body: 'Oi', replyToMessageId: original.id });
    expect(toDeleted.status).toBe(400);
    expect(await db.select().from(messages).where(and(eq(messages.conversationId, original.conversationId), eq(messages.body, 'Oi')))).toEqual([]);
  });
});
