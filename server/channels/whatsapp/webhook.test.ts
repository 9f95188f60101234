// The WhatsApp webhook against payloads as Meta sends them: the verification handshake, the
// signature, every kind of message a contact can send, deliveries repeated, statuses in any order,
// and each provider's data kept to itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { channels, contactIdentities, contacts, jobs, messages } from '../../db/schema.js';
import { message as metaMessage, newWamid, status, statusesPayload } from '../../demo/whatsapp/meta-payloads.js';
import { signatureOf } from './signature.js';
import { APP_SECRET, content, whatsappTestbed } from '../../../test/support/whatsapp-testbed.js';

const t = await whatsappTestbed();
const { h, app } = t;
const db = h.database.db;

const countRows = async () => {
  const [m] = await db.select({ n: sql<number>`count(*)::int` }).from(messages);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(contacts);
  return { messages: m.n, contacts: c.n };
};
const inboundOf = async (channelId: string) =>
  db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.direction, 'in'))).orderBy(messages.id);

describe('the verification handshake', () => {
  it('echoes hub.challenge as plain text when the verify token matches', async () => {
    const p = await t.provider();
    const answer = await app.inject({
      method: 'GET',
      url: `/webhooks/whatsapp/${p.channels.whatsapp}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-${p.slug}`,
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.body).toBe('1158201444');
  });

  it('answers 403 to a wrong verify token or mode, and 404 to a channel that is not WhatsApp', async () => {
    const p = await t.provider();
    const url = (query: string, channel = p.channels.whatsapp) => `/webhooks/whatsapp/${channel}?${query}`;
    expect((await app.inject({ method: 'GET', url: url('hub.mode=subscribe&hub.challenge=1&hub.verify_token=errado') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: url(`hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=verify-${p.slug}`) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: url('hub.challenge=1') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: url(`hub.mode=subscribe&hub.challenge=1&hub.verify_token=verify-${p.slug}`, p.channels.telegram) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: url('hub.mode=subscribe&hub.challenge=1&hub.verify_token=x', 'nao-existe') })).statusCode).toBe(404);
  });
});

describe('the signature', () => {
  it('refuses with 401, storing nothing, a payload with a wrong, missing or foreign signature', async () => {
    const p = await t.provider();
    const payload = t.messagesPayload({ waId: '5511911110001', name: 'Intruso' }, [metaMessage('5511911110001', content.text('oi'))]);
    const before = await countRows();
    for (const options of [
      { signature: null },
      { signature: 'sha256=' + '0'.repeat(64) },
      { signature: 'sha1=abc' },
      { secret: 'segredo-de-outro-app' },
    ]) {
      const answer = await t.post(p.channels.whatsapp, payload, options);
      expect(answer.status, JSON.stringify(options)).toBe(401);
      expect(JSON.parse(answer.body).error.code).toBe('webhook_unauthenticated');
    }
    expect(await countRows()).toEqual(before);
  });

  it('checks the bytes as they arrived, not the JSON read back', async () => {
    const p = await t.provider();
    // Meta escapes "/" and non-ASCII characters; a signature of re-serialized JSON differs.
    const payload = t.messagesPayload({ waId: '5511911110002', name: 'Conceição' }, [metaMessage('5511911110002', content.text('Não conecta/caiu'))]);
    const raw = t.metaJson(payload);
    expect(raw).toContain('\\u00e7');
    const wrong = await app.inject({
      method: 'POST', url: `/webhooks/whatsapp/${p.channels.whatsapp}`, payload: raw,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(JSON.stringify(payload), APP_SECRET) },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await t.post(p.channels.whatsapp, payload);
    expect(right.status).toBe(200);
    const [stored] = await inboundOf(p.channels.whatsapp);
    expect(stored.body).toBe('Não conecta/caiu');
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, stored.contactId));
    expect(contact.name).toBe('Conceição');
  });
});

describe('messages from a contact', () => {
  it('stores a text as a new conversation in the Fila, with the contact, the wamid and Meta\'s time', async () => {
    const p = await t.provider();
    const at = new Date(Date.now() - 60_000);
    const wamid = await t.contactSends(p.channels.whatsapp, { waId: '5511922220001', name: 'Marta Ribeiro' }, content.text('Estou sem internet'), { at });
    const [stored] = await inboundOf(p.channels.whatsapp);
    expect(stored).toMatchObject({ type: 'text', body: 'Estou sem internet', providerMessageId: wamid, direction: 'in', authorKind: 'contact', providerId: p.providerId });
    expect(Math.abs(stored.createdAt.getTime() - at.getTime())).toBeLessThan(1000);
    const [identity] = await db.select().from(contactIdentities).where(eq(contactIdentities.channelId, p.channels.whatsapp));
    expect(identity.externalId).toBe('5511922220001');
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, stored.contactId));
    expect(contact).toMatchObject({ name: 'Marta Ribeiro', phone: '5511922220001' });
    const carla = await h.login(p.users.supervisor);
    const fila = await carla.get('/api/v1/conversations?tab=fila');
    expect(fila.body.items.map((c: { contact: { name: string } }) => c.contact.name)).toContain('Marta Ribeiro');
  });

  it('reads every kind of message Meta documents, and keeps what it cannot show as a note of its type', async () => {
    const p = await t.provider();
    const from = { waId: '5511922220002', name: 'Rui' };
    const media = { mime_type: 'image/jpeg', sha256: 'x'.repeat(64) };
    const sent: Record<string, unknown>[] = [
      content.image({ id: '1001', ...media, caption: 'Foto do roteador' }),
      content.video({ id: '1002', mime_type: 'video/mp4', caption: 'Luz piscando' }),
      content.audio({ id: '1003', mime_type: 'audio/ogg; codecs=opus', voice: true }),
      { type: 'voice', voice: { id: '1004', mime_type: 'audio/ogg; codecs=opus' } },
      content.document({ id: '1005', mime_type: 'application/pdf', filename: 'comprovante.pdf', caption: 'Paguei ontem' }),
      content.sticker({ id: '1006', mime_type: 'image/webp' }),
      content.location({ latitude: -23.5505, longitude: -46.6333, name: 'Casa', address: 'Rua das Flores, 10' }),
      content.contacts([{ name: { formatted_name: 'João Técnico', first_name: 'João' }, phones: [{ phone: '+55 11 98888-1111', wa_id: '5511988881111', type: 'CELL' }] }]),
      content.buttonReply('sim-visita', 'Sim, pode vir'),
      content.listReply('plano-500', 'Plano 500 Mega', 'Fibra'),
      content.button('Parar promoções', 'STOP'),
      content.reaction('wamid.qualquer', '👍'),
      content.unsupported('poll_creation'),
      { type: 'order', order: { catalog_id: '1' } },
    ];
    const payload = t.messagesPayload(from, sent.map((c, i) => metaMessage(from.waId, c, { at: Date.now() - (sent.length - i) * 1000 })));
    expect((await t.post(p.channels.whatsapp, payload)).status).toBe(200);

    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored.map((m) => [m.type, m.body])).toEqual([
      ['image', 'Foto do roteador'],
      ['video', 'Luz piscando'],
      ['audio', null],
      ['audio', null],
      ['file', 'Paguei ontem'],
      ['image', null],
      ['location', '📍 Casa, Rua das Flores, 10 (-23.5505, -46.6333)'],
      ['text', '👤 João Técnico — +55 11 98888-1111'],
      ['text', 'Sim, pode vir'],
      ['text', 'Plano 500 Mega'],
      ['text', 'Parar promoções'],
      ['text', 'Reagiu com 👍'],
      ['text', '[mensagem não suportada: poll_creation]'],
      ['text', '[mensagem não suportada: order]'],
    ]);
    expect(stored.every((m) => m.fileId === null)).toBe(true);
    expect(stored[2].meta).toMatchObject({ voice: true, mediaId: '1003' });
    expect(stored[5].meta).toMatchObject({ sticker: true });
    expect(stored[6].meta).toEqual({ location: { latitude: -23.5505, longitude: -46.6333, name: 'Casa', address: 'Rua das Flores, 10' } });
    expect(stored[7].meta).toEqual({ sharedContacts: [{ name: 'João Técnico', phones: ['+55 11 98888-1111'] }] });
    expect(stored[8].meta).toMatchObject({ interactive: 'button_reply', replyId: 'sim-visita' });
    expect(stored[9].meta).toMatchObject({ interactive: 'list_reply', replyId: 'plano-500' });
    expect(stored[10].meta).toMatchObject({ button: 'STOP' });

    // Media is not fetched while Meta waits: one job per media message, for later.
    const queued = await db.select().from(jobs).where(and(eq(jobs.kind, 'whatsapp_fetch_media'), eq(jobs.providerId, p.providerId))).orderBy(jobs.id);
    expect(queued.map((j) => (j.payload as { mediaId: string }).mediaId)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006']);
    expect(queued.map((j) => (j.payload as { filename: string }).filename)).toEqual([
      `imagem-${stored[0].id}.jpg`, `video-${stored[1].id}.mp4`, `audio-${stored[2].id}.ogg`, `audio-${stored[3].id}.ogg`, 'comprovante.pdf', `figurinha-${stored[5].id}.webp`,
    ]);
  });

  it("reads a reply button tapped and a list row chosen, in Meta's own examples, as text with meta.replyId", async () => {
    const p = await t.provider();
    const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/support/fixtures/whatsapp/${name}`, import.meta.url), 'utf8'));
    for (const name of ['button-reply.json', 'list-reply.json']) expect((await t.post(p.channels.whatsapp, fixture(name))).status).toBe(200);
    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored.map((m) => ({ type: m.type, body: m.body, replyId: (m.meta as { replyId?: string }).replyId }))).toEqual([
      { type: 'text', body: 'Cancel', replyId: 'cancel-button' },
      { type: 'text', body: 'Priority Mail Express', replyId: 'priority_express' },
    ]);
    expect(stored[0].providerMessageId).toBe('wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUZDNDNCMTg4NUE2NzcyRDM1QgA=');
  });

  it('stores a message Meta delivers twice only once, and queues its media once', async () => {
    const p = await t.provider();
    const from = { waId: '5511922220003', name: 'Duplo' };
    const payload = t.messagesPayload(from, [
      metaMessage(from.waId, content.text('primeira')),
      metaMessage(from.waId, content.image({ id: '2001', mime_type: 'image/png' })),
    ]);
    for (let i = 0; i < 3; i++) expect((await t.post(p.channels.whatsapp, payload)).status).toBe(200);
    await Promise.all([t.post(p.channels.whatsapp, payload), t.post(p.channels.whatsapp, payload)]);
    expect(await inboundOf(p.channels.whatsapp)).toHaveLength(2);
    const queued = await db.select().from(jobs).where(and(eq(jobs.kind, 'whatsapp_fetch_media'), eq(jobs.providerId, p.providerId)));
    expect(queued).toHaveLength(1);
    const ana = await h.login(p.users.ana);
    const list = await ana.get('/api/v1/conversations?tab=fila');
    expect(list.body.items.find((c: { contact: { name: string } }) => c.contact.name === 'Duplo').unreadCount).toBe(2);
  });

  it('knows a Brazilian mobile WhatsApp reports without its ninth digit as the contact an agent wrote to', async () => {
    const p = await t.provider();
    const ana = await h.login(p.users.ana);
    const started = await ana.post('/api/v1/conversations', {
      contact: { name: 'Nono Dígito', phone: '5511987654321' }, channelId: p.channels.whatsapp, sectorId: p.sectors.suporte,
      templateName: 'boas_vindas', params: ['Nono'],
    });
    expect(started.status).toBe(201);
    await t.contactSends(p.channels.whatsapp, { waId: '551187654321', name: 'Nono' }, content.text('Oi, recebi'));
    const [reply] = await inboundOf(p.channels.whatsapp);
    expect(reply.conversationId).toBe(started.body.conversation.id);
    const window = await ana.get(`/api/v1/conversations/${started.body.conversation.id}/templates`);
    expect(window.body.windowOpen).toBe(true);
  });

  it('ignores the changes of a number the provider has no channel for', async () => {
    const p = await t.provider();
    const other = await t.provider();
    await db.update(channels).set({ config: sql`${channels.config} || '{"phoneNumberId":"999000999000999"}'::jsonb` }).where(eq(channels.id, other.channels.whatsapp));
    const payload = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550000000', phone_number_id: '999000999000999' },
        contacts: [{ profile: { name: 'Desviado' }, wa_id: '5511933330001' }],
        messages: [metaMessage('5511933330001', content.text('para o outro provedor?'))],
      } }] }],
    };
    expect((await t.post(p.channels.whatsapp, payload)).status).toBe(200);
    expect(await inboundOf(p.channels.whatsapp)).toHaveLength(0);
    expect(await inboundOf(other.channels.whatsapp)).toHaveLength(0);
  });

  it('keeps each provider\'s webhook to its own data', async () => {
    const mine = await t.provider();
    const theirs = await t.provider();
    const from = { waId: '5511944440001', name: 'Cliente Compartilhado' };
    await t.contactSends(mine.channels.whatsapp, from, content.text('para o meu provedor'));
    // The same number writes to the other provider: a contact of theirs, unrelated to mine.
    await t.contactSends(theirs.channels.whatsapp, from, content.text('para o outro'));
    const [m] = await inboundOf(mine.channels.whatsapp);
    const [o] = await inboundOf(theirs.channels.whatsapp);
    expect(m.providerId).toBe(mine.providerId);
    expect(o.providerId).toBe(theirs.providerId);
    expect(m.contactId).not.toBe(o.contactId);
    // Signed with their secret, at my URL: refused; my secret does not open theirs either.
    await db.update(channels).set({ secrets: { appSecret: 'segredo-deles', accessToken: 'x' } }).where(eq(channels.id, theirs.channels.whatsapp));
    const payload = t.messagesPayload(from, [metaMessage(from.waId, content.text('forjada'))]);
    expect((await t.post(mine.channels.whatsapp, payload, { secret: 'segredo-deles' })).status).toBe(401);
    expect((await t.post(theirs.channels.whatsapp, payload)).status).toBe(401);
    expect(await inboundOf(mine.channels.whatsapp)).toHaveLength(1);
    expect(await inboundOf(theirs.channels.whatsapp)).toHaveLength(1);
    // And the agents of one never see the other's.
    const me = await h.login(mine.users.supervisor);
    const list = await me.get('/api/v1/conversations?tab=fila');
    expect(list.body.items.map((c: { id: number }) => c.id)).toEqual([m.conversationId]);
  });
});

describe('statuses of the messages Prosa sent', () => {
  async function sentReply(p: Awaited<ReturnType<typeof t.provider>>, waId: string) {
    await t.contactSends(p.channels.whatsapp, { waId, name: 'Status' }, content.text('oi'));
    const [first] = await inboundOf(p.channels.whatsapp);
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
    const reply = await ana.post(`/api/v1/conversations/${first.conversationId}/messages`, { kind: 'text', body: 'Vamos verificar.' });
    await t.run();
    const stored = await t.messageById(reply.body.id);
    expect(stored.status).toBe('sent');
    return stored;
  }

  it('moves a message to delivered and read, and never back, in whatever order Meta reports', async () => {
    const p = await t.provider();
    const reply = await sentReply(p, '5511955550001');
    const wamid = reply.providerMessageId!;
    expect((await t.post(p.channels.whatsapp, t.statuses([status(wamid, 'read', '5511955550001')]))).status).toBe(200);
    expect((await t.messageById(reply.id)).status).toBe('read');
    await t.post(p.channels.whatsapp, t.statuses([status(wamid, 'delivered', '5511955550001'), status(wamid, 'sent', '5511955550001')]));
    await t.post(p.channels.whatsapp, t.statuses([status(wamid, 'failed', '5511955550001', { error: { code: 131026, title: 'Message undeliverable' } })]));
    expect((await t.messageById(reply.id)).status).toBe('read');
  });

  it('marks a message failed with Meta\'s code and title', async () => {
    const p = await t.provider();
    const reply = await sentReply(p, '5511955550002');
    await t.post(p.channels.whatsapp, t.statuses([
      status(reply.providerMessageId!, 'failed', '5511955550002', { error: { code: 131026, title: 'Message undeliverable' } }),
    ]));
    expect(await t.messageById(reply.id)).toMatchObject({ status: 'failed', statusError: '(#131026) Message undeliverable' });
  });

  it('applies a status that arrived before Prosa recorded the message\'s id, a moment later', async () => {
    const p = await t.provider();
    await t.contactSends(p.channels.whatsapp, { waId: '5511955550003', name: 'Apressado' }, content.text('oi'));
    const [first] = await inboundOf(p.channels.whatsapp);
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
    const reply = await ana.post(`/api/v1/conversations/${first.conversationId}/messages`, { kind: 'text', body: 'já vai' });
    // Meta's "delivered" for an id we do not know yet: a worker is still waiting for Meta's answer.
    const wamid = newWamid();
    expect((await t.post(p.channels.whatsapp, t.statuses([status(wamid, 'delivered', '5511955550003')]))).status).toBe(200);
    await db.update(messages).set({ status: 'sent', providerMessageId: wamid }).where(eq(messages.id, reply.body.id));
    await t.makeDue();
    await t.run();
    expect((await t.messageById(reply.body.id)).status).toBe('delivered');
  });

  it('ignores statuses of messages Prosa never sent', async () => {
    const p = await t.provider();
    const answer = await t.post(p.channels.whatsapp, t.statuses([status(newWamid(), 'sent', '5511955550004')]));
    expect(answer.status).toBe(200);
  });
});

describe('hostile items in a signed payload', () => {
  const business = { phoneNumberId: '106540352242922' };
  const text = (body: string) => ({ type: 'text', text: { body } });

  it('keeps the good messages, skips the unreadable ones and answers 200, never 500', async () => {
    const p = await t.provider();
    const good = metaMessage('5511966660001', text('mensagem boa'));
    const badTime = { ...metaMessage('5511966660001', text('data ruim')), timestamp: 'ontem' };
    const hugeTime = { ...metaMessage('5511966660001', text('ano 300000')), timestamp: '9999999999999' };
    const noDigits = metaMessage('abc', text('sem telefone'));
    const nul = metaMessage('5511966660001', text('com\u0000nul e \ud800 solto'));
    const payload = t.messagesPayload({ waId: '5511966660001', name: 'Nina\u0000' }, [good, badTime, hugeTime, nul]);
    const answer = await t.post(p.channels.whatsapp, payload);
    expect(answer.status).toBe(200);
    const noDigitsAnswer = await t.post(p.channels.whatsapp, t.messagesPayload({ waId: 'abc' }, [noDigits, { from: 'x' }]));
    expect(noDigitsAnswer.status).toBe(200);

    const stored = await inboundOf(p.channels.whatsapp);
    expect(stored.map((m) => m.body)).toEqual(['mensagem boa', 'comnul e \ufffd solto']);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, stored[0].contactId));
    expect(contact).toMatchObject({ name: 'Nina', phone: '5511966660001' });
    // No contact with an empty phone was made for "abc".
    const [empty] = await db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(sql`${contacts.phone} = '' OR ${contacts.name} = 'abc'`);
    expect(empty.n).toBe(0);

    // What was skipped is kept for the operator, as it came, and a supervisor reads it.
    const carla = await t.h.login(p.users.supervisor);
    const rejections = await carla.get('/api/v1/webhook-rejections');
    expect(rejections.status).toBe(200);
    const skipped = rejections.body as { itemId: string | null; kind: string; reason: string; item: string }[];
    expect(skipped.map((r) => r.itemId)).toEqual(expect.arrayContaining([badTime.id, hugeTime.id, noDigits.id]));
    expect(skipped.every((r) => r.kind === 'whatsapp.message' && r.reason.length > 0)).toBe(true);
    expect(JSON.parse(skipped.find((r) => r.itemId === badTime.id)!.item)).toEqual(badTime);
    const ana = await t.h.login(p.users.ana);
    expect((await ana.get('/api/v1/webhook-rejections')).status).toBe(403);
    const other = await t.provider();
    const theirs = await (await t.h.login(other.users.supervisor)).get('/api/v1/webhook-rejections');
    expect(theirs.body).toEqual([]);
  });

  it('takes a message dated in the future as written now: the 24-hour window does not stay open for years', async () => {
    const p = await t.provider();
    const future = metaMessage('5511966660002', text('do futuro'), { at: new Date('2100-01-01T00:00:00Z') });
    expect((await t.post(p.channels.whatsapp, t.messagesPayload({ waId: '5511966660002' }, [future]))).status).toBe(200);
    const [stored] = await inboundOf(p.channels.whatsapp);
    expect(stored.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    const [identity] = await db.select().from(contactIdentities).where(eq(contactIdentities.contactId, stored.contactId));
    expect(identity.lastInboundAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('answers 200 to broken statuses and still applies the readable ones', async () => {
    const p = await t.provider();
    const answer = await t.post(p.channels.whatsapp, statusesPayload(business, [
      { id: 'wamid.semdata', status: 'delivered', timestamp: 'agora', recipient_id: '5511966660003' },
      { status: 'read' },
      'não é um status' as unknown as Record<string, unknown>,
      { ...status('wamid.desconhecido', 'read', '5511966660003'), timestamp: '\u0000' },
      status('wamid.futuro', 'failed', '5511966660003', { at: new Date('2200-01-01T00:00:00Z'), error: { code: 131047, title: 'Re-engagement\u0000' } }),
    ]));
    expect(answer.status).toBe(200);
  });
});
