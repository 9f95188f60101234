import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { io as connect, type Socket } from 'socket.io-client';
import type { FastifyInstance } from 'fastify';
import { createHarness } from '../../../test/support/harness.js';
import type { ProviderFixture } from '../../../test/support/fixtures.js';
import { channels, contactIdentities, contacts, messages } from '../../db/schema.js';
import { fileStorageFor } from '../../files/storage.js';
import { buildApp } from '../../http/app.js';
import { runDueJobs } from '../../jobs/worker.js';
import { Bus, type LiveEvent as TypedLiveEvent } from '../../events/bus.js';
import { startGateway, type Gateway } from '../../live/gateway.js';
import type { ChannelAdapter, ChannelDeps } from '../channel.js';
import { DELIVER_MESSAGE, deliveryHandler } from '../delivery.js';
import { createWebchatAdapter, type WebchatOptions } from './adapter.js';
import { visitorIdOf } from './visitors.js';
import { botAsks } from '../../../test/support/bot-asks.js';

/** An event as it comes over the wire, its payload read without narrowing by type. */
type LiveEvent = Omit<TypedLiveEvent, 'payload'> & { payload: Record<string, any> };

const h = await createHarness();
const config = h.app.deps.config;
const storage = fileStorageFor(config);

interface Instance { app: FastifyInstance; url: string; bus: Bus; adapter: ChannelAdapter; gateway?: Gateway }
const instances: Instance[] = [];
const cleanups: (() => unknown)[] = [];

/** A Prosa instance with the web chat, listening on a random port, on this file's database. */
async function startInstance(options: WebchatOptions & { bus?: Bus; gateway?: { redisUrl?: string } } = {}): Promise<Instance> {
  const bus = options.bus ?? h.bus;
  const deps: ChannelDeps = { db: h.database.db, bus, config, storage };
  const adapter = createWebchatAdapter(deps, { limits: { sessionsPerMinute: 1000, messagesPerMinute: 8, ...options.limits }, pollMs: options.pollMs });
  const app = await buildApp({ db: h.database.db, bus, config, channels: [adapter] });
  await app.ready();
  const gateway = options.gateway ? await startGateway(app.server, { db: h.database.db, bus, redisUrl: options.gateway.redisUrl }) : undefined;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const instance = { app, bus, adapter, gateway, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
  instances.push(instance);
  return instance;
}

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  for (const i of instances) {
    await i.gateway?.close();
    await i.app.close();
  }
});

const main = await startInstance();

/** Hands every queued reply to its channel, as the job worker does: passes until nothing is due. */
async function deliver(adapter = main.adapter) {
  const handlers = { [DELIVER_MESSAGE]: deliveryHandler({ db: h.database.db, bus: h.bus, config, storage }, { webchat: adapter }) };
  while ((await runDueJobs({ db: h.database.db, handlers })) > 0);
}

async function call(method: 'GET' | 'POST', path: string, options: { token?: string; body?: unknown; app?: FastifyInstance } = {}) {
  const response = await (options.app ?? main.app).inject({
    method,
    url: path,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
  return { status: response.statusCode, body: response.body ? response.json() : null, headers: response.headers };
}

async function newVisitor(channelId: string, name = 'Maria Visitante', extra: Record<string, string> = {}) {
  const session = await call('POST', `/webchat/${channelId}/session`, { body: { name, ...extra } });
  expect(session.status).toBe(201);
  const token = session.body.token as string;
  return {
    token,
    say: (body: string, clientId?: string) => call('POST', `/webchat/${channelId}/messages`, { token, body: { body, clientId } }),
    history: () => call('GET', `/webchat/${channelId}/messages`, { token }),
  };
}

interface StreamEvent { id?: string; event: string; data: any }

/** Reads a visitor's Server-Sent Events as the widget does: fetch with the token in a header. */
async function openStream(instance: Instance, channelId: string, token: string, after?: number) {
  const controller = new AbortController();
  const response = await fetch(`${instance.url}/webchat/${channelId}/stream`, {
    headers: { authorization: `Bearer ${token}`, ...(after === undefined ? {} : { 'last-event-id': String(after) }) },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const waiters: (() => void)[] = [];
  if (response.ok && response.body) {
    void (async () => {
      let buffer = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = Object.fromEntries(frame.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
            if (fields.event) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
            waiters.splice(0).forEach((wake) => wake());
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  cleanups.push(() => controller.abort());
  return {
    response,
    events,
    /** The first event (already received or still to come) that matches. */
    async next(match: (e: StreamEvent) => boolean, ms = 5000): Promise<StreamEvent> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => controller.abort(),
  };
}

async function conversationOf(p: ProviderFixture, visitorName: string) {
  const carla = await h.login(p.users.supervisor);
  const fila = await carla.get('/api/v1/conversations?tab=fila&limit=100');
  const item = fila.body.items.find((c: any) => c.contact.name === visitorName);
  return { carla, item };
}

/** Carla assumes the visitor's conversation and replies; the reply is queued, not yet delivered. */
async function agentReplies(p: ProviderFixture, visitorName: string, body: string) {
  const { carla, item } = await conversationOf(p, visitorName);
  expect(item, `${visitorName} is in the Fila`).toBeDefined();
  if (item.situacao === 'fila') expect((await carla.post(`/api/v1/conversations/${item.id}/assume`)).status).toBe(200);
  const sent = await carla.post(`/api/v1/conversations/${item.id}/messages`, { kind: 'text', body });
  expect(sent.status).toBe(201);
  return { carla, conversationId: item.id as number, messageId: sent.body.id as number };
}

describe('the widget\'s session', () => {
  it('starts a visit with a name, and keeps only a hash of the token', async () => {
    const p = await h.provider();
    const session = await call('POST', `/webchat/${p.channels.webchat}/session`, { body: { name: '  Joana Dias ', phone: '(11) 98765-4321', email: 'Joana@Exemplo.com.br' } });
    expect(session.status).toBe(201);
    expect(session.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), name: 'Joana Dias' });
    const [identity] = await h.database.db.select().from(contactIdentities).where(eq(contactIdentities.externalId, visitorIdOf(session.body.token)));
    expect(identity.channelId).toBe(p.channels.webchat);
    const [contact] = await h.database.db.select().from(contacts).where(eq(contacts.id, identity.contactId));
    expect(contact).toMatchObject({ providerId: p.providerId, name: 'Joana Dias', phone: '5511987654321', email: 'joana@exemplo.com.br' });
    expect(await h.database.db.select().from(contactIdentities).where(eq(contactIdentities.externalId, session.body.token))).toEqual([]);
  });

  it('refuses a session without a name, or with a malformed phone or e-mail', async () => {
    const p = await h.provider();
    for (const body of [{}, { name: '   ' }, { name: 'Ana', phone: '1234' }, { name: 'Ana', email: 'não-é-email' }]) {
      const answer = await call('POST', `/webchat/${p.channels.webchat}/session`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
    // Optional fields left empty are simply absent.
    expect((await call('POST', `/webchat/${p.channels.webchat}/session`, { body: { name: 'Ana', phone: '', email: '' } })).status).toBe(201);
  });

  it('never links a visitor to the contact who owns the phone they typed', async () => {
    const p = await h.provider();
    await h.inbound(p, { externalId: '5511912340000', phone: '5511912340000', contactName: 'Dono do Número', body: 'segredo do dono' });
    const intruder = await newVisitor(p.channels.webchat, 'Intruso', { phone: '11912340000' });
    await intruder.say('oi');
    const history = await intruder.history();
    expect(history.body.messages.map((m: any) => m.body)).not.toContain('segredo do dono');
  });

  it('answers the widget\'s configuration, and 404 for an unknown channel or one of another kind', async () => {
    const p = await h.provider();
    const config = await call('GET', `/webchat/${p.channels.webchat}/config`);
    expect(config.status).toBe(200);
    expect(config.body).toEqual({ providerName: `Provedor ${p.slug}`, title: 'Chat do site', greeting: 'Olá! Como podemos ajudar?', color: '#0f766e' });
    expect(config.headers['access-control-allow-origin']).toBe('*');
    expect((await call('GET', '/webchat/nao-existe/config')).status).toBe(404);
    expect((await call('GET', `/webchat/${p.channels.whatsapp}/config`)).status).toBe(404);
    expect((await call('POST', `/webchat/${p.channels.whatsapp}/session`, { body: { name: 'Ana' } })).status).toBe(404);
  });

  it('lets a channel name the sites allowed to use it', async () => {
    const p = await h.provider();
    await h.database.db.update(channels).set({ config: { allowedOrigins: ['https://www.provedor.example'] } }).where(eq(channels.id, p.channels.webchat));
    const from = (origin: string) => main.app.inject({ method: 'POST', url: `/webchat/${p.channels.webchat}/session`, headers: { origin }, payload: { name: 'Ana' } });
    expect((await from('https://www.provedor.example')).statusCode).toBe(201);
    const elsewhere = await from('https://copiou-o-chat.example');
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.code).toBe('forbidden');
    // A request that names only its Referer is judged by the Referer's origin.
    const referred = (referer: string) => main.app.inject({ method: 'POST', url: `/webchat/${p.channels.webchat}/session`, headers: { referer }, payload: { name: 'Ana' } });
    expect((await referred('https://copiou-o-chat.example/contato')).statusCode).toBe(403);
    expect((await referred('https://www.provedor.example/planos?x=1')).statusCode).toBe(201);
  });

  it('serves what the widget reads to other sites', async () => {
    const p = await h.provider();
    await h.database.db.update(channels).set({ config: { allowedOrigins: ['https://www.provedor.example'] } }).where(eq(channels.id, p.channels.webchat));
    const config = await main.app.inject({ method: 'GET', url: `/webchat/${p.channels.webchat}/config`, headers: { origin: 'https://www.provedor.example' } });
    expect(config.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('answers the browser\'s CORS preflight', async () => {
    const p = await h.provider();
    const preflight = await main.app.inject({
      method: 'OPTIONS',
      url: `/webchat/${p.channels.webchat}/messages`,
      headers: { origin: 'https://provedor.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/Authorization/);
  });
});

describe("a bot's question with options", () => {
  const MENU = { prompt: 'Como posso ajudar?', options: [{ id: 'boleto', title: '2ª via do boleto' }, { id: 'atendente', title: 'Falar com atendente' }] };

  it('reaches the visitor with its options, in the history and live, and other messages with none', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Bia Menu');
    await visitor.say('oi');
    const stream = await openStream(main, p.channels.webchat, visitor.token);
    const { item } = await conversationOf(p, 'Bia Menu');
    const asked = await botAsks({ db: h.database.db, bus: h.bus, providerId: p.providerId }, item.id, MENU);
    await deliver();
    const live = await stream.next((e) => e.event === 'message' && e.data.id === asked.id);
    expect(live.data).toMatchObject({ authorKind: 'bot', direction: 'out', body: 'Como posso ajudar?\n\n1. 2ª via do boleto\n2. Falar com atendente', choices: MENU });
    const history = (await visitor.history()).body.messages;
    expect(history.find((m: any) => m.id === asked.id).choices).toEqual(MENU);
    const others = history.filter((m: any) => m.id !== asked.id);
    expect(others.map((m: any) => m.body)).toContain('oi');
    expect(others.every((m: any) => m.choices === null)).toBe(true);
  });

  it('reaches a stream that reads it from the feed (another instance delivered it) with its options', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Caio Feed');
    await visitor.say('oi');
    const { item } = await conversationOf(p, 'Caio Feed');
    const asked = await botAsks({ db: h.database.db, bus: h.bus, providerId: p.providerId }, item.id, MENU);
    await deliver();
    // A stream opened from before the question replays it from the feed, not from the adapter's push.
    const stream = await openStream(main, p.channels.webchat, visitor.token, 0);
    const replayed = await stream.next((e) => e.event === 'message' && e.data.id === asked.id);
    expect(replayed.data.choices).toEqual(MENU);
  });

  it('takes the option the visitor pressed as their message, with meta.replyId', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Davi Escolhe');
    const pressed = await call('POST', `/webchat/${p.channels.webchat}/messages`, { token: visitor.token, body: { body: 'Falar com atendente', replyId: 'atendente', clientId: 'escolha-0001' } });
    expect(pressed.status).toBe(201);
    expect(pressed.body).toMatchObject({ direction: 'in', type: 'text', body: 'Falar com atendente', choices: null });
    const [stored] = await h.database.db.select().from(messages).where(eq(messages.id, pressed.body.id));
    expect(stored).toMatchObject({ direction: 'in', authorKind: 'contact', type: 'text', body: 'Falar com atendente', meta: { replyId: 'atendente' } });
    const typed = await visitor.say('só texto');
    const [plain] = await h.database.db.select().from(messages).where(eq(messages.id, typed.body.id));
    expect(plain.meta).toBeNull();
  });

  it('refuses a replyId that is not an option id, with a 400 that says so', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Eva Inventa');
    for (const replyId of ['Boleto', 'x'.repeat(33), '', 'a b', '<script>', 42]) {
      const answer = await call('POST', `/webchat/${p.channels.webchat}/messages`, { token: visitor.token, body: { body: 'Boleto', replyId } });
      expect(answer.status, JSON.stringify(replyId)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(answer.body.error.message).toMatch(typeof replyId === 'string' ? /^Dados inválidos — replyId: só letras minúsculas, números, - e _ \(até 32\)$/ : /replyId/);
    }
    expect(await h.database.db.select().from(messages).where(eq(messages.providerId, p.providerId))).toEqual([]);
  });
});

describe('the visitor writes', () => {
  it('opens a conversation in the Fila with the visitor\'s name', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Rosa Menezes');
    const sent = await visitor.say('Olá, minha internet caiu');
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ direction: 'in', authorKind: 'contact', type: 'text', body: 'Olá, minha internet caiu', status: null });
    const { item } = await conversationOf(p, 'Rosa Menezes');
    expect(item).toMatchObject({ situacao: 'fila', channel: { id: p.channels.webchat, kind: 'webchat' }, lastMessagePreview: 'Olá, minha internet caiu' });
  });

  it('stores a message retried with the same client id once', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Tentativa Dupla');
    const first = await visitor.say('só uma vez', 'abc123def456');
    const again = await visitor.say('só uma vez', 'abc123def456');
    expect(again.body.id).toBe(first.body.id);
    expect((await visitor.history()).body.messages.filter((m: any) => m.body === 'só uma vez')).toHaveLength(1);
  });

  it('sends an image: stored with a thumbnail, shown to the agent, fetched only by its visitor', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Foto Roteador');
    const png = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#dc2626' } }).png().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'roteador.png');
    const upload = await fetch(`${main.url}/webchat/${p.channels.webchat}/files`, { method: 'POST', headers: { authorization: `Bearer ${visitor.token}` }, body: form });
    expect(upload.status).toBe(201);
    const message = await upload.json();
    expect(message).toMatchObject({ direction: 'in', type: 'image', file: { filename: 'roteador.png', mime: 'image/png', kind: 'image' } });
    expect(message.file.thumbnailUrl).toBe(`/webchat/${p.channels.webchat}/files/${message.file.id}/thumbnail`);

    const bytes = await main.app.inject({ method: 'GET', url: message.file.url, headers: { authorization: `Bearer ${visitor.token}` } });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.rawPayload.equals(png)).toBe(true);
    const thumbnail = await main.app.inject({ method: 'GET', url: message.file.thumbnailUrl, headers: { authorization: `Bearer ${visitor.token}` } });
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    const other = await newVisitor(p.channels.webchat, 'Outro Visitante');
    expect((await call('GET', message.file.url, { token: other.token })).status).toBe(404);

    const { carla, item } = await conversationOf(p, 'Foto Roteador');
    const page = await carla.get(`/api/v1/conversations/${item.id}/messages`);
    expect(page.body.messages.find((m: any) => m.type === 'image')).toMatchObject({ file: { filename: 'roteador.png', thumbnailUrl: expect.stringContaining('/thumbnail') } });
  });

  it('limits how fast one visitor may write, without slowing the others', async () => {
    const p = await h.provider();
    const eager = await newVisitor(p.channels.webchat, 'Apressado');
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await eager.say(`mensagem ${i}`)).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(201));
    expect(statuses[8]).toBe(429);
    expect((await eager.say('mais uma')).body.error.code).toBe('rate_limited');
    const calm = await newVisitor(p.channels.webchat, 'Tranquilo');
    expect((await calm.say('oi')).status).toBe(201);
  });

  it('limits new sessions per address', async () => {
    const strict = await startInstance({ limits: { sessionsPerMinute: 2 } });
    const p = await h.provider();
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push((await call('POST', `/webchat/${p.channels.webchat}/session`, { app: strict.app, body: { name: `V${i}` } })).status);
    expect(tries).toEqual([201, 201, 429]);
  });
});

describe('what the visitor sees', () => {
  it('shows their messages and the replies sent — no internal note, nothing pending, no other visitor\'s', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Paulo Histórico');
    await visitor.say('preciso da segunda via');
    const { carla, conversationId } = await agentReplies(p, 'Paulo Histórico', 'Claro, Paulo! Já envio.');
    await carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'nota interna: cliente inadimplente' });

    let bodies = (await visitor.history()).body.messages.map((m: any) => m.body);
    expect(bodies).toEqual(['preciso da segunda via']); // the protocol and the reply are still pending
    await deliver();
    const other = await newVisitor(p.channels.webchat, 'Outra Pessoa');
    await other.say('mensagem de outra pessoa');

    const history = (await visitor.history()).body;
    bodies = history.messages.map((m: any) => m.body);
    // The protocol was queued when the visitor's message opened the attendance: it comes first.
    expect(bodies).toEqual(['preciso da segunda via', expect.stringContaining('protocolo'), 'Claro, Paulo! Já envio.']);
    expect(history.messages[2]).toMatchObject({ direction: 'out', authorKind: 'agent', status: 'sent' });
    expect(history.messages[2]).not.toHaveProperty('authorUserId');
    expect(history.cursor).toBeGreaterThan(0);
    expect(history.name).toBe('Paulo Histórico');
  });

  it("shows the message an agent's reply answers, quoted, without the desk's names", async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Quitéria Citada');
    const asked = await visitor.say('a fatura veio em dobro');
    const { carla, item } = await conversationOf(p, 'Quitéria Citada');
    expect((await carla.post(`/api/v1/conversations/${item.id}/assume`)).status).toBe(200);
    const sent = await carla.post(`/api/v1/conversations/${item.id}/messages`, { kind: 'text', body: 'Vou corrigir.', replyToMessageId: asked.body.id });
    expect(sent.status).toBe(201);
    await deliver();
    const reply = (await visitor.history()).body.messages.find((m: any) => m.body === 'Vou corrigir.');
    expect(reply.quote).toEqual({ messageId: asked.body.id, authorKind: 'contact', authorName: null, type: 'text', excerpt: 'a fatura veio em dobro' });
    expect((await visitor.history()).body.messages.find((m: any) => m.body === 'a fatura veio em dobro').quote).toBeNull();
  });

  it('refuses a forged, missing or unknown token with 401', async () => {
    const p = await h.provider();
    const channel = p.channels.webchat;
    const forged = 'A'.repeat(43);
    for (const token of [forged, 'curto', undefined]) {
      const answer = await call('GET', `/webchat/${channel}/messages`, { token });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthenticated');
    }
    expect((await call('POST', `/webchat/${channel}/messages`, { token: forged, body: { body: 'oi' } })).status).toBe(401);
    const stream = await fetch(`${main.url}/webchat/${channel}/stream`, { headers: { authorization: `Bearer ${forged}` } });
    expect(stream.status).toBe(401);
  });

  it('never mixes providers: a token is good on its own channel only', async () => {
    const mine = await h.provider();
    const theirs = await h.provider();
    const visitor = await newVisitor(mine.channels.webchat, 'Visitante Meu');
    await visitor.say('oi do meu site');
    expect((await call('GET', `/webchat/${theirs.channels.webchat}/messages`, { token: visitor.token })).status).toBe(401);
    expect((await call('POST', `/webchat/${theirs.channels.webchat}/messages`, { token: visitor.token, body: { body: 'oi' } })).status).toBe(401);
    // Their agents never see it; and their visitor's stream never carries it.
    const their = await newVisitor(theirs.channels.webchat, 'Visitante Deles');
    const theirHistory = await their.history();
    const stream = await openStream(main, theirs.channels.webchat, their.token, theirHistory.body.cursor);
    await visitor.say('segunda mensagem do meu site');
    const { item } = await conversationOf(theirs, 'Visitante Meu');
    expect(item).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.events.filter((e) => e.event === 'message')).toEqual([]);
  });
});

describe('live, on the visitor\'s stream', () => {
  it('delivers an agent\'s reply as sent, and records it read when the visitor saw it', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Lia Ao Vivo');
    await visitor.say('alguém aí?');
    const { cursor } = (await visitor.history()).body;
    const stream = await openStream(main, p.channels.webchat, visitor.token, cursor);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const { carla, conversationId, messageId } = await agentReplies(p, 'Lia Ao Vivo', 'Oi, Lia! Sou a Carla.');
    await carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'nota que a Lia nunca vê' });
    await deliver();
    const reply = await stream.next((e) => e.event === 'message' && e.data.id === messageId);
    expect(reply.data).toMatchObject({ direction: 'out', body: 'Oi, Lia! Sou a Carla.', status: 'sent' });
    const [stored] = await h.database.db.select().from(messages).where(eq(messages.id, messageId));
    expect(stored).toMatchObject({ status: 'sent', providerMessageId: `webchat:${messageId}` });

    const read = await call('POST', `/webchat/${p.channels.webchat}/read`, { token: visitor.token, body: { upTo: messageId } });
    expect(read.body.updated).toBeGreaterThanOrEqual(1);
    const page = await carla.get(`/api/v1/conversations/${conversationId}/messages`);
    expect(page.body.messages.find((m: any) => m.id === messageId).status).toBe('read');
    await stream.next((e) => e.event === 'message' && e.data.id === messageId && e.data.status === 'read');
    expect(stream.events.some((e) => JSON.stringify(e.data).includes('nota que a Lia nunca vê'))).toBe(false);
  });

  it('marks replies delivered when the widget got them with the chat closed', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Chat Fechado');
    await visitor.say('oi');
    const { messageId } = await agentReplies(p, 'Chat Fechado', 'Olá!');
    await deliver();
    const delivered = await call('POST', `/webchat/${p.channels.webchat}/delivered`, { token: visitor.token, body: { upTo: messageId } });
    expect(delivered.body.updated).toBeGreaterThanOrEqual(1);
    const [stored] = await h.database.db.select().from(messages).where(eq(messages.id, messageId));
    expect(stored.status).toBe('delivered');
  });

  it('replays what happened after the cursor to a stream that connects late', async () => {
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Chegou Tarde');
    await visitor.say('oi');
    const { cursor } = (await visitor.history()).body;
    const { messageId } = await agentReplies(p, 'Chegou Tarde', 'Resposta enquanto você recarregava');
    await deliver();
    const stream = await openStream(main, p.channels.webchat, visitor.token, cursor);
    expect((await stream.next((e) => e.data.id === messageId)).data.body).toBe('Resposta enquanto você recarregava');
  });

  it('shows the agent typing to the visitor, and the visitor typing to the agents', async () => {
    const live = await startInstance({ gateway: {} });
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Digitando Junto');
    await visitor.say('oi');
    const { conversationId } = await agentReplies(p, 'Digitando Junto', 'Oi!');
    const stream = await openStream(live, p.channels.webchat, visitor.token, (await visitor.history()).body.cursor);

    const carla = await h.login(p.users.supervisor);
    const socket: Socket = connect(live.url, { extraHeaders: { cookie: carla.cookie }, transports: ['websocket'], reconnection: false });
    cleanups.push(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });

    socket.emit('typing', { conversationId });
    expect((await stream.next((e) => e.event === 'typing')).data).toEqual({ name: 'Carla' });

    const agentSees = new Promise<LiveEvent>((resolve) => socket.on('typing', (e: LiveEvent) => e.payload.from === 'contact' && resolve(e)));
    expect((await call('POST', `/webchat/${p.channels.webchat}/typing`, { token: visitor.token, app: live.app })).status).toBe(204);
    expect(await agentSees).toMatchObject({ conversationId, payload: { from: 'contact', name: 'Digitando Junto' } });
  });

  it('ignores typing in a conversation the agent may not see', async () => {
    const live = await startInstance({ gateway: {} });
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Setor Alheio');
    await visitor.say('oi');
    const { item } = await conversationOf(p, 'Setor Alheio'); // in Suporte Técnico
    const stream = await openStream(live, p.channels.webchat, visitor.token, (await visitor.history()).body.cursor);
    const caio = await h.login(p.users.caio); // Comercial only
    const socket: Socket = connect(live.url, { extraHeaders: { cookie: caio.cookie }, transports: ['websocket'], reconnection: false });
    cleanups.push(() => socket.disconnect());
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.emit('typing', { conversationId: item.id });
    await new Promise((r) => setTimeout(r, 400));
    expect(stream.events.filter((e) => e.event === 'typing')).toEqual([]);
  });

  it('reaches a visitor connected to another instance, by reading the feed', async () => {
    const other = await startInstance({ bus: new Bus(), pollMs: 200 });
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Outra Instância');
    await visitor.say('oi');
    const stream = await openStream(other, p.channels.webchat, visitor.token, (await visitor.history()).body.cursor);
    // The reply is stored and delivered through the main instance: its bus never tells the other.
    const { messageId } = await agentReplies(p, 'Outra Instância', 'Resposta pela instância A');
    await deliver();
    expect((await stream.next((e) => e.data.id === messageId && e.data.status === 'sent', 3000)).data.body).toBe('Resposta pela instância A');
  });

  it.runIf(!!process.env.REDIS_URL)('carries the agent\'s typing to a visitor on another instance through Redis', async () => {
    const a = await startInstance({ bus: new Bus(), gateway: { redisUrl: process.env.REDIS_URL } });
    const b = await startInstance({ bus: new Bus(), gateway: { redisUrl: process.env.REDIS_URL } });
    const p = await h.provider();
    const visitor = await newVisitor(p.channels.webchat, 'Via Redis');
    await visitor.say('oi');
    const { item } = await conversationOf(p, 'Via Redis');
    const stream = await openStream(b, p.channels.webchat, visitor.token, (await visitor.history()).body.cursor);
    const carla = await h.login(p.users.supervisor);
    const socket: Socket = connect(a.url, { extraHeaders: { cookie: carla.cookie }, transports: ['websocket'], reconnection: false });
    cleanups.push(() => socket.disconnect());
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.emit('typing', { conversationId: item.id });
    expect((await stream.next((e) => e.event === 'typing')).data).toEqual({ name: 'Carla' });
  });
});
