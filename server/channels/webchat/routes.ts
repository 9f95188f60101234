// /webchat/:channelId/...: what the widget talks to, from the provider's own site (another
// origin). The visitor's token travels as `Authorization: Bearer`, never in a cookie (browsers
// block third-party cookies) nor in a URL: so any site may call (CORS `*`), and a channel may
// still name the sites allowed to use it (config.allowedOrigins).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { AppError } from '../../errors.js';
import { toFileView } from '../../files/file-view.js';
import { MAX_FILE_BYTES } from '../../files/kinds.js';
import { readFileBytes, readThumbnail } from '../../files/read-file.js';
import type { FileStorage } from '../../files/storage.js';
import { storeFile } from '../../files/store-file.js';
import { fileHeaders } from '../../http/files.js';
import { withUploadedFile, UPLOAD_BODY_LIMIT } from '../../http/multipart.js';
import { requestOrigin } from '../../sessions/same-origin.js';
import { PhoneShape } from '../../../api/shapes.js';
import { VisitorMessageShape, WidgetConfigShape } from '../../../api/webchat.js';
import { ReplyIdShape } from '../choices.js';
import type { Bus } from '../../events/bus.js';
import type { VisitorStreams } from './streams.js';
import { uploadAllowance } from './upload-quota.js';
import {
  findVisitorFile,
  listVisitorMessages,
  markSeen,
  receiveVisitorMessage,
  visitorTyping,
} from './visitor-messages.js';
import { findVisitor, findWebchatChannel, scopeOf, startVisit, type Visitor, type WebchatChannel } from './visitors.js';

export interface WebchatLimits {
  /** New sessions per minute from one IP address. */
  sessionsPerMinute: number;
  /** Messages and files per minute from one visitor. */
  messagesPerMinute: number;
  /** Typing signals per minute from one visitor (the widget sends one every 2 s at most). */
  typingPerMinute: number;
  /** Bytes of files one visitor may send in an hour (WEBCHAT_UPLOAD_MB_PER_VISITOR_HOUR). */
  visitorBytesPerHour: number;
  /** Bytes of files all the channel's visitors together may send in an hour (WEBCHAT_UPLOAD_MB_PER_CHANNEL_HOUR). */
  channelBytesPerHour: number;
}

const MB = 1024 * 1024;
export const DEFAULT_LIMITS: WebchatLimits = {
  sessionsPerMinute: 10, messagesPerMinute: 30, typingPerMinute: 40, visitorBytesPerHour: 200 * MB, channelBytesPerHour: 2000 * MB,
};

export interface WebchatRouteDeps {
  db: Db;
  bus: Bus;
  storage: FileStorage;
  streams: VisitorStreams;
  limits: WebchatLimits;
}

const Params = z.object({ channelId: z.string().min(1).max(100) });
const FileParams = Params.extend({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const optional = <T extends z.ZodTypeAny>(shape: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), shape.optional());
const SessionBody = z.object({
  name: z.string().trim().min(1, 'informe seu nome').max(80),
  phone: optional(PhoneShape),
  email: optional(z.string().trim().toLowerCase().email('e-mail inválido').max(200)),
});
const MessageBody = z.object({
  body: z.string().trim().min(1, 'escreva uma mensagem').max(4096),
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  /** The option of a bot's question the visitor pressed; `body` is its title. */
  replyId: ReplyIdShape.optional(),
});
const SeenBody = z.object({ upTo: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const tags = ['webchat'];

/** What the helpers read of a request whose params were validated. */
type WebchatRequest = Pick<FastifyRequest, 'headers'> & { params: { channelId: string } };

const bearer = (request: Pick<FastifyRequest, 'headers'>) => /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(request.headers.authorization ?? '')?.[1];

export async function registerWebchatRoutes(app: FastifyInstance, deps: WebchatRouteDeps) {
  const { db, bus, storage, streams, limits } = deps;

  const channelOf = async (request: WebchatRequest): Promise<WebchatChannel> => {
    const channel = await findWebchatChannel(db, request.params.channelId);
    const origin = requestOrigin(request.headers);
    if (origin !== undefined && channel.allowedOrigins.length > 0 && !channel.allowedOrigins.includes(origin)) {
      throw new AppError('forbidden', 'Este site não pode usar este chat.');
    }
    return channel;
  };
  const visitorOf = async (request: WebchatRequest): Promise<{ channel: WebchatChannel; visitor: Visitor }> => {
    const channel = await channelOf(request);
    return { channel, visitor: await findVisitor(db, channel, bearer(request)) };
  };
  const perVisitor = (max: number) => ({
    rateLimit: { max, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `webchat:${bearer(request) ?? request.ip}` },
  });

  // Its own plugin, so that the CORS hook covers these routes only.
  await app.register(async (webchat) => {
    const api = webchat.withTypeProvider<ZodTypeProvider>();
    webchat.addHook('onRequest', async (_request, reply) => {
      reply.header('Access-Control-Allow-Origin', '*');
      // Read by the widget from the provider's site: another site, by design.
      reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
    });
    webchat.options('/webchat/*', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(204)
        .header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
        .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Last-Event-ID')
        .header('Access-Control-Max-Age', '86400')
        .send());

    api.get('/webchat/:channelId/config', {
      schema: {
        tags, summary: 'What the widget shows before anything else: whose chat it is, the greeting, the colour', params: Params,
        response: { 200: WidgetConfigShape },
      },
    }, async (request, reply) => {
      const channel = await channelOf(request);
      reply.header('Cache-Control', 'public, max-age=60');
      return { providerName: channel.providerName, title: channel.name, greeting: channel.greeting, color: channel.color };
    });

    api.post('/webchat/:channelId/session', {
      schema: {
        tags, summary: 'A new visitor (name required; phone and e-mail optional): answers the token the widget keeps',
        params: Params, body: SessionBody,
        response: { 201: z.object({ token: z.string(), name: z.string() }) },
      },
      config: { rateLimit: { max: limits.sessionsPerMinute, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `webchat-session:${request.ip}` } },
    }, async (request, reply) => {
      const channel = await channelOf(request);
      const { token, visitor } = await startVisit(db, channel, request.body);
      return reply.status(201).send({ token, name: visitor.name });
    });

    api.get('/webchat/:channelId/messages', {
      schema: {
        tags, summary: 'The visitor\'s conversation history (Bearer token) and the feed id to follow it live from',
        params: Params, response: { 200: z.object({ name: z.string(), messages: z.array(VisitorMessageShape), cursor: z.number() }) },
      },
      // The widget reads it on opening and after a broken stream: a loop gone wrong is cut here.
      config: perVisitor(60),
    }, async (request) => {
      const { visitor } = await visitorOf(request);
      return { name: visitor.name, ...(await listVisitorMessages(db, visitor)) };
    });

    api.post('/webchat/:channelId/messages', {
      schema: { tags, summary: 'The visitor writes, or presses an option of a bot\'s question (`replyId`, with its title as `body`) (Bearer token)', params: Params, body: MessageBody, response: { 201: VisitorMessageShape } },
      config: perVisitor(limits.messagesPerMinute),
    }, async (request, reply) => {
      const { channel, visitor } = await visitorOf(request);
      const { body, clientId, replyId } = request.body;
      const message = await receiveVisitorMessage(scopeOf(db, bus, channel), visitor, { body, clientId, replyId });
      return reply.status(201).send(message);
    });

    api.post('/webchat/:channelId/files', {
      bodyLimit: UPLOAD_BODY_LIMIT,
      schema: {
        tags, summary: 'The visitor sends a file or an image (Bearer token; multipart, one field named "file")',
        consumes: ['multipart/form-data'], params: Params, response: { 201: VisitorMessageShape },
      },
      config: perVisitor(limits.messagesPerMinute),
    }, async (request, reply) => {
      const { channel, visitor } = await visitorOf(request);
      const allowance = await uploadAllowance(db, visitor, limits);
      const scope = scopeOf(db, bus, channel);
      // Past the allowance the upload is cut while it streams in, not after.
      const message = await withUploadedFile(request, allowance.bytes < MAX_FILE_BYTES
        ? { maxBytes: allowance.bytes, tooLarge: allowance.refusal, tooLargeCode: 'upload_quota_exceeded' }
        : {}, async (upload) => {
        const file = await storeFile(scope, { storage, filename: upload.filename, bytes: upload, declaredMime: upload.mimetype, purpose: 'receive' });
        return receiveVisitorMessage(scope, visitor, { file });
      });
      return reply.status(201).send(message);
    });

    api.get('/webchat/:channelId/stream', {
      schema: {
        tags, params: Params,
        summary: 'Server-Sent Events (Bearer token): `message` (a message, new or with a new status) and `typing`; resumes after Last-Event-ID',
      },
      config: perVisitor(30),
    }, async (request, reply) => {
      const { visitor } = await visitorOf(request);
      const lastEventId = Number(request.headers['last-event-id']);
      const after = Number.isSafeInteger(lastEventId) && lastEventId >= 0 ? lastEventId : null;
      reply.hijack();
      reply.raw.writeHead(200, {
        'Access-Control-Allow-Origin': '*',
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        // nginx and similar proxies would otherwise hold the events back in a buffer.
        'X-Accel-Buffering': 'no',
        // A stream is never followed by another request on its connection: when it ends, so does the connection.
        Connection: 'close',
      });
      reply.raw.write('retry: 3000\n\n');
      await streams.open(visitor, reply.raw, after).catch((error) => {
        request.log.warn({ err: error }, 'web-chat stream failed to start');
        reply.raw.end();
      });
    });

    api.post('/webchat/:channelId/typing', {
      schema: { tags, summary: 'The visitor is typing (Bearer token): the agents see it for a few seconds', params: Params },
      config: perVisitor(limits.typingPerMinute),
    }, async (request, reply) => {
      const { channel, visitor } = await visitorOf(request);
      await visitorTyping(scopeOf(db, bus, channel), visitor);
      return reply.status(204).send();
    });

    for (const status of ['delivered', 'read'] as const) {
      api.post(`/webchat/:channelId/${status}`, {
        schema: {
          tags, params: Params, body: SeenBody, response: { 200: z.object({ updated: z.number() }) },
          summary: status === 'read'
            ? 'The visitor saw the replies up to `upTo` in the open chat (Bearer token)'
            : 'The widget received the replies up to `upTo` with the chat closed (Bearer token)',
        },
      }, async (request) => {
        const { channel, visitor } = await visitorOf(request);
        return { updated: await markSeen(scopeOf(db, bus, channel), visitor, { upTo: request.body.upTo, status }) };
      });
    }

    api.get('/webchat/:channelId/files/:id', {
      schema: { tags, summary: 'A file of one of the visitor\'s messages (Bearer token)', params: FileParams },
    }, async (request, reply) => {
      const { visitor } = await visitorOf(request);
      const file = await findVisitorFile(db, visitor, request.params.id);
      const view = toFileView(file);
      fileHeaders(reply, view).header('Content-Length', Number(file.size));
      return reply.send(await readFileBytes(storage, file));
    });

    api.get('/webchat/:channelId/files/:id/thumbnail', {
      schema: { tags, summary: 'A 320px WebP of an image of one of the visitor\'s messages (Bearer token)', params: FileParams },
    }, async (request, reply) => {
      const { visitor } = await visitorOf(request);
      const file = await findVisitorFile(db, visitor, request.params.id);
      const thumbnail = await readThumbnail(storage, { ...file, view: toFileView(file) });
      return fileHeaders(reply, { mime: 'image/webp', kind: 'image', filename: file.filename }).header('Content-Length', thumbnail.length).send(thumbnail);
    });
  });
}
