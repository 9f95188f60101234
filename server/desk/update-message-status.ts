// A channel tells what became of a message it was given: sent, delivered, read, failed.
// Channels may report out of order (read before delivered); a status never goes backwards.
// A long text sent in parts (channels/parts.ts) is one message with one status: each part's status
// is kept in meta.partStatuses, and the message is as far as its least advanced part — delivered
// only once every part is (the subscriber has the whole text), read once every part is — and
// failed as soon as any part fails, with that part's reason ("Parte 2 de 3: ...").
import { and, eq, sql } from 'drizzle-orm';
import { channels, conversations, messages } from '../db/schema.js';
import { loadFiles } from '../files/file-view.js';
import type { Tx } from '../db/connection.js';
import { hasPart, partsSentOf, toMessageView, type MessageRow } from './records.js';
import { ofProvider, type ProviderScope, sameRow } from '../tenancy/scope.js';
import { inTransaction, type Emit } from './unit-of-work.js';
import { deliveryFailures, failureReason } from '../metrics/metrics.js';

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

const RANK: Record<string, number> = { pending: 0, sent: 1, delivered: 2, read: 3 };

export interface StatusUpdate {
  channelId: string;
  providerMessageId: string;
  status: DeliveryStatus;
  error?: string | null;
  at?: Date;
}

/**
 * The message a channel names by its own id, locked (another provider's is as good as unknown); the
 * id may be that of a part after the first of a text sent in several (meta.parts).
 */
export async function lockChannelMessage(tx: Tx, scope: ProviderScope, ref: { channelId: string; providerMessageId: string }) {
  const [message] = await tx
    .select()
    .from(messages)
    .where(and(ofProvider(scope, messages.providerId), eq(messages.channelId, ref.channelId), eq(messages.providerMessageId, ref.providerMessageId)))
    .for('update');
  if (message) return message;
  const [byPart] = await tx
    .select()
    .from(messages)
    .where(and(
      ofProvider(scope, messages.providerId),
      eq(messages.channelId, ref.channelId),
      hasPart(ref.providerMessageId),
    ))
    // No LIMIT: with one, PostgreSQL guesses a scan finds the row sooner than the index (messages_parts).
    .for('update');
  return byPart;
}

export async function updateMessageStatus(scope: ProviderScope, update: StatusUpdate): Promise<'updated' | 'unchanged' | 'unknown'> {
  return inTransaction(scope, async (tx, emit) => {
    const message = await lockChannelMessage(tx, scope, update);
    if (!message) return 'unknown';
    const parts = partsSentOf(message.meta);
    // meta.parts is kept only for a message sent in several: from its first part on.
    const inParts = parts.length > 0;
    const { status, error, partStatuses } = inParts ? ofParts(message, parts, update) : { status: update.status, error: update.error, partStatuses: null };
    if (partStatuses) {
      await tx
        .update(messages)
        .set({ meta: sql`jsonb_set(COALESCE(${messages.meta}, '{}'::jsonb), '{partStatuses}', ${JSON.stringify(partStatuses)}::jsonb)` })
        .where(sameRow(messages, message));
    }
    const current = message.status ?? 'pending';
    // A text still being sent in parts is no further than pending until its last part went.
    const moves =
      status === 'failed'
        ? current === 'pending' || current === 'sent'
        : current !== 'failed' && !(inParts && current === 'pending') && RANK[status] > RANK[current];
    if (!moves) return 'unchanged';
    const [updated] = await tx
      .update(messages)
      .set({
        status,
        statusError: status === 'failed' ? error ?? 'Falha na entrega.' : null,
        statusAt: update.at && !Number.isNaN(update.at.getTime()) && update.at <= new Date() ? update.at : sql`now()`,
      })
      .where(sameRow(messages, message))
      .returning();
    await emitMessageStatus(tx, emit, updated);
    if (status === 'failed') {
      // Meta reports most failures this way, after accepting the message.
      const [channel] = await tx.select({ kind: channels.kind }).from(channels).where(eq(channels.id, update.channelId));
      deliveryFailures.inc({ channel: channel?.kind ?? 'unknown', reason: failureReason(update.error ?? '') });
    }
    return 'updated';
  });
}

type PartStatus = { status: DeliveryStatus; error?: string | null };

const partStatusesOf = (meta: unknown) => ((meta as { partStatuses?: Record<string, PartStatus> } | null)?.partStatuses ?? {}) as Record<string, PartStatus>;

/** A part's new status, kept with the others' (a part's own status never goes backwards either). */
function ofParts(message: MessageRow, parts: string[], update: StatusUpdate) {
  const known = partStatusesOf(message.meta);
  const before = known[update.providerMessageId]?.status ?? 'sent';
  const advances = before !== 'failed' && (update.status === 'failed' || RANK[update.status] > RANK[before]);
  const partStatuses = advances ? { ...known, [update.providerMessageId]: { status: update.status, error: update.error ?? null } } : known;
  return { ...statusOfParts(parts, partStatuses), partStatuses };
}

/**
 * A message's status from its parts' (one not heard of yet counts as sent: the channel took it):
 * failed if any failed, else the least advanced.
 */
export function statusOfParts(parts: string[], partStatuses: Record<string, PartStatus> = {}): { status: DeliveryStatus; error: string | null } {
  const failed = parts.findIndex((id) => partStatuses[id]?.status === 'failed');
  if (failed !== -1) return { status: 'failed', error: `Parte ${failed + 1} de ${parts.length}: ${partStatuses[parts[failed]].error ?? 'Falha na entrega.'}` };
  const least = parts.map((id) => partStatuses[id]?.status ?? 'sent').reduce((a, b) => (RANK[b] < RANK[a] ? b : a), 'read' as DeliveryStatus);
  return { status: least, error: null };
}

/** What statuses the parts of a message that has just gone in full already had (they may come before its last part is recorded). */
export function settledStatusOfParts(meta: unknown): { status: DeliveryStatus; error: string | null } | null {
  const parts = partsSentOf(meta);
  return parts.length > 0 ? statusOfParts(parts, partStatusesOf(meta)) : null;
}

/** Tells the agents who see the conversation that a message's delivery status changed; answers its view. */
export async function emitMessageStatus(tx: Tx, emit: Emit, message: MessageRow) {
  const attached = await loadFiles(tx, { providerId: message.providerId }, [message.fileId]);
  const [conversation] = await tx
    .select({ sectorId: conversations.sectorId })
    .from(conversations)
    .where(eq(conversations.id, message.conversationId));
  const view = toMessageView(message, message.fileId === null ? null : attached.get(message.fileId));
  emit({ type: 'message.status', sectorId: conversation.sectorId, conversationId: message.conversationId, payload: { message: view } });
  return view;
}
