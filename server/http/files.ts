// /api/v1/files: an agent uploads an attachment before sending it; the app fetches files and
// thumbnails to show them inline (with Range requests, which video and audio players make).
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toFileView, type FileView } from '../files/file-view.js';
import { MAX_FILE_BYTES, formatSize } from '../files/kinds.js';
import { findVisibleFile, readFileBytes, readThumbnail } from '../files/read-file.js';
import { parseRange } from '../files/range.js';
import { fileStorageFor } from '../files/storage.js';
import { storeFile } from '../files/store-file.js';
import { agentScope } from './auth.js';
import { withUploadedFile, UPLOAD_BODY_LIMIT } from './multipart.js';
import { FileShape, Id } from '../../api/shapes.js';

const ById = z.object({ id: Id });
const tags = ['files'];

export function registerFileRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const storage = app.deps.storage ?? fileStorageFor(app.deps.config);

  api.post('/api/v1/files', {
    // Multipart framing around the largest file.
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Upload an attachment (multipart, one field named "file"); send it with a message of kind "file"',
      consumes: ['multipart/form-data'],
      response: { 201: FileShape },
    },
  }, async (request, reply) => {
    const scope = await agentScope(request);
    const stored = await withUploadedFile(request, { tooLarge: `O arquivo passa de ${formatSize(MAX_FILE_BYTES)}, o limite do WhatsApp para documentos.` }, (upload) =>
      storeFile(scope, { storage, filename: upload.filename, bytes: upload, declaredMime: upload.mimetype, uploadedBy: scope.actor.userId }));
    return reply.status(201).send(toFileView(stored));
  });

  api.get('/api/v1/files/:id', {
    schema: { tags, summary: 'The file\'s bytes; honours a single Range (206)', params: ById },
  }, async (request, reply) => {
    const scope = await agentScope(request);
    const file = await findVisibleFile(scope.db, scope, request.params.id);
    const size = Number(file.size);
    const etag = `"${file.sha256}"`;
    fileHeaders(reply, file.view, etag).header('Accept-Ranges', 'bytes');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();

    const ifRange = request.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, size) : null;
    if (range === 'unsatisfiable') {
      return reply.status(416).header('Content-Range', `bytes */${size}`).send();
    }
    if (range) {
      reply.status(206).header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    }
    const length = range ? range.end - range.start + 1 : size;
    reply.header('Content-Length', length);
    // Fastify answers HEAD through this handler and keeps the headers of a stream: an empty one then.
    if (request.method === 'HEAD') return reply.send(Readable.from([]));
    return reply.send(await readFileBytes(storage, file, range ?? undefined));
  });

  api.get('/api/v1/files/:id/thumbnail', {
    schema: { tags, summary: 'A 320px WebP of an image (404 for other kinds)', params: ById },
  }, async (request, reply) => {
    const scope = await agentScope(request);
    const file = await findVisibleFile(scope.db, scope, request.params.id);
    const thumbnail = await readThumbnail(storage, file);
    fileHeaders(reply, { ...file.view, mime: 'image/webp', kind: 'image' }, `"${file.sha256}-thumb"`);
    return reply.header('Content-Length', thumbnail.length).send(thumbnail);
  });
}

/** The headers of a file's bytes, for agents and web-chat visitors alike. */
export function fileHeaders(reply: FastifyReply, view: Pick<FileView, 'filename' | 'mime' | 'kind'>, etag?: string) {
  // Only media is shown in the page; anything else is downloaded, never rendered by the browser.
  const disposition = view.kind === 'file' ? 'attachment' : 'inline';
  reply
    .header('Content-Type', view.mime)
    .header('Content-Disposition', contentDisposition(disposition, view.filename))
    .header('X-Content-Type-Options', 'nosniff')
    // A file id's bytes never change; only this person's browser may keep them.
    .header('Cache-Control', 'private, max-age=86400');
  return etag ? reply.header('ETag', etag) : reply;
}

/** `filename` for old clients (ASCII, accents dropped), `filename*` (RFC 8187) with the real name. */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

