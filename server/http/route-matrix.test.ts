// Every route the API publishes (its OpenAPI document), asked by every kind of caller, and then fed
// hostile input. A route this file does not know how to fill fails the test: add it to ROUTES.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { selectRows } from '../db/connection.js';
import { channels } from '../db/schema.js';
import { createChannels } from '../channels/index.js';
import { message as metaMessage, messagesPayload, signedWebhook, status as metaStatus, statusesPayload } from '../demo/whatsapp/meta-payloads.js';
import { SECRET_HEADER } from '../channels/telegram/webhook.js';
import { fileStorageFor } from '../files/storage.js';
import { seedAccount, type AccountFixture } from '../../test/support/accounts.js';
import { createHarness } from '../../test/support/harness.js';
import { PASSWORD, WHATSAPP_SECRETS, type ProviderFixture, type UserFixture } from '../../test/support/fixtures.js';
import { buildApp } from './app.js';

const h = await createHarness();
const deps = { db: h.database.db, bus: h.bus, config: h.app.deps.config, storage: fileStorageFor(h.app.deps.config), wake: () => undefined };
const app: FastifyInstance = await buildApp({ ...deps, channels: Object.values(createChannels(deps).adapters) });
await app.ready();
afterAll(() => app.close());

// What only agents of Financeiro (and supervisors, administrators) may ever read.
const SECRET = {
  message: `segredo-financeiro-${randomBytes(4).toString('hex')}`,
  note: `nota-sigilosa-${randomBytes(4).toString('hex')}`,
  file: `arquivo-sigiloso-${randomBytes(4).toString('hex')}`,
};
const TELEGRAM_SECRET = 'segredo-do-webhook-telegram';
// Seconds alone; the bound leaves room for a busy machine (two cores shared with the suite).
const BOUND_MS = 120_000;

interface World {
  p: ProviderFixture;
  theirs: ProviderFixture;
  conversationId: number;
  /** The same contact's earlier conversation, in Suporte. */
  earlierId: number;
  contactId: number;
  fileId: number;
  messageId: number;
  visitorToken: string;
}
let w: World & AccountFixture;

async function inject(options: InjectOptions) {
  const response = await app.inject(options);
  return { status: response.statusCode, text: response.body, headers: response.headers };
}

async function cookieOf(user: UserFixture): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } });
  if (response.statusCode !== 200) throw new Error(`login failed for ${user.email}`);
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

function multipart(filename: string, content: string) {
  const boundary = `matriz${randomBytes(6).toString('hex')}`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  };
}

beforeAll(async () => {
  const p = await h.provider();
  const theirs = await h.provider();
  await h.database.db.update(channels).set({ secrets: { webhookSecret: TELEGRAM_SECRET } }).where(eq(channels.id, p.channels.telegram));
  // A conversation that moved to Financeiro before anything secret was said in it.
  const ext = { externalId: '5511988880001', phone: '5511988880001', contactName: 'Contato da Matriz' };
  const carla = await cookieOf(p.users.supervisor);
  const as = (cookie: string, method: InjectOptions['method'], url: string, payload?: unknown) =>
    inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
  // An earlier conversation in Suporte, which every agent of Suporte may open (and search from).
  const earlier = (await h.inbound(p, { ...ext, body: 'oi, da outra vez' })) as { conversationId: number };
  expect((await as(carla, 'POST', `/api/v1/conversations/${earlier.conversationId}/assume`)).status).toBe(200);
  expect((await as(carla, 'POST', `/api/v1/conversations/${earlier.conversationId}/close`, { motivoId: p.motivos.boleto })).status).toBe(200);
  const { conversationId } = (await h.inbound(p, { ...ext, body: 'oi' })) as { conversationId: number };
  expect((await as(carla, 'POST', `/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.financeiro })).status).toBe(200);
  await h.inbound(p, { ...ext, body: `meu acordo ${SECRET.message}` });
  expect((await as(carla, 'POST', `/api/v1/conversations/${conversationId}/assume`)).status).toBe(200);
  expect((await as(carla, 'POST', `/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: SECRET.note })).status).toBe(201);
  const upload = multipart('acordo.txt', SECRET.file);
  const file = await inject({ method: 'POST', url: '/api/v1/files', headers: { cookie: carla, ...upload.headers }, payload: upload.payload });
  expect(file.status).toBe(201);
  const fileId = JSON.parse(file.text).id as number;
  const sent = await as(carla, 'POST', `/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId });
  expect(sent.status).toBe(201);
  const contactId = JSON.parse((await as(carla, 'GET', `/api/v1/conversations/${conversationId}`)).text).contact.id as number;
  const visitor = await inject({ method: 'POST', url: `/webchat/${p.channels.webchat}/session`, payload: { name: 'Visitante da Matriz' } });
  const account = await seedAccount(h.database.db, p.providerId, { contactId, conversationId });
  w = { p, theirs, conversationId, ...account, earlierId: earlier.conversationId, contactId, fileId, messageId: JSON.parse(sent.text).id, visitorToken: JSON.parse(visitor.text).token };
});

/**
 * How to call a route. `names`: what of provider p the request names — the Financeiro
 * conversation (or something in it), or another of p's records. Public routes do not use the
 * agent's session.
 */
interface Call {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: { headers: Record<string, string>; payload: string };
  names?: 'conversation' | 'provider';
  public?: boolean;
  /** Answers without a session too (logging out twice is fine). */
  sessionOptional?: boolean;
}

const bearer = () => ({ authorization: `Bearer ${w.visitorToken}` });
const c = () => `/api/v1/conversations/${w.conversationId}`;

const ROUTES: Record<string, () => Call> = {
  'GET /api/health': () => ({ url: '/api/health', public: true }),
  'GET /api/ready': () => ({ url: '/api/ready', public: true }),
  'POST /api/v1/auth/login': () => ({ url: '/api/v1/auth/login', body: { email: 'ninguem@matriz.test', password: 'errada' }, public: true }),
  'GET /api/v1/auth/me': () => ({ url: '/api/v1/auth/me' }),
  // The first run is public, and closed once a provider exists (as here): refused, nothing stored.
  'GET /api/v1/installation': () => ({ url: '/api/v1/installation', public: true }),
  'POST /api/v1/installation': () => ({
    url: '/api/v1/installation', public: true,
    body: { provider: { name: 'Provedor Intruso', cnpj: '11222333000181', city: 'Campinas' }, admin: { name: 'Intruso', email: 'intruso@matriz.test', password: 'senha-longa-1' } },
  }),
  'GET /api/v1/conversations': () => ({ url: '/api/v1/conversations?tab=abertos' }),
  'POST /api/v1/conversations': () => ({
    url: '/api/v1/conversations', names: 'conversation',
    body: { contact: { id: w.contactId }, channelId: w.p.channels.whatsapp, sectorId: w.p.sectors.financeiro, body: 'oi' },
  }),
  'GET /api/v1/conversations/{id}': () => ({ url: c(), names: 'conversation' }),
  'PATCH /api/v1/conversations/{id}': () => ({ url: c(), body: { motivoId: w.p.motivos.soFinanceiro }, names: 'conversation' }),
  'GET /api/v1/conversations/{id}/messages': () => ({ url: `${c()}/messages`, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/messages': () => ({ url: `${c()}/messages`, body: { kind: 'note', body: 'da matriz' }, names: 'conversation' }),
  // From the earlier conversation, which the atendente outside Financeiro may open: the history
  // search must still leave the Financeiro one out.
  'GET /api/v1/conversations/{id}/search': () => ({ url: `/api/v1/conversations/${w.earlierId}/search?q=acordo`, names: 'provider' }),
  'GET /api/v1/conversations/{id}/templates': () => ({ url: `${c()}/templates`, names: 'conversation' }),
  'GET /api/v1/conversations/{id}/quick-replies/{quickReplyId}': () => ({ url: `${c()}/quick-replies/${w.p.quickReplyId}`, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/assume': () => ({ url: `${c()}/assume`, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/transfer': () => ({ url: `${c()}/transfer`, body: { toSectorId: w.p.sectors.financeiro }, names: 'conversation' }),
  'PUT /api/v1/conversations/{id}/motivo': () => ({ url: `${c()}/motivo`, body: { motivoId: w.p.motivos.soFinanceiro }, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/tags': () => ({ url: `${c()}/tags`, body: { tagId: w.p.tags.vip }, names: 'conversation' }),
  'DELETE /api/v1/conversations/{id}/tags/{tagId}': () => ({ url: `${c()}/tags/${w.p.tags.vip}`, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/close': () => ({ url: `${c()}/close`, body: { motivoId: w.p.motivos.soFinanceiro }, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/read': () => ({ url: `${c()}/read`, names: 'conversation' }),
  'GET /api/v1/conversations/{id}/account': () => ({ url: `${c()}/account`, names: 'conversation' }),
  'GET /api/v1/conversations/{id}/notas': () => ({ url: `${c()}/notas`, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/boletos': () => ({ url: `${c()}/boletos`, body: { chargeRefs: [w.chargeRef] }, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/notas': () => ({ url: `${c()}/notas`, body: { notaRefs: [w.notaRef] }, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/bonus': () => ({ url: `${c()}/bonus`, body: { contractId: w.contractId, bonus: { kind: 'dias_extras', days: 1 } }, names: 'conversation' }),
  'POST /api/v1/conversations/{id}/service-orders': () => ({
    url: `${c()}/service-orders`, body: { contractId: w.contractId, type: 'Suporte', subject: 'Sem conexão', description: 'da matriz' }, names: 'conversation',
  }),
  'GET /api/v1/contacts': () => ({ url: '/api/v1/contacts?q=Matriz' }),
  'PATCH /api/v1/contacts/{id}': () => ({ url: `/api/v1/contacts/${w.contactId}`, body: { email: 'matriz@cliente.test' }, names: 'provider' }),
  'POST /api/v1/contacts/{id}/block': () => ({ url: `/api/v1/contacts/${w.contactId}/block`, body: { conversationId: w.conversationId }, names: 'conversation' }),
  'DELETE /api/v1/contacts/{id}/block': () => ({ url: `/api/v1/contacts/${w.contactId}/block`, names: 'provider' }),
  'GET /api/v1/blocked-contacts': () => ({ url: '/api/v1/blocked-contacts' }),
  'GET /api/v1/sectors': () => ({ url: '/api/v1/sectors?q=fin' }),
  'POST /api/v1/sectors': () => ({ url: '/api/v1/sectors', body: { name: 'Da matriz', description: 'x', position: 3, attends: false } }),
  'PATCH /api/v1/sectors/{id}': () => ({ url: `/api/v1/sectors/${w.p.sectors.financeiro}`, body: { description: 'da matriz', position: 2 }, names: 'provider' }),
  'GET /api/v1/users': () => ({ url: '/api/v1/users' }),
  'GET /api/v1/users/locked': () => ({ url: '/api/v1/users/locked' }),
  'GET /api/v1/webhook-rejections': () => ({ url: '/api/v1/webhook-rejections' }),
  'POST /api/v1/users/{id}/unlock': () => ({ url: `/api/v1/users/${w.p.users.ana.id}/unlock`, names: 'provider' }),
  'GET /api/v1/channels': () => ({ url: '/api/v1/channels' }),
  'GET /api/v1/channels/{id}/templates': () => ({ url: `/api/v1/channels/${w.p.channels.whatsapp}/templates?contactId=${w.contactId}`, names: 'provider' }),
  'GET /api/v1/tags': () => ({ url: '/api/v1/tags?q=urg' }),
  'GET /api/v1/tags/overview': () => ({ url: '/api/v1/tags/overview?q=v' }),
  'POST /api/v1/tags': () => ({ url: '/api/v1/tags', body: { name: 'Da matriz' } }),
  'PATCH /api/v1/tags/{id}': () => ({ url: `/api/v1/tags/${w.p.tags.vip}`, body: { color: '#123456' }, names: 'provider' }),
  'GET /api/v1/motivos': () => ({ url: '/api/v1/motivos?q=neg' }),
  'POST /api/v1/motivos': () => ({ url: '/api/v1/motivos', body: { name: 'Da matriz', description: 'x', sectorIds: [w.p.sectors.financeiro] }, names: 'provider' }),
  'PATCH /api/v1/motivos/{id}': () => ({
    url: `/api/v1/motivos/${w.p.motivos.soFinanceiro}`, body: { active: true, sectorIds: [w.p.sectors.financeiro] }, names: 'provider',
  }),
  'GET /api/v1/quick-replies': () => ({ url: '/api/v1/quick-replies' }),
  'GET /api/v1/quick-replies/editable': () => ({ url: '/api/v1/quick-replies/editable?q=sauda' }),
  'PATCH /api/v1/quick-replies/{id}': () => ({ url: `/api/v1/quick-replies/${w.p.quickReplyId}`, body: { title: 'Matriz', body: 'Olá, {{cliente.nome}}' }, names: 'provider' }),
  'POST /api/v1/quick-replies': () => ({
    url: '/api/v1/quick-replies', body: { shortcut: 'matriz', title: 'Matriz', body: 'x', sectorId: w.p.sectors.financeiro }, names: 'provider',
  }),
  'GET /api/v1/clients': () => ({ url: '/api/v1/clients?q=a' }),
  'POST /api/v1/files': () => ({ url: '/api/v1/files', raw: multipart('enviado.txt', 'texto') }),
  'GET /api/v1/files/{id}': () => ({ url: `/api/v1/files/${w.fileId}`, names: 'conversation' }),
  'GET /api/v1/files/{id}/thumbnail': () => ({ url: `/api/v1/files/${w.fileId}/thumbnail`, names: 'conversation' }),
  // Supervisors' and administrators': finds the Financeiro secret for them, refuses atendentes.
  'GET /api/v1/messages/search': () => ({ url: `/api/v1/messages/search?q=${SECRET.message}` }),
  'POST /api/v1/messages/{id}/retry': () => ({ url: `/api/v1/messages/${w.messageId}/retry`, names: 'conversation' }),
  // The Financeiro conversation's file message: those who see it are told it has no failed media.
  'POST /api/v1/messages/{id}/media/retry': () => ({ url: `/api/v1/messages/${w.messageId}/media/retry`, names: 'conversation' }),
  'GET /api/v1/feed': () => ({ url: '/api/v1/feed?after=0' }),
  // The visitor's side: another visitor's token naming the Financeiro conversation's file.
  'GET /webchat/{channelId}/config': () => ({ url: `/webchat/${w.p.channels.webchat}/config`, public: true }),
  'POST /webchat/{channelId}/session': () => ({ url: `/webchat/${w.p.channels.webchat}/session`, body: { name: 'Outro visitante' }, public: true }),
  'GET /webchat/{channelId}/messages': () => ({ url: `/webchat/${w.p.channels.webchat}/messages`, headers: bearer(), public: true }),
  'POST /webchat/{channelId}/messages': () => ({ url: `/webchat/${w.p.channels.webchat}/messages`, body: { body: 'olá' }, headers: bearer(), public: true }),
  'POST /webchat/{channelId}/files': () => ({ url: `/webchat/${w.p.channels.webchat}/files`, raw: multipart('v.txt', 'texto'), headers: bearer(), public: true }),
  // A stream with a token never ends; without one it is refused at once.
  'GET /webchat/{channelId}/stream': () => ({ url: `/webchat/${w.p.channels.webchat}/stream`, public: true }),
  'POST /webchat/{channelId}/typing': () => ({ url: `/webchat/${w.p.channels.webchat}/typing`, headers: bearer(), public: true }),
  'POST /webchat/{channelId}/delivered': () => ({ url: `/webchat/${w.p.channels.webchat}/delivered`, body: { upTo: w.messageId }, headers: bearer(), public: true }),
  'POST /webchat/{channelId}/read': () => ({ url: `/webchat/${w.p.channels.webchat}/read`, body: { upTo: w.messageId }, headers: bearer(), public: true }),
  'GET /webchat/{channelId}/files/{id}': () => ({ url: `/webchat/${w.p.channels.webchat}/files/${w.fileId}`, headers: bearer(), public: true }),
  'GET /webchat/{channelId}/files/{id}/thumbnail': () => ({ url: `/webchat/${w.p.channels.webchat}/files/${w.fileId}/thumbnail`, headers: bearer(), public: true }),
  'GET /webhooks/whatsapp/{channelId}': () => ({ url: `/webhooks/whatsapp/${w.p.channels.whatsapp}?hub.mode=subscribe&hub.verify_token=errado&hub.challenge=1`, public: true }),
  'POST /webhooks/whatsapp/{channelId}': () => ({ url: `/webhooks/whatsapp/${w.p.channels.whatsapp}`, body: { object: 'whatsapp_business_account', entry: [] }, public: true }),
  'POST /webhooks/telegram/{channelId}': () => ({ url: `/webhooks/telegram/${w.p.channels.telegram}`, body: { update_id: 1 }, public: true }),
  // Atendentes: the person edited and reset is caio, who is none of the callers, so every caller's session holds.
  'GET /api/v1/team': () => ({ url: '/api/v1/team' }),
  'POST /api/v1/team': () => ({ url: '/api/v1/team', body: { name: 'Nova Pessoa', email: 'nova.pessoa@matriz.test', role: 'atendente', sectorIds: [w.p.sectors.suporte], maxConcurrent: 3 } }),
  'PATCH /api/v1/team/{id}': () => ({ url: `/api/v1/team/${w.p.users.caio.id}`, body: { maxConcurrent: 6 }, names: 'provider' }),
  'POST /api/v1/team/{id}/password-reset': () => ({ url: `/api/v1/team/${w.p.users.caio.id}/password-reset`, names: 'provider' }),
  // A wrong current password: refused, and nobody's password changes.
  'POST /api/v1/auth/password': () => ({ url: '/api/v1/auth/password', body: { currentPassword: 'não é esta', newPassword: 'uma senha nova' } }),
  // Canais: the web chat, whose test asks no outside service.
  'GET /api/v1/channel-settings': () => ({ url: '/api/v1/channel-settings' }),
  'POST /api/v1/channel-settings': () => ({ url: '/api/v1/channel-settings', body: { kind: 'webchat', name: 'Chat da matriz', color: '#123456', greeting: 'Olá', allowedOrigins: [] } }),
  'PATCH /api/v1/channel-settings/{id}': () => ({ url: `/api/v1/channel-settings/${w.p.channels.webchat}`, body: { greeting: 'Olá da matriz' }, names: 'provider' }),
  'POST /api/v1/channel-settings/{id}/test': () => ({ url: `/api/v1/channel-settings/${w.p.channels.webchat}/test`, names: 'provider' }),
  'POST /api/v1/channel-settings/{id}/templates': () => ({ url: `/api/v1/channel-settings/${w.p.channels.whatsapp}/templates`, names: 'provider' }),
  'PUT /api/v1/presence': () => ({ url: '/api/v1/presence', body: { presence: 'pausa', pauseReason: 'Matriz' } }),
  'GET /api/v1/presence': () => ({ url: '/api/v1/presence' }),
  // Configurações do chat: administrators only; each provider reads and saves its own.
  'GET /api/v1/chat-settings': () => ({ url: '/api/v1/chat-settings' }),
  'PUT /api/v1/chat-settings': () => ({
    url: '/api/v1/chat-settings',
    body: { greeting: 'Olá {{cliente.primeiro_nome}}, protocolo {{protocolo}}.', hours: [[], [{ start: '08:00', end: '18:00' }], [], [], [], [], []], holidays: [{ date: '2026-12-25', name: 'Natal' }] },
  }),
  // Administração > Bot: administrators only; the sector and motivo named are p's (another
  // provider's administrator is told they do not exist). The import names them by name: any
  // provider with those names may import it.
  'GET /api/v1/bot': () => ({ url: '/api/v1/bot' }),
  'PUT /api/v1/bot': () => ({
    url: '/api/v1/bot', names: 'provider',
    body: { enabled: true, options: [{ id: 'financeiro', label: 'Falar com o financeiro', action: 'atendente', sectorId: w.p.sectors.financeiro }], timeoutMotivoId: w.p.motivos.semConexao },
  }),
  'GET /api/v1/bot/export': () => ({ url: '/api/v1/bot/export' }),
  'POST /api/v1/bot/import': () => ({
    url: '/api/v1/bot/import',
    body: { format: 'prosa-bot', version: 1, flow: { enabled: true, options: [{ id: 'financeiro', label: 'Falar com o financeiro', action: 'atendente', sector: 'Financeiro' }], timeoutMotivo: 'Sem conexão' } },
  }),
  // Last: it ends the caller's session.
  'POST /api/v1/auth/logout': () => ({ url: '/api/v1/auth/logout', sessionOptional: true }),
};

/** Every operation of the OpenAPI document, as "METHOD /path/{param}". */
function publishedRoutes(): string[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).filter((m) => methods.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
}

function requestOf(key: string, call: Call, cookie: string | null): InjectOptions {
  const method = key.split(' ')[0] as InjectOptions['method'];
  const headers: Record<string, string> = { ...(call.headers ?? {}), ...(call.raw?.headers ?? {}) };
  if (cookie && !call.public) headers.cookie = cookie;
  return { method, url: call.url, headers, ...(call.raw ? { payload: call.raw.payload } : call.body !== undefined ? { payload: call.body as InjectOptions['payload'] } : {}) };
}

describe('the route × caller matrix', () => {
  it('knows how to call every published route', () => {
    const unknown = publishedRoutes().filter((key) => !(key in ROUTES));
    expect(unknown, 'routes the matrix cannot fill: add them to ROUTES').toEqual([]);
    expect(publishedRoutes().length).toBeGreaterThan(50);
  });

  it('leaks nothing to the atendente outside the sector nor to another provider\'s administrator, and never answers 5xx', async () => {
    const { p, theirs } = w;
    const callers: { name: string; user: UserFixture | null; outside: boolean; foreign: boolean }[] = [
      { name: 'no session', user: null, outside: true, foreign: true },
      { name: 'another provider\'s administrador', user: theirs.users.admin, outside: true, foreign: true },
      { name: 'atendente outside Financeiro', user: p.users.ana, outside: true, foreign: false },
      { name: 'atendente of Financeiro', user: p.users.bruno, outside: false, foreign: false },
      { name: 'supervisor', user: p.users.supervisor, outside: false, foreign: false },
      { name: 'administrador', user: p.users.admin, outside: false, foreign: false },
    ];
    const order = publishedRoutes().sort((a, b) => Number(a === 'POST /api/v1/auth/logout') - Number(b === 'POST /api/v1/auth/logout'));
    const problems: string[] = [];
    let calls = 0;
    for (const caller of callers) {
      const cookie = caller.user ? await cookieOf(caller.user) : null;
      for (const key of order) {
        const call = ROUTES[key]();
        const answer = await inject(requestOf(key, call, cookie));
        calls++;
        const where = `${caller.name}: ${key} -> ${answer.status}`;
        if (answer.status >= 500) problems.push(`${where} (5xx) ${answer.text.slice(0, 200)}`);
        if (caller.outside && Object.values(SECRET).some((s) => answer.text.includes(s))) problems.push(`${where} leaks Financeiro's data`);
        // The widget's public routes show the provider's name to anyone, by design.
        if (caller.foreign && !call.public && answer.text.includes(p.slug)) problems.push(`${where} leaks the other provider's data`);
        if (!call.public && !call.sessionOptional && caller.user === null && answer.status !== 401) problems.push(`${where}, expected 401`);
        if (caller.user && caller.outside && call.names === 'conversation' && ![403, 404].includes(answer.status)) problems.push(`${where}, expected 403/404`);
        if (caller.user && caller.foreign && call.names === 'provider' && answer.status !== 404) problems.push(`${where}, expected 404`);
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(300);
    // The Financeiro conversation is still whole for those who may see it.
    const admin = await cookieOf(p.users.admin);
    const page = await inject({ method: 'GET', url: `${c()}/messages`, headers: { cookie: admin } });
    expect(page.text).toContain(SECRET.message);
    expect(page.text).toContain(SECRET.note);
  }, BOUND_MS);
});

// What a hostile or clumsy client sends in place of each value.
// One of each category, to keep the pass within seconds.
const HOSTILE_TEXT = ['a\u0000b', 'x\ud800', '', '+275760-09-13T00:00:00.000Z', "'; DROP TABLE messages; --", '9'.repeat(40), '\u202Egpj.exe'];
const HOSTILE_VALUES: unknown[] = [...HOSTILE_TEXT, 'x'.repeat(5000), -1, 1e308, 2 ** 63, true, null, [], { id: '\u0000' }];
const TABLES = ['messages', 'conversations', 'conversation_events', 'conversation_tags', 'contacts', 'contact_identities', 'contact_blocks', 'tags', 'motivos', 'motivo_sectors', 'quick_replies', 'sectors', 'files', 'jobs', 'feed'];

/** Row counts of every table a request could write: a refused request must leave them as they were. */
async function snapshot(): Promise<string> {
  const [row] = await selectRows(h.database.db, sql.raw(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`));
  return JSON.stringify(row);
}

/** Percent-encoded; a lone surrogate goes as the invalid UTF-8 bytes a broken client would send. */
const encodeSegment = (text: string) =>
  text.split(/([\uD800-\uDFFF])/).map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part))).join('');

/** The filled request with one thing at a time replaced by something hostile. */
function* variants(key: string, call: Call): Generator<{ what: string; call: Call }> {
  const template = key.split(' ')[1].split('/');
  const [path, query = ''] = call.url.split('?');
  const segments = path.split('/');
  for (let i = 0; i < template.length; i++) {
    if (!template[i].startsWith('{')) continue;
    for (const text of HOSTILE_TEXT) {
      const url = [...segments.slice(0, i), encodeSegment(text), ...segments.slice(i + 1)].join('/') + (query ? `?${query}` : '');
      yield { what: `path ${template[i]} = ${JSON.stringify(text).slice(0, 40)}`, call: { ...call, url } };
    }
  }
  const params = new URLSearchParams(query);
  for (const name of [...params.keys(), 'extra']) {
    for (const text of name === 'extra' ? HOSTILE_TEXT.slice(0, 2) : HOSTILE_TEXT) {
      const changed = new URLSearchParams(params);
      changed.set(name, text);
      yield { what: `query ${name} = ${JSON.stringify(text).slice(0, 40)}`, call: { ...call, url: `${path}?${changed}` } };
    }
  }
  if (call.body !== undefined && call.body !== null && typeof call.body === 'object') {
    const body = call.body as Record<string, unknown>;
    for (const field of [...Object.keys(body), 'extra\u0000']) {
      for (const value of field.startsWith('extra') ? HOSTILE_VALUES.slice(0, 2) : HOSTILE_VALUES) {
        yield { what: `body.${field} = ${JSON.stringify(value)?.slice(0, 40)}`, call: { ...call, body: { ...body, [field]: value } } };
      }
    }
    for (const whole of [[], 'texto', {}]) yield { what: `body = ${JSON.stringify(whole)}`, call: { ...call, body: whole } };
  }
}

describe('hostile input on every route', () => {
  it('never answers 5xx, and a refused request stores nothing', async () => {
    const admin = await cookieOf(w.p.users.admin);
    const problems: string[] = [];
    let sent = 0;
    // The stream never ends with a token; logging out would end the pass's session.
    const skipped = new Set(['POST /api/v1/auth/logout']);
    let before = await snapshot();
    for (const key of publishedRoutes().filter((k) => !skipped.has(k))) {
      for (const { what, call } of variants(key, ROUTES[key]())) {
        if (key === 'GET /webchat/{channelId}/stream') call.headers = {};
        const answer = await inject(requestOf(key, call, admin));
        sent++;
        const after = await snapshot();
        if (answer.status >= 500) problems.push(`${key} with ${what} -> ${answer.status} ${answer.text.slice(0, 160)}`);
        else if (answer.status >= 400 && after !== before) problems.push(`${key} with ${what} -> ${answer.status} but stored something`);
        before = after;
      }
    }
    console.log(`fuzz: ${sent} requests`);
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(600);
  }, BOUND_MS);

  it('answers every signed WhatsApp payload with hostile items 200 (or 400 when unreadable), never 5xx', async () => {
    const business = { phoneNumberId: '106540352242922' };
    const from = '5511988880002';
    const text = (body: unknown) => ({ type: 'text', text: { body } });
    const good = () => metaMessage(from, text('boa'));
    const hostileMessages: unknown[] = [
      ...['x', '1e20', '-1', '', '99999999999999', '\u0000'].map((timestamp) => ({ ...good(), timestamp })),
      ...[null, 12, {}, []].map((timestamp) => ({ ...good(), timestamp })),
      ...['', 'abc', '\u0000', '+', '5'.repeat(300), 'x\ud800'].map((sender) => ({ ...metaMessage(sender, text('oi')) })),
      ...HOSTILE_VALUES.map((body) => metaMessage(from, text(body))),
      ...HOSTILE_VALUES.slice(0, 4).map((id) => ({ ...good(), id })),
      ...HOSTILE_VALUES.slice(0, 4).map((type) => ({ ...good(), type })),
      metaMessage(from, { type: 'image', image: { id: '\u0000', mime_type: 'x\ud800', filename: '\u202Eexe.pdf' } }),
      metaMessage(from, { type: 'location', location: { latitude: 'norte', longitude: 1e400 } }),
      metaMessage(from, { type: 'reaction', reaction: { emoji: '\ud83d', message_id: '\u0000' } }),
      'não é uma mensagem', null, 42,
    ];
    const hostileStatuses: unknown[] = [
      ...['x', '1e20', '', null].map((timestamp) => ({ ...metaStatus('wamid.x', 'read', from), timestamp })),
      ...HOSTILE_VALUES.slice(0, 4).map((status) => ({ ...metaStatus('wamid.x', 'read', from), status })),
      ...HOSTILE_VALUES.slice(0, 4).map((id) => ({ ...metaStatus('wamid.x', 'delivered', from), id })),
      { ...metaStatus(`wamid.${w.messageId}`, 'failed', from), errors: [{ code: 'x', title: '\u0000' }] },
      'não é um status', null,
    ];
    const goodIds: string[] = [];
    const payloads: unknown[] = [
      ...hostileMessages.map((m) => {
        const kept = good();
        goodIds.push(kept.id);
        return messagesPayload(business, { waId: from, name: 'Fuzz\u0000' }, [kept, m as Record<string, unknown>]);
      }),
      ...hostileStatuses.map((st) => statusesPayload(business, [st as Record<string, unknown>])),
      messagesPayload({ phoneNumberId: '\u0000' }, { waId: from }, [good()]),
      { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { metadata: null } }] }] },
      { object: '\u0000', entry: 'x' },
      [],
    ];
    const problems: string[] = [];
    for (const payload of payloads) {
      const signed = signedWebhook(payload, WHATSAPP_SECRETS.appSecret);
      const answer = await inject({ method: 'POST', url: `/webhooks/whatsapp/${w.p.channels.whatsapp}`, headers: signed.headers, payload: signed.body });
      if (![200, 400].includes(answer.status)) problems.push(`${answer.status} for ${signed.body.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
    // The good message of each payload was kept, once.
    const kept = await selectRows<{ id: string }>(h.database.db, sql`
      SELECT provider_message_id AS id FROM messages WHERE provider_message_id IN (${sql.join(goodIds.map((id) => sql`${id}`), sql`, `)})`);
    expect(kept.map((m) => m.id).sort()).toEqual([...goodIds].sort());
    const [empty] = await selectRows<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM contacts WHERE phone = '' OR phone IS NULL AND name = ''`);
    expect(Number(empty.n)).toBe(0);
  }, BOUND_MS);

  it('answers every Telegram update with hostile fields without a 5xx', async () => {
    const update = (message: Record<string, unknown>) => ({
      update_id: 1,
      message: { message_id: 1, chat: { id: 4242, type: 'private', first_name: 'Fuzz' }, from: { id: 4242, first_name: 'Fuzz' }, date: Math.floor(Date.now() / 1000), text: 'oi', ...message },
    });
    const updates: unknown[] = [
      ...[1e15, -1, 0, 2 ** 53, 1.5, '\u0000'].map((date) => update({ date })),
      ...HOSTILE_VALUES.map((t) => update({ text: t })),
      ...HOSTILE_VALUES.map((name) => update({ from: { id: 4243, first_name: name }, chat: { id: 4243, type: 'private', first_name: name } })),
      ...[2 ** 63, -1, 1.5, '1'].map((id) => update({ chat: { id, type: 'private' } })),
      update({ document: { file_id: '\u0000', file_unique_id: 'x', file_name: '\u202Eexe.pdf', mime_type: 'x\ud800' } }),
      { update_id: '\u0000' }, [], null,
    ];
    const problems: string[] = [];
    for (const body of updates) {
      const answer = await inject({
        method: 'POST', url: `/webhooks/telegram/${w.p.channels.telegram}`,
        headers: { [SECRET_HEADER]: TELEGRAM_SECRET, 'content-type': 'application/json' }, payload: JSON.stringify(body),
      });
      if (answer.status >= 500) problems.push(`${answer.status} for ${JSON.stringify(body).slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
  }, BOUND_MS);
});
