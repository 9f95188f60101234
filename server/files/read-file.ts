// Fetching a stored file: its row (one of the provider's own, or none) and its bytes or thumbnail.
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { files } from '../db/schema.js';
import { notFound } from '../errors.js';
import { ofProvider, type ProviderScope } from '../desk/scope.js';
import { toFileView, type FileRow, type FileView } from './file-view.js';
import { thumbnailKey, type ByteRange, type FileStorage } from './storage.js';

/** Another provider's file does not exist. */
export async function findFile(scope: ProviderScope, fileId: number): Promise<FileRow & { view: FileView }> {
  const [file] = await scope.db
    .select()
    .from(files)
    .where(and(ofProvider(scope, files.providerId), eq(files.id, fileId)));
  if (!file) throw notFound('Arquivo');
  return { ...file, view: toFileView(file) };
}

export async function readFileBytes(storage: FileStorage, file: FileRow, range?: ByteRange): Promise<Readable> {
  const stream = await storage.get(file.storageKey, range);
  if (!stream) throw notFound('Arquivo');
  return stream;
}

export async function readThumbnail(storage: FileStorage, file: FileRow & { view: FileView }): Promise<Buffer> {
  const stream = file.view.thumbnailUrl ? await storage.get(thumbnailKey(file.storageKey)) : null;
  if (!stream) throw notFound('Miniatura');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
