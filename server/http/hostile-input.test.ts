// Input a clumsy or hostile client sends, answered 4xx with a clear message — never a 500.
import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';

const h = await createHarness();
const cursor = (at: string, id = 1) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

describe('text PostgreSQL cannot store', () => {
  it('refuses a NUL byte in a body, a query or a path with 400, and stores nothing', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511977770001' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    const answers = [
      await carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'nota\u0000escondida' }),
      await carla.get(`/api/v1/contacts?q=ab%00cd`),
      await carla.get(`/api/v1/channels/${encodeURIComponent('x\u0000')}/templates`),
      await carla.post('/api/v1/tags', { name: 'Etiqueta\u0000' }),
      await carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'meio emoji \ud83d' }),
      await carla.post('/api/v1/tags', { name: 'ok', ['chave\u0000']: 1 }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
    const page = await carla.get(`/api/v1/conversations/${conversationId}/messages`);
    expect(page.body.messages.filter((m: { type: string }) => m.type === 'note')).toEqual([]);
    // A whole emoji (a surrogate pair) is fine.
    expect((await carla.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'tudo certo 😀' })).status).toBe(201);
  });
});

describe('edits that make no sense', () => {
  it('refuses a PATCH with no fields with 400', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511977770002' })) as { conversationId: number };
    const admin = await h.login(p.users.admin);
    const contactId = (await admin.get(`/api/v1/conversations/${conversationId}`)).body.contact.id;
    for (const url of [`/api/v1/tags/${p.tags.vip}`, `/api/v1/motivos/${p.motivos.boleto}`, `/api/v1/contacts/${contactId}`, `/api/v1/conversations/${conversationId}`]) {
      const answer = await admin.request('PATCH', url, {});
      expect(answer.status, url).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
  });

  it('answers 409 with the name when a tag or motivo is renamed onto another\'s name', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const tag = await admin.request('PATCH', `/api/v1/tags/${p.tags.vip}`, { name: 'Urgente' });
    expect(tag.status).toBe(409);
    expect(tag.body.error).toEqual({ code: 'conflict', message: 'Já existe uma etiqueta chamada "Urgente".' });
    const motivo = await admin.request('PATCH', `/api/v1/motivos/${p.motivos.boleto}`, { name: 'Sem conexão' });
    expect(motivo.status).toBe(409);
    expect(motivo.body.error).toEqual({ code: 'conflict', message: 'Já existe um motivo chamado "Sem conexão".' });
    expect((await admin.get('/api/v1/tags')).body.map((t: { name: string }) => t.name).sort()).toEqual(['Urgente', 'VIP']);
  });

  it('refuses cursor dates JavaScript reads and PostgreSQL does not', async () => {
    const p = await h.provider();
    const carla = await h.login(p.users.supervisor);
    for (const at of ['+010000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z']) {
      const answer = await carla.get(`/api/v1/conversations?tab=fechados&cursor=${cursor(at)}`);
      expect(answer.status, at).toBe(400);
      expect(answer.body.error.message).toBe('Cursor de paginação inválido.');
    }
    expect((await carla.get(`/api/v1/conversations?tab=fechados&cursor=${cursor('2026-01-01T00:00:00Z')}`)).status).toBe(200);
  });
});

describe('file names', () => {
  it('drops right-to-left overrides and other bidi controls from an uploaded file\'s name', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const answer = await ana.upload('fatura\u202Efdp.exe.txt', Buffer.from('conteúdo de texto\n'), 'text/plain');
    expect(answer.status).toBe(201);
    expect(answer.body.filename).toBe('faturafdp.exe.txt');
    const isolates = await ana.upload('a\u2066b\u2069c\u200F.txt', Buffer.from('texto\n'), 'text/plain');
    expect(isolates.body.filename).toBe('abc.txt');
  });
});
