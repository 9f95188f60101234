// A quick reply's optional attachment: one may attach only a file one may see, whoever may use the
// reply may read and send it (and nobody else), and it goes out with the text as its caption.
import { describe, expect, it } from 'vitest';
import { storageCleanedAfterAll } from '../../test/support/stored-files.js';
import { createHarness, type Client } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';

const h = await createHarness();
storageCleanedAfterAll(h);

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// The start of what Chromium's MediaRecorder writes: an EBML header whose DocType is "webm".
const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0x84]), Buffer.from('webm'), Buffer.alloc(512, 1)]);
let phones = 0;

/** A conversation of Suporte (ana's and bruno's sector) that this agent has assumed. */
async function assumedBy(p: ProviderFixture, agent: Client) {
  const { conversationId } = (await h.inbound(p, { externalId: `55119444${String(++phones).padStart(5, '0')}`, contactName: 'Maria da Conceição' })) as { conversationId: number };
  expect((await agent.post(`/api/v1/conversations/${conversationId}/assume`)).status).toBe(200);
  return conversationId;
}

describe('a quick reply\'s attachment', () => {
  it('is saved with the reply, and an atendente of its sector reads it and sends it with the text as caption', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const { body: file } = await admin.upload('contrato.pdf', pdf, 'application/pdf');
    const created = await admin.post('/api/v1/quick-replies', {
      shortcut: 'contrato', title: 'Contrato', body: 'Segue o contrato, {{cliente.primeiro_nome}}.', sectorId: p.sectors.suporte, fileId: file.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ shortcut: 'contrato', file: { id: file.id, filename: 'contrato.pdf', mime: 'application/pdf', kind: 'file' } });
    expect((await admin.get('/api/v1/quick-replies/editable')).body).toContainEqual(expect.objectContaining({ id: created.body.id, file }));

    const ana = await h.login(p.users.ana); // Suporte
    expect((await ana.get('/api/v1/quick-replies')).body).toContainEqual(expect.objectContaining({ id: created.body.id, file }));
    expect((await ana.request('GET', file.url)).status).toBe(200);
    const conversationId = await assumedBy(p, ana);
    const rendered = await ana.get(`/api/v1/conversations/${conversationId}/quick-replies/${created.body.id}`);
    expect(rendered.body).toEqual({ body: 'Segue o contrato, Maria.', file });
    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: file.id, caption: rendered.body.body });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ type: 'file', body: 'Segue o contrato, Maria.', file, status: 'pending' });

    // Enviar mensagem rápida sends the same: the file, the text its caption.
    const direct = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'quick_reply', quickReplyId: created.body.id });
    expect(direct.body).toMatchObject({ type: 'file', body: 'Segue o contrato, Maria.', file });
  });

  it('stays out of reach of an atendente of another sector, and of everyone but the owner of a personal reply', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const { body: shared } = await admin.upload('acordo.pdf', pdf, 'application/pdf');
    await admin.post('/api/v1/quick-replies', { shortcut: 'acordo', title: 'Acordo', body: 'Segue o acordo.', sectorId: p.sectors.financeiro, fileId: shared.id });
    const ana = await h.login(p.users.ana); // Suporte only
    const bruno = await h.login(p.users.bruno); // Suporte and Financeiro
    const caio = await h.login(p.users.caio); // Comercial
    expect((await bruno.request('GET', shared.url)).status).toBe(200);
    for (const someone of [ana, caio]) expect((await someone.request('GET', shared.url)).status).toBe(404);
    const conversationId = await assumedBy(p, ana);
    expect((await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: shared.id })).status).toBe(404);

    const { body: own } = await ana.upload('meu.pdf', pdf, 'application/pdf');
    await ana.post('/api/v1/quick-replies', { shortcut: 'meu', title: 'Meu', body: 'Segue.', personal: true, fileId: own.id });
    for (const someone of [bruno, caio]) expect((await someone.request('GET', own.url)).status).toBe(404);
  });

  it('is refused when it is another provider\'s or a file the author may not see', async () => {
    const mine = await h.provider();
    const theirs = await h.provider();
    const { body: theirFile } = await (await h.login(theirs.users.admin)).upload('deles.pdf', pdf, 'application/pdf');
    const admin = await h.login(mine.users.admin);
    const foreign = await admin.post('/api/v1/quick-replies', { shortcut: 'alheio', title: 'x', body: 'y', fileId: theirFile.id });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');

    const { body: adminFile } = await admin.upload('interno.pdf', pdf, 'application/pdf');
    const ana = await h.login(mine.users.ana);
    expect((await ana.post('/api/v1/quick-replies', { shortcut: 'pego', title: 'x', body: 'y', personal: true, fileId: adminFile.id })).status).toBe(404);
    const own = await ana.post('/api/v1/quick-replies', { shortcut: 'pego', title: 'x', body: 'y', personal: true });
    expect((await ana.request('PATCH', `/api/v1/quick-replies/${own.body.id}`, { fileId: adminFile.id })).status).toBe(404);
    expect((await ana.get('/api/v1/quick-replies/editable')).body).toEqual([expect.objectContaining({ shortcut: 'pego', file: null })]);
  });

  it('is taken off with fileId null, and then no longer opens the file to the sector', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const { body: file } = await admin.upload('tabela.pdf', pdf, 'application/pdf');
    const created = await admin.post('/api/v1/quick-replies', { shortcut: 'tabela', title: 'Tabela', body: 'Nossos planos.', fileId: file.id });
    const ana = await h.login(p.users.ana);
    expect((await ana.request('GET', file.url)).status).toBe(200);

    const edited = await admin.request('PATCH', `/api/v1/quick-replies/${created.body.id}`, { title: 'Tabela de planos' });
    expect(edited.body).toMatchObject({ title: 'Tabela de planos', file });
    const removed = await admin.request('PATCH', `/api/v1/quick-replies/${created.body.id}`, { fileId: null });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ shortcut: 'tabela', file: null });
    expect((await ana.request('GET', file.url)).status).toBe(404);
    const conversationId = await assumedBy(p, ana);
    expect((await ana.get(`/api/v1/conversations/${conversationId}/quick-replies/${created.body.id}`)).body).toEqual({ body: 'Nossos planos.', file: null });
  });

  it('opens the file only while the reply is active', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const { body: file } = await admin.upload('aviso.pdf', pdf, 'application/pdf');
    const created = await admin.post('/api/v1/quick-replies', { shortcut: 'aviso', title: 'Aviso', body: 'Aviso.', fileId: file.id });
    await admin.request('PATCH', `/api/v1/quick-replies/${created.body.id}`, { active: false });
    expect((await (await h.login(p.users.ana)).request('GET', file.url)).status).toBe(404);
  });

  it('sends an audio, which carries no caption, followed by the text', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const { body: voice } = await ana.upload('explicacao.webm', webm, 'audio/webm');
    const created = await ana.post('/api/v1/quick-replies', { shortcut: 'ouca', title: 'Ouça', body: 'Ouça a explicação.', personal: true, fileId: voice.id });
    expect(created.body.file).toMatchObject({ kind: 'audio' });
    const conversationId = await assumedBy(p, ana);
    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'quick_reply', quickReplyId: created.body.id });
    expect(sent.body).toMatchObject({ type: 'text', body: 'Ouça a explicação.', file: null });
    const page = await ana.get(`/api/v1/conversations/${conversationId}/messages`);
    expect(page.body.messages.slice(-2)).toMatchObject([{ type: 'audio', body: null, file: voice }, { type: 'text', body: 'Ouça a explicação.' }]);
  });
});
