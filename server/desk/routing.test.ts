// Routing: a sector that turns automatic assignment on hands its Fila to its online agents — fewest
// open conversations first, within each one's maximum, ties in rotation, exactly one agent per
// conversation when many arrive at once — and a subscriber waiting is told their place in the Fila.
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conversationEvents, conversations, messages, sectors, users } from '../db/schema.js';
import { runUntilIdle } from '../jobs/worker.js';
import { createHarness } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';
import { assignFila, routingJobHandlers } from './auto-assign.js';

const h = await createHarness();
const handlers = routingJobHandlers({ db: h.database.db, bus: h.bus });
const runJobs = () => runUntilIdle({ db: h.database.db, handlers });
let phones = 0;
const nextPhone = () => `55119888${String(++phones).padStart(5, '0')}`;

/** Suporte hands out its Fila; ana and bruno (both of Suporte) may hold `max` conversations each. */
async function autoSuporte(p: ProviderFixture, max = 2) {
  await h.database.db.update(sectors).set({ autoAssign: true }).where(eq(sectors.id, p.sectors.suporte));
  await h.database.db.update(users).set({ maxConcurrent: max }).where(eq(users.providerId, p.providerId));
}

const online = async (p: ProviderFixture, who: 'ana' | 'bruno') => {
  const agent = await h.login(p.users[who]);
  expect((await agent.request('PUT', '/api/v1/presence', { presence: 'online' })).status).toBe(200);
  return agent;
};

async function holders(p: ProviderFixture) {
  const rows = await h.database.db.select({ id: conversations.id, situacao: conversations.situacao, responsavelId: conversations.responsavelId })
    .from(conversations).where(eq(conversations.providerId, p.providerId));
  const count = (userId: number) => rows.filter((r) => r.situacao === 'chat' && r.responsavelId === userId).length;
  return { rows, ana: count(p.users.ana.id), bruno: count(p.users.bruno.id), fila: rows.filter((r) => r.situacao === 'fila').length };
}

describe('automatic assignment', () => {
  it('spreads simultaneous arrivals evenly among the online agents, within their maximum, one agent each', async () => {
    const p = await h.provider();
    await autoSuporte(p, 2);
    await online(p, 'ana');
    await online(p, 'bruno');
    await Promise.all(Array.from({ length: 5 }, () => {
      const phone = nextPhone();
      return h.inbound(p, { externalId: phone, phone, body: 'sem internet' });
    }));
    await runJobs();
    const after = await holders(p);
    expect([after.ana, after.bruno]).toEqual([2, 2]);
    expect(after.fila).toBe(1);
    // The supervisor sees the same load.
    const team = (await (await h.login(p.users.supervisor)).get('/api/v1/presence')).body as { id: number; openConversations: number }[];
    expect(team.find((u) => u.id === p.users.ana.id)?.openConversations).toBe(2);
    // Each assignment is on the conversation's timeline, by the agent who got it.
    const events = await h.database.db.select({ actor: conversationEvents.actorUserId }).from(conversationEvents)
      .where(and(eq(conversationEvents.providerId, p.providerId), eq(conversationEvents.type, 'auto_assigned')));
    expect(events.map((e) => e.actor).sort()).toEqual([p.users.ana.id, p.users.ana.id, p.users.bruno.id, p.users.bruno.id].sort());
  });

  it('never gives two agents the same conversation when several runs overlap', async () => {
    const p = await h.provider();
    await autoSuporte(p, 10);
    await online(p, 'ana');
    await online(p, 'bruno');
    for (let i = 0; i < 6; i++) {
      const phone = nextPhone();
      await h.inbound(p, { externalId: phone, phone, body: 'oi' });
    }
    const scope = { db: h.database.db, bus: h.bus, providerId: p.providerId };
    const runs = await Promise.all([1, 2, 3].map(() => assignFila(scope, p.sectors.suporte)));
    expect(runs.reduce((a, b) => a + b, 0)).toBe(6);
    const after = await holders(p);
    expect(after.fila).toBe(0);
    expect([after.ana, after.bruno]).toEqual([3, 3]);
  });

  it('leaves the Fila to be assumed by hand when the sector has not turned it on, or nobody is online', async () => {
    const p = await h.provider();
    const phone = nextPhone();
    await h.inbound(p, { externalId: phone, phone, body: 'oi' });
    await online(p, 'ana');
    await runJobs();
    expect((await holders(p)).fila).toBe(1);

    await h.database.db.update(sectors).set({ autoAssign: true }).where(eq(sectors.id, p.sectors.suporte));
    const offline = await h.login(p.users.ana);
    expect((await offline.request('PUT', '/api/v1/presence', { presence: 'offline' })).status).toBe(200);
    const another = nextPhone();
    await h.inbound(p, { externalId: another, phone: another, body: 'alguém?' });
    await runJobs();
    expect((await holders(p)).fila).toBe(2);

    // Ana comes back: the oldest waiting first, up to her maximum.
    await online(p, 'ana');
    await runJobs();
    const after = await holders(p);
    expect(after.ana).toBe(2);
    expect(after.fila).toBe(0);
  });

  it('gives the next waiting conversation to an agent who closes one and has room again', async () => {
    const p = await h.provider();
    await autoSuporte(p, 1);
    const ana = await online(p, 'ana');
    const first = nextPhone();
    const second = nextPhone();
    await h.inbound(p, { externalId: first, phone: first, body: 'primeiro' });
    await h.inbound(p, { externalId: second, phone: second, body: 'segundo' });
    await runJobs();
    const before = await holders(p);
    expect([before.ana, before.fila]).toEqual([1, 1]);
    const held = before.rows.find((r) => r.responsavelId === p.users.ana.id)!;
    expect((await ana.post(`/api/v1/conversations/${held.id}/close`, { motivoId: p.motivos.semConexao })).status).toBe(200);
    await runJobs();
    const after = await holders(p);
    expect([after.ana, after.fila]).toEqual([1, 0]);
  });
});

describe('the place in the Fila', () => {
  it('tells a subscriber who writes while waiting their position, at most once a minute', async () => {
    const p = await h.provider();
    const ahead = nextPhone();
    const waiting = nextPhone();
    await h.inbound(p, { externalId: ahead, phone: ahead, body: 'cheguei antes' });
    const { conversationId } = (await h.inbound(p, { externalId: waiting, phone: waiting, body: 'oi' })) as { conversationId: number };
    await h.inbound(p, { externalId: waiting, phone: waiting, body: 'tem alguém aí?' });
    await h.inbound(p, { externalId: waiting, phone: waiting, body: 'alô?' });
    const notices = await h.database.db.select({ body: messages.body }).from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.authorKind, 'system'), sql`${messages.body} LIKE '%fila%'`));
    expect(notices.map((n) => n.body)).toEqual(['Você está na posição 2 da fila. Assim que um atendente estiver livre, ele fala com você.']);

    // A minute later, the next message is answered again.
    await h.database.db.update(conversations).set({ queueNoticeAt: new Date(Date.now() - 61_000) }).where(eq(conversations.id, conversationId));
    await h.inbound(p, { externalId: waiting, phone: waiting, body: 'e agora?' });
    const again = await h.database.db.select({ id: messages.id }).from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.authorKind, 'system'), sql`${messages.body} LIKE '%fila%'`));
    expect(again).toHaveLength(2);
  });
});

describe('the place in the Fila, out of hours', () => {
  it('is not told while the desk is closed: the out-of-hours message says it all', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const closed = await admin.request('PUT', '/api/v1/chat-settings', {
      hours: [[], [], [], [], [], [], []], outOfHoursMessage: 'Estamos fechados agora; voltamos amanhã às 8h.',
    });
    expect(closed.status).toBe(200);
    const ahead = nextPhone();
    const waiting = nextPhone();
    await h.inbound(p, { externalId: ahead, phone: ahead, body: 'cheguei antes' });
    const { conversationId } = (await h.inbound(p, { externalId: waiting, phone: waiting, body: 'oi' })) as { conversationId: number };
    await h.inbound(p, { externalId: waiting, phone: waiting, body: 'tem alguém aí?' });
    const told = await h.database.db.select({ body: messages.body }).from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.authorKind, 'system')));
    expect(told.map((m) => m.body)).toEqual([expect.stringContaining('protocolo'), 'Estamos fechados agora; voltamos amanhã às 8h.']);
  });
});

describe('presence', () => {
  it('is set by each agent (a pause needs its reason) and seen by supervisors, not by atendentes', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    expect((await ana.request('PUT', '/api/v1/presence', { presence: 'pausa' })).status).toBe(400);
    expect((await ana.request('PUT', '/api/v1/presence', { presence: 'pausa', pauseReason: 'Almoço' })).status).toBe(200);
    expect((await ana.get('/api/v1/auth/me')).body.presence).toEqual({ status: 'pausa', pauseReason: 'Almoço' });
    expect((await ana.get('/api/v1/presence')).status).toBe(403);
    const carla = await h.login(p.users.supervisor);
    const team = (await carla.get('/api/v1/presence')).body as { name: string; presence: string; pauseReason: string | null }[];
    expect(team.find((u) => u.name === p.users.ana.name)).toMatchObject({ presence: 'pausa', pauseReason: 'Almoço' });
    expect(team.find((u) => u.name === p.users.bruno.name)).toMatchObject({ presence: 'offline' });
  });

  it('goes offline when the agent logs out, so nothing is handed to them after they left', async () => {
    const p = await h.provider();
    const ana = await online(p, 'ana');
    expect((await ana.post('/api/v1/auth/logout')).status).toBe(204);
    const carla = await h.login(p.users.supervisor);
    const team = (await carla.get('/api/v1/presence')).body as { id: number; presence: string }[];
    expect(team.find((u) => u.id === p.users.ana.id)?.presence).toBe('offline');
  });
});
