// Replies reaching Meta's Graph API (a stand-in on its own port, real HTTP) through the real job
// worker: what each kind of message looks like on the wire, and what happens when Meta fails,
// is slow, refuses, or the process delivering dies in the middle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { jobs, messages } from '../../db/schema.js';
import { claimJobs } from '../../jobs/queue.js';
import type { ProviderFixture } from '../../../test/support/fixtures.js';
import type { Client } from '../../../test/support/harness.js';
import { content, whatsappTestbed } from '../../../test/support/whatsapp-testbed.js';
import { botAsks, options } from '../../../test/support/bot-asks.js';

const t = await whatsappTestbed();
const { h } = t;
const db = h.database.db;
const voiceWebm = readFileSync(new URL('../../files/fixtures/voice.webm', import.meta.url));

let numbers = 0;
/** A contact who just wrote, and Ana attending them; the protocol message already delivered. */
async function chatting(p: ProviderFixture) {
  const waId = `55119777${String(++numbers).padStart(5, '0')}`;
  await t.contactSends(p.channels.whatsapp, { waId, name: 'Contato' }, content.text('oi'));
  const [first] = await db.select().from(messages).where(and(eq(messages.channelId, p.channels.whatsapp), eq(messages.direction, 'in'), sql`${messages.body} = 'oi'`)).orderBy(sql`${messages.id} DESC`).limit(1);
  const ana = await h.login(p.users.ana);
  await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
  await t.run();
  return { waId, conversationId: first.conversationId, ana };
}

const sentTo = (waId: string) => t.graph.messages.filter((m) => m.body.to === waId);
const jobOf = async (messageId: number) =>
  (await db.select().from(jobs).where(and(eq(jobs.kind, 'deliver_message'), sql`${jobs.payload}->>'messageId' = ${String(messageId)}`)))[0];

async function upload(ana: Client, name: string, type: string, bytes: Buffer) {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await h.app.inject({ method: 'POST', url: '/api/v1/files', headers: { cookie: ana.cookie }, payload: form });
  if (response.statusCode !== 201) throw new Error(`upload: ${response.statusCode} ${response.body}`);
  return response.json().id as number;
}

describe('sending to Meta', () => {
  it('sends a text as Meta expects it, once, and records the wamid Meta answered', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'Sua conexão voltou? https://provedor.example/status' });
    await t.run();
    const mine = sentTo(waId).filter((m) => (m.body.text as { body: string }).body.startsWith('Sua conexão'));
    expect(mine).toHaveLength(1);
    expect(mine[0].body).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'text',
      text: { preview_url: false, body: 'Sua conexão voltou? https://provedor.example/status' },
    });
    expect(await t.messageById(reply.body.id)).toMatchObject({ status: 'sent', providerMessageId: mine[0].id });
    expect(await t.run()).toBe(0);
    expect(sentTo(waId).filter((m) => (m.body.text as { body: string }).body.startsWith('Sua conexão'))).toHaveLength(1);
  });

  it('uploads an image, a document and a voice message first, and sends them by media id', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0f766e' } }).png().toBuffer();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
    const image = await upload(ana, 'roteador.png', 'image/png', png);
    const document = await upload(ana, 'contrato.pdf', 'application/pdf', pdf);
    const voice = await upload(ana, 'audio-gravado.webm', 'audio/webm', voiceWebm);
    for (const [fileId, caption] of [[image, 'Foto do roteador'], [document, 'Seu contrato'], [voice, null]] as const) {
      const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId, caption });
      expect(sent.status).toBe(201);
    }
    await t.run();

    const ORDER = ['image/png', 'application/pdf', 'audio/ogg'];
    const uploads = t.graph.requests.filter((r) => r.kind === 'media_upload').slice(-3).sort((a, b) => ORDER.indexOf(String(a.body.type)) - ORDER.indexOf(String(b.body.type)));
    expect(uploads.map((u) => [u.body.messaging_product, u.body.type])).toEqual([
      ['whatsapp', 'image/png'], ['whatsapp', 'application/pdf'], ['whatsapp', 'audio/ogg'],
    ]);
    expect(t.graph.media.get(uploads[0].id!)!.bytes.equals(png)).toBe(true);
    // The browser's WebM is sent as Ogg/Opus: the only Opus WhatsApp takes.
    const ogg = t.graph.media.get(uploads[2].id!)!.bytes;
    expect(ogg.subarray(0, 4).toString()).toBe('OggS');
    expect(ogg.includes(Buffer.from('OpusHead'))).toBe(true);
    expect((uploads[2].body.file as { filename: string }).filename).toBe('audio-gravado.ogg');

    // The worker sends a batch at once: compare without the order.
    const media = sentTo(waId).filter((m) => m.body.type !== 'text').map((m) => m.body).sort((a, b) => String(a.type).localeCompare(String(b.type)));
    expect(media).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'audio', audio: { id: uploads[2].id, voice: true } },
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'document', document: { id: uploads[1].id, caption: 'Seu contrato', filename: 'contrato.pdf' } },
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'image', image: { id: uploads[0].id, caption: 'Foto do roteador' } },
    ]);
    const rows = await db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'out'), sql`${messages.fileId} IS NOT NULL`));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('sends an approved template with its parameters, outside the 24-hour window', async () => {
    const p = await t.provider();
    const ana = await h.login(p.users.ana);
    const started = await ana.post('/api/v1/conversations', {
      contact: { name: 'Helena Prado', phone: '5511966660001' }, channelId: p.channels.whatsapp, sectorId: p.sectors.suporte,
      templateName: 'boas_vindas', params: ['Helena'],
    });
    expect(started.status).toBe(201);
    expect(started.body.message).toMatchObject({ type: 'template', body: 'Olá Helena! Aqui é do seu provedor. Podemos conversar por aqui?' });
    await t.run();
    expect(sentTo('5511966660001').map((m) => m.body)).toEqual([{
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '5511966660001', type: 'template',
      template: { name: 'boas_vindas', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Helena' }] }] },
    }]);
    expect((await t.messageById(started.body.message.id)).status).toBe('sent');
  });
});

describe('a bot question with options', () => {
  const scopeOf = (p: ProviderFixture) => ({ db, bus: h.bus, providerId: p.providerId });
  const interactiveTo = (waId: string) => sentTo(waId).filter((m) => m.body.type === 'interactive').map((m) => m.body);

  it('goes as reply buttons when there are up to 3 options whose titles fit 20 characters', async () => {
    const p = await t.provider();
    const { waId, conversationId } = await chatting(p);
    const asked = await botAsks(scopeOf(p), conversationId, { prompt: 'Como posso ajudar?', options: options('2ª via do boleto', 'Desbloqueio', 'Falar com atendente') });
    await t.run();
    expect(interactiveTo(waId)).toEqual([{
      messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Como posso ajudar?' },
        action: { buttons: [
          { type: 'reply', reply: { id: 'opcao-1', title: '2ª via do boleto' } },
          { type: 'reply', reply: { id: 'opcao-2', title: 'Desbloqueio' } },
          { type: 'reply', reply: { id: 'opcao-3', title: 'Falar com atendente' } },
        ] },
      },
    }]);
    expect(await t.messageById(asked.id)).toMatchObject({ status: 'sent', providerMessageId: t.graph.messages.at(-1)!.id });
  });

  it('goes as a list when there are more than 3 options, or a title longer than a button takes', async () => {
    const p = await t.provider();
    const { waId, conversationId } = await chatting(p);
    const ten = options(...Array.from({ length: 10 }, (_, i) => `Opção número ${i + 1}`));
    await botAsks(scopeOf(p), conversationId, { prompt: 'Escolha uma opção:', options: ten });
    await t.run();
    await botAsks(scopeOf(p), conversationId, { prompt: 'E agora?', options: options('Desbloqueio em confiança', 'Sair') });
    await t.run();
    expect(interactiveTo(waId).map((m) => m.interactive)).toEqual([
      {
        type: 'list',
        body: { text: 'Escolha uma opção:' },
        action: { button: 'Ver opções', sections: [{ title: 'Opções', rows: ten }] },
      },
      {
        type: 'list',
        body: { text: 'E agora?' },
        action: { button: 'Ver opções', sections: [{ title: 'Opções', rows: [{ id: 'opcao-1', title: 'Desbloqueio em confiança' }, { id: 'opcao-2', title: 'Sair' }] }] },
      },
    ]);
  });

  it('goes as its plain text when the question is longer than Meta takes with buttons or a list', async () => {
    const p = await t.provider();
    const { waId, conversationId } = await chatting(p);
    const long = `Leia com atenção. ${'x'.repeat(1100)}`;
    const asked = await botAsks(scopeOf(p), conversationId, { prompt: long, options: options('Sim', 'Não') });
    const longer = `${'y'.repeat(4100)}?`;
    await botAsks(scopeOf(p), conversationId, { prompt: longer, options: options('Um', 'Dois', 'Três', 'Quatro') });
    await t.run();
    expect(interactiveTo(waId)).toEqual([]);
    const texts = sentTo(waId).map((m) => (m.body.text as { body: string } | undefined)?.body ?? '');
    expect(texts).toContain(`${long}\n\n1. Sim\n2. Não`);
    expect((await t.messageById(asked.id)).status).toBe('sent');
    // Over WhatsApp's 4096 characters for a text as well: it goes in two messages, in order.
    const [split] = await db.select().from(messages).where(and(eq(messages.conversationId, conversationId), sql`${messages.body} LIKE 'yyy%'`));
    const parts = sentTo(waId).filter((m) => (m.body.text as { body: string } | undefined)?.body.startsWith('y'));
    expect(parts.map((m) => (m.body.text as { body: string }).body)).toEqual(['y'.repeat(4096), 'yyyy?\n\n1. Um\n2. Dois\n3. Três\n4. Quatro']);
    expect(split).toMatchObject({ status: 'sent', providerMessageId: parts[0].id, meta: expect.objectContaining({ parts: [parts[0].id, parts[1].id] }) });
  });

  it('goes as before when the message has no choices', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: '1. Sim\n2. Não' });
    await t.run();
    expect(sentTo(waId).at(-1)!.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'text', text: { preview_url: false, body: '1. Sim\n2. Não' } });
  });
});

describe('when Meta fails', () => {
  it('retries after a 5xx, and then delivers once', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'depois do 500' });
    t.graph.failNext(2, { status: 500 });
    await t.run();
    expect((await t.messageById(reply.body.id)).status).toBe('pending');
    expect(await jobOf(reply.body.id)).toMatchObject({ attempts: 1, lastError: '(#1) An unknown error occurred', doneAt: null });
    await t.makeDue();
    await t.run();
    expect((await jobOf(reply.body.id)).attempts).toBe(2);
    await t.makeDue();
    await t.run();
    expect((await t.messageById(reply.body.id)).status).toBe('sent');
    expect(sentTo(waId).filter((m) => (m.body.text as { body: string }).body === 'depois do 500')).toHaveLength(1);
  });

  it('retries after a timeout, and Meta sees the message once', async () => {
    const p = await t.provider({ timeoutMs: 300 });
    const { waId, conversationId, ana } = await chatting(p);
    const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'lento' });
    t.graph.failNext(1, { delayMs: 1_000 });
    await t.run();
    expect(await t.messageById(reply.body.id)).toMatchObject({ status: 'pending' });
    expect((await jobOf(reply.body.id)).lastError).toBe('A API do WhatsApp não respondeu em 300 ms.');
    await new Promise((resolve) => setTimeout(resolve, 800)); // the stand-in gives up on the abandoned request
    await t.makeDue();
    await t.run();
    expect((await t.messageById(reply.body.id)).status).toBe('sent');
    expect(sentTo(waId).filter((m) => (m.body.text as { body: string }).body === 'lento')).toHaveLength(1);
  });

  it('retries Meta\'s rate limits (429, #130429, #131056) like a 5xx, the pair rate limit after its 6 seconds', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await chatting(p);
    const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'devagar' });
    t.graph.failNext(1, { code: 130429 });
    t.graph.failNext(1, { code: 131056 });
    await t.run();
    expect((await jobOf(reply.body.id)).lastError).toBe('(#130429) Rate limit hit');
    await t.makeDue();
    await t.run();
    const paired = await jobOf(reply.body.id);
    expect(paired.lastError).toMatch(/^\(#131056\)/);
    // One message to the same person about every 6 s, Meta says: the retry waits that long, not the backoff's 4 s.
    expect(paired.runAt.getTime() - Date.now()).toBeGreaterThan(5_000);
    await t.makeDue();
    await t.run();
    expect((await t.messageById(reply.body.id)).status).toBe('sent');
  });

  it('marks the message failed with Meta\'s reason on a refusal that would fail again', async () => {
    const p = await t.provider();
    const { conversationId, ana } = await chatting(p);
    const reengage = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'fora da janela para a Meta' });
    t.graph.failNext(1, { code: 131047 });
    await t.run();
    expect(await t.messageById(reengage.body.id)).toMatchObject({ status: 'failed', statusError: '(#131047) Re-engagement message' });
    expect((await jobOf(reengage.body.id)).attempts).toBe(1);

    // A token Meta no longer accepts: the stand-in checks it like Meta (401, #190).
    const token = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'token errado' });
    await db.execute(sql`UPDATE channels SET secrets = secrets || '{"accessToken":"revogado"}'::jsonb WHERE id = ${p.channels.whatsapp}`);
    await t.run();
    expect(await t.messageById(token.body.id)).toMatchObject({ status: 'failed', statusError: '(#190) Invalid OAuth access token - Cannot parse access token' });
  });

  it('delivers once when the worker that took the job died, after its lease runs out', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'sobrevive ao reinício' });
    // A worker takes the job and the process dies before it reaches Meta.
    const taken = await claimJobs(db, 50, ['deliver_message']);
    expect(taken.map((j) => (j.payload as { messageId: number }).messageId)).toContain(reply.body.id);
    // While the lease holds, nobody else sends it.
    expect(await t.run()).toBe(0);
    expect(sentTo(waId).filter((m) => (m.body.text as { body: string }).body === 'sobrevive ao reinício')).toHaveLength(0);
    // The lease runs out; the restarted process (a fresh worker) delivers it, once.
    await db.execute(sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE done_at IS NULL AND locked_until IS NOT NULL`);
    await t.run();
    const seen = sentTo(waId).filter((m) => (m.body.text as { body: string }).body === 'sobrevive ao reinício');
    expect(seen).toHaveLength(1);
    expect(await t.messageById(reply.body.id)).toMatchObject({ status: 'sent', providerMessageId: seen[0].id });
    expect(await jobOf(reply.body.id)).toMatchObject({ attempts: 2, doneAt: expect.any(Date) });
  });

  it('does not send again when the worker died after Meta accepted and the message was recorded', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'uma vez só' });
    const [taken] = (await claimJobs(db, 50, ['deliver_message'])).filter((j) => (j.payload as { messageId: number }).messageId === reply.body.id);
    // That worker got as far as Meta's answer and our record of it...
    const { deliveryHandler } = await import('../delivery.js');
    const { createWhatsAppAdapter } = await import('./adapter.js');
    await deliveryHandler(t.deps, { whatsapp: createWhatsAppAdapter(t.deps) }).run(taken);
    // ...and died before closing the job. After the lease, another worker finds it delivered.
    await db.execute(sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE done_at IS NULL AND locked_until IS NOT NULL`);
    await t.run();
    expect(sentTo(waId).filter((m) => (m.body.text as { body: string }).body === 'uma vez só')).toHaveLength(1);
    expect((await jobOf(reply.body.id)).doneAt).not.toBeNull();
  });
});

describe('read receipts', () => {
  const readsOf = (wamid: string) => t.graph.requests.filter((r) => r.kind === 'mark_read' && r.id === wamid);

  it("marks the contact's latest message read at Meta when an agent opens the conversation, once", async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    const first = await t.contactSends(p.channels.whatsapp, { waId }, content.text('ainda sem sinal'));
    const latest = await t.contactSends(p.channels.whatsapp, { waId }, content.text('alguém aí?'));
    expect((await ana.post(`/api/v1/conversations/${conversationId}/read`)).status).toBe(200);
    await t.run();
    expect(readsOf(latest).map((r) => r.body)).toEqual([{ messaging_product: 'whatsapp', status: 'read', message_id: latest }]);
    // Meta marks the earlier ones with it.
    expect(readsOf(first)).toEqual([]);
    // Opened again with nothing new: nothing more to tell.
    await ana.post(`/api/v1/conversations/${conversationId}/read`);
    await t.run();
    expect(readsOf(latest)).toHaveLength(1);
  });

  it('gives up quietly when Meta refuses the receipt', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    const latest = await t.contactSends(p.channels.whatsapp, { waId }, content.text('oi de novo'));
    t.graph.failNext(1, { code: 131009, only: 'messages' });
    await ana.post(`/api/v1/conversations/${conversationId}/read`);
    await t.run();
    const [job] = await db.select().from(jobs).where(eq(jobs.dedupeKey, `read_receipt:${(await t.messageByWamid(latest)).id}`));
    expect(job).toMatchObject({ attempts: 1, doneAt: expect.any(Date), lastError: '(#131009) Parameter value is not valid' });
    expect(readsOf(latest)).toEqual([]);
  });
});
