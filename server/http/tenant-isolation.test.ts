import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';

const h = await createHarness();

describe('one provider never sees another\'s data', () => {
  it('answers 404 to every route that names another provider\'s resource', async () => {
    const mine = await h.provider('meu');
    const theirs = await h.provider('deles');
    const r = (await h.inbound(theirs, { externalId: '5511955550001', phone: '5511955550001', contactName: 'Cliente Deles', body: 'boleto' })) as { conversationId: number };
    const theirAdmin = await h.login(theirs.users.admin);
    const contactId = (await theirAdmin.get(`/api/v1/conversations/${r.conversationId}`)).body.contact.id;
    const id = r.conversationId;

    const me = await h.login(mine.users.admin);
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/conversations/${id}`],
      ['GET', `/api/v1/conversations/${id}/messages`],
      ['GET', `/api/v1/conversations/${id}/search?q=boleto`],
      ['POST', `/api/v1/conversations/${id}/assume`],
      ['POST', `/api/v1/conversations/${id}/transfer`, { toSectorId: mine.sectors.financeiro }],
      ['PUT', `/api/v1/conversations/${id}/motivo`, { motivoId: mine.motivos.semConexao }],
      ['POST', `/api/v1/conversations/${id}/tags`, { tagId: mine.tags.vip }],
      ['DELETE', `/api/v1/conversations/${id}/tags/${theirs.tags.vip}`],
      ['PATCH', `/api/v1/conversations/${id}`, { situacao: 'fila' }],
      ['POST', `/api/v1/conversations/${id}/close`, { motivoId: mine.motivos.semConexao }],
      ['POST', `/api/v1/conversations/${id}/messages`, { kind: 'note', body: 'x' }],
      ['POST', `/api/v1/conversations/${id}/read`],
      ['PATCH', `/api/v1/contacts/${contactId}`, { name: 'Invasor' }],
      ['POST', `/api/v1/contacts/${contactId}/block`],
      ['DELETE', `/api/v1/contacts/${contactId}/block`],
      ['PATCH', `/api/v1/tags/${theirs.tags.vip}`, { name: 'x' }],
      ['PATCH', `/api/v1/motivos/${theirs.motivos.boleto}`, { name: 'x' }],
    ];
    for (const [method, url, body] of routes) {
      const answer = await me.request(method as 'GET', url, body);
      expect(answer.status, `${method} ${url}`).toBe(404);
    }
    // Using their ids inside my own conversation fails too.
    const own = (await h.inbound(mine, { externalId: '5511955550002' })) as { conversationId: number };
    expect((await me.post(`/api/v1/conversations/${own.conversationId}/tags`, { tagId: theirs.tags.vip })).status).toBe(404);
    expect((await me.post(`/api/v1/conversations/${own.conversationId}/transfer`, { toUserId: theirs.users.ana.id })).status).toBe(404);
    expect((await me.post(`/api/v1/conversations/${own.conversationId}/close`, { motivoId: theirs.motivos.boleto })).status).toBe(404);
    expect((await me.post('/api/v1/conversations', { contact: { id: contactId }, channelId: mine.channels.whatsapp, sectorId: mine.sectors.suporte, body: 'oi' })).status).toBe(404);
    expect((await me.post('/api/v1/conversations', { contact: { name: 'A', phone: '5511955550003' }, channelId: theirs.channels.whatsapp, sectorId: mine.sectors.suporte, body: 'oi' })).status).toBe(404);

    // And their data stays out of my lists and searches.
    for (const tab of ['fila', 'meus', 'abertos', 'fechados']) {
      const list = await me.get(`/api/v1/conversations?tab=${tab}`);
      expect(list.body.items.map((c: { id: number }) => c.id)).not.toContain(id);
    }
    expect((await me.get('/api/v1/contacts?q=Deles')).body).toEqual([]);
    expect((await me.get('/api/v1/tags')).body.map((t: { id: number }) => t.id).sort()).toEqual([mine.tags.urgente, mine.tags.vip].sort());
    expect((await me.get('/api/v1/users')).body.every((u: { email: string }) => u.email.endsWith('@meu.test'))).toBe(true);
    const feed = await me.get('/api/v1/feed?after=0');
    expect(feed.body.events.every((e: { providerId: number }) => e.providerId === mine.providerId)).toBe(true);

    // Nothing of theirs changed.
    const still = await theirAdmin.get(`/api/v1/conversations/${id}`);
    expect(still.body).toMatchObject({ situacao: 'fila', tags: [], contact: { name: 'Cliente Deles', blocked: false } });
  });
});

describe('every id a request names must be the caller\'s to use', () => {
  it('refuses another provider\'s sector on a quick reply or a motivo, and stores nothing', async () => {
    const mine = await h.provider();
    const theirs = await h.provider();
    const admin = await h.login(mine.users.admin);
    const reply = await admin.post('/api/v1/quick-replies', { shortcut: 'invasao', title: 'x', body: 'y', sectorId: theirs.sectors.financeiro });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
    const motivo = await admin.post('/api/v1/motivos', { name: 'Invasão', sectorIds: [mine.sectors.financeiro, theirs.sectors.financeiro] });
    expect(motivo.status).toBe(404);
    expect((await admin.get('/api/v1/quick-replies')).body.map((r: { shortcut: string }) => r.shortcut)).not.toContain('invasao');
    expect((await admin.post('/api/v1/quick-replies', { shortcut: 'propria', title: 'x', body: 'y', sectorId: mine.sectors.financeiro })).status).toBe(201);
  });

  it('does not write a block onto the timeline of a conversation the agent cannot see', async () => {
    const p = await h.provider();
    const ext = { externalId: '5511955550101', phone: '5511955550101', contactName: 'Dora' };
    const financeiro = (await h.inbound(p, ext)) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    await carla.post(`/api/v1/conversations/${financeiro.conversationId}/transfer`, { toSectorId: p.sectors.financeiro });
    const contactId = (await carla.get(`/api/v1/conversations/${financeiro.conversationId}`)).body.contact.id;
    const other = (await h.inbound(p, { externalId: '5511955550102' })) as { conversationId: number };

    const ana = await h.login(p.users.ana); // Suporte only
    for (const conversationId of [financeiro.conversationId, other.conversationId, 987654321]) {
      const answer = await ana.post(`/api/v1/contacts/${contactId}/block`, { reason: 'spam', conversationId });
      expect(answer.status, `conversation ${conversationId}`).toBe(404);
    }
    // Nothing was stored half-way.
    expect((await carla.get(`/api/v1/conversations/${financeiro.conversationId}`)).body.contact.blocked).toBe(false);
    // Without a conversation, the block is kept but lands on no timeline Ana cannot see.
    expect((await ana.post(`/api/v1/contacts/${contactId}/block`, { reason: 'spam' })).status).toBe(200);
    const events = (await carla.get(`/api/v1/conversations/${financeiro.conversationId}/messages`)).body.events;
    expect(events.map((e: { type: string }) => e.type)).not.toContain('contact_blocked');
  });
});
