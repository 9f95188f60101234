// WhatsApp's 24-hour customer-service window, as the desk enforces it: free text, quick replies and
// attachments only within 24 hours of the contact's last message; outside it, an approved template.
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { messages } from '../../db/schema.js';
import type { ProviderFixture } from '../../../test/support/fixtures.js';
import { content, whatsappTestbed } from '../../../test/support/whatsapp-testbed.js';

const t = await whatsappTestbed();
const { h } = t;
const db = h.database.db;
const HOUR = 3_600_000;

let numbers = 0;
/** A conversation Ana attends, whose contact last wrote `hoursAgo` hours ago. */
async function wroteAgo(p: ProviderFixture, hoursAgo: number) {
  const waId = `55119666${String(++numbers).padStart(5, '0')}`;
  await t.contactSends(p.channels.whatsapp, { waId, name: 'Contato Antigo' }, content.text('oi'), { at: Date.now() - hoursAgo * HOUR });
  const [first] = await db.select().from(messages).where(and(eq(messages.channelId, p.channels.whatsapp), eq(messages.direction, 'in'))).orderBy(sql`${messages.id} DESC`).limit(1);
  const ana = await h.login(p.users.ana);
  await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
  return { conversationId: first.conversationId, ana, waId };
}

describe('the 24-hour window', () => {
  it('lets an agent write freely within 24 hours of the contact\'s last message, and says until when', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await wroteAgo(p, 1);
    const window = await ana.get(`/api/v1/conversations/${conversationId}/templates`);
    expect(window.body).toMatchObject({ windowOpen: true, templates: [{ name: 'boas_vindas', language: 'pt_BR', params: 1 }] });
    const closesIn = new Date(window.body.windowClosesAt).getTime() - Date.now();
    expect(closesIn).toBeGreaterThan(22.9 * HOUR);
    expect(closesIn).toBeLessThan(23.1 * HOUR);
    expect((await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'Pode reiniciar o roteador?' })).status).toBe(201);
  });

  it('refuses free text, quick replies and attachments after 24 hours, with a clear error; notes still go', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await wroteAgo(p, 25);
    expect((await ana.get(`/api/v1/conversations/${conversationId}/templates`)).body.windowOpen).toBe(false);
    const text = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'Olá?' });
    expect(text.status).toBe(422);
    expect(text.body.error).toMatchObject({ code: 'whatsapp_window_closed', message: expect.stringContaining('janela de 24 horas') });
    const quick = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'quick_reply', quickReplyId: p.quickReplyId });
    expect(quick.body.error.code).toBe('whatsapp_window_closed');
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'foto.png');
    const uploaded = await h.app.inject({ method: 'POST', url: '/api/v1/files', headers: { cookie: ana.cookie }, payload: form });
    const file = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: uploaded.json().id });
    expect(file.body.error.code).toBe('whatsapp_window_closed');
    const note = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'note', body: 'Cliente sumiu; mandar modelo.' });
    expect(note.status).toBe(201);
  });

  it('accepts an approved template outside the window, stored with its text filled in', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await wroteAgo(p, 30);
    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'template', templateName: 'boas_vindas', params: ['Marta'] });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ type: 'template', body: 'Olá Marta! Aqui é do seu provedor. Podemos conversar por aqui?', status: 'pending' });
    expect((await t.messageById(sent.body.id)).meta).toEqual({ name: 'boas_vindas', language: 'pt_BR', params: ['Marta'] });
  });

  it('refuses a template the channel does not have, or with the wrong parameters', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await wroteAgo(p, 30);
    const post = (body: unknown) => ana.post(`/api/v1/conversations/${conversationId}/messages`, body);
    expect((await post({ kind: 'template', templateName: 'promocao', params: [] })).body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('promocao') });
    expect((await post({ kind: 'template', templateName: 'boas_vindas', params: [] })).body.error.code).toBe('validation_failed');
    expect((await post({ kind: 'template', templateName: 'boas_vindas', params: ['Ana\nLinha'] })).body.error.code).toBe('validation_failed');
  });

  it('has no window on Telegram, where templates do not exist', async () => {
    const p = await t.provider();
    const telegram = await h.inbound(p, { channelId: p.channels.telegram, externalId: '777000111', phone: null, sentAt: new Date(Date.now() - 48 * HOUR) });
    const ana = await h.login(p.users.ana);
    const { conversationId } = telegram as { conversationId: number };
    await ana.post(`/api/v1/conversations/${conversationId}/assume`);
    expect((await ana.get(`/api/v1/conversations/${conversationId}/templates`)).body).toEqual({ windowOpen: true, windowClosesAt: null, templates: [] });
    expect((await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'oi' })).status).toBe(201);
    expect((await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'template', templateName: 'boas_vindas', params: ['x'] })).status).toBe(400);
  });

  it('does not queue the closing message, which Meta would refuse, when closing outside the window', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await wroteAgo(p, 26);
    const closed = await ana.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.semConexao });
    expect(closed.status).toBe(200);
    const out = await db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'out')));
    expect(out.map((m) => m.body)).not.toContain('Seu atendimento foi encerrado. Obrigado pelo contato!');
  });

  it('refuses "Tentar novamente" of free text once the window has closed', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await wroteAgo(p, 23);
    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'falhou' });
    await db.update(messages).set({ status: 'failed', statusError: '(#131026) Message undeliverable' }).where(eq(messages.id, sent.body.id));
    await db.execute(sql`UPDATE contact_identities SET last_inbound_at = now() - interval '25 hours' WHERE channel_id = ${p.channels.whatsapp}`);
    const retried = await ana.post(`/api/v1/messages/${sent.body.id}/retry`);
    expect(retried.status).toBe(422);
    expect(retried.body.error.code).toBe('whatsapp_window_closed');
  });
});

describe('"+" Nova conversa on WhatsApp', () => {
  it('needs a template for a contact who has not written in 24 hours, and sends nothing before it', async () => {
    const p = await t.provider();
    const ana = await h.login(p.users.ana);
    const start = (first: Record<string, unknown>) => ana.post('/api/v1/conversations', {
      contact: { name: 'Cliente Novo', phone: '5511955554444' }, channelId: p.channels.whatsapp, sectorId: p.sectors.suporte, ...first,
    });
    const text = await start({ body: 'Olá!' });
    expect(text.status).toBe(422);
    expect(text.body.error.code).toBe('whatsapp_window_closed');
    expect((await start({})).status).toBe(400);
    expect((await start({ body: 'Olá', templateName: 'boas_vindas', params: ['x'] })).status).toBe(400);

    const answer = await start({ templateName: 'boas_vindas', params: ['Cliente'] });
    expect(answer.status).toBe(201);
    const page = await ana.get(`/api/v1/conversations/${answer.body.conversation.id}/messages`);
    // Not even the protocol: free text Meta would refuse before the contact answers.
    expect(page.body.messages.map((m: { type: string; authorKind: string }) => [m.authorKind, m.type])).toEqual([['agent', 'template']]);
  });

  it('lets an agent write freely to a contact who wrote in the last 24 hours', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await wroteAgo(p, 3);
    const detail = await ana.get(`/api/v1/conversations/${conversationId}`);
    await ana.post(`/api/v1/conversations/${conversationId}/close`, { motivoId: p.motivos.semConexao });
    const again = await ana.post('/api/v1/conversations', {
      contact: { id: detail.body.contact.id }, channelId: p.channels.whatsapp, sectorId: p.sectors.suporte, body: 'Voltando ao seu chamado.',
    });
    expect(again.status).toBe(201);
    const page = await ana.get(`/api/v1/conversations/${again.body.conversation.id}/messages`);
    expect(page.body.messages.map((m: { authorKind: string; type: string }) => [m.authorKind, m.type])).toEqual([['system', 'text'], ['agent', 'text']]);
  });

  it('offers the channel\'s templates, and tells whether a known contact\'s window is open', async () => {
    const p = await t.provider();
    const ana = await h.login(p.users.ana);
    const fresh = await ana.get(`/api/v1/channels/${p.channels.whatsapp}/templates`);
    expect(fresh.body).toMatchObject({ windowOpen: false, windowClosesAt: null, templates: [{ name: 'boas_vindas' }] });
    const { conversationId } = await wroteAgo(p, 2);
    const detail = await ana.get(`/api/v1/conversations/${conversationId}`);
    const known = await ana.get(`/api/v1/channels/${p.channels.whatsapp}/templates?contactId=${detail.body.contact.id}`);
    expect(known.body.windowOpen).toBe(true);
    const other = await t.provider();
    expect((await ana.get(`/api/v1/channels/${other.channels.whatsapp}/templates`)).status).toBe(404);
  });
});
