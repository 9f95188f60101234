// Replying through Telegram: an agent's message goes out by the real job worker to the stand-in of
// the Bot API, which fails on order (5xx, a hang past the timeout, flood control, a blocked user).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { jobs, messages } from '../../db/schema.js';
import { claimJobs } from '../../jobs/queue.js';
import type { Client } from '../../../test/support/harness.js';
import { createHarness } from '../../../test/support/harness.js';
import type { ProviderFixture } from '../../../test/support/fixtures.js';
import { createChannels } from '../index.js';
import { webmOpusToOgg } from '../../files/webm-to-ogg.js';
import { DELIVER_MESSAGE } from '../delivery.js';
import { sampleUpdates, SAMPLE_CHAT } from '../../demo/telegram/sample-updates.js';
import { telegramTestBed, TIMEOUT_MS, type Bot } from '../../../test/support/telegram-testbed.js';
import { botAsks, options } from '../../../test/support/bot-asks.js';

const h = await createHarness();
const tg = await telegramTestBed(h);
const db = h.database.db;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let chats = 0;

/** A contact writes to the provider's bot; Ana assumes the conversation (its protocol message already went out). */
async function conversationWith(p: ProviderFixture) {
  const bot = await tg.connect(p);
  const chatId = 600_000_000 + ++chats;
  const received = await tg.post(bot.channelId, sampleUpdates.text('Minha internet caiu', { chat: { ...SAMPLE_CHAT, id: chatId } }), bot.secret);
  expect(received.json().status).toBe('stored');
  const conversationId = received.json().conversationId as number;
  await tg.settle();
  const ana = await h.login(p.users.ana);
  expect((await ana.post(`/api/v1/conversations/${conversationId}/assume`)).status).toBe(200);
  return { bot, chatId: String(chatId), conversationId, ana };
}

async function reply(ana: Client, conversationId: number, body: string): Promise<number> {
  const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body });
  expect(sent.status).toBe(201);
  expect(sent.body.status).toBe('pending');
  return sent.body.id;
}

async function upload(client: Client, filename: string, bytes: Buffer, type: string): Promise<number> {
  const boundary = `prosa${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await h.app.inject({
    method: 'POST',
    url: '/api/v1/files',
    headers: { cookie: client.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

const sentTo = (bot: Bot, chatId: string, method = 'sendMessage') =>
  tg.standIn.sent(method).filter((r) => r.botId === bot.botId && r.chatId === chatId);
const jobOf = async (messageId: number) =>
  (await db.select().from(jobs).where(and(eq(jobs.kind, DELIVER_MESSAGE), sql`${jobs.payload}->>'messageId' = ${String(messageId)}`)))[0];

describe('replying through Telegram', () => {
  it("delivers an agent's reply with sendMessage to the contact's chat, through the channels' own wiring", async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    // The conversation's protocol message went out to the same chat when it opened.
    expect(sentTo(bot, chatId).map((r) => r.params.text)).toEqual([expect.stringContaining('protocolo')]);

    const messageId = await reply(ana, conversationId, 'Olá! Vou verificar sua conexão.');
    const channels = createChannels(tg.deps);
    expect(channels.adapters.telegram?.kind).toBe('telegram');
    await tg.settle(channels.jobHandlers);

    const [request] = sentTo(bot, chatId).filter((r) => r.params.text === 'Olá! Vou verificar sua conexão.');
    expect(request).toMatchObject({ method: 'sendMessage', chatId, params: { chat_id: chatId } });
    const telegramId = (request.result as { message_id: number }).message_id;
    // Telegram reports nothing after accepting a message: it stays sent.
    expect(await tg.message(messageId)).toMatchObject({ status: 'sent', providerMessageId: `${chatId}:${telegramId}`, statusError: null });
    expect(await tg.runJobs(channels.jobHandlers)).toBe(0);
    expect(sentTo(bot, chatId)).toHaveLength(2);
  });

  it("sends a bot's question with options as its prompt and one inline button per option, and other texts as before", async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const asked = await botAsks({ db, bus: h.bus, providerId: p.providerId }, conversationId, {
      prompt: 'Como posso ajudar? Escolha uma opção:',
      options: [{ id: 'boleto', title: '2ª via do boleto' }, { id: 'desbloqueio', title: 'Desbloqueio em confiança' }, { id: 'atendente', title: 'Falar com atendente' }],
    });
    await tg.settle();
    const [request] = sentTo(bot, chatId).filter((r) => r.params.text === 'Como posso ajudar? Escolha uma opção:');
    expect(request.params).toEqual({
      chat_id: chatId,
      text: 'Como posso ajudar? Escolha uma opção:',
      reply_markup: JSON.stringify({ inline_keyboard: [
        [{ text: '2ª via do boleto', callback_data: 'boleto' }],
        [{ text: 'Desbloqueio em confiança', callback_data: 'desbloqueio' }],
        [{ text: 'Falar com atendente', callback_data: 'atendente' }],
      ] }),
    });
    expect(await tg.message(asked.id)).toMatchObject({ status: 'sent', providerMessageId: `${chatId}:${(request.result as { message_id: number }).message_id}` });

    await reply(ana, conversationId, '1. Sim\n2. Não');
    await tg.settle();
    expect(sentTo(bot, chatId).at(-1)!.params).toEqual({ chat_id: chatId, text: '1. Sim\n2. Não' });
  });

  it('sends ten options, the most a menu has, as ten rows of buttons', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId } = await conversationWith(p);
    const ten = options(...Array.from({ length: 10 }, (_, i) => `Opção número ${i + 1}`));
    await botAsks({ db, bus: h.bus, providerId: p.providerId }, conversationId, { prompt: 'Escolha:', options: ten });
    await tg.settle();
    const keyboard = (sentTo(bot, chatId).at(-1)!.result as { reply_markup: { inline_keyboard: { text: string; callback_data: string }[][] } }).reply_markup.inline_keyboard;
    expect(keyboard).toEqual(ten.map((o) => [{ text: o.title, callback_data: o.id }]));
  });

  it('sends an image as a multipart sendPhoto and a PDF as sendDocument, with caption and file name', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const image = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#22aa55' } }).png().toBuffer();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const imageId = await upload(ana, 'sinal.png', image, 'image/png');
    const pdfId = await upload(ana, 'boleto-novembro.pdf', pdf, 'application/pdf');
    const photo = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: imageId, caption: 'Veja a luz PON' });
    const doc = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: pdfId });
    await tg.settle();

    const [sentPhoto] = sentTo(bot, chatId, 'sendPhoto');
    expect(sentPhoto.params).toEqual({ chat_id: chatId, caption: 'Veja a luz PON' });
    expect(sentPhoto.upload).toMatchObject({ field: 'photo', filename: 'sinal.png', mime: 'image/png', sha256: sha256(image) });
    const [sentDoc] = sentTo(bot, chatId, 'sendDocument');
    expect(sentDoc.params).toEqual({ chat_id: chatId });
    expect(sentDoc.upload).toMatchObject({ field: 'document', filename: 'boleto-novembro.pdf', mime: 'application/pdf', sha256: sha256(pdf) });
    expect(await tg.message(photo.body.id)).toMatchObject({ status: 'sent', providerMessageId: `${chatId}:${(sentPhoto.result as { message_id: number }).message_id}` });
    expect((await tg.message(doc.body.id)).status).toBe('sent');
    // What was sent is Telegram's to serve again, as it is for a real bot.
    const photoSizes = (sentPhoto.result as { photo: { file_id: string; width: number }[] }).photo;
    expect(photoSizes[0].width).toBe(640);
    expect(sha256(tg.standIn.file(photoSizes[0].file_id)!.bytes)).toBe(sha256(image));
  });

  it("sends an agent's voice recording (Opus in WebM) as a voice note in Ogg with sendVoice", async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const webm = readFileSync(new URL('../../files/fixtures/voice.webm', import.meta.url));
    const fileId = await upload(ana, 'gravacao.webm', webm, 'audio/webm');
    const voice = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId });
    expect(voice.body.type).toBe('audio');
    await tg.settle();
    const [sentVoice] = sentTo(bot, chatId, 'sendVoice');
    expect(sentVoice.upload).toMatchObject({ field: 'voice', filename: 'gravacao.ogg', mime: 'audio/ogg' });
    const stored = tg.standIn.file((sentVoice.result as { voice: { file_id: string } }).voice.file_id)!;
    expect(stored.bytes.subarray(0, 4).toString()).toBe('OggS');
    expect((await tg.message(voice.body.id)).status).toBe('sent');
  });

  it('sends a text past 4,096 characters as several messages in order, split at line breaks', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const paragraph = (n: number) => `Parágrafo ${n}: ${'conexão '.repeat(120).trim()}`;
    const text = Array.from({ length: 9 }, (_, i) => paragraph(i + 1)).join('\n');
    expect(text.length).toBeGreaterThan(8192);
    const messageId = await reply(ana, conversationId, text);
    await tg.settle();
    const parts = sentTo(bot, chatId).slice(1);
    expect(parts).toHaveLength(3);
    expect(parts.every((r) => r.params.text.length <= 4096)).toBe(true);
    expect(parts.map((r) => r.params.text).join('\n')).toBe(text);
    const ids = parts.map((r) => `${chatId}:${(r.result as { message_id: number }).message_id}`);
    expect(await tg.message(messageId)).toMatchObject({ status: 'sent', providerMessageId: ids[0], meta: { parts: ids } });
  });

  it('sends a file whose caption is past 1,024 characters bare, and the text after it; a retry sends only what did not go', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const pdfId = await upload(ana, 'contrato.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    const caption = `Segue o contrato. ${'Leia com atenção. '.repeat(70)}`.trim();
    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: pdfId, caption });
    expect(sent.status).toBe(201);
    tg.standIn.failNext(1, { status: 500, method: 'sendMessage', chatId });
    await tg.runJobs();
    const [document] = sentTo(bot, chatId, 'sendDocument');
    expect(document.params).toEqual({ chat_id: chatId });
    expect((await tg.message(sent.body.id)).status).toBe('pending');
    await tg.makeDue();
    await tg.settle();
    expect(sentTo(bot, chatId, 'sendDocument')).toHaveLength(1);
    const [text] = sentTo(bot, chatId).filter((r) => r.params.text === caption);
    expect(text).toBeDefined();
    const documentId = `${chatId}:${(document.result as { message_id: number }).message_id}`;
    expect(await tg.message(sent.body.id)).toMatchObject({
      status: 'sent',
      providerMessageId: documentId,
      meta: { parts: [documentId, `${chatId}:${(text.result as { message_id: number }).message_id}`] },
    });
  });

  it('refuses a file past the 50 MB a bot may upload, before anything is queued', async () => {
    const p = await h.provider();
    const { conversationId, ana } = await conversationWith(p);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(51 * 1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    const fileId = await upload(ana, 'planta-da-rede.pdf', big, 'application/pdf');
    const refused = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('O arquivo tem 51 MB; o canal Telegram aceita arquivos de até 50 MB.');
    expect(await db.select({ id: messages.id }).from(messages).where(eq(messages.fileId, fileId))).toEqual([]);
  });

  it('sends an Ogg recording (what Firefox records) as it is, as a voice note with sendVoice', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const ogg = webmOpusToOgg(readFileSync(new URL('../../files/fixtures/voice.webm', import.meta.url)));
    const oggId = await upload(ana, 'gravacao.ogg', ogg, 'audio/ogg');
    const voice = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: oggId });
    expect(voice.body.type).toBe('audio');
    await tg.settle();
    const [sentVoice] = sentTo(bot, chatId, 'sendVoice');
    expect(sentVoice.upload).toMatchObject({ field: 'voice', filename: 'gravacao.ogg', mime: expect.stringMatching(/^audio\/ogg/), sha256: sha256(ogg) });
    expect((await tg.message(voice.body.id)).status).toBe('sent');
  });

  it('retries after a 5xx and then delivers once', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const messageId = await reply(ana, conversationId, 'Reiniciamos sua ONU.');
    tg.standIn.failNext(1, { status: 500, chatId });
    await tg.runJobs();
    expect((await tg.message(messageId)).status).toBe('pending');
    const job = await jobOf(messageId);
    expect(job).toMatchObject({ attempts: 1, doneAt: null, lastError: 'O Telegram falhou: HTTP 500 — Internal Server Error' });
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(await tg.runJobs()).toBe(0); // not before its backoff
    await tg.makeDue();
    await tg.settle();
    expect((await tg.message(messageId)).status).toBe('sent');
    expect(sentTo(bot, chatId).filter((r) => r.params.text === 'Reiniciamos sua ONU.')).toHaveLength(1);
  });

  it('retries a send that Telegram did not answer in time', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const messageId = await reply(ana, conversationId, 'Técnico a caminho.');
    tg.standIn.failNext(1, { status: 'hang', ms: 30_000, chatId });
    const started = Date.now();
    await tg.runJobs();
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 4_000); // gave up at the timeout, not when Telegram answered
    expect((await tg.message(messageId)).status).toBe('pending');
    expect((await jobOf(messageId)).lastError).toBe(`O Telegram não respondeu em ${TIMEOUT_MS / 1000} s.`);
    await tg.makeDue();
    await tg.settle();
    expect((await tg.message(messageId)).status).toBe('sent');
    expect(sentTo(bot, chatId).filter((r) => r.params.text === 'Técnico a caminho.')).toHaveLength(1);
  });

  it('after 429 Too Many Requests, retries when retry_after says, not at the backoff', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const messageId = await reply(ana, conversationId, 'Segue a segunda via.');
    tg.standIn.failNext(1, { status: 429, retryAfter: 1, chatId });
    const before = Date.now();
    await tg.runJobs();
    const job = await jobOf(messageId);
    expect(job).toMatchObject({ doneAt: null, lastError: 'Too Many Requests: retry after 1 (aguardar 1 s)' });
    // One second, as Telegram asked; the first backoff would be 1.6 to 2.4 s.
    expect(job.runAt.getTime() - before).toBeGreaterThanOrEqual(900);
    expect(job.runAt.getTime() - Date.now()).toBeLessThan(1_300);
    expect((await tg.message(messageId)).status).toBe('pending');
    // Sooner than that, Telegram refuses again.
    await tg.makeDue();
    await tg.runJobs();
    expect((await jobOf(messageId)).attempts).toBe(2);
    expect((await tg.message(messageId)).status).toBe('pending');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await tg.makeDue();
    await tg.settle();
    expect((await tg.message(messageId)).status).toBe('sent');
    expect(sentTo(bot, chatId).filter((r) => r.params.text === 'Segue a segunda via.')).toHaveLength(1);
  });

  it("fails at once with Telegram's reason when the user blocked the bot", async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    tg.standIn.block(chatId);
    const messageId = await reply(ana, conversationId, 'Ainda está sem sinal?');
    await tg.runJobs();
    expect(await tg.message(messageId)).toMatchObject({ status: 'failed', statusError: 'Forbidden: bot was blocked by the user' });
    expect((await jobOf(messageId)).doneAt).not.toBeNull();
    expect(sentTo(bot, chatId)).toHaveLength(1); // only the protocol message, before the block
  });

  it('fails without retrying when the bot token is refused', async () => {
    const p = await h.provider();
    const { conversationId, ana } = await conversationWith(p);
    await db.execute(sql`UPDATE channels SET secrets = jsonb_set(secrets, '{botToken}', '"999:revogado"') WHERE id = ${p.channels.telegram}`);
    const messageId = await reply(ana, conversationId, 'Token trocado');
    await tg.runJobs();
    expect(await tg.message(messageId)).toMatchObject({ status: 'failed', statusError: 'Unauthorized' });
  });

  it('delivers once after a restart mid-delivery: the job a dead worker held comes back after its lease', async () => {
    const p = await h.provider();
    const { bot, chatId, conversationId, ana } = await conversationWith(p);
    const messageId = await reply(ana, conversationId, 'Sua conexão foi restabelecida.');
    // A worker takes the job and the process dies before it sends anything.
    const claimed = await claimJobs(db, 50, [DELIVER_MESSAGE]);
    expect(claimed.map((j) => (j.payload as { messageId: number }).messageId)).toContain(messageId);
    // While its lease lasts, no other worker touches it.
    expect(await tg.runJobs()).toBe(0);
    expect(sentTo(bot, chatId)).toHaveLength(1);

    await db.execute(sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE done_at IS NULL AND locked_until IS NOT NULL`);
    // The server comes back: a fresh set of channels and handlers, nothing kept in memory.
    const restarted = createChannels(tg.deps);
    await tg.settle(restarted.jobHandlers);
    expect(sentTo(bot, chatId).filter((r) => r.params.text === 'Sua conexão foi restabelecida.')).toHaveLength(1);
    expect(await tg.message(messageId)).toMatchObject({ status: 'sent' });
    expect(await jobOf(messageId)).toMatchObject({ attempts: 2, lastError: null });
    expect((await jobOf(messageId)).doneAt).not.toBeNull();
    await tg.makeDue();
    await tg.settle(restarted.jobHandlers);
    expect(sentTo(bot, chatId).filter((r) => r.params.text === 'Sua conexão foi restabelecida.')).toHaveLength(1);
  });
});
