import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { jobs, messages } from '../db/schema.js';
import { createHarness } from '../../test/support/harness.js';

const h = await createHarness();

async function attended(slugUser: 'ana' | 'bruno' = 'ana') {
  const p = await h.provider();
  const { conversationId } = (await h.inbound(p, { externalId: '5511911110000', body: 'preciso de ajuda' })) as { conversationId: number };
  const agent = await h.login(p.users[slugUser]);
  expect((await agent.post(`/api/v1/conversations/${conversationId}/assume`)).status).toBe(200);
  return { p, conversationId, agent };
}

describe('closing a conversation (Fechar conversa)', () => {
  it('refuses to close a conversation without a motivo', async () => {
    const { conversationId, agent } = await attended();
    const answer = await agent.post(`/api/v1/conversations/${conversationId}/close`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('motivo_required');
    expect((await agent.get(`/api/v1/conversations/${conversationId}`)).body.situacao).toBe('chat');
  });

  it('closes with the motivo given in the pop-up, queues the closing message and moves it to Fechados', async () => {
    const { p, conversationId, agent } = await attended();
    const answer = await agent.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.boleto });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ situacao: 'finalizada', motivo: { id: p.motivos.boleto, name: '2ª via de boleto' } });
    expect(answer.body.closedAt).not.toBeNull();

    const page = await agent.get(`/api/v1/conversations/${conversationId}/messages`);
    const last = page.body.messages.at(-1);
    expect(last).toMatchObject({ direction: 'out', authorKind: 'system', status: 'pending', body: 'Seu atendimento foi encerrado. Obrigado pelo contato!' });
    const [job] = await h.database.db.select().from(jobs).where(and(eq(jobs.kind, 'deliver_message'), eq(jobs.providerId, p.providerId)))
      .then((rows) => rows.filter((j) => (j.payload as { messageId: number }).messageId === last.id));
    expect(job).toBeDefined();
    expect(page.body.events.map((e: { type: string }) => e.type)).toEqual(['opened', 'assumed', 'motivo_set', 'closed']);

    const fechados = await agent.get('/api/v1/conversations?tab=fechados');
    expect(fechados.body.items.map((c: { id: number }) => c.id)).toContain(conversationId);
    expect(fechados.body.counts).toMatchObject({ abertos: { total: 0 }, fechados: { total: 1, exact: true } });
  });

  it('closes with a motivo set earlier, without asking again', async () => {
    const { p, conversationId, agent } = await attended();
    expect((await agent.request('PUT', `/api/v1/conversations/${conversationId}/motivo`, { motivoId: p.motivos.semConexao })).status).toBe(200);
    const answer = await agent.post(`/api/v1/conversations/${conversationId}/close`);
    expect(answer.status).toBe(200);
    expect(answer.body.motivo.name).toBe('Sem conexão');
  });

  it('keeps a closed conversation read-only', async () => {
    const { p, conversationId, agent } = await attended();
    await agent.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.semConexao });
    for (const [method, url, body] of [
      ['POST', `/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'mais uma coisa' }],
      ['POST', `/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.semConexao }],
      ['POST', `/api/v1/conversations/${conversationId}/transfer`, { toSectorId: p.sectors.financeiro }],
      ['PATCH', `/api/v1/conversations/${conversationId}`, { situacao: 'fila' }],
    ] as const) {
      const answer = await agent.request(method, url, body);
      expect(answer.status, url).toBe(409);
      expect(answer.body.error.code).toBe('conversation_closed');
    }
    const count = await h.database.db.select().from(messages).where(eq(messages.conversationId, conversationId));
    expect(count.filter((m) => m.body === 'mais uma coisa')).toHaveLength(0);
  });

  it('does not let an atendente close another agent\'s conversation, but lets a supervisor', async () => {
    const { p, conversationId } = await attended('ana');
    const bruno = await h.login(p.users.bruno);
    const refused = await bruno.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.semConexao });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_responsavel');
    const carla = await h.login(p.users.supervisor);
    expect((await carla.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.semConexao })).status).toBe(200);
  });

  it('refuses a motivo of another sector', async () => {
    const { p, conversationId, agent } = await attended();
    const answer = await agent.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.soFinanceiro });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('motivo_not_for_sector');
    expect(answer.body.error.message).toContain('Negociação de débito');
  });
});
