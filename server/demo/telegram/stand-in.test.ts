// The stand-in itself: Telegram's envelopes and errors, the ways parameters come (JSON, a form,
// multipart), files kept and served, inline keyboards and their callback queries — mounted on
// Prosa's own app, as the demo mounts it.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createHarness } from '../../../test/support/harness.js';
import { registerTelegramStandIn } from './stand-in.js';

const h = await createHarness();
const app = await buildApp({ db: h.database.db, bus: h.bus, config: h.app.deps.config });
const TOKEN = '123456:demo-telegram-token';
const standIn = await registerTelegramStandIn(app, { prefix: '/stand-in/telegram', tokens: [TOKEN] });
await app.ready();
afterAll(() => app.close());

const bot = `/stand-in/telegram/bot${TOKEN}`;

async function multipart(form: FormData) {
  const request = new Request('http://stand-in/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

describe('the Bot API stand-in', () => {
  it("answers Telegram's envelopes: a result, 401 for a wrong token, 404 for an unknown method", async () => {
    const me = await app.inject({ method: 'GET', url: `${bot}/getMe` });
    expect(me.json()).toEqual({ ok: true, result: { id: 123456, is_bot: true, first_name: 'Prosa Demo', username: 'prosa_demo_123456_bot' } });
    const wrong = await app.inject({ method: 'POST', url: '/stand-in/telegram/bot123456:outro/sendMessage', payload: { chat_id: 1, text: 'oi' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unknown = await app.inject({ method: 'POST', url: `${bot}/sendTelepathy`, payload: {} });
    expect(unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('takes parameters as JSON, as a form and in the query string, with methods in any case', async () => {
    const json = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 1111111, text: 'por JSON' } });
    expect(json.json().result).toMatchObject({ chat: { id: 1111111, type: 'private' }, text: 'por JSON', from: { is_bot: true } });
    const form = await app.inject({
      method: 'POST',
      url: `${bot}/sendmessage`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'chat_id=1111111&text=por+formul%C3%A1rio',
    });
    expect(form.json().result.text).toBe('por formulário');
    expect(form.json().result.message_id).toBe(json.json().result.message_id + 1);
    const query = await app.inject({ method: 'GET', url: `${bot}/sendMessage?chat_id=1111111&text=pela%20URL` });
    expect(query.json().result.text).toBe('pela URL');
    const empty = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 1111111, text: ' ' } });
    expect(empty.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    const nobody = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: '@ninguem', text: 'oi' } });
    expect(nobody.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat not found' });
  });

  it('refuses a text over 4,096 characters and a caption over 1,024, as Telegram does', async () => {
    const atLimit = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 1111111, text: 'x'.repeat(4096) } });
    expect(atLimit.statusCode).toBe(200);
    const long = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 1111111, text: 'x'.repeat(4097) } });
    expect(long.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message is too long' });
    const form = new FormData();
    form.set('chat_id', '1111111');
    form.set('caption', 'x'.repeat(1025));
    form.set('document', new Blob([randomBytes(16)], { type: 'application/pdf' }), 'a.pdf');
    const caption = await app.inject({ method: 'POST', url: `${bot}/sendDocument`, ...(await multipart(form)) });
    expect(caption.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message caption is too long' });
  });

  it('keeps an uploaded document, and serves it back through getFile and the file URL', async () => {
    const bytes = randomBytes(2048);
    const form = new FormData();
    form.set('chat_id', '1111111');
    form.set('caption', 'contrato');
    form.set('document', new Blob([bytes], { type: 'application/pdf' }), 'contrato.pdf');
    const sent = await app.inject({ method: 'POST', url: `${bot}/sendDocument`, ...(await multipart(form)) });
    expect(sent.statusCode).toBe(200);
    const document = sent.json().result.document;
    expect(document).toMatchObject({ file_name: 'contrato.pdf', mime_type: 'application/pdf', file_size: 2048 });
    expect(sent.json().result.caption).toBe('contrato');

    const file = (await app.inject({ method: 'POST', url: `${bot}/getFile`, payload: { file_id: document.file_id } })).json().result;
    expect(file).toMatchObject({ file_id: document.file_id, file_size: 2048, file_path: expect.stringMatching(/^documents\/file_\d+\.pdf$/) });
    const download = await app.inject({ method: 'GET', url: `/stand-in/telegram/file/bot${TOKEN}/${file.file_path}` });
    expect(download.rawPayload.equals(bytes)).toBe(true);
    expect((await app.inject({ method: 'GET', url: `/stand-in/telegram/file/bot123456:outro/${file.file_path}` })).statusCode).toBe(401);

    const accepted = (await app.inject({ method: 'GET', url: '/stand-in/telegram/_sent' })).json().result;
    expect(accepted.find((r: { method: string }) => r.method === 'sendDocument')).toMatchObject({
      chatId: '1111111',
      params: { chat_id: '1111111', caption: 'contrato' },
      upload: { field: 'document', filename: 'contrato.pdf', mime: 'application/pdf', size: 2048 },
    });
  });

  // "For the moment, bots can download files of up to 20MB in size" (core.telegram.org/bots/api#getfile);
  // the body as tdlib/telegram-bot-api#51 shows it.
  it('refuses getFile for a file over the 20 MB a bot may download: "Bad Request: file is too big"', async () => {
    const atLimit = standIn.addFile(Buffer.alloc(20 * 1024 * 1024), { path: 'videos/file_limite.mp4', mime: 'video/mp4' });
    expect((await app.inject({ method: 'POST', url: `${bot}/getFile`, payload: { file_id: atLimit.file_id } })).json().ok).toBe(true);
    const big = standIn.addFile(Buffer.alloc(20 * 1024 * 1024 + 1), { path: 'videos/file_grande.mp4', mime: 'video/mp4' });
    const refused = await app.inject({ method: 'POST', url: `${bot}/getFile`, payload: { file_id: big.file_id } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: file is too big' });
  });

  it('sends a message with an inline keyboard, and answers a callback query of one of its buttons once', async () => {
    const keyboard = { inline_keyboard: [[{ text: '2ª via do boleto', callback_data: 'boleto' }], [{ text: 'Falar com atendente', callback_data: 'atendente' }]] };
    const sent = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 1111111, text: 'Como posso ajudar?', reply_markup: keyboard } });
    expect(sent.json().result).toMatchObject({ text: 'Como posso ajudar?', reply_markup: keyboard });
    // As a form field, reply_markup is JSON text.
    const form = await app.inject({
      method: 'POST', url: `${bot}/sendMessage`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ chat_id: '1111111', text: 'De novo', reply_markup: JSON.stringify(keyboard) }).toString(),
    });
    expect(form.json().result.reply_markup).toEqual(keyboard);

    const update = standIn.pressButton(TOKEN, { chatId: 1111111, messageId: sent.json().result.message_id, data: 'atendente' });
    expect(update.callback_query).toMatchObject({ from: { id: 1111111, is_bot: false }, message: { text: 'Como posso ajudar?', reply_markup: keyboard }, data: 'atendente' });
    const answer = () => app.inject({ method: 'POST', url: `${bot}/answerCallbackQuery`, payload: { callback_query_id: update.callback_query.id } });
    expect((await answer()).json()).toEqual({ ok: true, result: true });
    const tooOld = { ok: false, error_code: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' };
    expect((await answer()).json()).toEqual(tooOld);
    const unknown = await app.inject({ method: 'POST', url: `${bot}/answerCallbackQuery`, payload: { callback_query_id: '999' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual(tooOld);
  });

  it('refuses inline buttons the Bot API refuses: callback_data empty or over 64 bytes, no text, no action', async () => {
    const send = async (button: object) =>
      (await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 1111111, text: 'Escolha', reply_markup: { inline_keyboard: [[button]] } } })).json();
    const invalidData = { ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' };
    expect(await send({ text: 'Longo', callback_data: 'x'.repeat(65) })).toEqual(invalidData);
    // Bytes, not characters: 33 "ç" are 66 bytes.
    expect(await send({ text: 'Acentos', callback_data: 'ç'.repeat(33) })).toEqual(invalidData);
    expect((await send({ text: 'No limite', callback_data: 'x'.repeat(64) })).ok).toBe(true);
    expect(await send({ text: 'Vazio', callback_data: '' })).toEqual(invalidData);
    expect(await send({ callback_data: 'boleto' })).toEqual({ ok: false, error_code: 400, description: 'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String' });
    expect(await send({ text: 'Só texto' })).toEqual({ ok: false, error_code: 400, description: "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard" });
    expect(standIn.sent('sendMessage').filter((r) => r.params.text === 'Escolha')).toHaveLength(1);
  });

  it('fails on order, through its control endpoints too', async () => {
    const fail = (body: object) => app.inject({ method: 'POST', url: '/stand-in/telegram/_control/fail', payload: body });
    await fail({ count: 1, status: 500 });
    await fail({ count: 1, status: 403 });
    const send = () => app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 1111111, text: 'oi' } });
    expect((await send()).json()).toEqual({ ok: false, error_code: 500, description: 'Internal Server Error' });
    expect((await send()).json()).toEqual({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect((await send()).json().ok).toBe(true);
    await app.inject({ method: 'POST', url: '/stand-in/telegram/_control/block', payload: { chat_id: 2222222 } });
    const blocked = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 2222222, text: 'oi' } });
    expect(blocked.statusCode).toBe(403);
    expect(standIn.sent('sendMessage').some((r) => r.chatId === '2222222')).toBe(false);
  });

  it('after a 429, refuses calls to that chat with 429 again until retry_after has passed', async () => {
    await app.inject({ method: 'POST', url: '/stand-in/telegram/_control/fail', payload: { status: 429, retryAfter: 1, chat_id: 4444444 } });
    const send = (chatId: number) => app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: chatId, text: 'devagar' } });
    const flood = { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
    expect((await send(4444444)).json()).toEqual(flood);
    const again = await send(4444444);
    expect(again.statusCode).toBe(429);
    expect(again.json()).toEqual(flood);
    expect((await send(1111111)).json().ok).toBe(true); // another chat is not held back
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await send(4444444)).json().ok).toBe(true);
  });

  it("leaves Prosa's own routes as they were", async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
    const openapi = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(Object.keys(openapi.paths).filter((path) => path.startsWith('/stand-in'))).toEqual([]);
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const form = new FormData();
    form.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'a.pdf');
    const { payload, headers } = await multipart(form);
    const uploaded = await app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...headers, cookie: ana.cookie }, payload });
    expect(uploaded.statusCode).toBe(201);
  });

  it('quotes a message of the chat named by reply_parameters, refuses one it does not hold unless allow_sending_without_reply', async () => {
    standIn.reset(); // no flood control left from the test before
    const first = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 2222222, text: 'primeira' } });
    expect(first.json()).toMatchObject({ ok: true });
    const id = first.json().result.message_id as number;
    const quoted = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 2222222, text: 'resposta', reply_parameters: { message_id: id } } });
    expect(quoted.json().result).toMatchObject({ text: 'resposta', reply_to_message: { message_id: id } });
    const missing = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 2222222, text: 'resposta', reply_parameters: { message_id: 999_999 } } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message to be replied not found' });
    // Another chat's message is not this chat's.
    const elsewhere = await app.inject({ method: 'POST', url: `${bot}/sendMessage`, payload: { chat_id: 3333333, text: 'resposta', reply_parameters: { message_id: id } } });
    expect(elsewhere.json().description).toBe('Bad Request: message to be replied not found');
    const anyway = await app.inject({
      method: 'POST', url: `${bot}/sendMessage`,
      payload: { chat_id: 2222222, text: 'resposta', reply_parameters: { message_id: 999_999, allow_sending_without_reply: true } },
    });
    expect(anyway.statusCode).toBe(200);
    expect(anyway.json().result).not.toHaveProperty('reply_to_message');
  });
});
