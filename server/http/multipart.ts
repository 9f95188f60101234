// Reading the one file of a multipart upload (field "file"), for agents' and visitors' uploads alike.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { MAX_FILE_BYTES, formatSize } from '../files/kinds.js';

export interface UploadedFile {
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

/** The route's bodyLimit must leave room for the multipart framing: MAX_FILE_BYTES + 1 MiB. */
export const UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + 1024 * 1024;

export async function readUploadedFile(request: FastifyRequest, tooLarge = `O arquivo passa de ${formatSize(MAX_FILE_BYTES)}.`): Promise<UploadedFile> {
  const part = request.isMultipart() ? await request.file({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } }) : undefined;
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new AppError('validation_failed', 'Envie o arquivo como multipart/form-data, no campo "file".');
  }
  try {
    return { filename: part.filename, mimetype: part.mimetype, bytes: await part.toBuffer() };
  } catch (error) {
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) throw new AppError('validation_failed', tooLarge);
    throw error;
  }
}
