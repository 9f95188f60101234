// The Respostas Rápidas screen's rules: administrators write quick replies for everyone or for one
// sector, every agent writes personal ones that nobody else sees or uses, the variables are filled
// in for the conversation and unknown ones refused, and nothing crosses providers.
import { describe, expect, it } from 'vitest';
import { seedAccount } from '../../test/support/accounts.js';
import { createHarness, type Client } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';

const h = await createHarness();
let phones = 0;

/** A conversation of Suporte (ana's and bruno's sector) that this agent has assumed. */
async function assumedBy(p: ProviderFixture, agent: Client, contactName = 'Maria da Conceição') {
  const { conversationId } = (await h.inbound(p, { externalId: `55119555${String(++phones).padStart(5, '0')}`, contactName })) as { conversationId: number };
  const assumed = await agent.post(`/api/v1/conversations/${conversationId}/assume`);
  expect(assumed.status).toBe(200);
  return { id: conversationId, protocolo: assumed.body.protocolo as string };
}

const shortcuts = (replies: { shortcut: string }[]) => replies.map((r) => r.shortcut);

describe('Respostas Rápidas', () => {
  it('lets an administrator write one for everyone and one for a sector, and offers each only to whom it is for', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const todos = await admin.post('/api/v1/quick-replies', { shortcut: '/Boleto', title: '2ª via', body: 'Segue o boleto, {{cliente.primeiro_nome}}.' });
    expect(todos.status).toBe(201);
    expect(todos.body).toEqual({ id: todos.body.id, shortcut: 'boleto', title: '2ª via', body: 'Segue o boleto, {{cliente.primeiro_nome}}.', sectorId: null, personal: false, active: true, file: null });
    const financeiro = await admin.post('/api/v1/quick-replies', { shortcut: 'acordo', title: 'Acordo', body: 'Podemos parcelar.', sectorId: p.sectors.financeiro });
    expect(financeiro.body).toMatchObject({ sectorId: p.sectors.financeiro, personal: false });

    const ana = await h.login(p.users.ana); // Suporte
    const bruno = await h.login(p.users.bruno); // Suporte and Financeiro
    expect(shortcuts((await ana.get('/api/v1/quick-replies')).body)).toEqual(['boleto', 'saudacao']);
    expect(shortcuts((await bruno.get('/api/v1/quick-replies')).body)).toEqual(['acordo', 'boleto', 'saudacao']);
    // Used from a conversation: a Financeiro reply is refused to whom it is not for, whatever the client sends.
    const conversation = await assumedBy(p, ana);
    expect((await ana.get(`/api/v1/conversations/${conversation.id}/quick-replies/${financeiro.body.id}`)).status).toBe(404);
    expect((await ana.post(`/api/v1/conversations/${conversation.id}/messages`, { kind: 'quick_reply', quickReplyId: financeiro.body.id })).status).toBe(404);
    const other = await assumedBy(p, bruno);
    expect((await bruno.get(`/api/v1/conversations/${other.id}/quick-replies/${financeiro.body.id}`)).body).toEqual({ body: 'Podemos parcelar.', file: null });
    // The same shortcut may exist once per scope, not twice in one.
    expect((await admin.post('/api/v1/quick-replies', { shortcut: 'boleto', title: 'x', body: 'y', sectorId: p.sectors.financeiro })).status).toBe(201);
    const twice = await admin.post('/api/v1/quick-replies', { shortcut: 'BOLETO', title: 'x', body: 'y' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toEqual({ code: 'conflict', message: 'Já existe uma resposta rápida com o atalho "/boleto" para todos.' });
  });

  it('keeps a personal quick reply its owner\'s alone: offered, listed and editable only for them', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const mine = await ana.post('/api/v1/quick-replies', { shortcut: 'minha', title: 'Minha', body: 'Oi, {{cliente.nome}}! Aqui é {{atendente.nome}}.', personal: true });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ shortcut: 'minha', sectorId: null, personal: true });
    expect(shortcuts((await ana.get('/api/v1/quick-replies')).body)).toEqual(['minha', 'saudacao']);
    expect(shortcuts((await ana.get('/api/v1/quick-replies/editable')).body)).toEqual(['minha']);
    const conversation = await assumedBy(p, ana);
    const sent = await ana.post(`/api/v1/conversations/${conversation.id}/messages`, { kind: 'quick_reply', quickReplyId: mine.body.id });
    expect(sent.body.body).toBe('Oi, Maria da Conceição! Aqui é Ana Souza.');

    // Bruno, in the same sector, the supervisor and the administrator neither see nor use nor edit it.
    for (const user of [p.users.bruno, p.users.supervisor, p.users.admin]) {
      const someone = await h.login(user);
      expect(shortcuts((await someone.get('/api/v1/quick-replies')).body), user.email).not.toContain('minha');
      expect(shortcuts((await someone.get('/api/v1/quick-replies/editable')).body), user.email).not.toContain('minha');
      expect((await someone.request('PATCH', `/api/v1/quick-replies/${mine.body.id}`, { body: 'roubada' })).status, user.email).toBe(404);
      expect((await someone.get(`/api/v1/conversations/${conversation.id}/quick-replies/${mine.body.id}`)).status, user.email).toBe(404);
    }
    // Another person may have the same shortcut of their own.
    const bruno = await h.login(p.users.bruno);
    expect((await bruno.post('/api/v1/quick-replies', { shortcut: 'minha', title: 'Do Bruno', body: 'x', personal: true })).status).toBe(201);
    const second = await ana.post('/api/v1/quick-replies', { shortcut: 'outra', title: 'Outra', body: 'x', personal: true });
    const renamed = await ana.request('PATCH', `/api/v1/quick-replies/${second.body.id}`, { shortcut: '/minha' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.message).toBe('Já existe uma resposta rápida com o atalho "/minha" entre as suas pessoais.');
    const edited = await ana.request('PATCH', `/api/v1/quick-replies/${mine.body.id}`, { title: 'Minha saudação', active: false });
    expect(edited.body).toMatchObject({ title: 'Minha saudação', body: 'Oi, {{cliente.nome}}! Aqui é {{atendente.nome}}.', personal: true, active: false });
    expect((await ana.post(`/api/v1/conversations/${conversation.id}/messages`, { kind: 'quick_reply', quickReplyId: mine.body.id })).status).toBe(404);
  });

  it('refuses agents the shared ones: they write and edit only personal quick replies', async () => {
    const p = await h.provider();
    for (const user of [p.users.supervisor, p.users.ana]) {
      const agent = await h.login(user);
      for (const answer of [
        await agent.post('/api/v1/quick-replies', { shortcut: 'todos', title: 'x', body: 'y' }),
        await agent.post('/api/v1/quick-replies', { shortcut: 'setor', title: 'x', body: 'y', sectorId: p.sectors.suporte }),
      ]) {
        expect(answer.status, user.email).toBe(403);
        expect(answer.body).toEqual({ error: { code: 'forbidden', message: 'Seu perfil não permite esta ação.' } });
      }
      expect((await agent.request('PATCH', `/api/v1/quick-replies/${p.quickReplyId}`, { title: 'Mudou' })).status, user.email).toBe(404);
      const own = await agent.post('/api/v1/quick-replies', { shortcut: 'propria', title: 'x', body: 'y', personal: true });
      expect((await agent.request('PATCH', `/api/v1/quick-replies/${own.body.id}`, { personal: false })).status, user.email).toBe(403);
    }
    const mixed = await (await h.login(p.users.admin)).post('/api/v1/quick-replies', { shortcut: 'misto', title: 'x', body: 'y', personal: true, sectorId: p.sectors.suporte });
    expect(mixed.status).toBe(400);
    expect((await (await h.login(p.users.admin)).get('/api/v1/quick-replies/editable')).body).toEqual([
      { id: p.quickReplyId, shortcut: 'saudacao', title: 'Saudação', body: expect.any(String), sectorId: null, personal: false, active: true, file: null },
    ]);
  });

  it('fills {{cliente.nome}}, {{atendente.nome}}, {{protocolo}} and {{contrato.plano}}, and the first names still', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const reply = await admin.post('/api/v1/quick-replies', {
      shortcut: 'plano', title: 'Plano', body: '{{ cliente.nome }}, seu plano é {{contrato.plano}}. Protocolo {{protocolo}}, {{atendente.nome}}.',
    });
    expect(reply.status).toBe(201);
    const ana = await h.login(p.users.ana);
    const conversation = await assumedBy(p, ana, 'Contato Sem Nome');
    const unlinked = await ana.get(`/api/v1/conversations/${conversation.id}/quick-replies/${reply.body.id}`);
    expect(unlinked.status).toBe(422);
    expect(unlinked.body.error.code).toBe('client_not_linked');
    await seedAccount(h.database.db, p.providerId, { conversationId: conversation.id });
    const client = (await ana.get(`/api/v1/conversations/${conversation.id}`)).body.client.name as string;
    const filled = await ana.get(`/api/v1/conversations/${conversation.id}/quick-replies/${reply.body.id}`);
    expect(filled.body.body).toBe(`${client}, seu plano é Fibra 500 Mega. Protocolo ${conversation.protocolo}, Ana Souza.`);
    const legacy = await ana.get(`/api/v1/conversations/${conversation.id}/quick-replies/${p.quickReplyId}`);
    expect(legacy.body.body).toBe(`Olá, ${client.split(' ')[0]}! Aqui é Ana Souza. Protocolo ${conversation.protocolo}.`);
  });

  it('refuses unknown variables at save time, in Portuguese, and stores nothing', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const refused = await admin.post('/api/v1/quick-replies', { shortcut: 'cpf', title: 'CPF', body: 'Seu CPF é {{cliente.cpf}} e {{ vencimento }}.' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({
      code: 'validation_failed',
      message: 'Variáveis desconhecidas: {{cliente.cpf}}, {{ vencimento }}. Use {{cliente.nome}}, {{cliente.primeiro_nome}}, {{atendente.nome}}, {{protocolo}}, {{contrato.plano}}.',
    });
    const ana = await h.login(p.users.ana);
    const own = await ana.post('/api/v1/quick-replies', { shortcut: 'ok', title: 'OK', body: 'Certo, {{cliente.primeiro_nome}}.', personal: true });
    const edit = await ana.request('PATCH', `/api/v1/quick-replies/${own.body.id}`, { body: 'Certo, {{cliente.apelido}}.' });
    expect(edit.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^Variável desconhecida: \{\{cliente\.apelido\}\}\./) });
    expect(shortcuts((await admin.get('/api/v1/quick-replies/editable')).body)).toEqual(['saudacao']);
    expect((await ana.get('/api/v1/quick-replies/editable')).body.map((r: { body: string }) => r.body)).toEqual(['Certo, {{cliente.primeiro_nome}}.']);
  });

  it('searches the screen\'s list by shortcut, title or text, accents and case aside', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    await admin.post('/api/v1/quick-replies', { shortcut: 'reiniciar', title: 'Reiniciar roteador', body: 'Desligue o aparelho da tomada.' });
    const found = async (q: string) => shortcuts((await admin.get(`/api/v1/quick-replies/editable?q=${encodeURIComponent(q)}`)).body);
    expect(await found('ROTEADOR')).toEqual(['reiniciar']);
    expect(await found('saudação')).toEqual(['saudacao']);
    expect(await found('tomada')).toEqual(['reiniciar']);
    expect(await found('%')).toEqual([]);
  });

  it('refuses another provider\'s quick replies and sectors', async () => {
    const mine = await h.provider();
    const theirs = await h.provider();
    const admin = await h.login(mine.users.admin);
    expect((await admin.request('PATCH', `/api/v1/quick-replies/${theirs.quickReplyId}`, { title: 'Invadida' })).status).toBe(404);
    expect((await admin.request('PATCH', `/api/v1/quick-replies/${mine.quickReplyId}`, { sectorId: theirs.sectors.financeiro })).status).toBe(404);
    const conversation = await assumedBy(mine, await h.login(mine.users.ana));
    expect((await admin.get(`/api/v1/conversations/${conversation.id}/quick-replies/${theirs.quickReplyId}`)).status).toBe(404);
    const theirView = (await (await h.login(theirs.users.admin)).get('/api/v1/quick-replies/editable')).body;
    expect(theirView).toMatchObject([{ id: theirs.quickReplyId, title: 'Saudação', sectorId: null }]);
  });
});
