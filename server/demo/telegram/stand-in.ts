// A stand-in for Telegram's Bot API, for the tests and the demo: the methods Prosa calls, answered
// with Telegram's envelopes ({ok:true,result} / {ok:false,error_code,description,parameters}) and
// Message objects; the files it was given or sent, served as Telegram serves them; every request it
// accepted kept for inspection; and failures to order (5xx, flood control, a hang, a blocked user).
// After a 429 it refuses the bot's calls (to that chat, when the failure named one) with 429 again
// until its retry_after has passed, as Telegram's flood control does. getFile refuses a file over
// the 20 MB a bot may download.
// Registered on any Fastify instance under a prefix: its own server in the tests, Prosa's in the demo.
//
//   {prefix}/bot<token>/<method>         getMe, setWebhook, getWebhookInfo, deleteWebhook, getFile,
//                                         sendMessage (with an inline keyboard), sendPhoto, sendVideo,
//                                         sendVoice, sendAudio, sendDocument, answerCallbackQuery
//   {prefix}/file/bot<token>/<file_path> a file's bytes
//   {prefix}/_sent                        what it accepted, oldest first
//   {prefix}/_control/...                 files, failures, blocked chats, updates to post (below)
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { buildUpdate, buttonPressed, SAMPLE_CHAT } from './sample-updates.js';

export interface StandInOptions {
  /** Where its routes live on the instance ('' for a server of its own). */
  prefix?: string;
  /** The bot tokens it accepts (more with addBot); any other is answered 401 Unauthorized. */
  tokens?: string[];
}

/** A file as getFile answers it, plus what the stand-in knows of it. */
export interface StandInFile {
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_path: string;
  /** The name it was uploaded with, when it was. */
  file_name?: string;
  mime: string;
  bytes: Buffer;
}

export interface RecordedRequest {
  /** The method as called (sendMessage, sendPhoto, getFile...). */
  method: string;
  botId: number;
  chatId: string | null;
  /** The text parameters (chat_id, text, caption, file_id...). */
  params: Record<string, string>;
  /** The file uploaded with it, if any. */
  upload: { field: string; filename: string; mime: string; size: number; sha256: string } | null;
  /** What it answered in `result`. */
  result: unknown;
  at: string;
}

/**
 * What the next requests get instead of an answer ('hang': nothing, for `ms`, then it drops them);
 * only those of one method or to one chat, when it says so.
 */
export type Failure = ({ status: 500 } | { status: 429; retryAfter: number } | { status: 403 } | { status: 'hang'; ms: number }) & {
  method?: string;
  chatId?: string;
};

interface Bot {
  id: number;
  token: string;
  webhook: { url: string; secretToken: string | null } | null;
}

export class TelegramStandIn {
  /** Every request it accepted, oldest first. Refused and failed ones are not here. */
  readonly requests: RecordedRequest[] = [];
  /** How many method calls reached it, accepted or not. */
  attempts = 0;
  private readonly bots = new Map<string, Bot>();
  private readonly files = new Map<string, StandInFile>();
  private readonly failures: Failure[] = [];
  private readonly blocked = new Set<string>();
  private readonly messageIds = new Map<string, number>();
  /** Messages each chat holds, the user's and the bot's (`<chat id>:<message_id>`): what a reply may name. */
  private readonly chatMessages = new Set<string>();
  /** The text messages each bot sent, by bot, chat and message_id: what a button pressed refers to. */
  private readonly sentMessages = new Map<string, Record<string, unknown>>();
  /**
   * Flood control after a 429: until when a bot (key `<bot id>`) or a bot in one chat
   * (`<bot id>:<chat id>`) is refused again, as Telegram refuses calls inside retry_after.
   */
  private readonly floodUntil = new Map<string, number>();
  /** Callback queries of buttons pressed, by id, and whether the bot answered each yet. */
  private readonly callbackQueries = new Map<string, { botId: number; answered: boolean }>();

  constructor(tokens: string[] = []) {
    for (const token of tokens) this.addBot(token);
  }

  addBot(token: string): void {
    const id = Number(token.split(':')[0]);
    if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) throw new Error(`not a bot token: ${token}`);
    if (!this.bots.has(token)) this.bots.set(token, { id, token, webhook: null });
  }

  /** Keeps bytes as Telegram keeps a file a contact sent: getFile and the download find them. */
  addFile(bytes: Buffer, options: { path?: string; mime?: string; name?: string } = {}): StandInFile {
    const n = this.files.size;
    const file: StandInFile = {
      file_id: `BQACAgEAAxkBAAI${randomBytes(18).toString('base64url')}`,
      file_unique_id: `AgAD${randomBytes(6).toString('base64url')}`,
      file_size: bytes.length,
      file_path: options.path ?? `documents/file_${n}`,
      ...(options.name ? { file_name: options.name } : {}),
      mime: options.mime ?? 'application/octet-stream',
      bytes,
    };
    this.files.set(file.file_id, file);
    return file;
  }

  file(fileId: string): StandInFile | undefined {
    return this.files.get(fileId);
  }

  /** The file a download URL's file_path names. */
  fileAt(path: string): StandInFile | undefined {
    return [...this.files.values()].find((f) => f.file_path === path);
  }

  /** The next `count` method calls (of its method, to its chat) fail this way. */
  failNext(count: number, failure: Failure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** The user of this chat blocked the bot: sending there is 403 Forbidden. */
  block(chatId: string | number): void {
    this.blocked.add(String(chatId));
  }

  /**
   * The user presses a button under a message the bot sent: the Update Telegram would post, its
   * query waiting for answerCallbackQuery.
   */
  pressButton(token: string, options: { chatId: string | number; messageId: number; data: string; queryId?: string }) {
    const bot = this.bots.get(token);
    const message = bot && this.sentMessages.get(`${bot.id}:${options.chatId}:${options.messageId}`);
    if (!bot || !message) throw new Error(`no message ${options.messageId} of this bot in chat ${options.chatId}`);
    const update = buttonPressed(message, options.data, { id: options.queryId });
    this.awaitAnswer(token, update.callback_query.id);
    return update;
  }

  /**
   * An update Telegram delivered to the bot: the user's message is now in its chat, for a reply to
   * name (reply_parameters). Updates posted through _control/.../updates are noted by themselves.
   */
  delivered(update: { message?: { message_id: number; chat: { id: number } } }): void {
    if (update.message) this.chatMessages.add(`${update.message.chat.id}:${update.message.message_id}`);
  }

  /** A callback query the bot may answer once (one made outside pressButton, e.g. a fixture's). */
  awaitAnswer(token: string, queryId: string): void {
    const bot = this.bots.get(token);
    if (!bot) throw new Error(`unknown bot token: ${token}`);
    this.callbackQueries.set(queryId, { botId: bot.id, answered: false });
  }

  /** Accepted requests of one method (sendMessage...), or all. */
  sent(method?: string): RecordedRequest[] {
    return method ? this.requests.filter((r) => r.method.toLowerCase() === method.toLowerCase()) : this.requests;
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.blocked.clear();
    this.floodUntil.clear();
    this.attempts = 0;
  }

  /** A method call, as Telegram answers it: [HTTP status, envelope]. */
  async handle(token: string, method: string, params: Record<string, string>, uploads: Map<string, Upload>, until: AbortSignal): Promise<[number, object]> {
    const bot = this.bots.get(token);
    if (!bot) return refusal(401, 'Unauthorized');
    this.attempts++;
    const name = method.toLowerCase(); // Bot API methods are case-insensitive
    const waitMs = Math.max(this.floodUntil.get(String(bot.id)) ?? 0, this.floodUntil.get(`${bot.id}:${params.chat_id}`) ?? 0) - Date.now();
    if (waitMs > 0) {
      const retryAfter = Math.ceil(waitMs / 1000);
      return refusal(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    const next = this.failures.findIndex((f) => (!f.method || f.method.toLowerCase() === name) && (!f.chatId || f.chatId === params.chat_id));
    const failure = next === -1 ? undefined : this.failures.splice(next, 1)[0];
    if (failure) {
      if (failure.status === 'hang') {
        await sleep(failure.ms, undefined, { signal: until }).catch(() => {});
        return refusal(504, 'Gateway Timeout');
      }
      if (failure.status === 429) {
        this.floodUntil.set(failure.chatId ? `${bot.id}:${failure.chatId}` : String(bot.id), Date.now() + failure.retryAfter * 1000);
        return refusal(429, `Too Many Requests: retry after ${failure.retryAfter}`, { retry_after: failure.retryAfter });
      }
      if (failure.status === 403) return refusal(403, 'Forbidden: bot was blocked by the user');
      return refusal(500, 'Internal Server Error');
    }

    const answer = await this.answer(bot, name, params, uploads);
    if (answer[0] === 200) {
      const upload = [...uploads.entries()][0];
      this.requests.push({
        method,
        botId: bot.id,
        chatId: params.chat_id ?? null,
        params,
        upload: upload ? { field: upload[0], filename: upload[1].filename, mime: upload[1].mime, size: upload[1].bytes.length, sha256: sha256(upload[1].bytes) } : null,
        result: (answer[1] as { result: unknown }).result,
        at: new Date().toISOString(),
      });
    }
    return answer;
  }

  private async answer(bot: Bot, method: string, params: Record<string, string>, uploads: Map<string, Upload>): Promise<[number, object]> {
    switch (method) {
      case 'getme':
        return success(botUser(bot));
      case 'setwebhook':
        if (!params.url) {
          bot.webhook = null;
          return success(true, 'Webhook was deleted');
        }
        if (params.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(params.secret_token)) {
          return refusal(400, 'Bad Request: secret token contains unallowed characters');
        }
        bot.webhook = { url: params.url, secretToken: params.secret_token ?? null };
        return success(true, 'Webhook was set');
      case 'deletewebhook':
        bot.webhook = null;
        return success(true, 'Webhook was deleted');
      case 'getwebhookinfo':
        return success({ url: bot.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 });
      case 'getfile': {
        const file = params.file_id ? this.files.get(params.file_id) : undefined;
        if (!file) return refusal(400, 'Bad Request: invalid file_id');
        // "For the moment, bots can download files of up to 20MB in size" (Bot API, getFile).
        if (file.file_size > DOWNLOAD_MAX) return refusal(400, 'Bad Request: file is too big');
        return success({ file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.file_size, file_path: file.file_path });
      }
      case 'sendmessage': {
        const chat = this.chatOf(params);
        if ('refusal' in chat) return chat.refusal;
        if (!params.text?.trim()) return refusal(400, 'Bad Request: message text is empty');
        if (params.text.length > 4096) return refusal(400, 'Bad Request: message is too long');
        const markup = params.reply_markup === undefined ? null : inlineKeyboard(params.reply_markup);
        if (markup && 'refusal' in markup) return markup.refusal;
        const reply = this.replyTo(chat.id, params.reply_parameters);
        if (reply && 'refusal' in reply) return reply.refusal;
        const message = this.message(bot, chat.id, { text: params.text, ...(markup ? { reply_markup: markup.keyboard } : {}), ...reply?.quoted });
        this.sentMessages.set(`${bot.id}:${chat.id}:${message.message_id}`, message);
        return success(message);
      }
      case 'answercallbackquery': {
        const query = params.callback_query_id ? this.callbackQueries.get(params.callback_query_id) : undefined;
        if (!query || query.botId !== bot.id || query.answered) {
          return refusal(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        }
        query.answered = true;
        return success(true);
      }
      case 'sendphoto':
      case 'sendvideo':
      case 'sendvoice':
      case 'sendaudio':
      case 'senddocument': {
        const field = method.slice('send'.length);
        const chat = this.chatOf(params);
        if ('refusal' in chat) return chat.refusal;
        if ((params.caption ?? '').length > 1024) return refusal(400, 'Bad Request: message caption is too long');
        const reply = this.replyTo(chat.id, params.reply_parameters);
        if (reply && 'refusal' in reply) return reply.refusal;
        const file = this.fileFrom(field, params, uploads);
        if (!file) return refusal(400, `Bad Request: there is no ${field} in the request`);
        const caption = params.caption ? { caption: params.caption } : {};
        return success(this.message(bot, chat.id, { [field]: await describe(field, file), ...caption, ...reply?.quoted }));
      }
      default:
        return refusal(404, 'Not Found');
    }
  }

  /**
   * reply_parameters (a JSON-serialized ReplyParameters): a message of this chat, or Telegram's
   * refusal — unless allow_sending_without_reply, which sends the message unquoted.
   */
  private replyTo(chatId: string, raw: string | undefined): { quoted: { reply_to_message?: object } } | { refusal: [number, object] } | null {
    if (raw === undefined) return null;
    let parameters: { message_id?: unknown; chat_id?: unknown; allow_sending_without_reply?: unknown };
    try {
      parameters = JSON.parse(raw);
    } catch {
      return { refusal: refusal(400, "Bad Request: can't parse reply parameters JSON object") };
    }
    if (typeof parameters?.message_id !== 'number' || !Number.isInteger(parameters.message_id)) {
      return { refusal: refusal(400, 'Bad Request: field "message_id" of the ReplyParameters must be an Integer') };
    }
    if (this.chatMessages.has(`${chatId}:${parameters.message_id}`)) {
      return { quoted: { reply_to_message: { message_id: parameters.message_id, chat: { id: Number(chatId), type: 'private' } } } };
    }
    if (parameters.allow_sending_without_reply === true) return { quoted: {} };
    return { refusal: refusal(400, 'Bad Request: message to be replied not found') };
  }

  private chatOf(params: Record<string, string>): { id: string } | { refusal: [number, object] } {
    const id = params.chat_id;
    if (!id) return { refusal: refusal(400, 'Bad Request: chat_id is empty') };
    if (!/^-?\d+$/.test(id)) return { refusal: refusal(400, 'Bad Request: chat not found') };
    if (this.blocked.has(id)) return { refusal: refusal(403, 'Forbidden: bot was blocked by the user') };
    return { id };
  }

  /** An upload under the field, or the file_id of a file it already holds. */
  private fileFrom(field: string, params: Record<string, string>, uploads: Map<string, Upload>): StandInFile | null {
    const upload = uploads.get(field);
    if (upload) {
      const folder = { photo: 'photos', video: 'videos', voice: 'voice', audio: 'music', document: 'documents' }[field] ?? 'documents';
      const ext = upload.filename.includes('.') ? upload.filename.slice(upload.filename.lastIndexOf('.')) : '';
      return this.addFile(upload.bytes, { path: `${folder}/file_${this.files.size}${ext}`, mime: upload.mime, name: upload.filename });
    }
    return params[field] ? this.files.get(params[field]) ?? null : null;
  }

  private message(bot: Bot, chatId: string, content: Record<string, unknown>) {
    const next = (this.messageIds.get(chatId) ?? 0) + 1;
    this.messageIds.set(chatId, next);
    this.chatMessages.add(`${chatId}:${next}`);
    return {
      message_id: next,
      from: botUser(bot),
      chat: { id: Number(chatId), type: 'private' },
      date: Math.floor(Date.now() / 1000),
      ...content,
    };
  }

  /** The webhook set for a bot (setWebhook), if any. */
  webhookOf(token: string): Bot['webhook'] | undefined {
    return this.bots.get(token)?.webhook;
  }

  knows(token: string): boolean {
    return this.bots.has(token);
  }
}

/**
 * reply_markup as the Bot API reads it (a JSON-serialized object); only inline keyboards of
 * callback buttons are modelled, the kind Prosa sends. A button's callback_data is 1 to 64 bytes.
 */
function inlineKeyboard(raw: string): { keyboard: { inline_keyboard: Record<string, unknown>[][] } } | { refusal: [number, object] } {
  let markup: unknown;
  try {
    markup = JSON.parse(raw);
  } catch {
    return { refusal: refusal(400, "Bad Request: can't parse reply keyboard markup JSON object") };
  }
  const rows = (markup as { inline_keyboard?: unknown } | null)?.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    return { refusal: refusal(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays') };
  }
  for (const button of rows.flat() as Record<string, unknown>[]) {
    // Telegram refuses a missing text this way; an empty one is refused alike here.
    if (typeof button?.text !== 'string' || button.text === '') {
      return { refusal: refusal(400, 'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String') };
    }
    if (button.callback_data === undefined && button.url === undefined) {
      return { refusal: refusal(400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard") };
    }
    if (button.callback_data !== undefined) {
      const data = button.callback_data;
      if (typeof data !== 'string' || data === '' || Buffer.byteLength(data, 'utf8') > 64) return { refusal: refusal(400, 'Bad Request: BUTTON_DATA_INVALID') };
    }
  }
  return { keyboard: { inline_keyboard: rows as Record<string, unknown>[][] } };
}

/** The largest file getFile lets a bot download. */
const DOWNLOAD_MAX = 20 * 1024 * 1024;

interface Upload {
  filename: string;
  mime: string;
  bytes: Buffer;
}

/** Registers the stand-in's routes on an instance (before it is ready) and answers the stand-in to drive. */
export async function registerTelegramStandIn(app: FastifyInstance, options: StandInOptions = {}): Promise<TelegramStandIn> {
  const standIn = new TelegramStandIn(options.tokens);
  await app.register(async (scope) => {
    // Not Prosa's API: kept out of its OpenAPI document when mounted on Prosa's app.
    scope.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    // Telegram takes parameters as a query string, JSON, a form or multipart/form-data (uploads):
    // here every body is read as bytes first and parsed the way it came.
    for (const type of ['multipart/form-data', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
      if (scope.hasContentTypeParser(type)) scope.removeContentTypeParser(type);
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    }

    scope.route({
      method: ['GET', 'POST'],
      url: '/bot:token/:method',
      bodyLimit: 50 * 1024 * 1024,
      handler: async (request, reply) => {
        const { token, method } = request.params as { token: string; method: string };
        const { fields, uploads } = await paramsOf(request);
        const until = abortedWith(reply);
        const [status, body] = await standIn.handle(token, method, fields, uploads, until);
        return reply.status(status).send(body);
      },
    });

    scope.get('/file/bot:token/*', async (request, reply) => {
      const { token } = request.params as { token: string };
      if (!standIn.knows(token)) return reply.status(401).send({ ok: false, error_code: 401, description: 'Unauthorized' });
      const path = (request.params as Record<string, string>)['*'];
      const file = standIn.fileAt(path);
      if (!file) return reply.status(404).send({ ok: false, error_code: 404, description: 'Not Found' });
      return reply.type(file.mime).send(file.bytes);
    });

    scope.get('/_sent', async () => ({ ok: true, result: standIn.requests }));

    // Test and demo controls.
    scope.post('/_control/files', async (request, reply) => {
      const query = request.query as { path?: string; mime?: string };
      const bytes = Buffer.isBuffer(request.body) ? request.body : null;
      if (!bytes || bytes.length === 0) return reply.status(400).send({ ok: false, error_code: 400, description: 'send the bytes as application/octet-stream' });
      const file = standIn.addFile(bytes, { path: query.path, mime: query.mime });
      return { ok: true, result: { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.file_size, file_path: file.file_path } };
    });
    scope.post('/_control/fail', async (request, reply) => {
      const body = (request.body ?? {}) as { count?: number; status?: number | string; retryAfter?: number; ms?: number; method?: string; chat_id?: string | number };
      const kind: Failure | null =
        body.status === 500 ? { status: 500 }
        : body.status === 403 ? { status: 403 }
        : body.status === 429 ? { status: 429, retryAfter: body.retryAfter ?? 5 }
        : body.status === 'hang' ? { status: 'hang', ms: body.ms ?? 30_000 }
        : null;
      if (!kind) return reply.status(400).send({ ok: false, error_code: 400, description: 'status must be 500, 429, 403 or "hang"' });
      const only = { ...(body.method ? { method: body.method } : {}), ...(body.chat_id !== undefined ? { chatId: String(body.chat_id) } : {}) };
      standIn.failNext(body.count ?? 1, { ...kind, ...only });
      return { ok: true, result: true };
    });
    // What BotFather's /newbot does: a new token the Bot API accepts from now on.
    scope.post('/_control/bots', async (request, reply) => {
      const { token } = (request.body ?? {}) as { token?: unknown };
      if (typeof token !== 'string' || !/^\d+:[A-Za-z0-9_-]{10,}$/.test(token)) {
        return reply.status(400).send({ ok: false, error_code: 400, description: 'token must look like 123456789:AAE...' });
      }
      standIn.addBot(token);
      return { ok: true, result: true };
    });
    scope.post('/_control/block', async (request) => {
      standIn.block((request.body as { chat_id: string | number }).chat_id);
      return { ok: true, result: true };
    });
    scope.post('/_control/reset', async () => {
      standIn.reset();
      return { ok: true, result: true };
    });
    // A contact writes to the bot: the stand-in posts the Update to the webhook set with setWebhook.
    // The user presses a button under a message the bot sent: posted like any Update.
    scope.post('/_control/bot:token/press', async (request, reply) => {
      const { token } = request.params as { token: string };
      const webhook = standIn.webhookOf(token);
      if (!webhook) return reply.status(409).send({ ok: false, error_code: 409, description: 'no webhook set for this bot (setWebhook first)' });
      const body = (request.body ?? {}) as { chat_id?: string | number; message_id?: number; data?: string };
      let update;
      try {
        update = standIn.pressButton(token, { chatId: body.chat_id ?? SAMPLE_CHAT.id, messageId: Number(body.message_id), data: String(body.data ?? '') });
      } catch (error) {
        return reply.status(400).send({ ok: false, error_code: 400, description: (error as Error).message });
      }
      return { ok: true, result: { update, webhook: await postUpdate(webhook, update) } };
    });
    scope.post('/_control/bot:token/updates', async (request, reply) => {
      const { token } = request.params as { token: string };
      const webhook = standIn.webhookOf(token);
      if (!webhook) return reply.status(409).send({ ok: false, error_code: 409, description: 'no webhook set for this bot (setWebhook first)' });
      const { chat, ...content } = (request.body ?? {}) as { chat?: Record<string, unknown> } & Record<string, unknown>;
      const update = buildUpdate(content, { chat: chat ? { id: SAMPLE_CHAT.id, ...chat } : SAMPLE_CHAT });
      standIn.delivered(update);
      return { ok: true, result: { update, webhook: await postUpdate(webhook, update) } };
    });
  }, { prefix: options.prefix ?? '' });
  return standIn;
}

/** The stand-in on a server of its own at 127.0.0.1 on a free port: real HTTP, as the tests want. */
export async function startTelegramStandIn(options: Omit<StandInOptions, 'prefix'> = {}) {
  const app = Fastify({ logger: false });
  const standIn = await registerTelegramStandIn(app, options);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, standIn, close: () => app.close() };
}

async function paramsOf(request: FastifyRequest): Promise<{ fields: Record<string, string>; uploads: Map<string, Upload> }> {
  const fields: Record<string, string> = {};
  const uploads = new Map<string, Upload>();
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) fields[key] = String(value);
  const body = request.body;
  const type = String(request.headers['content-type'] ?? '');
  if (Buffer.isBuffer(body) && type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    for (const [key, value] of form) {
      if (typeof value === 'string') fields[key] = value;
      else uploads.set(key, { filename: value.name, mime: value.type || 'application/octet-stream', bytes: Buffer.from(await value.arrayBuffer()) });
    }
  } else if (Buffer.isBuffer(body) && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) fields[key] = value;
  } else if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
    for (const [key, value] of Object.entries(body)) fields[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { fields, uploads };
}

/** Aborted when the client goes away before the answer (it timed out). */
function abortedWith(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableEnded) controller.abort();
  });
  return controller.signal;
}

async function describe(field: string, file: StandInFile) {
  const base = { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.file_size };
  if (field === 'photo') {
    const { width = 0, height = 0 } = await sharp(file.bytes).metadata().catch(() => ({ width: 0, height: 0 }));
    return [{ ...base, width, height }];
  }
  const named = { ...base, mime_type: file.mime };
  if (field === 'document' || field === 'audio') return { ...named, file_name: file.file_name ?? file.file_path.split('/').pop() };
  if (field === 'video') return { ...named, width: 0, height: 0, duration: 0 };
  return { ...named, duration: 0 };
}

function botUser(bot: Bot) {
  return { id: bot.id, is_bot: true, first_name: 'Prosa Demo', username: `prosa_demo_${bot.id}_bot` };
}

const success = (result: unknown, description?: string): [number, object] => [200, { ok: true, result, ...(description ? { description } : {}) }];

const refusal = (code: number, description: string, parameters?: { retry_after: number }): [number, object] => [
  code,
  { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Posts an update to a bot's webhook as Telegram does (with its secret token); answers what the webhook said. */
async function postUpdate(webhook: { url: string; secretToken?: string | null }, update: unknown) {
  const response = await fetch(webhook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(webhook.secretToken ? { 'x-telegram-bot-api-secret-token': webhook.secretToken } : {}) },
    body: JSON.stringify(update),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.text() };
}
