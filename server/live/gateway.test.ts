import { afterAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.js';
import { buildApp } from '../http/app.js';
import { Bus, type LiveEvent as TypedLiveEvent } from '../events/bus.js';
import { startGateway, type Gateway } from './gateway.js';
import { registry } from '../metrics/metrics.js';
import { createHarness, type Client } from '../../test/support/harness.js';
import { endUserSessions } from '../desk/end-user-sessions.js';
import { markAbsentOffline } from '../desk/presence-sweep.js';
import { conversations, users } from '../db/schema.js';
import { eq, sql } from 'drizzle-orm';
import type { UserFixture } from '../../test/support/fixtures.js';

/** An event as it comes over the wire, its payload read without narrowing by type. */
type LiveEvent = Omit<TypedLiveEvent, 'payload'> & { payload: Record<string, any> };

const h = await createHarness();

interface Instance { app: FastifyInstance; gateway: Gateway; bus: Bus; url: string }
const instances: Instance[] = [];
const sockets: Socket[] = [];

/**
 * A whole Prosa instance listening on a random port, on the test file's database. By default it
 * shares the harness's bus, as the HTTP app and the use cases of one process do.
 */
async function startInstance(redisUrl?: string, bus: Bus = h.bus): Promise<Instance> {
  const app = await buildApp({ db: h.database.db, bus, config: loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv) });
  await app.ready();
  const gateway = await startGateway(app.server, { db: h.database.db, bus, redisUrl });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  const instance = { app, gateway, bus, url: `http://127.0.0.1:${address.port}` };
  instances.push(instance);
  return instance;
}

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const i of instances) {
    await i.gateway.close();
    await i.app.close();
  }
});

async function agentSocket(instance: Instance, user: UserFixture, client?: Client): Promise<Socket> {
  client ??= await h.login(user);
  const socket = connect(instance.url, { extraHeaders: { cookie: client.cookie }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

function nextEvent(socket: Socket, type: string, match: (e: LiveEvent) => boolean = () => true, ms = 5000): Promise<LiveEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${ms} ms`)), ms);
    const listener = (event: LiveEvent) => {
      if (!match(event)) return;
      clearTimeout(timer);
      socket.off(type, listener);
      resolve(event);
    };
    socket.on(type, listener);
  });
}

/** Collects every event of a type for a while: to prove one did NOT arrive. */
function collect(socket: Socket, type: string) {
  const seen: LiveEvent[] = [];
  socket.on(type, (e: LiveEvent) => seen.push(e));
  return seen;
}

describe('live events on Socket.IO', () => {
  it('refuses a socket without a valid session', async () => {
    const instance = await startInstance();
    const socket = connect(instance.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: 'prosa_session=forjado' } });
    sockets.push(socket);
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthenticated');
  });

  it('delivers a new message and the conversation change to the agents of its sector only', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const ana = await agentSocket(instance, p.users.ana); // Suporte Técnico
    const caio = await agentSocket(instance, p.users.caio); // Comercial
    const carla = await agentSocket(instance, p.users.supervisor);
    const caioSaw = collect(caio, 'message.created');

    const anaGets = nextEvent(ana, 'message.created', (e) => (e.payload.message as { body: string }).body === 'minha internet caiu');
    const carlaGets = nextEvent(carla, 'conversation.created');
    const result = (await h.inbound(p, { externalId: '5511944440001', contactName: 'Lúcia Prado', body: 'minha internet caiu' })) as { conversationId: number };

    const event = await anaGets;
    expect(event).toMatchObject({ providerId: p.providerId, conversationId: result.conversationId, sectorId: p.sectors.suporte });
    expect((await carlaGets).payload.conversation).toMatchObject({ id: result.conversationId, situacao: 'fila', contact: { name: 'Lúcia Prado' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(caioSaw).toEqual([]);
  });

  it('counts its sockets and times a contact\'s message from stored to sent to them, for /metrics', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    // A gauge's value, or a histogram's count of observations.
    const value = async (name: string) => {
      const values = (await registry.getSingleMetric(name)!.get()).values as { value: number; metricName?: string }[];
      return values.find((v) => v.metricName === undefined || v.metricName === `${name}_count`)?.value ?? 0;
    };
    const socketsBefore = await value('prosa_sockets_connected');
    const timedBefore = await value('prosa_inbound_to_socket_seconds');
    const ana = await agentSocket(instance, p.users.ana);
    expect(await value('prosa_sockets_connected')).toBe(socketsBefore + 1);
    const arrives = nextEvent(ana, 'message.created', (e) => (e.payload.message as { body: string }).body === 'medido');
    await h.inbound(p, { externalId: '5511944440099', body: 'medido' });
    await arrives;
    expect(await value('prosa_inbound_to_socket_seconds')).toBeGreaterThan(timedBefore);
    ana.disconnect();
    await expect.poll(() => value('prosa_sockets_connected')).toBe(socketsBefore);
  });

  it('tells its responsável of a conversation in a sector they are not in, and nobody else outside it', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511944440009', contactName: 'Rita Moraes' })) as { conversationId: number };
    // Ana (Suporte) attends it; it is moved to Financeiro with her still its responsável.
    await h.database.db.update(conversations).set({ situacao: 'chat', responsavelId: p.users.ana.id, sectorId: p.sectors.financeiro }).where(eq(conversations.id, conversationId));
    const ana = await agentSocket(instance, p.users.ana);
    const caio = await agentSocket(instance, p.users.caio);
    const caioSaw: unknown[] = [];
    caio.on('conversation.updated', (e: LiveEvent) => caioSaw.push(e));
    const anaHears = nextEvent(ana, 'conversation.updated', (e) => e.conversationId === conversationId);
    await h.inbound(p, { externalId: '5511944440009', body: 'ainda sem internet' });
    expect((await anaHears).payload.conversation).toMatchObject({ id: conversationId, lastMessagePreview: 'ainda sem internet', responsavel: { id: p.users.ana.id } });
    await new Promise((r) => setTimeout(r, 200));
    expect(caioSaw).toEqual([]);
  });

  it('tells everyone watching that a conversation was assumed, with counts to refresh', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511944440002' })) as { conversationId: number };
    const bruno = await agentSocket(instance, p.users.bruno);
    const updated = nextEvent(bruno, 'conversation.updated', (e) => e.conversationId === conversationId);
    const counts = nextEvent(bruno, 'counts.changed');
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${conversationId}/assume`);
    expect((await updated).payload.conversation).toMatchObject({ situacao: 'chat', responsavel: { id: p.users.ana.id } });
    await counts;
  });

  it('lets a client that was away catch up from the last event id it saw', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const socket = await agentSocket(instance, p.users.ana);
    const head = (await socket.emitWithAck('head', {})) as { id: number };
    socket.disconnect();

    await h.inbound(p, { externalId: '5511944440003', body: 'enquanto você estava fora' });
    const again = await agentSocket(instance, p.users.ana);
    const missed = (await again.emitWithAck('catchup', { after: head.id })) as { events: LiveEvent[]; more: boolean };
    expect(missed.more).toBe(false);
    expect(missed.events.map((e) => e.type)).toEqual(expect.arrayContaining(['conversation.created', 'message.created']));
    expect(missed.events.every((e) => e.id > head.id)).toBe(true);
    const bodies = missed.events.filter((e) => e.type === 'message.created').map((e) => (e.payload.message as { body: string }).body);
    expect(bodies).toContain('enquanto você estava fora');
    // The same catch-up over HTTP.
    const client = await h.login(p.users.ana);
    const overHttp = await client.get(`/api/v1/feed?after=${head.id}`);
    expect(overHttp.body.events.map((e: LiveEvent) => e.id)).toEqual(missed.events.map((e) => e.id));
    expect((await again.emitWithAck('catchup', { after: 'ontem' })) as object).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it.runIf(!!process.env.REDIS_URL)('carries events between two instances through Redis', async () => {
    const a = await startInstance(process.env.REDIS_URL, new Bus());
    const b = await startInstance(process.env.REDIS_URL, new Bus());
    const p = await h.provider();
    const onB = await agentSocket(b, p.users.ana);
    const arrives = nextEvent(onB, 'message.created', (e) => (e.payload.message as { body: string }).body === 'via instância A');
    // The message is received by instance A (its bus), the agent is connected to instance B.
    const { receiveMessage } = await import('../desk/receive-message.js');
    await receiveMessage({ db: h.database.db, bus: a.bus, providerId: p.providerId }, {
      channelId: p.channels.whatsapp, externalId: '5511944440004', contactName: 'Débora', type: 'text', body: 'via instância A',
    });
    expect((await arrives).providerId).toBe(p.providerId);
  });

  it('takes a socket out of a conversation\'s room once the conversation moves where its agent may not see it', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511944440010', body: 'oi' })) as { conversationId: number };
    const ana = await agentSocket(instance, p.users.ana); // Suporte only
    const bruno = await agentSocket(instance, p.users.bruno); // Suporte and Financeiro
    expect(await ana.emitWithAck('conversation.join', { id: conversationId })).toEqual({ ok: true });
    expect(await bruno.emitWithAck('conversation.join', { id: conversationId })).toEqual({ ok: true });
    const anaSaw = collect(ana, 'message.created');

    const carla = await h.login(p.users.supervisor);
    expect((await carla.post(`/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.financeiro })).status).toBe(200);
    const brunoGets = nextEvent(bruno, 'message.created', (e) => (e.payload.message as { body: string }).body === 'acordo de débito');
    await carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'acordo de débito' });
    await brunoGets;
    await new Promise((r) => setTimeout(r, 200));
    expect(anaSaw).toEqual([]);
    // Nor can the socket walk back in.
    expect(await ana.emitWithAck('conversation.join', { id: conversationId })).toEqual({ ok: false });
  });

  it('asks who is in a conversation\'s room again only when who may see it changed, by a version that only grows', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const versions: number[] = [];
    let conversationId = 0;
    const stop = h.bus.subscribe((e) => {
      if (e.conversationId === conversationId && e.type === 'conversation.updated') versions.push(e.accessVersion!);
    });
    const asked: string[] = [];
    const ask = instance.gateway.io.in.bind(instance.gateway.io);
    instance.gateway.io.in = ((room: string | string[]) => {
      asked.push(String(room));
      return ask(room);
    }) as typeof instance.gateway.io.in;
    try {
      ({ conversationId } = (await h.inbound(p, { externalId: '5511944440040', body: 'oi' })) as { conversationId: number });
      const ana = await agentSocket(instance, p.users.ana);
      expect(await ana.emitWithAck('conversation.join', { id: conversationId })).toEqual({ ok: true });
      const anaGets = nextEvent(ana, 'message.created', (e) => (e.payload.message as { body: string }).body === 'mensagem 3');
      for (let i = 1; i <= 3; i++) await h.inbound(p, { externalId: '5511944440040', body: `mensagem ${i}` });
      await anaGets;
      const ofRoom = () => asked.filter((room) => room.endsWith(`:c:${conversationId}`)).length;
      // Three messages, each with its conversation.updated, at one version: the room was asked once.
      const before = versions.length;
      expect(before).toBeGreaterThanOrEqual(3);
      expect(versions.every((v) => v === 0)).toBe(true);
      expect(ofRoom()).toBe(1);

      const carla = await h.login(p.users.supervisor);
      const bruno = await h.login(p.users.bruno);
      expect((await bruno.post(`/api/v1/conversations/${conversationId}/assume`)).status).toBe(200);
      expect((await carla.post(`/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.financeiro })).status).toBe(200);
      expect((await carla.post(`/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.suporte })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      // Each change of responsável or sector is a new version, also the one back to where it was.
      expect(new Set(versions.slice(before)).size).toBeGreaterThanOrEqual(3);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(ofRoom()).toBeGreaterThanOrEqual(4);
    } finally {
      stop();
    }
  });

  it('delivers events in the order they were published, whatever conversations they are about', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const carla = await agentSocket(instance, p.users.supervisor);
    // Published after each commit: on PostgreSQL two transactions may commit in another order than
    // their feed ids were given, so the order to keep is the bus's (see the closing note of issue 16).
    const published: number[] = [];
    const stop = h.bus.subscribe((e) => {
      if (e.providerId === p.providerId && e.id > 0) published.push(e.id);
    });
    const seen: number[] = [];
    let fromContacts = 0;
    carla.onAny((_type: string, e: LiveEvent) => {
      seen.push(e.id);
      if (e.type === 'message.created' && (e.payload.message as { authorKind: string }).authorKind === 'contact') fromContacts++;
    });
    try {
      // Several contacts writing at once: a conversation event may wait for its room's re-check.
      const writes = Array.from({ length: 24 }, (_, i) => h.inbound(p, { externalId: `55119444402${String(i % 6).padStart(2, '0')}`, body: `mensagem ${i}` }));
      await Promise.all(writes);
      const deadline = Date.now() + 5_000;
      while (fromContacts < 24 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      stop();
    }
    expect(fromContacts).toBe(24);
    expect(seen.length).toBeGreaterThan(24 * 2);
    expect(seen).toEqual(published.filter((id) => seen.includes(id)));
  });

  it('still tells an agent watching a conversation of the message written just before it moved away from them', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511944440030', body: 'oi' })) as { conversationId: number };
    const ana = await agentSocket(instance, p.users.ana); // Suporte only
    expect(await ana.emitWithAck('conversation.join', { id: conversationId })).toEqual({ ok: true });
    const anaSaw = collect(ana, 'message.created');
    const carla = await h.login(p.users.supervisor);
    // The note and the transfer right after it: the note's event goes out before the room is re-checked.
    const [note, transfer] = await Promise.all([
      carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'antes da transferência' }),
      new Promise((r) => setTimeout(r, 5)).then(() => carla.post(`/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.financeiro })),
    ]);
    expect(note.status).toBe(201);
    expect(transfer.status).toBe(200);
    await carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'depois da transferência' });
    await new Promise((r) => setTimeout(r, 300));
    const bodies = anaSaw.map((e) => (e.payload.message as { body: string }).body);
    expect(bodies).toContain('antes da transferência');
    expect(bodies).not.toContain('depois da transferência');
  });

  it('ends the sockets of a session at logout, and only that session\'s', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const first = await h.login(p.users.ana);
    const leaving = await agentSocket(instance, p.users.ana, first);
    const staying = await agentSocket(instance, p.users.ana);
    const ended = new Promise<string>((resolve) => leaving.once('disconnect', resolve));
    expect((await first.post('/api/v1/auth/logout')).status).toBe(204);
    expect(await ended).toBe('io server disconnect');
    expect(staying.connected).toBe(true);
    expect(await staying.emitWithAck('head', {})).toMatchObject({ id: expect.any(Number) });
  });

  it('ends every socket and session of a user whose access changed (endUserSessions)', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const client = await h.login(p.users.bruno);
    const one = await agentSocket(instance, p.users.bruno, client);
    const two = await agentSocket(instance, p.users.bruno);
    const ana = await agentSocket(instance, p.users.ana);
    const ends = [one, two].map((s) => new Promise<string>((resolve) => s.once('disconnect', resolve)));
    await endUserSessions({ db: h.database.db, bus: h.bus, providerId: p.providerId }, { userId: p.users.bruno.id });
    expect(await Promise.all(ends)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(ana.connected).toBe(true);
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
    // The old cookie opens no new socket either.
    const again = connect(instance.url, { extraHeaders: { cookie: client.cookie }, transports: ['websocket'], reconnection: false });
    sockets.push(again);
    expect((await new Promise<Error>((resolve) => again.once('connect_error', resolve))).message).toBe('unauthenticated');
  });

  it('gives the atendente outside the sector and another provider\'s administrator nothing of a Financeiro conversation', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const theirs = await h.provider();
    const carla = await h.login(p.users.supervisor);
    const { conversationId } = (await h.inbound(p, { externalId: '5511944440020', body: 'oi' })) as { conversationId: number };
    await carla.post(`/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.financeiro });
    const outsiders = [await agentSocket(instance, p.users.ana), await agentSocket(instance, theirs.users.admin)];
    const insider = await agentSocket(instance, p.users.bruno);
    const heard: unknown[] = [];
    for (const socket of outsiders) {
      expect(await socket.emitWithAck('conversation.join', { id: conversationId })).toEqual({ ok: false });
      socket.onAny((_type, event) => heard.push(event));
      socket.emit('typing', { conversationId });
    }
    const insiderGets = nextEvent(insider, 'message.created', (e) => (e.payload.message as { body: string }).body.includes('segredo-do-financeiro'));
    await h.inbound(p, { externalId: '5511944440020', body: 'segredo-do-financeiro' });
    await carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'nota segredo-do-financeiro' });
    await insiderGets;
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify(heard)).not.toContain('segredo-do-financeiro');
    for (const socket of outsiders) {
      const missed = (await socket.emitWithAck('catchup', { after: 0 })) as { events: LiveEvent[] };
      expect(JSON.stringify(missed)).not.toContain('segredo-do-financeiro');
    }
  });
});

describe('an agent who leaves without logging out', () => {
  it('is seen while their app is connected, and goes offline once it has been gone for minutes', async () => {
    const instance = await startInstance();
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    expect((await ana.request('PUT', '/api/v1/presence', { presence: 'online' })).status).toBe(200);
    const seenOf = async () => (await h.database.db.select({ lastSeenAt: users.lastSeenAt, presence: users.presence }).from(users).where(eq(users.id, p.users.ana.id)))[0];

    const socket = await agentSocket(instance, p.users.ana, ana);
    await expect.poll(async () => (await seenOf()).lastSeenAt).not.toBeNull();
    // Connected, and seen just now: the sweep leaves her online.
    await markAbsentOffline(h.database.db);
    expect((await seenOf()).presence).toBe('online');

    const connectedAt = (await seenOf()).lastSeenAt!.getTime();
    socket.disconnect();
    // The gateway marks the moment she left (the minutes count from there).
    await expect.poll(async () => (await seenOf()).lastSeenAt!.getTime()).toBeGreaterThan(connectedAt);
    // Three minutes later, nobody came back.
    await h.database.db.update(users).set({ lastSeenAt: sql`now() - interval '4 minutes'` }).where(eq(users.id, p.users.ana.id));
    const gone = await markAbsentOffline(h.database.db);
    expect(gone).toContainEqual({ id: p.users.ana.id, providerId: p.providerId });
    expect((await seenOf()).presence).toBe('offline');
    // Another agent, online and around, is not touched.
    const bruno = await h.login(p.users.bruno);
    await bruno.request('PUT', '/api/v1/presence', { presence: 'online' });
    await agentSocket(instance, p.users.bruno, bruno);
    await expect.poll(async () => (await h.database.db.select({ at: users.lastSeenAt }).from(users).where(eq(users.id, p.users.bruno.id)))[0].at).not.toBeNull();
    expect((await markAbsentOffline(h.database.db)).map((u) => u.id)).not.toContain(p.users.bruno.id);
  });
});
