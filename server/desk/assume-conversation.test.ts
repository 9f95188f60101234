import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';

const h = await createHarness();

describe('assuming a conversation from the Fila', () => {
  it('lets exactly one of several agents clicking at once win; the others are told who has it', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511900000001', body: 'socorro' })) as { conversationId: number };
    const agents = await Promise.all([p.users.ana, p.users.bruno, p.users.supervisor, p.users.admin].map((u) => h.login(u)));
    const answers = await Promise.all(agents.map((a) => a.post(`/api/v1/conversations/${conversationId}/assume`)));

    const winners = answers.filter((a) => a.status === 200);
    const losers = answers.filter((a) => a.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(3);
    const winner = winners[0].body.responsavel;
    expect(winner).not.toBeNull();
    for (const loser of losers) {
      expect(loser.body.error.code).toBe('conversation_already_assumed');
      expect(loser.body.error.message).toContain(winner.name);
      expect(loser.body.error.details.responsavel).toEqual(winner);
    }
    const detail = await agents[2].get(`/api/v1/conversations/${conversationId}`);
    expect(detail.body).toMatchObject({ situacao: 'chat', responsavel: winner, unreadCount: 0 });
    expect(detail.body.assumedAt).not.toBeNull();
  });

  it('records who assumed it in the timeline', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511900000002' })) as { conversationId: number };
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${conversationId}/assume`);
    const page = await ana.get(`/api/v1/conversations/${conversationId}/messages`);
    expect(page.body.events.at(-1)).toMatchObject({ type: 'assumed', actorUserId: p.users.ana.id, actorName: 'Ana Souza' });
  });

  it('does not let an atendente see or assume a conversation of a sector they do not work', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511900000003' })) as { conversationId: number };
    const caio = await h.login(p.users.caio); // Comercial only; the conversation is in Suporte Técnico
    expect((await caio.post(`/api/v1/conversations/${conversationId}/assume`)).status).toBe(404);
    expect((await caio.get(`/api/v1/conversations/${conversationId}`)).status).toBe(404);
  });

  it('refuses to assume a conversation that is not in the Fila', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511900000004' })) as { conversationId: number };
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${conversationId}/assume`);
    await ana.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.semConexao });
    const again = await ana.post(`/api/v1/conversations/${conversationId}/assume`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conversation_not_in_fila');
  });
});
