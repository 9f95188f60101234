// The chat's Ações on the provider's side, through the API, on the built-in ERP and on IXC (its
// stand-in): what the agent sees, what the subscriber is sent, and what is refused.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { hasError, parsePix } from 'pix-utils';
import { charges, contracts, jobs, providers, serviceOrders } from '../db/schema.js';
import { seedAccount } from '../../test/support/accounts.js';
import { createHarness } from '../../test/support/harness.js';
import { startIxcStandIn, type IxcStandIn } from '../../test/support/ixc-stand-in.js';
import { pdfText } from '../../test/support/pdf-text.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';
import { formatLinha } from './documents/boleto.js';
import { ispJobHandlers } from './jobs.js';
import { TRUST_UNLOCK_ENDS } from './grant-bonus.js';

const h = await createHarness();
const PIX = { key: '11222333000181', merchantName: 'Provedor Teste', merchantCity: 'Campinas' };
let phones = 0;

/** A subscriber who wrote in, linked to a client of the built-in ERP; assumed by the supervisor. */
async function attended(p: ProviderFixture, status: 'ativo' | 'bloqueado_atraso' = 'ativo', assume = true) {
  const phone = `55119777${String(++phones).padStart(5, '0')}`;
  const { conversationId } = (await h.inbound(p, { externalId: phone, phone, contactName: 'Maria', body: 'preciso do boleto' })) as { conversationId: number };
  const account = await seedAccount(h.database.db, p.providerId, { conversationId, status });
  const carla = await h.login(p.users.supervisor);
  if (assume) expect((await carla.post(`/api/v1/conversations/${conversationId}/assume`)).status).toBe(200);
  return { conversationId, carla, ...account };
}

describe('Contratos', () => {
  it('lists the linked client\'s contracts and the charges still to pay, an overdue one updated to today', async () => {
    const p = await h.provider();
    const { conversationId, carla, contractId } = await attended(p, 'bloqueado_atraso', false);
    const account = await carla.get(`/api/v1/conversations/${conversationId}/account`);
    expect(account.status).toBe(200);
    expect(account.body.erp).toBe('builtin');
    expect(account.body.contracts).toMatchObject([{ id: contractId, plan: 'Fibra 500 Mega', status: 'bloqueado_atraso', downloadMbps: 500, uploadMbps: 250 }]);
    const [overdue, due] = account.body.charges;
    expect(overdue).toMatchObject({ status: 'vencido', amountCents: 10000 });
    // 10 days late: 2% multa and 1% a month pro rata (10/30 of 1%).
    expect(overdue.amountDueTodayCents).toBe(10000 + 200 + 33);
    expect(due).toMatchObject({ status: 'aberto', amountDueTodayCents: 11990 });
    // Overdue first: oldest due date first.
    expect(account.body.charges.map((c: { status: string }) => c.status)).toEqual(['vencido', 'aberto']);
  });

  it('refuses when the conversation has no client, and shows nothing to an atendente who may not see it', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511966660001', phone: '5511966660001', body: 'oi' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    const refused = await carla.get(`/api/v1/conversations/${conversationId}/account`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('client_not_linked');
    const other = await h.provider();
    const stranger = await h.login(other.users.admin);
    expect((await stranger.get(`/api/v1/conversations/${conversationId}/account`)).status).toBe(404);
  });
});

describe('Vincular cliente', () => {
  it('links a new contact to the client whose number it writes from, and the next conversations too', async () => {
    const p = await h.provider();
    const { clientId } = await seedAccount(h.database.db, p.providerId, { phone: '5519988887777' });
    const first = (await h.inbound(p, { externalId: '5519988887777', phone: '5519988887777', body: 'oi' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    const detail = await carla.get(`/api/v1/conversations/${first.conversationId}`);
    expect(detail.body.clientId).toBe(clientId);
    expect(detail.body.contractState).toBe('active');
    // Two clients sharing a number: the desk does not guess.
    await seedAccount(h.database.db, p.providerId, { phone: '5519911112222' });
    await seedAccount(h.database.db, p.providerId, { phone: '5519911112222' });
    const shared = (await h.inbound(p, { externalId: '5519911112222', phone: '5519911112222', body: 'oi' })) as { conversationId: number };
    expect((await carla.get(`/api/v1/conversations/${shared.conversationId}`)).body.clientId).toBeNull();
  });

  it('finds clients by part of the name, and takes % and _ as letters, not as wildcards', async () => {
    const p = await h.provider();
    await seedAccount(h.database.db, p.providerId);
    const carla = await h.login(p.users.supervisor);
    const found = await carla.get(`/api/v1/clients?q=${encodeURIComponent('assinante')}`);
    expect(found.body.map((c: { name: string }) => c.name)).toEqual([expect.stringMatching(/^Maria Assinante \d+$/)]);
    for (const q of ['%', '_', 'Maria_Assinante']) {
      expect((await carla.get(`/api/v1/clients?q=${encodeURIComponent(q)}`)).body, q).toEqual([]);
    }
  });
});

describe('Enviar boleto', () => {
  it('sends the PDF, the linha digitável and the PIX copia-e-cola, each in its own message, on the conversation\'s channel', async () => {
    const p = await h.provider();
    await h.database.db.update(providers).set({ ispSettings: { pix: PIX } }).where(eq(providers.id, p.providerId));
    const { conversationId, carla, chargeRef, overdueChargeRef } = await attended(p);
    const sent = await carla.post(`/api/v1/conversations/${conversationId}/boletos`, { chargeRefs: [overdueChargeRef, chargeRef] });
    expect(sent.status).toBe(201);
    const messages = sent.body.messages as { type: string; body: string; fileId: number | null; file: { mime: string } | null; status: string }[];
    expect(messages.map((m) => m.type)).toEqual(['file', 'text', 'text', 'text', 'text', 'file', 'text', 'text', 'text', 'text']);
    expect(messages.every((m) => m.status === 'pending')).toBe(true);
    expect(messages[0].body).toContain('Boleto atualizado para hoje: R$ 102,33');
    expect(messages[0].file?.mime).toBe('application/pdf');

    const linha = messages[2].body;
    expect(linha).toMatch(/^\d{47}$/);
    // Checked by an independent parser, not by our own code.
    expect(isValidBoleto(linha)).toBe(true);
    const pix = messages[4].body;
    expect(pix.startsWith('000201')).toBe(true);
    const parsed = parsePix(pix);
    expect(hasError(parsed)).toBe(false);
    expect(parsed).toMatchObject({ pixKey: PIX.key, transactionAmount: 102.33 });

    // The PDF the subscriber receives is the boleto of that line.
    const pdf = await h.app.inject({ method: 'GET', url: `/api/v1/files/${messages[0].fileId}`, headers: { cookie: carla.cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(pdf.rawPayload)).toContain(formatLinha(linha));

    // Each message is queued for delivery (stored first), and the timeline says who sent what.
    const queued = await h.database.db.select().from(jobs).where(eq(jobs.orderingKey, `conversation:${conversationId}`));
    expect(queued.length).toBeGreaterThanOrEqual(10);
    const page = await carla.get(`/api/v1/conversations/${conversationId}/messages`);
    const event = page.body.events.find((e: { type: string }) => e.type === 'boleto_sent');
    expect(event).toMatchObject({ actorName: expect.any(String), data: { charges: [{ ref: overdueChargeRef }, { ref: chargeRef }] } });
  });

  it('refuses a charge that is not the linked client\'s, and an agent who is not the responsável', async () => {
    const p = await h.provider();
    const mine = await attended(p);
    const theirs = await attended(p);
    const wrong = await mine.carla.post(`/api/v1/conversations/${mine.conversationId}/boletos`, { chargeRefs: [theirs.chargeRef] });
    expect(wrong.status).toBe(404);
    const bruno = await h.login(p.users.bruno);
    const notMine = await bruno.post(`/api/v1/conversations/${mine.conversationId}/boletos`, { chargeRefs: [mine.chargeRef] });
    expect(notMine.body.error?.code).toMatch(/not_responsavel|not_found/);
    expect(notMine.status).toBeGreaterThanOrEqual(403);
  });

  it('refuses on a closed conversation, and stores nothing', async () => {
    const p = await h.provider();
    const { conversationId, carla, chargeRef } = await attended(p);
    expect((await carla.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.boleto })).status).toBe(200);
    const refused = await carla.post(`/api/v1/conversations/${conversationId}/boletos`, { chargeRefs: [chargeRef] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conversation_closed');
  });
});

describe('Enviar notas fiscais', () => {
  it('sends each nota\'s DANFE-COM with its access key', async () => {
    const p = await h.provider();
    const { conversationId, carla, notaRef } = await attended(p);
    const list = await carla.get(`/api/v1/conversations/${conversationId}/notas`);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].accessKey).toMatch(/^\d{44}$/);
    const sent = await carla.post(`/api/v1/conversations/${conversationId}/notas`, { notaRefs: [notaRef] });
    expect(sent.status).toBe(201);
    expect(sent.body.messages).toHaveLength(1);
    const pdf = await h.app.inject({ method: 'GET', url: `/api/v1/files/${sent.body.messages[0].fileId}`, headers: { cookie: carla.cookie } });
    const text = (await pdfText(pdf.rawPayload)).replace(/\s/g, '');
    expect(text).toContain(list.body[0].accessKey);
  });
});

describe('Conceder bônus', () => {
  it('unlocks a contract blocked for late payment for the configured days, tells the subscriber, and the dot turns green', async () => {
    const p = await h.provider();
    const { conversationId, carla, contractId } = await attended(p, 'bloqueado_atraso');
    const before = await carla.get(`/api/v1/conversations/${conversationId}`);
    expect(before.body.contractState).toBe('blocked');
    const events: string[] = [];
    const off = h.bus.subscribe((event) => { if (event.conversationId === conversationId) events.push(event.type); });
    const granted = await carla.post(`/api/v1/conversations/${conversationId}/bonus`, { contractId, bonus: { kind: 'desbloqueio_confianca' } });
    off();
    expect(granted.status).toBe(201);
    expect(granted.body.contract.status).toBe('ativo');
    const days = (Date.parse(granted.body.contract.trustUnlockUntil) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    expect(granted.body.message.body).toContain('liberado em confiança até');
    expect(events).toContain('conversation.updated');
    expect((await carla.get(`/api/v1/conversations/${conversationId}`)).body.contractState).toBe('active');

    // A second one inside the period is refused, with the date it becomes available.
    await h.database.db.update(contracts).set({ status: 'bloqueado_atraso' }).where(eq(contracts.id, contractId));
    const again = await carla.post(`/api/v1/conversations/${conversationId}/bonus`, { contractId, bonus: { kind: 'desbloqueio_confianca' } });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('bonus_not_allowed');
    expect(again.body.error.message).toMatch(/disponível novamente a partir de \d{2}\/\d{2}\/\d{4}/);
  });

  it('blocks the contract again when the unlock\'s days are over and the charge is still unpaid', async () => {
    const p = await h.provider();
    const { conversationId, carla, contractId } = await attended(p, 'bloqueado_atraso');
    expect((await carla.post(`/api/v1/conversations/${conversationId}/bonus`, { contractId, bonus: { kind: 'desbloqueio_confianca' } })).status).toBe(201);
    const [job] = await h.database.db.select().from(jobs).where(and(eq(jobs.kind, TRUST_UNLOCK_ENDS), eq(jobs.providerId, p.providerId)));
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 2.9 * 86_400_000);
    // The days pass.
    await h.database.db.update(contracts).set({ trustUnlockUntil: new Date(Date.now() - 1000) }).where(eq(contracts.id, contractId));
    await ispJobHandlers({ db: h.database.db, bus: h.bus })[TRUST_UNLOCK_ENDS].run(job);
    expect((await carla.get(`/api/v1/conversations/${conversationId}`)).body.contractState).toBe('blocked');
  });

  it('refuses a trust unlock for a contract that is not blocked for late payment', async () => {
    const p = await h.provider();
    const { conversationId, carla, contractId } = await attended(p, 'ativo');
    const refused = await carla.post(`/api/v1/conversations/${conversationId}/bonus`, { contractId, bonus: { kind: 'desbloqueio_confianca' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('bloqueado por atraso');
  });

  it('gives a percentage off the next charge, or extra days to pay it', async () => {
    const p = await h.provider();
    const { conversationId, carla, contractId, overdueChargeRef } = await attended(p);
    expect((await carla.post(`/api/v1/conversations/${conversationId}/bonus`, { contractId, bonus: { kind: 'desconto', percent: 10 } })).status).toBe(201);
    const [next] = await h.database.db.select().from(charges).where(eq(charges.id, Number(overdueChargeRef)));
    expect(next.discountCents).toBe(1000);
    const moved = await carla.post(`/api/v1/conversations/${conversationId}/bonus`, { contractId, bonus: { kind: 'dias_extras', days: 5 } });
    expect(moved.status).toBe(201);
    const [after] = await h.database.db.select().from(charges).where(eq(charges.id, Number(overdueChargeRef)));
    expect(Date.parse(after.dueDate) - Date.parse(next.dueDate)).toBe(5 * 86_400_000);
    const bad = await carla.post(`/api/v1/conversations/${conversationId}/bonus`, { contractId, bonus: { kind: 'desconto', percent: 10, valueCents: 100 } });
    expect(bad.status).toBe(400);
  });
});

describe('Novo atendimento', () => {
  it('opens a service order from the conversation and posts its protocolo', async () => {
    const p = await h.provider();
    const { conversationId, carla, contractId } = await attended(p);
    const opened = await carla.post(`/api/v1/conversations/${conversationId}/service-orders`, {
      contractId, type: 'Suporte técnico', subject: 'Sem conexão', description: 'Cliente sem internet desde ontem.',
    });
    expect(opened.status).toBe(201);
    expect(opened.body.serviceOrder.protocolo).toMatch(/^OS\d{14}$/);
    expect(opened.body.message.body).toContain(opened.body.serviceOrder.protocolo);
    const [row] = await h.database.db.select().from(serviceOrders).where(eq(serviceOrders.protocolo, opened.body.serviceOrder.protocolo));
    expect(row).toMatchObject({ conversationId, contractId, status: 'aberta', subject: 'Sem conexão' });
  });
});

describe('on IXC', () => {
  const TOKEN = '31:9a8b7c6d5e4f';
  let ixc: IxcStandIn;
  beforeAll(async () => {
    ixc = await startIxcStandIn({
      token: TOKEN,
      data: {
        cliente: [{ id: '41', ativo: 'S', tipo_pessoa: 'F', razao: 'Joana Conceição Silva', cnpj_cpf: '529.982.247-25', telefone_celular: '(19) 99912-3456' }],
        cliente_contrato: [{ id: '410', id_cliente: '41', contrato: 'Fibra 300 Mega', status: 'A', status_internet: 'CA', valor_unitario: '99.90' }],
      },
    });
  });
  afterAll(() => ixc.close());

  async function onIxc(p: ProviderFixture, baseUrl = ixc.url) {
    await h.database.db.update(providers).set({ erpKind: 'ixc', erpConfig: { baseUrl, token: TOKEN, timeoutMs: 500 } }).where(eq(providers.id, p.providerId));
  }

  it('links a conversation to an IXC client found by CPF, and shows its contract blocked', async () => {
    const p = await h.provider();
    await onIxc(p);
    const { conversationId } = (await h.inbound(p, { externalId: '5519999123456', phone: '5519999123456', body: 'oi' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    const found = await carla.get('/api/v1/clients?q=529.982.247-25');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject([{ ref: '41', name: 'Joana Conceição Silva', document: '52998224725' }]);
    const linked = await carla.request('PATCH', `/api/v1/conversations/${conversationId}`, { clientRef: '41' });
    expect(linked.status).toBe(200);
    expect(linked.body.contractState).toBe('blocked');
    const account = await carla.get(`/api/v1/conversations/${conversationId}/account`);
    expect(account.body).toMatchObject({ erp: 'ixc', client: { ref: '41' }, contracts: [{ ref: '410', status: 'bloqueado_atraso' }] });
  });

  it('answers within the timeout, in Portuguese, when IXC is down — and the conversation still opens', async () => {
    const p = await h.provider();
    await onIxc(p);
    const { conversationId } = (await h.inbound(p, { externalId: '5519999123457', phone: '5519999123457', body: 'oi' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    expect((await carla.request('PATCH', `/api/v1/conversations/${conversationId}`, { clientRef: '41' })).status).toBe(200);
    ixc.setLatency(3000);
    const started = Date.now();
    const slow = await carla.get(`/api/v1/conversations/${conversationId}/account`);
    ixc.setLatency(0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(slow.status).toBe(503);
    expect(slow.body.error.code).toBe('erp_unavailable');
    expect(slow.body.error.message).toMatch(/IXC não respondeu/);
    const detail = await carla.get(`/api/v1/conversations/${conversationId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.contractState).toBe('blocked');
  });
});
