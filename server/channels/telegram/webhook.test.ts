// Receiving from Telegram: Updates posted to the webhook as Telegram posts them (the samples of its
// webhook guide), media fetched by the job through getFile and a download from the stand-in.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { contactIdentities, contacts, conversations, files, jobs, messages } from '../../db/schema.js';
import type { LiveEvent as TypedLiveEvent } from '../../events/bus.js';
import { createHarness } from '../../../test/support/harness.js';
import { FETCH_TELEGRAM_MEDIA } from './fetch-media.js';
import { ANSWER_CALLBACK_QUERY } from './answer-callback.js';
import { botAsks } from '../../../test/support/bot-asks.js';
import { buttonPressed, sampleUpdates, SAMPLE_CHAT, type SampleChat } from '../../demo/telegram/sample-updates.js';
import { telegramTestBed } from '../../../test/support/telegram-testbed.js';

/** An event as it comes over the wire, its payload read without narrowing by type. */
type LiveEvent = Omit<TypedLiveEvent, 'payload'> & { payload: Record<string, any> };

const h = await createHarness();
const tg = await telegramTestBed(h);
const db = h.database.db;

const png = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
// The first bytes of what each kind is: enough for the type to be read from them.
const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.from([0, 0, 0, 0]), Buffer.from('mp42isom'), Buffer.alloc(256)]);
const oggOpus = Buffer.concat([
  Buffer.from('OggS'), Buffer.from([0, 0x02]), Buffer.alloc(8), Buffer.from([1, 0, 0, 0]), Buffer.alloc(8), Buffer.from([1, 19]),
  Buffer.from('OpusHead'), Buffer.from([1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0]), Buffer.alloc(128),
]);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let chats = 0;
/** A private chat of its own for each test, shaped like Telegram's sample. */
const chat = (names: Partial<SampleChat> = {}): SampleChat => ({ ...SAMPLE_CHAT, id: 500_000_000 + ++chats, ...names });

const messagesOf = (providerId: number) => db.select().from(messages).where(eq(messages.providerId, providerId));
const inboundOf = async (providerId: number) => (await messagesOf(providerId)).filter((m) => m.direction === 'in');

describe('the Telegram webhook', () => {
  it('refuses an update without the secret header or with a wrong one, and stores nothing', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const update = sampleUpdates.text('oi', { chat: chat() });
    for (const secret of [null, 'errado', `${bot.secret}x`, '']) {
      const response = await tg.post(bot.channelId, update, secret);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('webhook_unauthenticated');
    }
    expect(await messagesOf(p.providerId)).toHaveLength(0);
    expect(await db.select().from(contacts).where(eq(contacts.providerId, p.providerId))).toHaveLength(0);
  });

  it('answers 404 for a channel that does not exist or is not Telegram', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const update = sampleUpdates.text('oi', { chat: chat() });
    expect((await tg.post('nao-existe', update, bot.secret)).statusCode).toBe(404);
    expect((await tg.post(p.channels.whatsapp, update, bot.secret)).statusCode).toBe(404);
  });

  it('takes no webhook on a channel with no secret configured', async () => {
    const p = await h.provider();
    const response = await tg.post(p.channels.telegram, sampleUpdates.text('oi', { chat: chat() }), '');
    expect(response.statusCode).toBe(401);
  });

  it("opens a conversation from Telegram's sample text message, named after the chat", async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const update = sampleUpdates.text('/start', { chat: chat(), messageId: 1365, date: 1441645532 });
    const sent = await tg.post(bot.channelId, update, bot.secret);
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'stored' });

    const [message] = await inboundOf(p.providerId);
    const chatId = update.message.chat.id;
    expect(message).toMatchObject({
      type: 'text',
      body: '/start',
      channelId: bot.channelId,
      providerMessageId: `${chatId}:1365`,
      createdAt: new Date(1441645532 * 1000),
    });
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, message.contactId));
    expect(contact).toMatchObject({ name: 'Test Firstname Test Lastname', phone: null });
    const [identity] = await db.select().from(contactIdentities).where(eq(contactIdentities.contactId, contact.id));
    expect(identity.externalId).toBe(String(chatId));
    const [conversation] = await db.select().from(conversations).where(eq(conversations.id, message.conversationId));
    expect(conversation).toMatchObject({ situacao: 'fila', channelId: bot.channelId });
  });

  it('names a contact without a first name by the username, then by the chat id', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const byUsername = chat({ first_name: undefined, last_name: undefined, username: 'joao_fibra' });
    const byId = chat({ first_name: undefined, last_name: undefined, username: undefined });
    await tg.post(bot.channelId, sampleUpdates.text('a', { chat: byUsername, from: { id: byUsername.id, is_bot: false, first_name: '' } }), bot.secret);
    await tg.post(bot.channelId, sampleUpdates.text('b', { chat: byId, from: { id: byId.id, is_bot: false, first_name: '' } }), bot.secret);
    const names = (await db.select().from(contacts).where(eq(contacts.providerId, p.providerId))).map((c) => c.name).sort();
    expect(names).toEqual([String(byId.id), 'joao_fibra']);
  });

  it('stores the same update once when Telegram posts it again', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const update = sampleUpdates.text('Minha internet caiu', { chat: chat() });
    const first = await tg.post(bot.channelId, update, bot.secret);
    const again = await tg.post(bot.channelId, update, bot.secret);
    expect(first.json().status).toBe('stored');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate', messageId: first.json().messageId });
    expect(await inboundOf(p.providerId)).toHaveLength(1);
    // The same message_id in another chat is another message.
    const other = structuredClone(update);
    other.message.chat = chat();
    expect((await tg.post(bot.channelId, other, bot.secret)).json().status).toBe('stored');
  });

  it('stores a photo at once and fetches its largest size through getFile, then shows it', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const large = await png(800, 600, '#3366cc');
    const small = await png(90, 67, '#3366cc');
    const smallFile = tg.standIn.addFile(small, { path: 'photos/file_1.png' });
    const largeFile = tg.standIn.addFile(large, { path: 'photos/file_2.png' });
    const queuedBefore = tg.queued().length;
    const update = sampleUpdates.photo(
      [{ ...smallFile, width: 90, height: 67 }, { ...largeFile, width: 800, height: 600 }],
      { chat: chat(), caption: 'print do erro no roteador' },
    );
    const response = await tg.post(bot.channelId, update, bot.secret);
    expect(response.statusCode).toBe(200);
    const messageId = response.json().messageId as number;
    expect(await tg.message(messageId)).toMatchObject({ type: 'image', body: 'print do erro no roteador', fileId: null });
    // The download was queued with the message, and the workers heard of it when it committed.
    await vi.waitFor(() => expect(tg.queued().slice(queuedBefore)).toContain(FETCH_TELEGRAM_MEDIA));

    const events: LiveEvent[] = [];
    const unsubscribe = h.bus.subscribe((event) => events.push(event));
    await tg.settle();
    unsubscribe();

    const message = await tg.message(messageId);
    expect(message.fileId).not.toBeNull();
    const [file] = await db.select().from(files).where(eq(files.id, message.fileId!));
    expect(file).toMatchObject({ providerId: p.providerId, mime: 'image/png', filename: 'file_2.png', sha256: sha256(large) });
    const getFile = tg.standIn.sent('getFile').filter((r) => r.botId === bot.botId);
    expect(getFile.map((r) => r.params.file_id)).toEqual([largeFile.file_id]);
    const status = events.find((e) => e.type === 'message.status' && (e.payload.message as { id: number }).id === messageId);
    expect(status?.payload.message).toMatchObject({ fileId: file.id, file: { kind: 'image', mime: 'image/png' } });

    const ana = await h.login(p.users.ana);
    const download = await h.app.inject({ method: 'GET', url: `/api/v1/files/${file.id}`, headers: { cookie: ana.cookie } });
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(large));
  });

  it('receives video, voice, audio, documents and stickers as their kinds', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const webp = await sharp({ create: { width: 512, height: 512, channels: 4, background: '#ffcc00' } }).webp().toBuffer();
    const cases = [
      { update: sampleUpdates.video(tg.standIn.addFile(mp4, { path: 'videos/file_3.mp4' }), { chat: chat(), caption: 'olha o led' }), type: 'video', mime: 'video/mp4', body: 'olha o led' },
      { update: sampleUpdates.voice(tg.standIn.addFile(oggOpus, { path: 'voice/file_4.oga' }), { chat: chat() }), type: 'audio', mime: 'audio/ogg; codecs=opus', body: null },
      { update: sampleUpdates.audio(tg.standIn.addFile(oggOpus, { path: 'music/file_5.ogg' }), { chat: chat() }), type: 'audio', mime: 'audio/ogg; codecs=opus', body: null },
      {
        update: sampleUpdates.document({ ...tg.standIn.addFile(pdf, { path: 'documents/file_6.pdf' }), file_name: 'Testfile.pdf', mime_type: 'application/pdf' }, { chat: chat() }),
        type: 'file', mime: 'application/pdf', body: null, filename: 'Testfile.pdf',
      },
      { update: sampleUpdates.sticker(tg.standIn.addFile(webp, { path: 'stickers/file_7.webp' }), { chat: chat() }), type: 'image', mime: 'image/webp', body: '👍' },
    ];
    const ids: number[] = [];
    for (const c of cases) {
      const response = await tg.post(bot.channelId, c.update, bot.secret);
      expect(response.statusCode).toBe(200);
      ids.push(response.json().messageId);
    }
    await tg.settle();
    for (const [i, c] of cases.entries()) {
      const message = await tg.message(ids[i]);
      expect(message, c.type).toMatchObject({ type: c.type, body: c.body });
      const [file] = await db.select().from(files).where(eq(files.id, message.fileId!));
      expect(file.mime).toBe(c.mime);
      if (c.filename) expect(file.filename).toBe(c.filename);
    }
  });

  it('keeps a location as a 📍 body with its coordinates in meta', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const response = await tg.post(bot.channelId, sampleUpdates.location(-23.55052, -46.633308, { chat: chat() }), bot.secret);
    const message = await tg.message(response.json().messageId);
    expect(message).toMatchObject({ type: 'location', body: '📍 -23.55052, -46.633308', meta: { location: { latitude: -23.55052, longitude: -46.633308 } } });
  });

  it("summarises a shared contact, and takes the phone only when it is the sender's own", async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const someone = chat({ first_name: 'Maria', last_name: 'Souza' });
    const other = await tg.post(bot.channelId, sampleUpdates.contact({ phone_number: '+55 11 98888-7777', first_name: 'José', last_name: 'Técnico', user_id: 42 }, { chat: someone }), bot.secret);
    const otherMessage = await tg.message(other.json().messageId);
    expect(otherMessage).toMatchObject({
      type: 'text',
      body: '👤 Contato compartilhado: José Técnico, +55 11 98888-7777',
      meta: { sharedContacts: [{ name: 'José Técnico', phones: ['+55 11 98888-7777'] }] },
    });
    expect((await db.select().from(contacts).where(eq(contacts.id, otherMessage.contactId)))[0].phone).toBeNull();

    const herself = chat({ first_name: 'Joana', last_name: 'Prado' });
    const own = await tg.post(bot.channelId, sampleUpdates.contact({ phone_number: '+5511977776666', first_name: 'Joana', user_id: herself.id }, { chat: herself }), bot.secret);
    const ownMessage = await tg.message(own.json().messageId);
    expect((await db.select().from(contacts).where(eq(contacts.id, ownMessage.contactId)))[0]).toMatchObject({ name: 'Joana Prado', phone: '5511977776666' });
  });

  it('answers 200 and stores nothing for edited messages, buttons of inline messages and group chats', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const ignored = [
      sampleUpdates.edited('Edited text', { chat: chat() }),
      sampleUpdates.callbackQuery({ chat: chat() }),
      sampleUpdates.text('oi, grupo', { chat: { id: -1001234567890, type: 'supergroup', title: 'Clientes' }, from: { id: 1111111, is_bot: false, first_name: 'Test Firstname' } }),
      { update_id: 10_001, my_chat_member: { chat: chat(), date: 1441645532 } },
    ];
    for (const update of ignored) {
      const response = await tg.post(bot.channelId, update, bot.secret);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ignored' });
    }
    expect(await messagesOf(p.providerId)).toHaveLength(0);
  });

  it("reads a button pressed (Telegram's sample callback query) as the button's text with meta.replyId, and answers the query once", async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const update = JSON.parse(readFileSync(new URL('../../../test/support/fixtures/telegram/callback-query.json', import.meta.url), 'utf8'));
    const response = await tg.post(bot.channelId, update, bot.secret);
    expect(response.json()).toMatchObject({ status: 'stored' });
    const message = await tg.message(response.json().messageId);
    expect(message).toMatchObject({
      direction: 'in', type: 'text', body: 'Falar com atendente', meta: { replyId: 'atendente' }, providerMessageId: 'callback:4382bfdwdsb323b2d9',
    });
    const [identity] = await db.select().from(contactIdentities).where(eq(contactIdentities.contactId, message.contactId));
    expect(identity.externalId).toBe('1111111');
    expect((await db.select().from(contacts).where(eq(contacts.id, message.contactId)))[0].name).toBe('Test Firstname Test Lastname');

    // Posted again (Telegram did not hear the 200): one message, one answer.
    expect((await tg.post(bot.channelId, update, bot.secret)).json().status).toBe('duplicate');
    const queued = await db.select().from(jobs).where(and(eq(jobs.kind, ANSWER_CALLBACK_QUERY), eq(jobs.providerId, p.providerId)));
    expect(queued.map((j) => j.payload)).toEqual([{ messageId: message.id, callbackQueryId: '4382bfdwdsb323b2d9' }]);
    tg.standIn.awaitAnswer(bot.token, '4382bfdwdsb323b2d9');
    await tg.settle();
    const answers = tg.standIn.sent('answerCallbackQuery').filter((r) => r.botId === bot.botId);
    expect(answers.map((r) => r.params)).toEqual([{ callback_query_id: '4382bfdwdsb323b2d9' }]);
    expect((await db.select().from(jobs).where(eq(jobs.id, queued[0].id)))[0]).toMatchObject({ doneAt: expect.any(Date), lastError: null });
  });

  it('brings back the option a subscriber pressed under the menu the bot sent, and the data itself when the button is not found', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const someone = chat({ first_name: 'Joana', last_name: 'Prado' });
    const first = await tg.post(bot.channelId, sampleUpdates.text('oi', { chat: someone }), bot.secret);
    await botAsks({ db, bus: h.bus, providerId: p.providerId }, first.json().conversationId, {
      prompt: 'Como posso ajudar?', options: [{ id: 'boleto', title: '2ª via do boleto' }, { id: 'atendente', title: 'Falar com atendente' }],
    });
    await tg.settle();
    const menu = tg.standIn.sent('sendMessage').filter((r) => r.botId === bot.botId && r.params.text === 'Como posso ajudar?')[0];
    const messageId = (menu.result as { message_id: number }).message_id;

    const pressed = await tg.post(bot.channelId, tg.standIn.pressButton(bot.token, { chatId: someone.id, messageId, data: 'boleto' }), bot.secret);
    expect(await tg.message(pressed.json().messageId)).toMatchObject({ body: '2ª via do boleto', meta: { replyId: 'boleto' }, conversationId: first.json().conversationId });
    const unknown = await tg.post(bot.channelId, tg.standIn.pressButton(bot.token, { chatId: someone.id, messageId, data: 'sumiu' }), bot.secret);
    expect(await tg.message(unknown.json().messageId)).toMatchObject({ body: 'sumiu', meta: { replyId: 'sumiu' } });
    await tg.settle();
    // Both queries answered: the buttons stop loading.
    expect(tg.standIn.sent('answerCallbackQuery').filter((r) => r.botId === bot.botId)).toHaveLength(2);
    const contact = (await db.select().from(contacts).where(eq(contacts.providerId, p.providerId)));
    expect(contact.map((c) => c.name)).toEqual(['Joana Prado']);
  });

  it('ignores a button pressed in a group, and gives up answering a query Telegram says is too old', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const group = { id: -1001234567890, type: 'supergroup', title: 'Clientes' };
    const inGroup = { message_id: 1, from: { id: bot.botId, is_bot: true, first_name: 'Prosa Demo' }, chat: group, date: 1441645532, text: 'Escolha' };
    expect((await tg.post(bot.channelId, buttonPressed(inGroup, 'boleto', { from: { id: 1111111, is_bot: false, first_name: 'Test Firstname' } }), bot.secret)).json()).toEqual({ status: 'ignored' });

    const late = structuredClone(JSON.parse(readFileSync(new URL('../../../test/support/fixtures/telegram/callback-query.json', import.meta.url), 'utf8')));
    late.callback_query.id = 'consulta-antiga';
    const stored = await tg.post(bot.channelId, late, bot.secret);
    expect(stored.json().status).toBe('stored');
    await tg.settle();
    const [job] = await db.select().from(jobs).where(and(eq(jobs.kind, ANSWER_CALLBACK_QUERY), sql`${jobs.payload}->>'callbackQueryId' = 'consulta-antiga'`));
    expect(job).toMatchObject({ attempts: 1, doneAt: expect.any(Date), lastError: 'Botão do Telegram: Bad Request: query is too old and response timeout expired or query ID is invalid' });
  });

  it('refuses a body that is no Update (once the secret is right)', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    expect((await tg.post(bot.channelId, { hello: 'world' }, bot.secret)).statusCode).toBe(400);
    expect((await tg.post(bot.channelId, { update_id: 1, message: { message_id: 1 } }, bot.secret)).statusCode).toBe(400);
    expect((await tg.post(bot.channelId, { hello: 'world' }, 'errado')).statusCode).toBe(401);
  });

  it("never lets a webhook of one provider's channel touch another provider", async () => {
    const a = await h.provider();
    const b = await h.provider();
    const botA = await tg.connect(a);
    const botB = await tg.connect(b);
    const doc = tg.standIn.addFile(pdf, { path: 'documents/file_iso.pdf' });
    const update = sampleUpdates.document({ ...doc, file_name: 'contrato.pdf', mime_type: 'application/pdf' }, { chat: chat() });

    // A's secret does not open B's webhook, nor B's A's.
    expect((await tg.post(botB.channelId, update, botA.secret)).statusCode).toBe(401);
    expect((await tg.post(botA.channelId, update, botB.secret)).statusCode).toBe(401);
    const stored = await tg.post(botA.channelId, update, botA.secret);
    expect(stored.statusCode).toBe(200);
    await tg.settle();

    expect(await inboundOf(a.providerId)).toHaveLength(1);
    expect(await messagesOf(b.providerId)).toHaveLength(0);
    expect(await db.select().from(contacts).where(eq(contacts.providerId, b.providerId))).toHaveLength(0);
    expect(await db.select().from(files).where(eq(files.providerId, b.providerId))).toHaveLength(0);
    // The media was fetched with A's bot, and B's agents do not see A's conversation.
    expect(tg.standIn.sent('getFile').filter((r) => r.params.file_id === doc.file_id).map((r) => r.botId)).toEqual([botA.botId]);
    const bAdmin = await h.login(b.users.admin);
    expect((await bAdmin.get(`/api/v1/conversations/${stored.json().conversationId}`)).status).toBe(404);
  });

  it('retries a media download that met a 5xx, and attaches the file once', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    await tg.settle();
    const doc = tg.standIn.addFile(pdf, { path: 'documents/file_retry.pdf' });
    const response = await tg.post(bot.channelId, sampleUpdates.document({ ...doc, file_name: 'fatura.pdf', mime_type: 'application/pdf' }, { chat: chat() }), bot.secret);
    const messageId = response.json().messageId as number;
    tg.standIn.failNext(1, { status: 500, method: 'getFile' });
    await tg.runJobs();
    expect((await tg.message(messageId)).fileId).toBeNull();
    const [job] = await db.select().from(jobs).where(and(eq(jobs.kind, FETCH_TELEGRAM_MEDIA), sql`${jobs.payload}->>'messageId' = ${String(messageId)}`));
    expect(job).toMatchObject({ attempts: 1, doneAt: null });
    expect(job.lastError).toContain('HTTP 500');
    await tg.makeDue();
    await tg.settle();
    expect((await tg.message(messageId)).fileId).not.toBeNull();
    expect(await db.select().from(files).where(eq(files.providerId, p.providerId))).toHaveLength(1);
  });

  it('gives up at once on a file over the 20 MB a bot may download, and tells the agents why', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    await tg.settle();
    const video = tg.standIn.addFile(Buffer.alloc(20 * 1024 * 1024 + 1), { path: 'videos/file_grande.mp4', mime: 'video/mp4' });
    const response = await tg.post(bot.channelId, sampleUpdates.document({ ...video, file_name: 'instalacao.mp4', mime_type: 'video/mp4' }, { chat: chat() }), bot.secret);
    const messageId = response.json().messageId as number;
    await tg.settle();
    const [job] = await db.select().from(jobs).where(and(eq(jobs.kind, FETCH_TELEGRAM_MEDIA), sql`${jobs.payload}->>'messageId' = ${String(messageId)}`));
    expect(job).toMatchObject({ attempts: 1, doneAt: expect.any(Date) });
    const ana = await h.login(p.users.ana);
    const conversationId = (await tg.message(messageId)).conversationId;
    const shown = (await ana.get(`/api/v1/conversations/${conversationId}/messages`)).body.messages.find((m: { id: number }) => m.id === messageId);
    expect(shown).toMatchObject({ fileId: null, mediaError: 'o arquivo passa de 20 MB, o máximo que o Telegram deixa um robô baixar' });
  });

  it("gives up like WhatsApp's job once a failing download has used its attempts, and fetches again when an agent asks", async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    await tg.settle();
    const doc = tg.standIn.addFile(pdf, { path: 'documents/file_desistiu.pdf' });
    const response = await tg.post(bot.channelId, sampleUpdates.document({ ...doc, file_name: 'contrato.pdf', mime_type: 'application/pdf' }, { chat: chat() }), bot.secret);
    const messageId = response.json().messageId as number;
    const conversationId = (await tg.message(messageId)).conversationId;
    tg.standIn.failNext(8, { status: 500, method: 'getFile' });
    for (let i = 0; i < 8; i++) {
      await tg.settle();
      await tg.makeDue();
    }
    const jobsOf = () => db.select().from(jobs).where(and(eq(jobs.kind, FETCH_TELEGRAM_MEDIA), sql`${jobs.payload}->>'messageId' = ${String(messageId)}`));
    expect(await jobsOf()).toMatchObject([{ attempts: 8, doneAt: expect.any(Date) }]);
    const ana = await h.login(p.users.ana);
    const shown = async () => (await ana.get(`/api/v1/conversations/${conversationId}/messages`)).body.messages.find((m: { id: number }) => m.id === messageId);
    expect((await shown()).mediaError).toMatch(/^Mídia do Telegram: .*500/);

    // Caio works Comercial: the conversation (in Suporte) is not his to see.
    const caio = await h.login(p.users.caio);
    expect((await caio.post(`/api/v1/messages/${messageId}/media/retry`)).status).toBe(404);
    const retried = await ana.post(`/api/v1/messages/${messageId}/media/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: messageId, mediaError: null });
    expect(await jobsOf()).toHaveLength(2);
    await tg.settle();
    expect(await shown()).toMatchObject({ mediaError: null, file: { filename: 'contrato.pdf', mime: 'application/pdf' } });
  });

  it('queues the download with the message, once, however often Telegram re-posts the update', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const doc = tg.standIn.addFile(pdf, { path: 'documents/file_again.pdf' });
    const update = sampleUpdates.document({ ...doc, file_name: 'boleto.pdf', mime_type: 'application/pdf' }, { chat: chat() });
    const messageId = (await tg.post(bot.channelId, update, bot.secret)).json().messageId as number;
    const queuedFor = () => db.select().from(jobs).where(and(eq(jobs.kind, FETCH_TELEGRAM_MEDIA), sql`${jobs.payload}->>'messageId' = ${String(messageId)}`));
    // Stored in the same transaction as the message: there is no moment with one and not the other.
    expect(await queuedFor()).toHaveLength(1);
    expect((await tg.post(bot.channelId, update, bot.secret)).json().status).toBe('duplicate');
    await tg.settle();
    expect((await tg.message(messageId)).fileId).not.toBeNull();
    await tg.post(bot.channelId, update, bot.secret);
    expect(await queuedFor()).toHaveLength(1);
  });

  it('takes updates over real HTTP from a bot whose webhook was set with setWebhook and secret_token', async () => {
    const p = await h.provider();
    const bot = await tg.connect(p);
    const address = await tg.app.listen({ host: '127.0.0.1', port: 0 });
    const call = (path: string, body: object) =>
      fetch(`${tg.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

    const set = await call(`/bot${bot.token}/setWebhook`, { url: `${address}/webhooks/telegram/${bot.channelId}`, secret_token: bot.secret });
    expect(set).toEqual({ ok: true, result: true, description: 'Webhook was set' });
    const someone = chat();
    const posted = await call(`/_control/bot${bot.token}/updates`, { text: 'Boa tarde, estou sem sinal', chat: someone });
    expect(posted.result.webhook.status).toBe(200);
    const [message] = await inboundOf(p.providerId);
    expect(message).toMatchObject({ body: 'Boa tarde, estou sem sinal', providerMessageId: `${someone.id}:${posted.result.update.message.message_id}` });

    // A wrong secret_token set on Telegram's side is refused by Prosa.
    await call(`/bot${bot.token}/setWebhook`, { url: `${address}/webhooks/telegram/${bot.channelId}`, secret_token: 'outro-segredo' });
    expect((await call(`/_control/bot${bot.token}/updates`, { text: 'de novo' })).result.webhook.status).toBe(401);
  });
});
