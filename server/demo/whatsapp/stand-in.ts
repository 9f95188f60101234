// A stand-in for Meta's Graph API, as far as Prosa uses it: send a message (text, media, template,
// reply buttons, a list), upload media, look media up and download it. It checks the bearer token and the request bodies the way Meta does and
// answers Meta's shapes, success and error ({"error":{"message","type","code",...}}). It records
// every request it accepted (GET <prefix>/_sent), and failures can be injected for the next
// requests (POST <prefix>/_fail, or failNext()): an HTTP 500, a Meta error code, or an answer that
// comes later than the client waits. Optionally it reports statuses back to a webhook, signed, as
// Meta does. Tests run it on its own port; the demo mounts it inside Prosa.
import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { newWamid, signedWebhook, status, statusesPayload, type StatusName } from './meta-payloads.js';

export interface StandInOptions {
  /** The token every call must carry (Authorization: Bearer ...). */
  accessToken: string;
  /** Phone number ids it knows; any when left out. */
  phoneNumberIds?: string[];
  /** What GET /{phone-number-id} answers for a known number (Meta's verified_name, display_phone_number). */
  verifiedName?: string;
  displayPhoneNumber?: string;
  /** The approved templates (name, language, how many body parameters); any when left out. */
  templates?: ApprovedTemplate[];
  /** Numbers that are not on WhatsApp: a message to one is accepted, then reported failed (#131026). */
  undeliverable?: string[];
  /** WhatsApp Business Accounts by id, with their templates as GET /{waba-id}/message_templates lists them. */
  businessAccounts?: Record<string, ListedTemplate[]>;
}

/** A template Meta approved in one language: a send must name both and fill its body's parameters. */
export interface ApprovedTemplate {
  name: string;
  language: string;
  params: number;
}

/** A template as Meta's Message Templates API lists it. */
export interface ListedTemplate {
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: { type: string; format?: string; text?: string; buttons?: { type: string; text: string; url?: string }[] }[];
}

export interface RecordedRequest {
  at: string;
  kind: 'message' | 'mark_read' | 'media_upload' | 'media_info' | 'media_download' | 'phone_number' | 'message_templates';
  phoneNumberId?: string;
  /** A message as sent; an upload's fields (the file as its size, type and sha256). */
  body: Record<string, unknown>;
  /** What the stand-in answered with: the message's wamid, the media id. */
  id?: string;
}

export interface Failure {
  /** HTTP status to answer with (default 500, or 400 with a `code`). */
  status?: number;
  /** A Meta error code (131047, 130429, 190...) for the error body. */
  code?: number;
  message?: string;
  /** Answer only after this long; if the client gave up meanwhile, the request is not processed. */
  delayMs?: number;
  /** Only requests of this kind fail (sending messages, or media up- and downloads); default any. */
  only?: 'messages' | 'media';
}

export interface StatusWebhook {
  url: string;
  appSecret: string;
  statuses?: StatusName[];
  delayMs?: number;
}

interface FailedStatus {
  code: number;
  title: string;
  details: string;
}

interface StoredMedia {
  bytes: Buffer;
  mime: string;
  sha256: string;
}

const MESSAGE_TYPES = ['audio', 'contacts', 'document', 'image', 'interactive', 'location', 'reaction', 'sticker', 'template', 'text', 'video'];
const MEDIA_TYPES = ['audio', 'document', 'image', 'sticker', 'video'];
const MB = 1024 * 1024;
/** What /media takes, and up to what size (Meta's "supported media types"). */
const UPLOADS: Record<string, number> = {
  'image/jpeg': 5 * MB, 'image/png': 5 * MB, 'image/webp': 500 * 1024,
  'video/mp4': 16 * MB, 'video/3gpp': 16 * MB,
  'audio/aac': 16 * MB, 'audio/amr': 16 * MB, 'audio/mpeg': 16 * MB, 'audio/mp4': 16 * MB, 'audio/ogg': 16 * MB,
  'text/plain': 100 * MB, 'application/pdf': 100 * MB, 'application/msword': 100 * MB, 'application/vnd.ms-excel': 100 * MB,
  'application/vnd.ms-powerpoint': 100 * MB,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100 * MB,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100 * MB,
};

class MetaError extends Error {
  constructor(readonly status: number, readonly code: number, message: string, readonly type = 'OAuthException', readonly details?: string) {
    super(message);
  }
}

export class GraphStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly media = new Map<string, StoredMedia>();
  statusWebhook: StatusWebhook | null = null;
  private failures: { count: number; failure: Failure }[] = [];
  private readonly undeliverable: Set<string>;

  constructor(readonly options: StandInOptions) {
    this.undeliverable = new Set((options.undeliverable ?? []).map((n) => n.replace(/\D/g, '')));
  }

  /** This number is not on WhatsApp (or cannot receive): what is sent to it fails later, #131026. */
  notOnWhatsApp(number: string): void {
    this.undeliverable.add(number.replace(/\D/g, ''));
  }

  /** The messages it accepted, in order. */
  get messages(): RecordedRequest[] {
    return this.requests.filter((r) => r.kind === 'message');
  }

  /** The next `count` Graph requests fail this way. */
  failNext(count: number, failure: Failure = {}): void {
    this.failures.push({ count, failure });
  }

  /** Media a contact "sent": the id a webhook names, served like Meta serves it. */
  addMedia(bytes: Buffer, mime: string): { id: string; sha256: string } {
    const id = String(1_000_000_000_000_000n + BigInt(`0x${randomBytes(6).toString('hex')}`));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.media.set(id, { bytes, mime, sha256 });
    return { id, sha256 };
  }

  reset(): void {
    this.requests.length = 0;
    this.failures = [];
  }

  /** Mounts the Graph API endpoints (and the controls) under `prefix` of a Fastify instance. */
  async register(app: FastifyInstance, prefix = ''): Promise<void> {
    await app.register(async (graph) => {
      // Not Prosa's API: kept out of its OpenAPI document when mounted on Prosa's app.
      graph.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, hide: true };
      });
      if (!graph.hasContentTypeParser('multipart/form-data')) await graph.register(fastifyMultipart);
      graph.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
        const failure = error instanceof MetaError ? error : new MetaError(error.statusCode ?? 500, 1, error.message, 'OAuthException');
        return reply.status(failure.status).send(metaError(failure));
      });

      graph.get('/_sent', async () => ({ requests: this.requests }));
      graph.post('/_reset', async () => {
        this.reset();
        return { ok: true };
      });
      graph.post<{ Body: Failure & { count?: number } }>('/_fail', async (request) => {
        const { count = 1, ...failure } = request.body ?? {};
        this.failNext(count, failure);
        return { ok: true };
      });
      graph.post<{ Body: { number?: string } }>('/_undeliverable', async (request, reply) => {
        if (!request.body?.number) return reply.status(400).send({ ok: false, error: 'number is required' });
        this.notOnWhatsApp(request.body.number);
        return { ok: true };
      });

      graph.post<{ Params: { version: string; phoneNumberId: string } }>('/:version/:phoneNumberId/messages', async (request, reply) => {
        if (!(await this.gate(request, reply))) return reply;
        this.requireNumber(request.params.phoneNumberId);
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (body.status !== undefined) {
          this.validateMarkRead(body);
          this.requests.push({ at: new Date().toISOString(), kind: 'mark_read', phoneNumberId: request.params.phoneNumberId, body, id: String(body.message_id) });
          return { success: true };
        }
        this.validateMessage(body);
        const id = newWamid();
        const record: RecordedRequest = { at: new Date().toISOString(), kind: 'message', phoneNumberId: request.params.phoneNumberId, body, id };
        this.requests.push(record);
        // Meta: `to` (a number) wins over `recipient` (a business-scoped user id) when both come.
        const byNumber = typeof body.to === 'string';
        const to = String(byNumber ? body.to : body.recipient);
        const recipient = byNumber ? to.replace(/\D/g, '') : to;
        const failure = this.laterFailure(body, recipient);
        if (failure) this.reportFailure(request.params.phoneNumberId, recipient, id, failure);
        else this.reportStatuses(request.params.phoneNumberId, recipient, id);
        return {
          messaging_product: 'whatsapp',
          contacts: [byNumber ? { input: to, wa_id: to.replace(/\D/g, '') } : { input: to, user_id: to }],
          messages: [{ id, ...(body.type === 'template' ? { message_status: 'accepted' } : {}) }],
        };
      });

      graph.post<{ Params: { version: string; phoneNumberId: string } }>('/:version/:phoneNumberId/media', async (request, reply) => {
        if (!(await this.gate(request, reply))) return reply;
        this.requireNumber(request.params.phoneNumberId);
        if (!request.isMultipart()) throw new MetaError(400, 100, '(#100) The parameter messaging_product is required.');
        const fields: Record<string, string> = {};
        let file: { bytes: Buffer; filename: string; mime: string } | null = null;
        for await (const part of request.parts({ limits: { fileSize: 100 * MB } })) {
          if (part.type === 'file') file = { bytes: await part.toBuffer(), filename: part.filename, mime: part.mimetype };
          else fields[part.fieldname] = String(part.value);
        }
        if (fields.messaging_product !== 'whatsapp') throw new MetaError(400, 100, '(#100) The parameter messaging_product is required.');
        if (!file) throw new MetaError(400, 100, '(#100) The parameter file is required.');
        const mime = (fields.type ?? file.mime ?? '').split(';')[0].trim();
        const limit = UPLOADS[mime];
        if (!limit) throw new MetaError(400, 131053, '(#131053) Media upload error', 'OAuthException', `Unsupported file type: ${mime || 'none'}`);
        if (file.bytes.length > limit) throw new MetaError(400, 131053, '(#131053) Media upload error', 'OAuthException', `File too large for ${mime}`);
        if (mime === 'audio/ogg' && file.bytes.subarray(0, 4).toString('latin1') !== 'OggS') {
          throw new MetaError(400, 131053, '(#131053) Media upload error', 'OAuthException', 'Audio file uploaded with mimetype as audio/ogg, however on processing it is of a different type');
        }
        const { id, sha256 } = this.addMedia(file.bytes, mime);
        this.requests.push({
          at: new Date().toISOString(),
          kind: 'media_upload',
          phoneNumberId: request.params.phoneNumberId,
          body: { ...fields, file: { filename: file.filename, size: file.bytes.length, sha256 } },
          id,
        });
        return { id };
      });

      graph.get<{ Params: { id: string } }>('/_media/:id', async (request, reply) => {
        if (!(await this.gate(request, reply))) return reply;
        const stored = this.media.get(request.params.id);
        if (!stored) throw new MetaError(404, 100, 'Media not found', 'GraphMethodException');
        this.requests.push({ at: new Date().toISOString(), kind: 'media_download', body: {}, id: request.params.id });
        return reply.type(stored.mime).send(stored.bytes);
      });

      // The WhatsApp Business Account's templates, 25 a page by default, with Meta's cursors.
      graph.get<{ Params: { version: string; waba: string }; Querystring: { limit?: string; after?: string } }>('/:version/:waba/message_templates', async (request, reply) => {
        if (!(await this.gate(request, reply))) return reply;
        const list = this.options.businessAccounts?.[request.params.waba];
        if (!list) {
          throw new MetaError(400, 100, `Unsupported get request. Object with ID '${request.params.waba}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, 'GraphMethodException');
        }
        this.requests.push({ at: new Date().toISOString(), kind: 'message_templates', body: { ...request.query }, id: request.params.waba });
        const limit = Math.min(Math.max(Number(request.query.limit ?? 25) || 25, 1), 1000);
        const start = request.query.after ? Number(Buffer.from(request.query.after, 'base64').toString()) || 0 : 0;
        const page = list.slice(start, start + limit).map((t, i) => ({ ...t, id: String(900_000_000_000_000 + start + i) }));
        const cursor = (n: number) => Buffer.from(String(n)).toString('base64');
        const more = start + limit < list.length;
        const base = `${request.protocol}://${request.headers.host}${prefix}/${request.params.version}/${request.params.waba}/message_templates`;
        return {
          data: page,
          paging: {
            cursors: { before: cursor(start), after: cursor(start + page.length) },
            ...(more ? { next: `${base}?limit=${limit}&after=${cursor(start + page.length)}` } : {}),
          },
        };
      });

      graph.get<{ Params: { version: string; id: string } }>('/:version/:id', async (request, reply) => {
        if (!(await this.gate(request, reply))) return reply;
        const stored = this.media.get(request.params.id);
        // A phone number's node (GET /{phone-number-id}): what "Testar conexão" asks for.
        if (!stored && this.options.phoneNumberIds?.includes(request.params.id)) {
          this.requests.push({ at: new Date().toISOString(), kind: 'phone_number', body: {}, id: request.params.id });
          return {
            verified_name: this.options.verifiedName ?? 'Provedor Demo Telecom',
            display_phone_number: this.options.displayPhoneNumber ?? '+55 19 3333-0000',
            id: request.params.id,
            quality_rating: 'GREEN',
          };
        }
        if (!stored) {
          throw new MetaError(400, 100, `Unsupported get request. Object with ID '${request.params.id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, 'GraphMethodException');
        }
        this.requests.push({ at: new Date().toISOString(), kind: 'media_info', body: {}, id: request.params.id });
        const base = `${request.protocol}://${request.headers.host}${prefix}`;
        return {
          messaging_product: 'whatsapp',
          url: `${base}/_media/${request.params.id}?ext=${Date.now()}&hash=${stored.sha256.slice(0, 16)}`,
          mime_type: stored.mime,
          sha256: stored.sha256,
          file_size: stored.bytes.length,
          id: request.params.id,
        };
      });
    }, { prefix });
  }

  /** The token, then any injected failure. `false`: answered already, or the client is gone. */
  private async gate(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const failure = this.takeFailure(request.url.split('?')[0].endsWith('/messages') ? 'messages' : 'media');
    if (failure?.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
      // The client gave up waiting: as if the request never reached Meta's servers.
      if (request.raw.socket?.destroyed) {
        reply.status(504).send(metaError(new MetaError(504, 2, 'Service temporarily unavailable')));
        return false;
      }
    }
    if (request.headers.authorization !== `Bearer ${this.options.accessToken}`) {
      throw new MetaError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    if (failure && (failure.status !== undefined || failure.code !== undefined)) {
      const code = failure.code ?? 1;
      const statusCode = failure.status ?? (failure.code === undefined ? 500 : code === 130429 || code === 80007 || code === 4 ? 429 : code === 190 ? 401 : 400);
      throw new MetaError(statusCode, code, failure.message ?? META_TITLES[code] ?? 'An unknown error occurred');
    }
    return true;
  }

  private takeFailure(kind: 'messages' | 'media'): Failure | null {
    const next = this.failures[0];
    if (!next || (next.failure.only && next.failure.only !== kind)) return null;
    if (--next.count <= 0) this.failures.shift();
    return next.failure;
  }

  private requireNumber(phoneNumberId: string) {
    if (this.options.phoneNumberIds && !this.options.phoneNumberIds.includes(phoneNumberId)) {
      throw new MetaError(400, 100, `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, 'GraphMethodException');
    }
  }

  /**
   * Marking a contact's message read. The stand-in never sees what contacts send (that goes straight
   * to Prosa's webhook), so it takes any wamid but one of its own sends — Meta marks only incoming
   * messages — and refuses the rest as Meta's docs say it refuses an invalid id: #131009.
   */
  private validateMarkRead(body: Record<string, unknown>) {
    if (body.messaging_product !== 'whatsapp') throw new MetaError(400, 100, '(#100) The parameter messaging_product is required.');
    if (body.status !== 'read') throw new MetaError(400, 100, `(#100) Param status must be one of {READ} - got "${String(body.status)}".`);
    if (typeof body.message_id !== 'string' || body.message_id === '') throw new MetaError(400, 100, '(#100) The parameter message_id is required.');
    const ours = this.requests.some((r) => r.kind === 'message' && r.id === body.message_id);
    if (ours || !body.message_id.startsWith('wamid.')) {
      throw new MetaError(400, 131009, '(#131009) Parameter value is not valid', 'OAuthException', 'Message ID is invalid or is not an incoming message');
    }
  }

  private validateMessage(body: Record<string, unknown>) {
    const invalid = (message: string) => new MetaError(400, 100, `(#100) ${message}`);
    if (body.messaging_product !== 'whatsapp') throw invalid('The parameter messaging_product is required.');
    if (body.recipient_type !== undefined && body.recipient_type !== 'individual') throw invalid('Param recipient_type must be one of {INDIVIDUAL, GROUP}.');
    const byUserId = body.to === undefined && typeof body.recipient === 'string' && /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/.test(body.recipient);
    if (!byUserId && (typeof body.to !== 'string' || !/^\+?\d{6,20}$/.test(body.to))) throw invalid('The parameter to is required.');
    const type = body.type ?? 'text';
    if (typeof type !== 'string' || !MESSAGE_TYPES.includes(type)) {
      throw invalid(`Param type must be one of {${MESSAGE_TYPES.map((t) => t.toUpperCase()).join(', ')}} - got "${String(type)}".`);
    }
    const part = body[type] as Record<string, unknown> | undefined;
    if (!part || typeof part !== 'object') throw invalid(`The parameter ${type} is required.`);
    // A reply to a message quotes it by its wamid (Messages API, "context").
    if (body.context !== undefined) {
      const context = body.context as { message_id?: unknown } | null;
      if (!context || typeof context !== 'object' || Array.isArray(context)) throw invalid("Param context must be a JSON object.");
      if (typeof context.message_id !== 'string' || context.message_id.trim() === '') throw invalid("The parameter context['message_id'] is required.");
    }
    if (type === 'text') {
      if (typeof part.body !== 'string' || part.body.trim() === '') throw invalid("Param text['body'] is required.");
      if (part.body.length > 4096) throw invalid("Param text['body'] must be at most 4096 characters long.");
    }
    if (MEDIA_TYPES.includes(type)) {
      if (typeof part.id === 'string') {
        if (!this.media.has(part.id)) throw invalid(`Param ${type}['id'] is not a valid media id.`);
      } else if (typeof part.link !== 'string') {
        throw invalid(`Param ${type}['id'] or ${type}['link'] is required.`);
      }
      if (type === 'audio' && part.caption !== undefined) throw invalid("Param audio['caption'] is not supported.");
      // `voice` marks a voice message; only audio has it.
      if (part.voice !== undefined && (type !== 'audio' || typeof part.voice !== 'boolean')) throw invalid(`Param ${type}['voice'] is not valid.`);
      if (typeof part.caption === 'string' && part.caption.length > 1024) throw invalid(`Param ${type}['caption'] must be at most 1024 characters long.`);
    }
    if (type === 'interactive') validateInteractive(part);
    if (type === 'template') {
      const language = part.language as { code?: unknown } | undefined;
      if (typeof part.name !== 'string' || part.name === '') throw invalid("Param template['name'] is required.");
      if (typeof language?.code !== 'string') throw invalid("Param template['language']['code'] is required.");
      const approved = this.options.templates;
      if (approved) {
        // Meta's error codes page: #132001 for a name it does not know and for a language the
        // template was not approved in alike; #132000 when the body's parameters are not as many.
        const template = approved.find((t) => t.name === part.name && t.language === language.code);
        if (!template) {
          throw new MetaError(404, 132001, '(#132001) Template name does not exist in the translation', 'OAuthException', `template name (${part.name}) does not exist in ${language.code}`);
        }
        const components = (part.components ?? []) as { type?: string; parameters?: unknown[] }[];
        const given = components.find((c) => c.type === 'body')?.parameters?.length ?? 0;
        if (given !== template.params) {
          throw new MetaError(400, 132000, '(#132000) Number of parameters does not match the expected number of params', 'OAuthException', `body: number of localizable_params (${given}) does not match the expected number of params (${template.params})`);
        }
      }
    }
  }

  /**
   * What Meta accepts (200, a wamid) and only later reports failed, in a status webhook: a message
   * to a number not on WhatsApp (#131026), or an image message whose media is not JPEG or PNG —
   * WebP is for stickers (#131053, the details as Meta words them).
   */
  private laterFailure(body: Record<string, unknown>, recipient: string): FailedStatus | null {
    if (this.undeliverable.has(recipient)) return { code: 131026, title: 'Message undeliverable', details: 'Message Undeliverable.' };
    const image = body.type === 'image' ? (body.image as { id?: unknown }) : null;
    const mime = typeof image?.id === 'string' ? this.media.get(image.id)?.mime : undefined;
    if (mime && mime !== 'image/jpeg' && mime !== 'image/png') {
      return { code: 131053, title: 'Media upload error', details: `Unsupported Image mime type ${mime}. Please use one of image/png, image/jpeg.` };
    }
    return null;
  }

  /** A failure Meta finds after accepting a message: one `failed` status with its error, nothing before it. */
  private reportFailure(phoneNumberId: string, recipient: string, id: string, error: FailedStatus) {
    const hook = this.statusWebhook;
    if (!hook) return;
    void (async () => {
      await new Promise((resolve) => setTimeout(resolve, hook.delayMs ?? 500));
      const { body, headers } = signedWebhook(statusesPayload({ phoneNumberId }, [status(id, 'failed', recipient, { error })]), hook.appSecret);
      await fetch(hook.url, { method: 'POST', headers, body }).catch(() => undefined);
    })();
  }

  /** sent, delivered, read: signed reports to the webhook, one after another. */
  private reportStatuses(phoneNumberId: string, to: string, id: string) {
    const hook = this.statusWebhook;
    if (!hook) return;
    const recipient = to;
    void (async () => {
      for (const name of hook.statuses ?? ['sent', 'delivered', 'read']) {
        await new Promise((resolve) => setTimeout(resolve, hook.delayMs ?? 500));
        const { body, headers } = signedWebhook(statusesPayload({ phoneNumberId }, [status(id, name, recipient)]), hook.appSecret);
        await fetch(hook.url, { method: 'POST', headers, body }).catch(() => undefined);
      }
    })();
  }
}

/**
 * Reply buttons and list messages, with the limits of Meta's "Interactive reply buttons messages"
 * and "Interactive list messages" pages. Other interactive kinds (cta_url, flow, product...) Prosa
 * does not send: refused here, as one Meta does not know would be.
 */
function validateInteractive(part: Record<string, unknown>) {
  const required = (path: string) => new MetaError(400, 100, `(#100) The parameter interactive${path} is required.`);
  const notValid = (details: string) => new MetaError(400, 131009, '(#131009) Parameter value is not valid', 'OAuthException', details);
  const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
  if (part.type !== 'button' && part.type !== 'list') {
    throw new MetaError(400, 100, `(#100) Param interactive['type'] must be one of {BUTTON, LIST} - got "${String(part.type)}".`);
  }
  const body = part.body as { text?: unknown } | undefined;
  if (!body || typeof body !== 'object') throw required("['body']");
  if (!text(body.text)) throw required("['body']['text']");
  const action = part.action as Record<string, unknown> | undefined;
  if (!action || typeof action !== 'object') throw required("['action']");

  if (part.type === 'button') {
    if (body.text.length > 1024) throw notValid('Body text length invalid. Min length: 1, Max length: 1024');
    const buttons = action.buttons as { type?: unknown; reply?: { id?: unknown; title?: unknown } }[] | undefined;
    if (!Array.isArray(buttons) || buttons.length === 0) throw required("['action']['buttons']");
    if (buttons.length > 3) throw notValid('Buttons count is invalid. Min: 1, Max: 3');
    const ids = new Set<string>();
    buttons.forEach((button, i) => {
      const at = `['action']['buttons'][${i}]`;
      if (button?.type !== 'reply') throw new MetaError(400, 100, `(#100) Param interactive${at}['type'] must be one of {REPLY} - got "${String(button?.type)}".`);
      if (!text(button.reply?.id)) throw required(`${at}['reply']['id']`);
      if (!text(button.reply?.title)) throw required(`${at}['reply']['title']`);
      if (button.reply.id.length > 256) throw notValid('Button id length invalid. Min length: 1, Max length: 256');
      if (button.reply.title.length > 20) throw notValid('Button title length invalid. Min length: 1, Max length: 20');
      if (ids.has(button.reply.id)) throw notValid('Button IDs must be unique');
      ids.add(button.reply.id);
    });
    return;
  }

  if (body.text.length > 4096) throw notValid('Body text length invalid. Min length: 1, Max length: 4096');
  if (!text(action.button)) throw required("['action']['button']");
  if (action.button.length > 20) throw notValid('Button text length invalid. Min length: 1, Max length: 20');
  const sections = action.sections as { title?: unknown; rows?: { id?: unknown; title?: unknown; description?: unknown }[] }[] | undefined;
  if (!Array.isArray(sections) || sections.length === 0) throw required("['action']['sections']");
  if (sections.length > 10) throw notValid('Sections count is invalid. Min: 1, Max: 10');
  const ids = new Set<string>();
  let rows = 0;
  sections.forEach((section, s) => {
    const at = `['action']['sections'][${s}]`;
    if (sections.length > 1 && !text(section?.title)) throw required(`${at}['title']`);
    if (typeof section?.title === 'string' && section.title.length > 24) throw notValid('Section title length invalid. Min length: 1, Max length: 24');
    if (!Array.isArray(section?.rows) || section.rows.length === 0) throw required(`${at}['rows']`);
    section.rows.forEach((row, r) => {
      if (!text(row?.id)) throw required(`${at}['rows'][${r}]['id']`);
      if (!text(row.title)) throw required(`${at}['rows'][${r}]['title']`);
      if (row.id.length > 200) throw notValid('Row id length invalid. Min length: 1, Max length: 200');
      if (row.title.length > 24) throw notValid('Row title length invalid. Min length: 1, Max length: 24');
      if (typeof row.description === 'string' && row.description.length > 72) throw notValid('Row description length invalid. Max length: 72');
      if (ids.has(row.id)) throw notValid('Row IDs must be unique');
      ids.add(row.id);
    });
    rows += section.rows.length;
  });
  if (rows > 10) throw notValid('Total row count exceed max allowed count: 10');
}

const META_TITLES: Record<number, string> = {
  1: 'An unknown error occurred',
  2: 'Service temporarily unavailable',
  4: '(#4) Application request limit reached',
  190: 'Invalid OAuth access token - Cannot parse access token',
  80007: '(#80007) Rate limit issues',
  130429: '(#130429) Rate limit hit',
  131000: '(#131000) Something went wrong',
  131009: '(#131009) Parameter value is not valid',
  131016: '(#131016) Service unavailable',
  131026: '(#131026) Message undeliverable',
  131047: '(#131047) Re-engagement message',
  131056: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
};

function metaError(error: MetaError) {
  return {
    error: {
      message: error.message,
      type: error.type,
      code: error.code,
      ...(error.details || error.code >= 130000 ? { error_data: { messaging_product: 'whatsapp', details: error.details ?? error.message.replace(/^\(#\d+\) /, '') } } : {}),
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  };
}

/** The stand-in on its own port (127.0.0.1, chosen by the system): real HTTP for tests. */
export async function startGraphStandIn(options: StandInOptions): Promise<{ standIn: GraphStandIn; url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  const standIn = new GraphStandIn(options);
  await standIn.register(app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { standIn, url, close: () => app.close() };
}
