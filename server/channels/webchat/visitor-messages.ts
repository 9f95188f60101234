// What a visitor sees of their conversations on the channel, and what they do there: their own
// messages and the replies already handed to the channel — never an internal note, a reply still
// pending or failed, another channel's message or another contact's.
import { and, asc, desc, eq, inArray, isNotNull, lte, ne, or } from 'drizzle-orm';
import type { Db, Executor } from '../../db/connection.js';
import { conversations, feed, files, messages } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { loadFiles, type FileRow } from '../../files/file-view.js';
import type { FileKind } from '../../files/kinds.js';
import { receiveMessage } from '../../desk/receive-message.js';
import { toMessageView, type MessageView } from '../../desk/records.js';
import { ofProvider, type ProviderScope } from '../../tenancy/scope.js';
import { updateMessageStatus } from '../../desk/update-message-status.js';
import { choicesOf } from '../choices.js';
import type { VisitorMessage } from '../../../api/webchat.js';
import type { Visitor } from './visitors.js';

export type { VisitorFile, VisitorMessage } from '../../../api/webchat.js';

const HANDED_OVER = ['sent', 'delivered', 'read'] as const;
const HISTORY_LIMIT = 200;

/**
 * The visitor's view of a message, or null when it is not theirs to see. `meta` is the stored
 * message's (the agents' view has none): a bot's question brings its options.
 */
export function toVisitorMessage(channelId: string, m: MessageView, meta: unknown): VisitorMessage | null {
  if (m.direction === 'internal') return null;
  if (m.direction === 'out' && !(HANDED_OVER as readonly (string | null)[]).includes(m.status)) return null;
  const base = `/webchat/${encodeURIComponent(channelId)}/files`;
  return {
    id: m.id,
    direction: m.direction,
    authorKind: m.authorKind,
    type: m.type,
    body: m.body,
    file: m.file && {
      ...m.file,
      url: `${base}/${m.file.id}`,
      thumbnailUrl: m.file.thumbnailUrl ? `${base}/${m.file.id}/thumbnail` : null,
    },
    status: m.direction === 'in' ? null : (m.status as VisitorMessage['status']),
    choices: m.direction === 'out' ? choicesOf(meta) : null,
    quote: m.quote && { ...m.quote, authorName: null },
    createdAt: m.createdAt,
  };
}

/** Messages the visitor may see, as a query condition. */
const visibleTo = (visitor: Visitor) =>
  and(
    ofProvider(visitor, messages.providerId),
    eq(messages.contactId, visitor.contactId),
    eq(messages.channelId, visitor.channelId),
    or(eq(messages.direction, 'in'), and(eq(messages.direction, 'out'), inArray(messages.status, [...HANDED_OVER]))),
  );

/** The newest feed id of the provider: where a stream that has just read the history starts. */
export async function feedHead(db: Executor, scope: { providerId: number }): Promise<number> {
  const [last] = await db.select({ id: feed.id }).from(feed).where(ofProvider(scope, feed.providerId)).orderBy(desc(feed.id)).limit(1);
  return last?.id ?? 0;
}

/**
 * The visitor's latest messages, oldest first, and the feed id to follow them live from. The head
 * is read first: whatever happens while the history is read is replayed by the stream.
 */
export async function listVisitorMessages(db: Db, visitor: Visitor): Promise<{ messages: VisitorMessage[]; cursor: number }> {
  const cursor = await feedHead(db, visitor);
  const rows = await db.select().from(messages).where(visibleTo(visitor)).orderBy(desc(messages.id)).limit(HISTORY_LIMIT);
  const attached = await loadFiles(db, visitor, rows.map((r) => r.fileId));
  const views = rows
    .reverse()
    .map((r) => toVisitorMessage(visitor.channelId, toMessageView(r, r.fileId === null ? null : attached.get(r.fileId)), r.meta))
    .filter((m): m is VisitorMessage => m !== null);
  return { messages: views, cursor };
}

export interface VisitorWrites {
  body?: string | null;
  file?: (FileRow & { kind: FileKind }) | null;
  /** The widget's own id for the message: a retry after a lost answer is stored once. */
  clientId?: string | null;
  /** The id of the option of a bot's question the visitor chose (the body is its title). */
  replyId?: string | null;
}

/** A message from the visitor: to the desk as any channel's inbound message (the Fila, a new attendance...). */
export async function receiveVisitorMessage(scope: ProviderScope, visitor: Visitor, input: VisitorWrites): Promise<VisitorMessage> {
  const result = await receiveMessage(scope, {
    channelId: visitor.channelId,
    externalId: visitor.visitorId,
    contactName: visitor.name,
    type: input.file ? input.file.kind : 'text',
    body: input.body ?? null,
    fileId: input.file?.id ?? null,
    meta: input.replyId ? { replyId: input.replyId } : null,
    // Scoped by the visitor, so that no one else's id can ever match (and answer) theirs.
    providerMessageId: input.clientId ? `in:${visitor.visitorId}:${input.clientId}` : null,
  });
  if (result.status === 'blocked') throw new AppError('contact_blocked', 'Não foi possível enviar sua mensagem.');
  const [row] = await scope.db.select().from(messages).where(and(visibleTo(visitor), eq(messages.id, result.messageId)));
  if (!row) throw notFound('Mensagem');
  const file = row.fileId === null ? null : (await loadFiles(scope.db, scope, [row.fileId])).get(row.fileId);
  return toVisitorMessage(visitor.channelId, toMessageView(row, file), row.meta)!;
}

/**
 * The meta of the bot's messages among these views, by id: the feed carries the agents' view of a
 * message, which has none, and a question's options live there.
 */
export async function metaOfBotMessages(db: Db, visitor: Visitor, views: MessageView[]): Promise<Map<number, unknown>> {
  const ids = views.filter((m) => m.authorKind === 'bot' && m.direction === 'out').map((m) => m.id);
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: messages.id, meta: messages.meta }).from(messages).where(and(visibleTo(visitor), inArray(messages.id, ids)));
  return new Map(rows.map((r) => [r.id, r.meta]));
}

/**
 * The widget showed the replies up to `upTo`: they become delivered (shown while the chat was
 * closed) or read (shown in the open chat), through the same rule as every channel's statuses.
 */
export async function markSeen(scope: ProviderScope, visitor: Visitor, input: { upTo: number; status: 'delivered' | 'read' }): Promise<number> {
  const behind = input.status === 'read' ? ['sent', 'delivered'] as const : ['sent'] as const;
  const rows = await scope.db
    .select({ providerMessageId: messages.providerMessageId })
    .from(messages)
    .where(and(
      visibleTo(visitor),
      eq(messages.direction, 'out'),
      lte(messages.id, input.upTo),
      inArray(messages.status, [...behind]),
      isNotNull(messages.providerMessageId),
    ))
    .orderBy(asc(messages.id))
    .limit(100);
  let updated = 0;
  for (const row of rows) {
    const result = await updateMessageStatus(scope, { channelId: visitor.channelId, providerMessageId: row.providerMessageId!, status: input.status });
    if (result === 'updated') updated++;
  }
  return updated;
}

/** A file the visitor may fetch: one of a message they can see. */
export async function findVisitorFile(db: Db, visitor: Visitor, fileId: number): Promise<FileRow> {
  const [row] = await db
    .select({ file: files })
    .from(messages)
    .innerJoin(files, and(eq(files.providerId, messages.providerId), eq(files.id, messages.fileId)))
    .where(and(visibleTo(visitor), eq(messages.fileId, fileId), ofProvider(visitor, files.providerId)))
    .limit(1);
  if (!row) throw notFound('Arquivo');
  return row.file;
}

/** The visitor is typing: the agents of their live conversation see it (never stored). */
export async function visitorTyping(scope: ProviderScope, visitor: Visitor): Promise<void> {
  const [live] = await scope.db
    .select({ id: conversations.id, sectorId: conversations.sectorId })
    .from(conversations)
    .where(and(
      ofProvider(scope, conversations.providerId),
      eq(conversations.contactId, visitor.contactId),
      eq(conversations.channelId, visitor.channelId),
      ne(conversations.situacao, 'finalizada'),
    ));
  if (!live) return;
  scope.bus.publish({
    id: 0,
    providerId: scope.providerId,
    sectorId: live.sectorId,
    conversationId: live.id,
    type: 'typing',
    payload: { from: 'contact', name: visitor.name },
  });
}
