// Configurações do chat: the messages Prosa sends by itself, with their variables, and the business
// hours that decide when a subscriber gets the out-of-hours message. The clock is the time the
// subscriber wrote (a message's sentAt), so hours are tested at any minute without waiting.
import { describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { messages } from '../db/schema.js';
import { createHarness } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';
import { closedSince } from './business-hours.js';
import { ChatSettingsShape } from '../../api/shapes.js';

const h = await createHarness();

const WEEK = [
  [], // domingo
  [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
  [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
  [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
  [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
  [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
  [{ start: '08:00', end: '12:00' }], // sábado
];
const OUT_OF_HOURS = 'Olá, {{cliente.primeiro_nome}}! Estamos fora do horário; seu protocolo é {{protocolo}}.';
const HOLIDAY = { date: '2026-11-20', name: 'Consciência Negra' }; // a Friday

/** A moment in São Paulo (UTC−3, no daylight saving since 2019). */
const sp = (local: string) => new Date(`${local}:00-03:00`);

async function withHours(p: ProviderFixture, extra: Record<string, unknown> = {}) {
  const admin = await h.login(p.users.admin);
  const saved = await admin.request('PUT', '/api/v1/chat-settings', { hours: WEEK, holidays: [HOLIDAY], outOfHoursMessage: OUT_OF_HOURS, ...extra });
  expect(saved.status).toBe(200);
  return admin;
}

async function outOfHoursSent(conversationId: number) {
  return h.database.db.select({ body: messages.body }).from(messages)
    .where(and(eq(messages.conversationId, conversationId), sql`${messages.meta} ? 'outOfHoursSince'`))
    .orderBy(asc(messages.id));
}

let phones = 0;
const writes = (p: ProviderFixture, at: string, externalId = `55119700${String(++phones).padStart(5, '0')}`) =>
  h.inbound(p, { externalId, phone: externalId, contactName: 'Maria da Silva', body: 'alguém aí?', sentAt: sp(at) }) as Promise<{ conversationId: number }>;

describe('Configurações do chat: the messages Prosa sends by itself', () => {
  it('fills the variables of the greeting when a conversation opens and of the closing message when it is closed', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const saved = await admin.request('PUT', '/api/v1/chat-settings', {
      greeting: 'Oi {{cliente.primeiro_nome}}! Aqui é {{atendente.nome}}. Protocolo {{protocolo}}.',
      closingMessage: 'Obrigado, {{cliente.nome}}! {{atendente.nome}} encerrou o protocolo {{protocolo}}.',
    });
    expect(saved.status).toBe(200);
    // Now: a week-old message would have closed WhatsApp's 24-hour window, and no closing message goes then.
    const { conversationId } = (await h.inbound(p, { externalId: '5511970012345', contactName: 'Maria da Silva' })) as { conversationId: number };
    const ana = await h.login(p.users.ana);
    expect((await ana.post(`/api/v1/conversations/${conversationId}/assume`)).status).toBe(200);
    expect((await ana.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.boleto })).status).toBe(200);

    const page = await ana.get(`/api/v1/conversations/${conversationId}/messages`);
    const protocolo = (await ana.get(`/api/v1/conversations/${conversationId}`)).body.protocolo;
    const system = page.body.messages.filter((m: { authorKind: string }) => m.authorKind === 'system').map((m: { body: string }) => m.body);
    expect(system).toEqual([
      // No agent has it yet when it opens: the provider speaks.
      `Oi Maria! Aqui é Provedor ${p.slug}. Protocolo ${protocolo}.`,
      `Obrigado, Maria da Silva! Ana Souza encerrou o protocolo ${protocolo}.`,
    ]);
  });

  it('refuses, in Portuguese, variables it cannot fill and a greeting without the protocolo, and keeps what was saved', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const unknown = await admin.request('PUT', '/api/v1/chat-settings', { closingMessage: 'Tchau {{cliente.apelido}} e {{nome_da_mae}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('Variáveis desconhecidas: {{cliente.apelido}}, {{nome_da_mae}}');
    const noProtocol = await admin.request('PUT', '/api/v1/chat-settings', { greeting: 'Olá!' });
    expect(noProtocol.status).toBe(400);
    expect(noProtocol.body.error.message).toContain('inclua {{protocolo}}');
    const badHours = await admin.request('PUT', '/api/v1/chat-settings', { hours: [[], [{ start: '13:00', end: '12:00' }], [], [], [], [], []] });
    expect(badHours.status).toBe(400);
    const overlapping = await admin.request('PUT', '/api/v1/chat-settings', {
      hours: [[], [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '18:00' }], [], [], [], [], []],
    });
    expect(overlapping.status).toBe(400);
    const now = await admin.get('/api/v1/chat-settings');
    expect(now.body).toEqual({ ...ChatSettingsShape.parse({}), chatEnabled: true });
  });

  it('is for administrators only, and each provider keeps its own', async () => {
    const p = await h.provider();
    const theirs = await h.provider();
    for (const user of [p.users.supervisor, p.users.ana]) {
      const client = await h.login(user);
      expect((await client.get('/api/v1/chat-settings')).status).toBe(403);
      expect((await client.request('PUT', '/api/v1/chat-settings', { outOfHoursMessage: 'de outro perfil' })).status).toBe(403);
    }
    await withHours(p);
    const theirAdmin = await h.login(theirs.users.admin);
    expect((await theirAdmin.get('/api/v1/chat-settings')).body).toMatchObject({ hours: null, holidays: [], outOfHoursMessage: ChatSettingsShape.parse({}).outOfHoursMessage });
    const { conversationId } = await writes(theirs, '2026-11-29 10:00');
    expect(await outOfHoursSent(conversationId)).toEqual([]);
  });
});

describe('Configurações do chat: the chat module', () => {
  it('tells an administrator whose provider has not hired the chat that it is off, and saves nothing for it', async () => {
    const p = await h.provider(undefined, { chatEnabled: false });
    const admin = await h.login(p.users.admin);
    expect((await admin.get('/api/v1/chat-settings')).body).toMatchObject({ chatEnabled: false });
    const saved = await admin.request('PUT', '/api/v1/chat-settings', { outOfHoursMessage: 'Fechado.' });
    expect(saved.status).toBe(403);
    expect(saved.body.error.code).toBe('module_not_enabled');
    // chatEnabled is not a setting: sent in the body, it is not taken.
    const on = await h.login((await h.provider()).users.admin);
    expect((await on.request('PUT', '/api/v1/chat-settings', { chatEnabled: false })).status).toBe(200);
    expect((await on.get('/api/v1/chat-settings')).body.chatEnabled).toBe(true);
  });
});

describe('Configurações do chat: business hours and the out-of-hours message', () => {
  it('answers once per closed period, not during hours, and leaves the conversation in the Fila', async () => {
    const p = await h.provider();
    const admin = await withHours(p);
    const phone = '5511970099999';
    const { conversationId } = await writes(p, '2026-11-30 10:00', phone); // Monday, open
    expect(await outOfHoursSent(conversationId)).toEqual([]);
    await writes(p, '2026-11-30 12:00', phone); // lunch: closed from its first minute
    const [sent] = await outOfHoursSent(conversationId);
    expect(sent.body).toMatch(/^Olá, Maria! Estamos fora do horário; seu protocolo é [\d-]+\.$/);
    await writes(p, '2026-11-30 12:59', phone); // same closed period: not again
    await writes(p, '2026-11-30 13:00', phone); // open again
    await writes(p, '2026-11-30 17:59', phone);
    expect(await outOfHoursSent(conversationId)).toHaveLength(1);
    await writes(p, '2026-11-30 18:00', phone); // a new closed period: once more
    await writes(p, '2026-11-30 23:30', phone);
    await writes(p, '2026-12-01 07:59', phone); // still the night's period
    await writes(p, '2026-12-01 08:00', phone);
    expect(await outOfHoursSent(conversationId)).toHaveLength(2);
    const conversation = await admin.get(`/api/v1/conversations/${conversationId}`);
    expect(conversation.body.situacao).toBe('fila');
    expect(conversation.body.unreadCount).toBe(9);
  });

  it('says nothing out of hours in a conversation an agent is attending', async () => {
    const p = await h.provider();
    await withHours(p);
    const phone = '5511970088888';
    const { conversationId } = await writes(p, '2026-11-30 17:00', phone);
    const ana = await h.login(p.users.ana);
    expect((await ana.post(`/api/v1/conversations/${conversationId}/assume`)).status).toBe(200);
    await writes(p, '2026-11-30 19:00', phone);
    expect(await outOfHoursSent(conversationId)).toEqual([]);
  });

  it('keeps Sunday and holidays closed all day', async () => {
    const p = await h.provider();
    await withHours(p);
    for (const at of ['2026-11-29 10:00', '2026-11-20 10:00', '2026-11-20 15:00']) {
      const { conversationId } = await writes(p, at);
      expect(await outOfHoursSent(conversationId), at).toHaveLength(1);
    }
    const { conversationId } = await writes(p, '2026-11-19 15:00'); // the Thursday before: open
    expect(await outOfHoursSent(conversationId)).toEqual([]);
  });

  it('sends nothing when no hours are set (always open), nor when the message is empty', async () => {
    const p = await h.provider();
    const { conversationId } = await writes(p, '2026-11-29 03:00');
    expect(await outOfHoursSent(conversationId)).toEqual([]);
    await withHours(p, { outOfHoursMessage: '' });
    const other = await writes(p, '2026-11-29 03:00');
    expect(await outOfHoursSent(other.conversationId)).toEqual([]);
  });

  it('dates a closed period by the end of the last interval, past closed days and holidays', () => {
    const settings = ChatSettingsShape.parse({ hours: WEEK, holidays: [HOLIDAY] });
    expect(closedSince(settings, sp('2026-11-30 07:59'))).toBe('2026-11-28 12:00'); // Monday before 8: since Saturday noon
    expect(closedSince(settings, sp('2026-11-21 09:00'))).toBeNull(); // Saturday morning: open
    expect(closedSince(settings, sp('2026-11-20 23:00'))).toBe('2026-11-19 18:00'); // the holiday counts as closed
    expect(closedSince(ChatSettingsShape.parse({ hours: [[], [], [], [], [], [], []] }), sp('2026-11-20 23:00'))).toBe('sem-abertura');
    expect(closedSince(ChatSettingsShape.parse({}), sp('2026-11-20 23:00'))).toBeNull();
  });
});
