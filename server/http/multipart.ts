// Reading the one file of a multipart upload (field "file"), for agents' and visitors' uploads
// alike. The bytes are streamed into a temporary file while they are counted, hashed and checked
// for text; memory holds one chunk at a time whatever the file's size. Over the limit the upload
// is cut and the partial file removed; the file is removed once the route is done with it.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../errors.js';
import { MAX_FILE_BYTES, formatSize } from '../files/kinds.js';
import { looksLikeText, type ReceivedFile } from '../files/store-file.js';

export interface UploadedFile extends ReceivedFile {
  filename: string;
  mimetype: string;
}

/** The route's bodyLimit must leave room for the multipart framing: MAX_FILE_BYTES + 1 MiB. */
export const UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + 1024 * 1024;

export interface UploadOptions {
  /** Bytes allowed (MAX_FILE_BYTES unless a quota leaves less). */
  maxBytes?: number;
  /** The refusal past maxBytes, in pt-BR, and its code (validation_failed unless a quota said otherwise). */
  tooLarge?: string;
  tooLargeCode?: ErrorCode;
}

/** Receives the upload into a temporary file, hands it to `use`, and removes it afterwards. */
export async function withUploadedFile<T>(request: FastifyRequest, options: UploadOptions, use: (file: UploadedFile) => Promise<T>): Promise<T> {
  const maxBytes = Math.min(options.maxBytes ?? MAX_FILE_BYTES, MAX_FILE_BYTES);
  const tooLarge = () => new AppError(options.tooLargeCode ?? 'validation_failed', options.tooLarge ?? `O arquivo passa de ${formatSize(maxBytes)}.`);
  const part = request.isMultipart() ? await request.file({ limits: { fileSize: maxBytes, files: 1 } }) : undefined;
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new AppError('validation_failed', 'Envie o arquivo como multipart/form-data, no campo "file".');
  }
  // Under DATA_DIR, not the system's /tmp: that is often memory (tmpfs).
  const root = uploadsFolder(request.server.deps.config.DATA_DIR);
  await mkdir(root, { recursive: true });
  const folder = await mkdtemp(join(root, 'upload-'));
  try {
    const path = join(folder, 'file');
    const hash = createHash('sha256');
    let size = 0;
    let text = true;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        hash.update(chunk);
        if (text) text = looksLikeText(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(part.file, meter, createWriteStream(path, { flags: 'wx' }));
    } catch (error) {
      if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) throw tooLarge();
      throw error;
    }
    if (part.file.truncated) throw tooLarge();
    return await use({ filename: part.filename, mimetype: part.mimetype, path, size, sha256: hash.digest('hex'), looksLikeText: text });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const uploadsFolder = (dataDir: string) => join(dataDir, 'uploads');

/** Uploads a killed process left half-received: removed at start once they are an hour old. */
export async function removeStaleUploads(dataDir: string, olderThanMs = 3_600_000): Promise<number> {
  const root = uploadsFolder(dataDir);
  const names = await readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith('upload-'))) {
    const path = join(root, name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > olderThanMs) {
      await rm(path, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
