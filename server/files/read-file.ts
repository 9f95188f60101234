// Fetching a stored file: its row (one of the provider's own, or none) and its bytes or thumbnail.
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/connection.js';
import { conversations, files, messages, quickReplies } from '../db/schema.js';
import { notFound } from '../errors.js';
import { canSee, ofProvider, seesEverySector, type AgentScope } from '../tenancy/scope.js';
import { usableBy } from '../desk/quick-reply-scope.js';
import { toFileView, type FileRow, type FileView } from './file-view.js';
import { thumbnailKey, type ByteRange, type FileStorage } from './storage.js';

/** Another provider's file does not exist. */
export async function findFile(db: Executor, scope: { providerId: number }, fileId: number): Promise<FileRow & { view: FileView }> {
  const [file] = await db
    .select()
    .from(files)
    .where(and(ofProvider(scope, files.providerId), eq(files.id, fileId)));
  if (!file) throw notFound('Arquivo');
  return { ...file, view: toFileView(file) };
}

/**
 * A file as an agent may see it: one they uploaded, one in a conversation they see, or the
 * attachment of an active quick reply they may use. File ids are sequential, so an atendente must
 * not read another sector's attachments by counting.
 */
export async function findVisibleFile(db: Executor, scope: AgentScope, fileId: number): Promise<FileRow & { view: FileView }> {
  const file = await findFile(db, scope, fileId);
  if (seesEverySector(scope.actor) || file.uploadedBy === scope.actor.userId) return file;
  const places = await db
    .select({ sectorId: conversations.sectorId, responsavelId: conversations.responsavelId })
    .from(messages)
    .innerJoin(conversations, and(eq(conversations.providerId, messages.providerId), eq(conversations.id, messages.conversationId)))
    .where(and(ofProvider(scope, messages.providerId), eq(messages.fileId, fileId)))
    .limit(20);
  if (places.some((place) => canSee(scope.actor, place))) return file;
  const [reply] = await db
    .select({ id: quickReplies.id })
    .from(quickReplies)
    .where(and(ofProvider(scope, quickReplies.providerId), eq(quickReplies.fileId, fileId), eq(quickReplies.active, true), usableBy(scope.actor)))
    .limit(1);
  if (!reply) throw notFound('Arquivo');
  return file;
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
