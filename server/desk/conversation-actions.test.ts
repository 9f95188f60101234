import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';

const h = await createHarness();
let phones = 0;

async function inFila(p: ProviderFixture, contactName = 'Maria da Conceição') {
  const phone = `55119800${String(++phones).padStart(5, '0')}`;
  const r = (await h.inbound(p, { externalId: phone, phone, contactName, body: 'oi, preciso de ajuda' })) as { conversationId: number };
  return r.conversationId;
}

describe('transferring (Responsável and setor)', () => {
  it('hands an open conversation to another agent of the sector, recording it in the timeline', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${id}/assume`);
    const answer = await ana.post(`/api/v1/conversations/${id}/transfer`, { toUserId: p.users.bruno.id });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ situacao: 'chat', responsavel: { id: p.users.bruno.id, name: 'Bruno Lima' } });
    const page = await ana.get(`/api/v1/conversations/${id}/messages`);
    expect(page.body.events.at(-1)).toMatchObject({
      type: 'transferred', actorUserId: p.users.ana.id,
      data: { fromUserId: p.users.ana.id, toUserId: p.users.bruno.id },
    });
    // Ana no longer attends it: she may not answer in it.
    const reply = await ana.post(`/api/v1/conversations/${id}/messages`, { kind: 'text', body: 'ainda estou aqui' });
    expect(reply.status).toBe(403);
  });

  it('sends a conversation to another sector\'s Fila, out of sight of agents who do not work it', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${id}/assume`);
    const answer = await ana.post(`/api/v1/conversations/${id}/transfer`, { toSectorId: p.sectors.financeiro });
    expect(answer.body).toMatchObject({ situacao: 'fila', responsavel: null, sector: { id: p.sectors.financeiro } });
    expect((await ana.get(`/api/v1/conversations/${id}`)).status).toBe(404);
    const bruno = await h.login(p.users.bruno);
    const fila = await bruno.get(`/api/v1/conversations?tab=fila&sectorId=${p.sectors.financeiro}`);
    expect(fila.body.items.map((c: { id: number }) => c.id)).toEqual([id]);
  });

  it('refuses to make someone responsável for a sector they do not work', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const carla = await h.login(p.users.supervisor);
    const answer = await carla.post(`/api/v1/conversations/${id}/transfer`, { toUserId: p.users.caio.id });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'invalid_transfer', message: 'Caio Prado não atende o setor desta conversa.' });
  });

  it('refuses a transfer with no destination', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const carla = await h.login(p.users.supervisor);
    expect((await carla.post(`/api/v1/conversations/${id}/transfer`, {})).body.error.code).toBe('validation_failed');
  });
});

describe('etiquetas and motivo', () => {
  it('adds and removes tags, once each, and shows them on the list row', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${id}/tags`, { tagId: p.tags.urgente });
    const twice = await ana.post(`/api/v1/conversations/${id}/tags`, { tagId: p.tags.urgente });
    await ana.post(`/api/v1/conversations/${id}/tags`, { tagId: p.tags.vip });
    expect(twice.body.tags).toHaveLength(1);
    const list = await ana.get('/api/v1/conversations?tab=fila');
    expect(list.body.items[0].tags.map((t: { name: string }) => t.name)).toEqual(['Urgente', 'VIP']);
    const removed = await ana.request('DELETE', `/api/v1/conversations/${id}/tags/${p.tags.urgente}`);
    expect(removed.body.tags.map((t: { name: string }) => t.name)).toEqual(['VIP']);
    const events = (await ana.get(`/api/v1/conversations/${id}/messages`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(['opened', 'tag_added', 'tag_added', 'tag_removed']);
  });

  it('filters the list by tag', async () => {
    const p = await h.provider();
    const tagged = await inFila(p);
    await inFila(p);
    const carla = await h.login(p.users.supervisor);
    await carla.post(`/api/v1/conversations/${tagged}/tags`, { tagId: p.tags.vip });
    const list = await carla.get(`/api/v1/conversations?tab=fila&tagId=${p.tags.vip}`);
    expect(list.body.items.map((c: { id: number }) => c.id)).toEqual([tagged]);
    expect(list.body.counts.fila.total).toBe(1);
  });

  it('lets administrators create tags and refuses supervisors and atendentes', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    expect((await ana.post('/api/v1/tags', { name: 'Retorno' })).status).toBe(403);
    const carla = await h.login(p.users.supervisor);
    expect((await carla.post('/api/v1/tags', { name: 'Retorno' })).status).toBe(403);
    const admin = await h.login(p.users.admin);
    const created = await admin.post('/api/v1/tags', { name: 'Retorno', color: '#0ea5e9' });
    expect(created.status).toBe(201);
    expect((await admin.post('/api/v1/tags', { name: 'Retorno' })).status).toBe(409);
    expect((await admin.post('/api/v1/tags', { name: 'Cor', color: 'azul' })).status).toBe(400);
  });
});

describe('writing in a conversation', () => {
  it('sends a reply as pending, resets the unread count and records the first response', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const ana = await h.login(p.users.ana);
    const before = await ana.post(`/api/v1/conversations/${id}/messages`, { kind: 'text', body: 'Olá!' });
    expect(before.status).toBe(403);
    expect(before.body.error.message).toBe('Assuma a conversa antes de responder ao contato.');
    await ana.post(`/api/v1/conversations/${id}/assume`);
    const sent = await ana.post(`/api/v1/conversations/${id}/messages`, { kind: 'text', body: '  Olá! Vou verificar.  ' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ direction: 'out', authorKind: 'agent', authorUserId: p.users.ana.id, status: 'pending', body: 'Olá! Vou verificar.' });
    const row = (await ana.get('/api/v1/conversations?tab=abertos')).body.items[0];
    expect(row).toMatchObject({ id, unreadCount: 0, lastMessagePreview: 'Olá! Vou verificar.' });
  });

  it('fills a quick reply\'s variables with the contact, the agent and the protocol', async () => {
    const p = await h.provider();
    const id = await inFila(p, 'Maria da Conceição');
    const ana = await h.login(p.users.ana);
    const assumed = await ana.post(`/api/v1/conversations/${id}/assume`);
    const sent = await ana.post(`/api/v1/conversations/${id}/messages`, { kind: 'quick_reply', quickReplyId: p.quickReplyId });
    expect(sent.body.body).toBe(`Olá, Maria! Aqui é Ana Souza. Protocolo ${assumed.body.protocolo}.`);
  });

  it('keeps internal notes for agents: never queued to the contact, allowed before assuming', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const bruno = await h.login(p.users.bruno);
    const note = await bruno.post(`/api/v1/conversations/${id}/messages`, { kind: 'note', body: 'Cliente já ligou 3 vezes hoje' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ direction: 'internal', type: 'note', status: null });
  });

  it('refuses empty or oversized messages with a clear error', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${id}/assume`);
    for (const body of [{ kind: 'text', body: '   ' }, { kind: 'text', body: 'x'.repeat(16_385) }, { kind: 'video' }]) {
      const answer = await ana.post(`/api/v1/conversations/${id}/messages`, body);
      expect(answer.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
    const notJson = await ana.post(`/api/v1/conversations/${id}/messages`, 'texto solto');
    expect(notJson.status).toBe(415);
    expect(notJson.body.error.code).toBe('bad_request');
  });
});

describe('Editar conversa', () => {
  it('links the conversation to a client, and the contact with it', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const { clients, contracts } = await import('../db/schema.js');
    const [client] = await h.database.db.insert(clients).values({ providerId: p.providerId, name: 'Maria da Conceição Gonçalves', document: '12345678909' }).returning();
    await h.database.db.insert(contracts).values({ providerId: p.providerId, clientId: client.id, plan: 'Fibra 500 Mega', status: 'bloqueado_atraso', dueDay: 10 });
    const carla = await h.login(p.users.supervisor);
    const found = await carla.get('/api/v1/clients?q=conceicao');
    expect(found.body.map((c: { ref: string }) => c.ref)).toEqual([String(client.id)]);
    const edited = await carla.request('PATCH', `/api/v1/conversations/${id}`, { clientRef: found.body[0].ref });
    expect(edited.body.clientId).toBe(client.id);
    // The dot beside the name, in the list row too: red, the contract is blocked.
    expect(edited.body.contractState).toBe('blocked');
    const detail = await carla.get(`/api/v1/conversations/${id}`);
    expect(detail.body.client).toMatchObject({ name: 'Maria da Conceição Gonçalves', contracts: [{ plan: 'Fibra 500 Mega', status: 'bloqueado_atraso', dueDay: 10 }] });
    expect(detail.body.contactDetails.clientId).toBe(client.id);
  });

  it('changes sector, motivo and situação in one edit', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const bruno = await h.login(p.users.bruno);
    const edited = await bruno.request('PATCH', `/api/v1/conversations/${id}`, {
      sectorId: p.sectors.financeiro, motivoId: p.motivos.soFinanceiro, situacao: 'chat',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      sector: { id: p.sectors.financeiro }, motivo: { id: p.motivos.soFinanceiro }, situacao: 'chat', responsavel: { id: p.users.bruno.id },
    });
    const closed = await bruno.request('PATCH', `/api/v1/conversations/${id}`, { situacao: 'finalizada' });
    expect(closed.body.situacao).toBe('finalizada');
  });

  it('refuses an empty edit and an unknown situação', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const carla = await h.login(p.users.supervisor);
    expect((await carla.request('PATCH', `/api/v1/conversations/${id}`, {})).body.error.code).toBe('validation_failed');
    expect((await carla.request('PATCH', `/api/v1/conversations/${id}`, { situacao: 'arquivada' })).status).toBe(400);
  });
});

describe('Nova conversa ("+")', () => {
  it('starts a conversation with a new name and number, in Abertos with the creator as responsável', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    // A number that never wrote is outside WhatsApp's 24-hour window: the first message is a template.
    const answer = await ana.post('/api/v1/conversations', {
      contact: { name: 'Sebastião Araújo', phone: '+55 (11) 98888-7777' },
      channelId: p.channels.whatsapp, sectorId: p.sectors.suporte, templateName: 'boas_vindas', params: ['Sebastião'],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.conversation).toMatchObject({
      situacao: 'chat', responsavel: { id: p.users.ana.id }, contact: { name: 'Sebastião Araújo', phone: '5511988887777' },
    });
    const page = await ana.get(`/api/v1/conversations/${answer.body.conversation.id}/messages`);
    expect(page.body.messages.map((m: { authorKind: string; body: string }) => [m.authorKind, m.body])).toEqual([
      ['agent', 'Olá Sebastião! Aqui é do seu provedor. Podemos conversar por aqui?'],
    ]);

    // The contact writes back: same conversation.
    const back = await h.inbound(p, { externalId: '5511988887777', phone: '5511988887777', body: 'Obrigado!' });
    expect(back).toMatchObject({ conversationId: answer.body.conversation.id, openedConversation: false });
  });

  it('refuses a second live conversation with the same contact, pointing at the one there is', async () => {
    const p = await h.provider();
    const id = await inFila(p);
    const carla = await h.login(p.users.supervisor);
    const detail = await carla.get(`/api/v1/conversations/${id}`);
    const answer = await carla.post('/api/v1/conversations', {
      contact: { id: detail.body.contact.id }, channelId: p.channels.whatsapp, sectorId: p.sectors.suporte, body: 'oi',
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'contact_has_live_conversation', details: { conversationId: id } });
  });

  it('refuses a bad phone number and a channel the contact never used', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const bad = await ana.post('/api/v1/conversations', { contact: { name: 'X', phone: '123' }, channelId: p.channels.whatsapp, sectorId: p.sectors.suporte, body: 'oi' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('telefone inválido');
    const telegram = await ana.post('/api/v1/conversations', { contact: { name: 'Y', phone: '5511977776666' }, channelId: p.channels.telegram, sectorId: p.sectors.suporte, body: 'oi' });
    expect(telegram.status).toBe(422);
    expect(telegram.body.error.code).toBe('channel_cannot_start');
  });

  it('does not let an atendente start a conversation in a sector they do not work', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const answer = await ana.post('/api/v1/conversations', { contact: { name: 'Z', phone: '5511966665555' }, channelId: p.channels.whatsapp, sectorId: p.sectors.comercial, body: 'oi' });
    expect(answer.status).toBe(403);
  });
});
