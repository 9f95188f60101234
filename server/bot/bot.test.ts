// The bot, through the real receiving path and its durable jobs: the subscriber identified by CPF,
// the 2ª via (checked by independent parsers), the desbloqueio em confiança under the Ação's rules,
// falar com um atendente per sector, invalid answers, the timeout, and a person taking over.
import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { hasError, parsePix } from 'pix-utils';
import { contacts, contracts, conversationEvents, conversations, jobs, messages, providers } from '../db/schema.js';
import { runUntilIdle } from '../jobs/worker.js';
import { seedAccount } from '../../test/support/accounts.js';
import { createHarness } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';
import { BotFlowShape, type BotFlow } from '../../api/bot.js';
import { answerSubscriber } from './answer-subscriber.js';
import { botJobHandlers } from './jobs.js';
import { BOT_TIMEOUT } from './state.js';

const h = await createHarness();
const handlers = botJobHandlers({ db: h.database.db, bus: h.bus });
const runBot = () => runUntilIdle({ db: h.database.db, handlers });
const PIX = { key: '11222333000181', merchantName: 'Provedor Teste', merchantCity: 'Campinas' };
/** Valid CPFs (their check digits hold), one per subscriber. */
const CPF = { maria: '52998224725', joao: '11144477735' };
let phones = 0;

async function withBot(p: ProviderFixture, changes: Partial<BotFlow> = {}) {
  const flow = BotFlowShape.parse({
    enabled: true,
    options: [
      { id: 'boleto', label: '2ª via do boleto', action: 'segunda_via' },
      { id: 'desbloqueio', label: 'Desbloqueio em confiança', action: 'desbloqueio' },
      { id: 'horario', label: 'Horário da loja', action: 'mensagem', text: 'Nossa loja abre às 8h.' },
      { id: 'financeiro', label: 'Falar com o financeiro', action: 'atendente', sectorId: p.sectors.financeiro },
    ],
    timeoutMotivoId: p.motivos.semConexao,
    maxInvalid: 3,
    ...changes,
  });
  await h.database.db.update(providers).set({ botFlow: flow, ispSettings: { pix: PIX } }).where(eq(providers.id, p.providerId));
}

/** A subscriber writes; the bot's jobs run; answers the conversation and what the bot said since. */
function subscriber(p: ProviderFixture) {
  const phone = `55119555${String(++phones).padStart(5, '0')}`;
  let conversationId = 0;
  let seen = 0;
  let n = 0;
  return {
    phone,
    get conversationId() { return conversationId; },
    async says(body: string, meta?: Record<string, unknown>) {
      const result = await h.inbound(p, { externalId: phone, phone, contactName: 'Maria', body, meta, providerMessageId: `wamid.${phone}.${++n}` });
      if (result.status !== 'stored') throw new Error(`not stored: ${result.status}`);
      conversationId = result.conversationId;
      await runBot();
      return this.botSaid();
    },
    async botSaid() {
      const rows = await h.database.db.select().from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.authorKind, 'bot'), sql`${messages.id} > ${seen}`))
        .orderBy(asc(messages.id));
      if (rows.length) seen = rows[rows.length - 1].id;
      return rows;
    },
    async conversation() {
      const [row] = await h.database.db.select().from(conversations).where(eq(conversations.id, conversationId));
      return row;
    },
    async events() {
      return h.database.db.select().from(conversationEvents).where(eq(conversationEvents.conversationId, conversationId)).orderBy(asc(conversationEvents.id));
    },
  };
}

const menuOf = (said: { meta: unknown }[]) => (said.at(-1)?.meta as { choices?: { prompt: string; options: { id: string; title: string }[] } } | null)?.choices;

describe('a subscriber who writes in with the bot on', () => {
  it('is greeted, asked the CPF, identified (the contact linked to the client), and offered the menu as choices', async () => {
    const p = await withProvider();
    const { clientId } = await seedAccount(h.database.db, p.providerId, { document: CPF.maria });
    const maria = subscriber(p);
    const first = await maria.says('oi');
    expect(first.map((m) => m.body)).toEqual([
      'Olá! Sou o assistente virtual. Vou te ajudar por aqui.',
      'Para começar, digite o CPF ou CNPJ do titular do contrato.',
    ]);
    const opened = await maria.conversation();
    // Nobody's Fila yet: the bot has it.
    expect(opened).toMatchObject({ situacao: 'bot', sectorId: null, queuedAt: null });

    // A CPF whose check digits do not hold is no CPF: asked again.
    const wrong = await maria.says('123.456.789-00');
    expect(wrong.map((m) => m.body)).toEqual(['Esse não parece um CPF ou CNPJ válido. Confira os números.', 'Para começar, digite o CPF ou CNPJ do titular do contrato.']);
    // A real CPF nobody has: said so, asked again.
    expect((await maria.says(CPF.joao)).map((m) => m.body)).toEqual([
      'Não encontrei nenhum cadastro com esse CPF/CNPJ. Confira e digite novamente.',
      'Para começar, digite o CPF ou CNPJ do titular do contrato.',
    ]);

    const found = await maria.says('529.982.247-25');
    expect(found[0].body).toMatch(/^Obrigado, Maria! Cadastro encontrado\.$/);
    const menu = menuOf(found);
    expect(menu).toEqual({
      prompt: 'Como posso ajudar? Escolha uma opção:',
      options: [
        { id: 'boleto', title: '2ª via do boleto' }, { id: 'desbloqueio', title: 'Desbloqueio em confiança' },
        { id: 'horario', title: 'Horário da loja' }, { id: 'financeiro', title: 'Falar com o financeiro' },
      ],
    });
    // What any channel without buttons shows, and what the agent reads.
    expect(found.at(-1)!.body).toBe('Como posso ajudar? Escolha uma opção:\n\n1. 2ª via do boleto\n2. Desbloqueio em confiança\n3. Horário da loja\n4. Falar com o financeiro');
    const [contact] = await h.database.db.select().from(contacts).where(eq(contacts.id, opened.contactId));
    expect(contact.clientId).toBe(clientId);
    expect((await maria.conversation()).clientId).toBe(clientId);
    expect((await maria.events()).find((e) => e.type === 'client_linked')).toMatchObject({ actorUserId: null, data: { clientId, by: 'bot' } });
  });

  it('sends the 2ª via — each open charge\'s linha digitável and PIX copia e cola, valid to other parsers — and offers the menu again', async () => {
    const p = await withProvider();
    await seedAccount(h.database.db, p.providerId, { document: CPF.maria });
    const maria = subscriber(p);
    await maria.says('bom dia');
    await maria.says(CPF.maria);
    const said = await maria.says('1');
    const bodies = said.map((m) => m.body ?? '');
    const linhas = bodies.filter((b) => /^\d{47}$/.test(b));
    expect(linhas).toHaveLength(2);
    for (const linha of linhas) expect(isValidBoleto(linha)).toBe(true);
    const pix = bodies.filter((b) => b.startsWith('000201'));
    expect(pix).toHaveLength(2);
    for (const code of pix) expect(hasError(parsePix(code))).toBe(false);
    expect(bodies).toContain('PIX copia e cola:');
    expect(bodies.some((b) => /^Boleto atualizado para hoje: R\$/.test(b))).toBe(true);
    expect(menuOf(said)).toBeDefined();
    expect((await maria.events()).find((e) => e.type === 'boleto_sent')).toMatchObject({ actorUserId: null, data: { by: 'bot' } });
    expect((await maria.conversation()).situacao).toBe('bot');
  });

  it('asks the CPF only when an option needs it, then runs what was chosen', async () => {
    const p = await withProvider({ identifyFirst: false });
    await seedAccount(h.database.db, p.providerId, { document: CPF.maria });
    const maria = subscriber(p);
    expect(menuOf(await maria.says('oi'))).toBeDefined();
    // "Horário da loja" needs nobody identified.
    expect((await maria.says('horario da LOJA')).map((m) => m.body)[0]).toBe('Nossa loja abre às 8h.');
    // The 2ª via does: the CPF first, then the boletos without choosing again.
    expect((await maria.says('2ª via do boleto', { replyId: 'boleto' })).map((m) => m.body)).toEqual(['Para começar, digite o CPF ou CNPJ do titular do contrato.']);
    const said = await maria.says(CPF.maria);
    expect(said.filter((m) => /^\d{47}$/.test(m.body ?? ''))).toHaveLength(2);
  });

  it('skips the CPF for a contact already linked to a client (known by their number)', async () => {
    const p = await withProvider();
    const maria = subscriber(p);
    await seedAccount(h.database.db, p.providerId, { phone: maria.phone });
    const said = await maria.says('oi');
    expect(said.map((m) => m.body?.split('\n')[0])).toEqual(['Olá! Sou o assistente virtual. Vou te ajudar por aqui.', 'Como posso ajudar? Escolha uma opção:']);
  });

  it('unlocks a contract blocked for late payment, in trust, once per period, under the same rules as the Ação', async () => {
    const p = await withProvider();
    const { contractId } = await seedAccount(h.database.db, p.providerId, { document: CPF.maria, status: 'bloqueado_atraso' });
    const maria = subscriber(p);
    await maria.says('oi');
    await maria.says(CPF.maria);
    const unlocked = await maria.says('Desbloqueio em confiança', { replyId: 'desbloqueio' });
    expect(unlocked[0].body).toMatch(/^Seu acesso \(Fibra 500 Mega\) foi liberado em confiança até \d{2}\/\d{2}\/\d{4}\./);
    const [contract] = await h.database.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(contract.status).toBe('ativo');
    expect((await maria.events()).find((e) => e.type === 'bonus_granted')).toMatchObject({ actorUserId: null, data: { kind: 'desbloqueio_confianca', by: 'bot' } });

    // Blocked again before the period is over: refused, in the Ação's words.
    await h.database.db.update(contracts).set({ status: 'bloqueado_atraso' }).where(eq(contracts.id, contractId));
    const again = await maria.says('2');
    expect(again[0].body).toMatch(/^Desbloqueio em confiança já concedido em \d{2}\/\d{2}\/\d{4}; disponível novamente a partir de/);
    expect((await h.database.db.select().from(contracts).where(eq(contracts.id, contractId)))[0].status).toBe('bloqueado_atraso');

    // Nothing blocked for late payment: nothing to unlock.
    await h.database.db.update(contracts).set({ status: 'ativo' }).where(eq(contracts.id, contractId));
    expect((await maria.says('2'))[0].body).toMatch(/^Não encontrei contrato bloqueado por atraso/);
  });

  it('sends the subscriber who asks for a person to that sector\'s Fila, and says nothing more once there', async () => {
    const p = await withProvider();
    const maria = subscriber(p);
    await maria.says('oi');
    // The option's name, typed without its accents and in capitals, is the option.
    const said = await maria.says('FALAR COM O FINANCEIRO');
    expect(said.map((m) => m.body)).toEqual(['Certo! Vou transferir você para um atendente (Financeiro). Aguarde um momento, por favor.']);
    const conversation = await maria.conversation();
    expect(conversation).toMatchObject({ situacao: 'fila', sectorId: p.sectors.financeiro, botState: null });
    expect(conversation.queuedAt).not.toBeNull();
    expect((await maria.events()).find((e) => e.type === 'bot_handoff')).toMatchObject({ data: { sectorId: p.sectors.financeiro, reason: 'chosen' } });
    // The agents see it in the Fila of Financeiro.
    const carla = await h.login(p.users.supervisor);
    const fila = await carla.get(`/api/v1/conversations?tab=fila&sectorId=${p.sectors.financeiro}`);
    expect(fila.body.items.map((c: { id: number }) => c.id)).toContain(maria.conversationId);
    expect(await maria.says('1')).toEqual([]);
  });

  it('asks again after an invalid answer, and after too many hands the subscriber to the default sector', async () => {
    const p = await withProvider({ identifyFirst: false, maxInvalid: 2 });
    const maria = subscriber(p);
    await maria.says('oi');
    const first = await maria.says('quero cancelar');
    expect(first[0].body).toBe('Não entendi. Responda com o número de uma das opções.');
    expect(menuOf(first)).toBeDefined();
    // A number past the menu is no option either.
    await maria.says('9');
    expect(await maria.conversation()).toMatchObject({ situacao: 'fila', sectorId: p.sectors.suporte });
    expect((await maria.events()).find((e) => e.type === 'bot_handoff')).toMatchObject({ data: { reason: 'invalid' } });
  });

  it('closes with the configured motivo when the subscriber stops answering, and not for a question answered', async () => {
    const p = await withProvider({ identifyFirst: false });
    const maria = subscriber(p);
    await maria.says('oi');
    await maria.says('3');
    // Two questions were asked; the first one's clock is stale.
    const timeouts = await h.database.db.select().from(jobs).where(and(eq(jobs.kind, BOT_TIMEOUT), sql`${jobs.payload}->>'conversationId' = ${String(maria.conversationId)}`)).orderBy(asc(jobs.id));
    expect(timeouts).toHaveLength(2);
    const [stale] = timeouts;
    await h.database.db.update(jobs).set({ runAt: new Date() }).where(eq(jobs.id, stale.id));
    await runBot();
    expect((await maria.conversation()).situacao).toBe('bot');

    await h.database.db.update(jobs).set({ runAt: new Date() }).where(eq(jobs.kind, BOT_TIMEOUT));
    await runBot();
    const closed = await maria.conversation();
    expect(closed).toMatchObject({ situacao: 'finalizada', motivoId: p.motivos.semConexao, botState: null });
    expect((await maria.botSaid()).map((m) => m.body)).toEqual(['Como não tivemos resposta, encerramos este atendimento. Se precisar, é só chamar de novo!']);
    expect((await maria.events()).find((e) => e.type === 'closed')).toMatchObject({ actorUserId: null, data: { by: 'bot', reason: 'timeout', motivoId: p.motivos.semConexao } });
    // Writing again opens a new conversation, with the bot again.
    const again = await maria.says('oi de novo');
    expect(again[0].body).toBe('Olá! Sou o assistente virtual. Vou te ajudar por aqui.');
    expect(maria.conversationId).not.toBe(closed.id);
  });

  it('answers a message once, even when its job runs twice', async () => {
    const p = await withProvider({ identifyFirst: false });
    const maria = subscriber(p);
    await maria.says('oi');
    await maria.says('3');
    const [last] = await h.database.db.select({ id: messages.id }).from(messages)
      .where(and(eq(messages.conversationId, maria.conversationId), eq(messages.direction, 'in'))).orderBy(sql`${messages.id} DESC`).limit(1);
    const scope = { db: h.database.db, bus: h.bus, providerId: p.providerId };
    expect(await answerSubscriber(scope, { conversationId: maria.conversationId, messageId: last.id })).toBe('already_answered');
    expect(await maria.botSaid()).toEqual([]);
  });

  it('keeps quiet once an agent takes the conversation, and starts over when put back in the bot', async () => {
    const p = await withProvider({ identifyFirst: false });
    const maria = subscriber(p);
    await maria.says('oi');
    const carla = await h.login(p.users.supervisor);
    expect((await carla.request('PATCH', `/api/v1/conversations/${maria.conversationId}`, { situacao: 'chat' })).status).toBe(200);
    expect(await maria.says('1')).toEqual([]);
    expect((await carla.request('PATCH', `/api/v1/conversations/${maria.conversationId}`, { situacao: 'bot' })).status).toBe(200);
    await runBot();
    const restarted = await maria.botSaid();
    expect(restarted[0].body).toBe('Olá! Sou o assistente virtual. Vou te ajudar por aqui.');
    expect(menuOf(restarted)).toBeDefined();
  });

  it('shows whom the bot is talking to in the Bot tab, where an agent may take one over and silence it', async () => {
    const p = await withProvider({ identifyFirst: false });
    const maria = subscriber(p);
    await maria.says('oi');
    const ana = await h.login(p.users.ana);
    const bot = await ana.get('/api/v1/conversations?tab=bot');
    expect(bot.body.items.map((c: { id: number }) => c.id)).toEqual([maria.conversationId]);
    expect(bot.body.counts).toMatchObject({ bot: { total: 1, exact: true }, fila: { total: 0 } });
    expect((await ana.post(`/api/v1/conversations/${maria.conversationId}/assume`)).status).toBe(200);
    expect(await maria.conversation()).toMatchObject({ situacao: 'chat', responsavelId: p.users.ana.id, botState: null });
    expect(await maria.says('1')).toEqual([]);
  });

  it('hands a subscriber to a person when the bot is turned off mid-conversation', async () => {
    const p = await withProvider({ identifyFirst: false });
    const maria = subscriber(p);
    await maria.says('oi');
    await h.database.db.update(providers).set({ botFlow: sql`${providers.botFlow} || '{"enabled": false}'::jsonb` }).where(eq(providers.id, p.providerId));
    await maria.says('1');
    expect(await maria.conversation()).toMatchObject({ situacao: 'fila', sectorId: p.sectors.suporte });
  });
});

describe('with the bot off', () => {
  it('a new conversation goes straight to the default sector\'s Fila and nothing is queued for the bot', async () => {
    const p = await h.provider();
    const maria = subscriber(p);
    expect(await maria.says('oi')).toEqual([]);
    expect(await maria.conversation()).toMatchObject({ situacao: 'fila', sectorId: p.sectors.suporte });
  });
});

async function withProvider(changes: Partial<BotFlow> = {}) {
  const p = await h.provider();
  await withBot(p, changes);
  return p;
}
