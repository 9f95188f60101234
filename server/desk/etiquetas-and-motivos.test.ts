// The Etiquetas and Motivo screens' rules: administrators configure, every agent reads what the chat
// offers, a conversation only takes an active motivo of its sector, and nothing crosses providers.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { selectRows } from '../db/connection.js';
import { createHarness } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';
import { tagOverviewQuery } from './list-tag-overview.js';

const h = await createHarness();
let phones = 0;

/** A conversation in the Fila of a sector (Suporte unless moved), and its id. */
async function conversationIn(p: ProviderFixture, sector: 'suporte' | 'financeiro' | 'comercial' = 'suporte') {
  const { conversationId } = (await h.inbound(p, { externalId: `55119444${String(++phones).padStart(5, '0')}` })) as { conversationId: number };
  if (sector !== 'suporte') {
    const carla = await h.login(p.users.supervisor);
    expect((await carla.post(`/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors[sector] })).status).toBe(200);
  }
  return conversationId;
}

describe('Etiquetas', () => {
  it('counts the conversations that carry each tag, for this provider only', async () => {
    const p = await h.provider();
    const theirs = await h.provider();
    const carla = await h.login(p.users.supervisor);
    const [a, b] = [await conversationIn(p), await conversationIn(p)];
    await carla.post(`/api/v1/conversations/${a}/tags`, { tagId: p.tags.urgente });
    await carla.post(`/api/v1/conversations/${b}/tags`, { tagId: p.tags.urgente });
    await carla.post(`/api/v1/conversations/${b}/tags`, { tagId: p.tags.vip });
    await carla.request('DELETE', `/api/v1/conversations/${a}/tags/${p.tags.urgente}`);
    const theirConversation = await conversationIn(theirs);
    await (await h.login(theirs.users.supervisor)).post(`/api/v1/conversations/${theirConversation}/tags`, { tagId: theirs.tags.vip });

    const admin = await h.login(p.users.admin);
    const created = await admin.post('/api/v1/tags', { name: 'Retorno', color: '#0ea5e9', description: 'Cliente pediu retorno' });
    expect(created.status).toBe(201);
    const overview = await admin.get('/api/v1/tags/overview');
    expect(overview.status).toBe(200);
    expect(overview.body).toEqual([
      { id: created.body.id, name: 'Retorno', color: '#0ea5e9', description: 'Cliente pediu retorno', active: true, conversationCount: 0 },
      { id: p.tags.urgente, name: 'Urgente', color: '#dc2626', description: null, active: true, conversationCount: 1 },
      { id: p.tags.vip, name: 'VIP', color: '#7c3aed', description: null, active: true, conversationCount: 1 },
    ]);
  });

  it('counts with the conversation_tags_tag index, in one grouped query', async () => {
    const p = await h.provider();
    const scope = h.scopeOf(p, p.users.admin, 'administrador', []);
    const plan = await h.database.db.transaction(async (tx) => {
      // Planners prefer a sequential scan on a table this small; forbidding it shows which index serves the count.
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      return selectRows<Record<string, string>>(tx, sql`EXPLAIN ${tagOverviewQuery(scope).getSQL()}`);
    });
    const text = plan.map((row) => Object.values(row)[0]).join('\n');
    expect(text).toContain('conversation_tags_tag');
    expect(text).not.toMatch(/Seq Scan on conversation_tags/);
  });

  it('searches by name or description, accents and case aside', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    await admin.post('/api/v1/tags', { name: 'Lentidão', description: 'Velocidade abaixo do plano' });
    const names = async (q: string) => (await admin.get(`/api/v1/tags/overview?q=${encodeURIComponent(q)}`)).body.map((t: { name: string }) => t.name);
    expect(await names('LENTIDAO')).toEqual(['Lentidão']);
    expect(await names('abaixo')).toEqual(['Lentidão']);
    expect(await names('%')).toEqual([]);
    expect(await names('')).toEqual(['Lentidão', 'Urgente', 'VIP']);
  });

  it('edits, deactivates and reactivates a tag; agents still read the list the chat picks from', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const edited = await admin.request('PATCH', `/api/v1/tags/${p.tags.vip}`, { name: 'Cliente VIP', color: '#111111', description: 'Atender primeiro' });
    expect(edited.body).toEqual({ id: p.tags.vip, name: 'Cliente VIP', color: '#111111', description: 'Atender primeiro', active: true });
    expect((await admin.request('PATCH', `/api/v1/tags/${p.tags.vip}`, { description: '' })).body.description).toBeNull();
    expect((await admin.request('PATCH', `/api/v1/tags/${p.tags.vip}`, { active: false })).body.active).toBe(false);
    const ana = await h.login(p.users.ana);
    const read = await ana.get('/api/v1/tags');
    expect(read.status).toBe(200);
    expect(read.body.map((t: { name: string; active: boolean }) => [t.name, t.active])).toEqual([['Cliente VIP', false], ['Urgente', true]]);
    expect((await admin.request('PATCH', `/api/v1/tags/${p.tags.vip}`, { active: true })).body.active).toBe(true);
  });

  it('refuses supervisors and atendentes every write and the overview, with the error shape', async () => {
    const p = await h.provider();
    for (const user of [p.users.supervisor, p.users.ana]) {
      const client = await h.login(user);
      for (const answer of [
        await client.post('/api/v1/tags', { name: 'Nova' }),
        await client.request('PATCH', `/api/v1/tags/${p.tags.vip}`, { active: false }),
        await client.get('/api/v1/tags/overview'),
      ]) {
        expect(answer.status, user.email).toBe(403);
        expect(answer.body).toEqual({ error: { code: 'forbidden', message: 'Seu perfil não permite esta ação.' } });
      }
    }
    const admin = await h.login(p.users.admin);
    expect((await admin.get('/api/v1/tags')).body.map((t: { name: string; active: boolean }) => [t.name, t.active])).toEqual([['Urgente', true], ['VIP', true]]);
  });

  it('refuses another provider\'s tag', async () => {
    const mine = await h.provider();
    const theirs = await h.provider();
    const admin = await h.login(mine.users.admin);
    const answer = await admin.request('PATCH', `/api/v1/tags/${theirs.tags.vip}`, { active: false });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
    expect((await admin.get('/api/v1/tags/overview')).body.map((t: { id: number }) => t.id).sort()).toEqual([mine.tags.urgente, mine.tags.vip].sort());
    expect((await (await h.login(theirs.users.admin)).get('/api/v1/tags')).body.every((t: { active: boolean }) => t.active)).toBe(true);
  });
});

describe('Motivo', () => {
  it('creates a motivo for some sectors, edits its sectors (none: every sector) and searches', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const created = await admin.post('/api/v1/motivos', {
      name: 'Troca de titularidade', description: 'Contrato passa a outra pessoa', sectorIds: [p.sectors.comercial, p.sectors.financeiro, p.sectors.comercial],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: created.body.id, name: 'Troca de titularidade', description: 'Contrato passa a outra pessoa',
      sectorIds: [p.sectors.financeiro, p.sectors.comercial].sort((a, b) => a - b), active: true,
    });
    const everywhere = await admin.request('PATCH', `/api/v1/motivos/${created.body.id}`, { sectorIds: [] });
    expect(everywhere.body.sectorIds).toEqual([]);
    const renamed = await admin.request('PATCH', `/api/v1/motivos/${created.body.id}`, { name: 'Troca de titular', sectorIds: [p.sectors.suporte] });
    expect(renamed.body).toMatchObject({ name: 'Troca de titular', description: 'Contrato passa a outra pessoa', sectorIds: [p.sectors.suporte] });
    const found = await admin.get(`/api/v1/motivos?q=${encodeURIComponent('TITULAR')}`);
    expect(found.body.map((m: { name: string }) => m.name)).toEqual(['Troca de titular']);
    expect((await admin.get('/api/v1/motivos?q=negocia')).body).toEqual([
      { id: p.motivos.soFinanceiro, name: 'Negociação de débito', description: null, sectorIds: [p.sectors.financeiro], active: true },
    ]);
  });

  it('refuses supervisors and atendentes every write, with the error shape', async () => {
    const p = await h.provider();
    for (const user of [p.users.supervisor, p.users.bruno]) {
      const client = await h.login(user);
      for (const answer of [
        await client.post('/api/v1/motivos', { name: 'Outro' }),
        await client.request('PATCH', `/api/v1/motivos/${p.motivos.boleto}`, { active: false }),
      ]) {
        expect(answer.status, user.email).toBe(403);
        expect(answer.body.error.code).toBe('forbidden');
      }
      expect((await client.get('/api/v1/motivos')).status).toBe(200);
    }
  });

  it('takes a motivo only on a conversation of a sector it applies to, when set and when closing', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const motivo = (await admin.post('/api/v1/motivos', { name: 'Upgrade de plano', sectorIds: [p.sectors.comercial] })).body;
    const suporte = await conversationIn(p);
    const carla = await h.login(p.users.supervisor);
    await carla.post(`/api/v1/conversations/${suporte}/assume`);
    const set = await carla.request('PUT', `/api/v1/conversations/${suporte}/motivo`, { motivoId: motivo.id });
    expect(set.status).toBe(422);
    expect(set.body.error).toEqual({ code: 'motivo_not_for_sector', message: 'O motivo "Upgrade de plano" não se aplica ao setor desta conversa.' });
    expect((await carla.post(`/api/v1/conversations/${suporte}/close`, { motivoId: motivo.id })).body.error.code).toBe('motivo_not_for_sector');
    expect((await carla.request('PATCH', `/api/v1/conversations/${suporte}`, { motivoId: motivo.id })).body.error.code).toBe('motivo_not_for_sector');
    expect((await carla.get(`/api/v1/conversations/${suporte}`)).body).toMatchObject({ situacao: 'chat', motivo: null });

    const comercial = await conversationIn(p, 'comercial');
    await carla.post(`/api/v1/conversations/${comercial}/assume`);
    const closed = await carla.post(`/api/v1/conversations/${comercial}/close`, { motivoId: motivo.id });
    expect(closed.status).toBe(200);
    expect(closed.body.motivo).toEqual({ id: motivo.id, name: 'Upgrade de plano' });
  });

  it('refuses a motivo set earlier when the conversation moved to a sector it does not apply to', async () => {
    const p = await h.provider();
    const id = await conversationIn(p, 'financeiro');
    const carla = await h.login(p.users.supervisor);
    await carla.post(`/api/v1/conversations/${id}/assume`);
    expect((await carla.request('PUT', `/api/v1/conversations/${id}/motivo`, { motivoId: p.motivos.soFinanceiro })).status).toBe(200);
    await carla.post(`/api/v1/conversations/${id}/transfer`, { toSectorId: p.sectors.suporte });
    await carla.post(`/api/v1/conversations/${id}/assume`);
    const close = await carla.post(`/api/v1/conversations/${id}/close`);
    expect(close.status).toBe(422);
    expect(close.body.error.code).toBe('motivo_not_for_sector');
    expect((await carla.post(`/api/v1/conversations/${id}/close`, { motivoId: p.motivos.boleto })).status).toBe(200);
  });

  it('refuses an inactive motivo, given now or set before deactivation, and takes it again once reactivated', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const carla = await h.login(p.users.supervisor);
    const id = await conversationIn(p);
    await carla.post(`/api/v1/conversations/${id}/assume`);
    expect((await carla.request('PUT', `/api/v1/conversations/${id}/motivo`, { motivoId: p.motivos.boleto })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/v1/motivos/${p.motivos.boleto}`, { active: false })).body.active).toBe(false);

    const closeWithOld = await carla.post(`/api/v1/conversations/${id}/close`);
    expect(closeWithOld.status).toBe(422);
    expect(closeWithOld.body.error).toEqual({ code: 'motivo_inactive', message: 'O motivo "2ª via de boleto" está desativado; escolha outro.' });
    expect((await carla.request('PUT', `/api/v1/conversations/${id}/motivo`, { motivoId: p.motivos.semConexao })).status).toBe(200);
    const setInactive = await carla.request('PUT', `/api/v1/conversations/${id}/motivo`, { motivoId: p.motivos.boleto });
    expect(setInactive.body.error.code).toBe('motivo_inactive');
    expect((await carla.get(`/api/v1/conversations/${id}`)).body.motivo.id).toBe(p.motivos.semConexao);

    await admin.request('PATCH', `/api/v1/motivos/${p.motivos.boleto}`, { active: true });
    expect((await carla.post(`/api/v1/conversations/${id}/close`, { motivoId: p.motivos.boleto })).status).toBe(200);
  });

  it('refuses another provider\'s motivo and sectors, and stores nothing', async () => {
    const mine = await h.provider();
    const theirs = await h.provider();
    const admin = await h.login(mine.users.admin);
    expect((await admin.request('PATCH', `/api/v1/motivos/${theirs.motivos.boleto}`, { sectorIds: [] })).status).toBe(404);
    const onMine = await admin.request('PATCH', `/api/v1/motivos/${mine.motivos.boleto}`, { sectorIds: [theirs.sectors.financeiro] });
    expect(onMine.status).toBe(404);
    expect(onMine.body.error.code).toBe('not_found');
    expect((await admin.post('/api/v1/motivos', { name: 'Invasão', sectorIds: [theirs.sectors.comercial] })).status).toBe(404);
    const id = await conversationIn(mine);
    await admin.post(`/api/v1/conversations/${id}/assume`);
    expect((await admin.request('PUT', `/api/v1/conversations/${id}/motivo`, { motivoId: theirs.motivos.semConexao })).status).toBe(404);

    const motivos = (await admin.get('/api/v1/motivos')).body as { name: string; sectorIds: number[] }[];
    expect(motivos.map((m) => m.name)).toEqual(['2ª via de boleto', 'Negociação de débito', 'Sem conexão']);
    expect(motivos.find((m) => m.name === '2ª via de boleto')!.sectorIds).toEqual([]);
    const theirView = (await (await h.login(theirs.users.admin)).get('/api/v1/motivos')).body as { sectorIds: number[] }[];
    expect(theirView.map((m) => m.sectorIds)).toEqual([[], [theirs.sectors.financeiro], []]);
  });
});
