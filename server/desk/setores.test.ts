// The Setores screen's rules: administrators configure sectors, every agent reads them in their
// order, a provider has exactly one default sector (active and attending), and nothing crosses providers.
import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';

const h = await createHarness();

const names = (sectors: { name: string }[]) => sectors.map((s) => s.name);
const defaults = (sectors: { name: string; isDefault: boolean }[]) => sectors.filter((s) => s.isDefault).map((s) => s.name);

describe('Setores', () => {
  it('lists sectors by position then name, with their active members, to every agent', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    expect((await admin.request('PATCH', `/api/v1/sectors/${p.sectors.comercial}`, { position: 1 })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/v1/sectors/${p.sectors.financeiro}`, { position: 1 })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/v1/sectors/${p.sectors.suporte}`, { position: 2 })).status).toBe(200);
    const ana = await h.login(p.users.ana);
    const read = await ana.get('/api/v1/sectors');
    expect(read.status).toBe(200);
    expect(names(read.body)).toEqual(['Comercial', 'Financeiro', 'Suporte Técnico']);
    expect(read.body[2]).toEqual({
      id: p.sectors.suporte, name: 'Suporte Técnico', description: null, position: 2, isDefault: true, attends: true, active: true, autoAssign: false,
      members: [{ id: p.users.ana.id, name: 'Ana Souza' }, { id: p.users.bruno.id, name: 'Bruno Lima' }],
    });
    expect(read.body[0].members).toEqual([{ id: p.users.caio.id, name: 'Caio Prado' }]);
  });

  it('creates a sector that only groups people, edits it and searches, accents and case aside', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const created = await admin.post('/api/v1/sectors', { name: 'Cobrança', description: 'Equipe de negociação', position: 5, attends: false });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: created.body.id, name: 'Cobrança', description: 'Equipe de negociação', position: 5, isDefault: false, attends: false, active: true, members: [], autoAssign: false,
    });
    const edited = await admin.request('PATCH', `/api/v1/sectors/${created.body.id}`, { name: 'Cobrança e Retenção', attends: true, description: '' });
    expect(edited.body).toMatchObject({ name: 'Cobrança e Retenção', attends: true, description: null });
    expect(names((await admin.get(`/api/v1/sectors?q=${encodeURIComponent('COBRANCA')}`)).body)).toEqual(['Cobrança e Retenção']);
    expect((await admin.post('/api/v1/sectors', { name: 'Financeiro' })).body.error)
      .toEqual({ code: 'conflict', message: 'Já existe um setor chamado "Financeiro".' });
    expect((await admin.request('PATCH', `/api/v1/sectors/${created.body.id}`, { name: 'Comercial' })).status).toBe(409);
  });

  it('keeps exactly one default sector: choosing another moves it, and it cannot be unset, deactivated or stop attending', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const moved = await admin.request('PATCH', `/api/v1/sectors/${p.sectors.financeiro}`, { isDefault: true });
    expect(moved.status).toBe(200);
    expect(moved.body.isDefault).toBe(true);
    expect(defaults((await admin.get('/api/v1/sectors')).body)).toEqual(['Financeiro']);

    for (const change of [{ isDefault: false }, { active: false }, { attends: false }]) {
      const refused = await admin.request('PATCH', `/api/v1/sectors/${p.sectors.financeiro}`, change);
      expect(refused.status, JSON.stringify(change)).toBe(409);
      expect(refused.body.error.code).toBe('conflict');
    }
    expect((await admin.request('PATCH', `/api/v1/sectors/${p.sectors.financeiro}`, { active: false })).body.error.message)
      .toBe('Um setor desativado não pode ser o setor padrão: escolha antes outro setor como padrão.');

    // A deactivated sector, or one that only groups people, cannot become the default.
    expect((await admin.request('PATCH', `/api/v1/sectors/${p.sectors.comercial}`, { active: false })).body.active).toBe(false);
    expect((await admin.request('PATCH', `/api/v1/sectors/${p.sectors.comercial}`, { isDefault: true })).status).toBe(409);
    expect((await admin.post('/api/v1/sectors', { name: 'Back office', attends: false, isDefault: true })).status).toBe(409);

    const created = await admin.post('/api/v1/sectors', { name: 'Plantão', isDefault: true });
    expect(created.body.isDefault).toBe(true);
    const after = (await admin.get('/api/v1/sectors')).body;
    expect(defaults(after)).toEqual(['Plantão']);
    expect(names(after)).not.toContain('Back office');
  });

  it('sends new conversations to the default sector chosen on the screen', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    await admin.request('PATCH', `/api/v1/sectors/${p.sectors.comercial}`, { isDefault: true });
    const { conversationId } = (await h.inbound(p, { externalId: '5511933330001' })) as { conversationId: number };
    expect((await admin.get(`/api/v1/conversations/${conversationId}`)).body.sector).toEqual({ id: p.sectors.comercial, name: 'Comercial' });
  });

  it('sends no conversation to a sector that only groups people: transfers and new conversations there are refused', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    expect((await admin.request('PATCH', `/api/v1/sectors/${p.sectors.comercial}`, { attends: false })).body.attends).toBe(false);
    const { conversationId } = (await h.inbound(p, { externalId: '5511933330002', phone: '5511933330002' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    const transfer = await carla.post(`/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.comercial });
    expect(transfer.status).toBe(422);
    expect(transfer.body.error).toEqual({ code: 'invalid_transfer', message: 'O setor Comercial só agrupa pessoas: ele não recebe conversas.' });
    expect((await carla.request('PATCH', `/api/v1/conversations/${conversationId}`, { sectorId: p.sectors.comercial })).body.error.code).toBe('invalid_transfer');
    const contactId = (await carla.get(`/api/v1/conversations/${conversationId}`)).body.contact.id;
    const started = await carla.post('/api/v1/conversations', { contact: { id: contactId }, channelId: p.channels.webchat, sectorId: p.sectors.comercial, body: 'oi' });
    expect(started.status).toBe(400);
    expect(started.body.error.message).toBe('O setor Comercial só agrupa pessoas: ele não recebe conversas.');
    expect((await carla.get(`/api/v1/conversations/${conversationId}`)).body.sector.id).toBe(p.sectors.suporte);
    // Attending again, it takes them.
    await admin.request('PATCH', `/api/v1/sectors/${p.sectors.comercial}`, { attends: true });
    expect((await carla.post(`/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.comercial })).status).toBe(200);
  });

  it('leaves one default when two administrators choose different ones at the same moment', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const answers = await Promise.all([
      admin.request('PATCH', `/api/v1/sectors/${p.sectors.financeiro}`, { isDefault: true }),
      admin.request('PATCH', `/api/v1/sectors/${p.sectors.comercial}`, { isDefault: true }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(defaults((await admin.get('/api/v1/sectors')).body)).toHaveLength(1);
  });

  it('refuses supervisors and atendentes every write, with the error shape', async () => {
    const p = await h.provider();
    for (const user of [p.users.supervisor, p.users.ana]) {
      const client = await h.login(user);
      for (const answer of [
        await client.post('/api/v1/sectors', { name: 'Novo' }),
        await client.request('PATCH', `/api/v1/sectors/${p.sectors.financeiro}`, { isDefault: true }),
      ]) {
        expect(answer.status, user.email).toBe(403);
        expect(answer.body).toEqual({ error: { code: 'forbidden', message: 'Seu perfil não permite esta ação.' } });
      }
    }
    expect(defaults((await (await h.login(p.users.admin)).get('/api/v1/sectors')).body)).toEqual(['Suporte Técnico']);
  });

  it('refuses another provider\'s sector, and changes nothing of theirs', async () => {
    const mine = await h.provider();
    const theirs = await h.provider();
    const admin = await h.login(mine.users.admin);
    for (const change of [{ isDefault: true }, { name: 'Invadido' }, { active: false }]) {
      const answer = await admin.request('PATCH', `/api/v1/sectors/${theirs.sectors.financeiro}`, change);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    expect((await admin.get('/api/v1/sectors')).body.map((s: { id: number }) => s.id).sort()).toEqual(Object.values(mine.sectors).sort());
    const theirView = (await (await h.login(theirs.users.admin)).get('/api/v1/sectors')).body;
    expect(theirView.map((s: { name: string; isDefault: boolean; active: boolean }) => [s.name, s.isDefault, s.active]))
      .toEqual([['Comercial', false, true], ['Financeiro', false, true], ['Suporte Técnico', true, true]]);
  });
});
