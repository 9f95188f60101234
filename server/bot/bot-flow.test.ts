// Administração > Bot: the menu an administrator edits as data, checked against the provider's own
// sectors and motivos, and the file it is exported to and imported from between installations.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { motivos, motivoSectors, providers, sectors, users } from '../db/schema.js';
import { createHarness, type Client } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';
import { seedDemo } from '../demo/seed.js';
import { botFlowOf } from './flow.js';
import { saveBotFlow } from './save-bot-flow.js';
import { BotFlowShape } from '../../api/bot.js';

const h = await createHarness();

/** A flow that may be turned on: two ways to a person and a motivo for every sector. */
const flowOf = (p: ProviderFixture, changes: Record<string, unknown> = {}) => ({
  enabled: true,
  greeting: 'Olá! Sou a assistente do provedor.',
  options: [
    { id: 'boleto', label: '2ª via do boleto', action: 'segunda_via' },
    { id: 'suporte', label: 'Falar com o suporte', action: 'atendente', sectorId: p.sectors.suporte },
    { id: 'financeiro', label: 'Falar com o financeiro', action: 'atendente', sectorId: p.sectors.financeiro },
    { id: 'horario', label: 'Horário da loja', action: 'mensagem', text: 'De segunda a sexta, das 8h às 18h.' },
  ],
  timeoutMinutes: 15,
  timeoutMotivoId: p.motivos.semConexao,
  ...changes,
});

async function exported(client: Client) {
  const answer = await h.app.inject({ method: 'GET', url: '/api/v1/bot/export', headers: { cookie: client.cookie } });
  return { status: answer.statusCode, headers: answer.headers, file: answer.statusCode === 200 ? answer.json() : null, text: answer.body };
}

describe('Administração > Bot: saving the menu', () => {
  it('starts from the defaults, off, and keeps what the administrator saves', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const first = await admin.get('/api/v1/bot');
    expect(first.status).toBe(200);
    expect(first.body).toEqual(BotFlowShape.parse({}));
    expect(first.body.enabled).toBe(false);

    const saved = await admin.request('PUT', '/api/v1/bot', flowOf(p));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ enabled: true, timeoutMinutes: 15, timeoutMotivoId: p.motivos.semConexao, greeting: 'Olá! Sou a assistente do provedor.' });
    expect((await admin.get('/api/v1/bot')).body).toEqual(saved.body);
    expect(saved.body.options.map((o: { label: string; sectorId: number | null }) => [o.label, o.sectorId])).toEqual([
      ['2ª via do boleto', null], ['Falar com o suporte', p.sectors.suporte], ['Falar com o financeiro', p.sectors.financeiro], ['Horário da loja', null],
    ]);
  });

  it('drops a sector or text an option\'s action does not use', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const saved = await admin.request('PUT', '/api/v1/bot', flowOf(p, {
      options: [
        { id: 'boleto', label: '2ª via do boleto', action: 'segunda_via', sectorId: p.sectors.comercial, text: 'esquecido' },
        { id: 'suporte', label: 'Falar com o suporte', action: 'atendente', sectorId: p.sectors.suporte, text: 'esquecido' },
      ],
    }));
    expect(saved.status).toBe(200);
    expect(saved.body.options).toEqual([
      { id: 'boleto', label: '2ª via do boleto', action: 'segunda_via', sectorId: null, text: '' },
      { id: 'suporte', label: 'Falar com o suporte', action: 'atendente', sectorId: p.sectors.suporte, text: '' },
    ]);
  });

  it('is for administrators only, and each provider keeps its own', async () => {
    const p = await h.provider();
    const theirs = await h.provider();
    for (const user of [p.users.supervisor, p.users.ana]) {
      const client = await h.login(user);
      expect((await client.get('/api/v1/bot')).status).toBe(403);
      expect((await client.request('PUT', '/api/v1/bot', flowOf(p))).status).toBe(403);
      expect((await exported(client)).status).toBe(403);
      expect((await client.post('/api/v1/bot/import', { format: 'prosa-bot', version: 1, flow: { options: [{ id: 'a', label: 'A', action: 'segunda_via' }] } })).status).toBe(403);
    }
    const admin = await h.login(p.users.admin);
    expect((await admin.request('PUT', '/api/v1/bot', flowOf(p))).status).toBe(200);
    expect((await (await h.login(theirs.users.admin)).get('/api/v1/bot')).body).toEqual(BotFlowShape.parse({}));
  });

  it('refuses a sector of another provider, an inactive one and one that only groups people, and keeps what was saved', async () => {
    const p = await h.provider();
    const theirs = await h.provider();
    const admin = await h.login(p.users.admin);
    const atendente = (sectorId: number) => flowOf(p, { options: [{ id: 'pessoa', label: 'Falar com alguém', action: 'atendente', sectorId }] });

    const foreign = await admin.request('PUT', '/api/v1/bot', atendente(theirs.sectors.financeiro));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: 'not_found', details: { fields: { 'options.0.sectorId': 'Setor não encontrado(a).' } } });

    await h.database.db.update(sectors).set({ active: false }).where(eq(sectors.id, p.sectors.comercial));
    const inactive = await admin.request('PUT', '/api/v1/bot', atendente(p.sectors.comercial));
    expect(inactive.status).toBe(400);
    expect(inactive.body.error.message).toBe('O setor "Comercial" está desativado: escolha outro para a opção "Falar com alguém".');
    expect(inactive.body.error.details.fields).toHaveProperty(['options.0.sectorId']);

    const [backOffice] = await h.database.db.insert(sectors).values({ providerId: p.providerId, name: 'Diretoria', attends: false }).returning();
    const grouping = await admin.request('PUT', '/api/v1/bot', atendente(backOffice.id));
    expect(grouping.status).toBe(400);
    expect(grouping.body.error.message).toContain('só agrupa pessoas');

    expect((await admin.get('/api/v1/bot')).body).toEqual(BotFlowShape.parse({}));
  });

  it('refuses, for the timeout, a motivo that applies only to some sectors, an inactive one and another provider\'s', async () => {
    const p = await h.provider();
    const theirs = await h.provider();
    const admin = await h.login(p.users.admin);
    const some = await admin.request('PUT', '/api/v1/bot', flowOf(p, { timeoutMotivoId: p.motivos.soFinanceiro }));
    expect(some.status).toBe(422);
    expect(some.body.error).toMatchObject({
      code: 'motivo_not_for_sector',
      message: 'O motivo "Negociação de débito" vale só para alguns setores; para encerrar por falta de resposta, escolha um que valha para todos.',
      details: { fields: { timeoutMotivoId: expect.any(String) } },
    });
    await h.database.db.update(motivos).set({ active: false }).where(eq(motivos.id, p.motivos.boleto));
    const inactive = await admin.request('PUT', '/api/v1/bot', flowOf(p, { timeoutMotivoId: p.motivos.boleto }));
    expect(inactive.status).toBe(422);
    expect(inactive.body.error.code).toBe('motivo_inactive');
    expect((await admin.request('PUT', '/api/v1/bot', flowOf(p, { timeoutMotivoId: theirs.motivos.semConexao }))).status).toBe(404);
    // Off, the bot needs no motivo at all.
    expect((await admin.request('PUT', '/api/v1/bot', flowOf(p, { enabled: false, timeoutMotivoId: null }))).status).toBe(200);
  });

  it('refuses to turn on a bot without a way to a person or without a timeout motivo, beside the field', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const noPerson = await admin.request('PUT', '/api/v1/bot', flowOf(p, { options: [{ id: 'boleto', label: '2ª via do boleto', action: 'segunda_via' }] }));
    expect(noPerson.status).toBe(400);
    expect(noPerson.body.error.details.fields).toEqual({ options: 'para ligar o bot, o menu precisa de uma opção "falar com um atendente"' });
    const noMotivo = await admin.request('PUT', '/api/v1/bot', flowOf(p, { timeoutMotivoId: null }));
    expect(noMotivo.status).toBe(400);
    expect(noMotivo.body.error.details.fields).toEqual({ timeoutMotivoId: 'para ligar o bot, escolha o motivo com que ele encerra por falta de resposta' });
    const noSector = await admin.request('PUT', '/api/v1/bot', flowOf(p, { options: [{ id: 'pessoa', label: 'Falar com alguém', action: 'atendente' }] }));
    expect(noSector.body.error.details.fields).toEqual({ 'options.0.sectorId': 'escolha o setor que atende esta opção' });
    expect((await admin.get('/api/v1/bot')).body.enabled).toBe(false);
  });
});

describe('Administração > Bot: Exportar and Importar JSON', () => {
  it('exports a file that names sectors and the timeout motivo by name', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    await admin.request('PUT', '/api/v1/bot', flowOf(p));
    const { status, headers, file, text } = await exported(admin);
    expect(status).toBe(200);
    expect(headers['content-disposition']).toBe('attachment; filename="prosa-bot.json"');
    expect(headers['content-type']).toContain('application/json');
    expect(text).toContain('\n  "format": "prosa-bot"');
    expect(file).toMatchObject({ format: 'prosa-bot', version: 1, flow: { enabled: true, timeoutMotivo: 'Sem conexão', timeoutMinutes: 15 } });
    expect(file.flow.options.map((o: { label: string; sector: string | null }) => [o.label, o.sector])).toEqual([
      ['2ª via do boleto', null], ['Falar com o suporte', 'Suporte Técnico'], ['Falar com o financeiro', 'Financeiro'], ['Horário da loja', null],
    ]);
    expect(JSON.stringify(file)).not.toMatch(/sectorId|timeoutMotivoId/);
  });

  it('imports into another provider with the same names, mapped to its own ids, accents and case aside', async () => {
    const p = await h.provider();
    const other = await h.provider();
    await (await h.login(p.users.admin)).request('PUT', '/api/v1/bot', flowOf(p));
    const { file } = await exported(await h.login(p.users.admin));
    file.flow.options[2].sector = 'FINANCEIRO';
    file.flow.options[1].sector = 'suporte tecnico';
    file.flow.timeoutMotivo = 'sem conexao';

    const theirAdmin = await h.login(other.users.admin);
    const imported = await theirAdmin.post('/api/v1/bot/import', file);
    expect(imported.status).toBe(200);
    expect(imported.body.options.map((o: { sectorId: number | null }) => o.sectorId)).toEqual([null, other.sectors.suporte, other.sectors.financeiro, null]);
    expect(imported.body).toMatchObject({ enabled: true, timeoutMotivoId: other.motivos.semConexao, greeting: 'Olá! Sou a assistente do provedor.' });
    expect((await theirAdmin.get('/api/v1/bot')).body).toEqual(imported.body);
    // And back out, the same file as the first provider's (but for the names as written there).
    const back = (await exported(theirAdmin)).file;
    expect(back.flow.options[2].sector).toBe('Financeiro');
  });

  it('refuses a file naming a sector or motivo the provider does not have, and one that is no bot export', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    await admin.request('PUT', '/api/v1/bot', flowOf(p));
    const { file } = await exported(admin);
    const other = await h.provider();
    const theirAdmin = await h.login(other.users.admin);
    await h.database.db.update(sectors).set({ name: 'Cobrança' }).where(eq(sectors.id, other.sectors.financeiro));

    const unknownSector = await theirAdmin.post('/api/v1/bot/import', file);
    expect(unknownSector.status).toBe(400);
    expect(unknownSector.body.error.message).toContain('Setor "Financeiro" não existe neste provedor');
    const unknownMotivo = await theirAdmin.post('/api/v1/bot/import', { ...file, flow: { ...file.flow, options: file.flow.options.slice(0, 2), timeoutMotivo: 'Sem resposta' } });
    expect(unknownMotivo.status).toBe(400);
    expect(unknownMotivo.body.error.message).toContain('Motivo "Sem resposta" não existe neste provedor');
    // A motivo of some sectors only is refused as when saving.
    await h.database.db.insert(motivoSectors).values({ providerId: other.providerId, motivoId: other.motivos.semConexao, sectorId: other.sectors.suporte });
    const someSectors = await theirAdmin.post('/api/v1/bot/import', { ...file, flow: { ...file.flow, options: file.flow.options.slice(0, 2) } });
    expect(someSectors.status).toBe(422);
    expect(someSectors.body.error.code).toBe('motivo_not_for_sector');

    const notABot = await theirAdmin.post('/api/v1/bot/import', { format: 'outra-coisa', version: 1, flow: file.flow });
    expect(notABot.status).toBe(400);
    expect(notABot.body.error.message).toContain('este arquivo não é uma exportação do bot do Prosa');
    expect((await theirAdmin.get('/api/v1/bot')).body).toEqual(BotFlowShape.parse({}));
  });
});

describe('Administração > Bot: the demo', () => {
  it('comes with a menu that is off and can be turned on as it is', async () => {
    await seedDemo(h.database.db);
    const [demo] = await h.database.db.select({ id: providers.id }).from(providers).where(eq(providers.slug, 'demo'));
    const [admin] = await h.database.db.select().from(users).where(and(eq(users.providerId, demo.id), eq(users.role, 'administrador')));
    const flow = await botFlowOf(h.database.db, demo.id);
    expect(flow.enabled).toBe(false);
    const demoSectors = await h.database.db.select({ id: sectors.id, name: sectors.name }).from(sectors).where(eq(sectors.providerId, demo.id));
    expect(flow.options.filter((o) => o.action === 'atendente').map((o) => demoSectors.find((s) => s.id === o.sectorId)?.name)).toEqual(['Suporte Técnico', 'Comercial']);
    const scope = { db: h.database.db, bus: h.bus, providerId: demo.id, actor: { userId: admin.id, name: admin.name, role: 'administrador' as const, sectorIds: [] } };
    expect((await saveBotFlow(scope, { ...flow, enabled: true })).enabled).toBe(true);
  }, 60_000);
});
