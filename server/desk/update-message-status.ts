// A channel tells what became of a message it was given: sent, delivered, read, failed.
// Channels may report out of order (read before delivered); a status never goes backwards.
import { and, eq, sql } from 'drizzle-orm';
import { conversations, messages } from '../db/schema.js';
import { loadFiles } from '../files/file-view.js';
import type { Tx } from '../db/connection.js';
import { toMessageView, type MessageRow } from './records.js';
import { ofProvider, type ProviderScope } from '../tenancy/scope.js';
import { inTransaction, type Emit } from './unit-of-work.js';

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

const RANK: Record<string, number> = { pending: 0, sent: 1, delivered: 2, read: 3 };

export interface StatusUpdate {
  channelId: string;
  providerMessageId: string;
  status: DeliveryStatus;
  error?: string | null;
  at?: Date;
}

/** The message a channel names by its own id, locked (another provider's is as good as unknown). */
export async function lockChannelMessage(tx: Tx, scope: ProviderScope, ref: { channelId: string; providerMessageId: string }) {
  const [message] = await tx
    .select()
    .from(messages)
    .where(and(ofProvider(scope, messages.providerId), eq(messages.channelId, ref.channelId), eq(messages.providerMessageId, ref.providerMessageId)))
    .for('update');
  return message;
}

export async function updateMessageStatus(scope: ProviderScope, update: StatusUpdate): Promise<'updated' | 'unchanged' | 'unknown'> {
  return inTransaction(scope, async (tx, emit) => {
    const message = await lockChannelMessage(tx, scope, update);
    if (!message) return 'unknown';
    const current = message.status ?? 'pending';
    const moves =
      update.status === 'failed'
        ? current === 'pending' || current === 'sent'
        : current !== 'failed' && RANK[update.status] > RANK[current];
    if (!moves) return 'unchanged';
    const [updated] = await tx
      .update(messages)
      .set({
        status: update.status,
        statusError: update.status === 'failed' ? update.error ?? 'Falha na entrega.' : null,
        statusAt: update.at && !Number.isNaN(update.at.getTime()) && update.at <= new Date() ? update.at : sql`now()`,
      })
      .where(eq(messages.id, message.id))
      .returning();
    await emitMessageStatus(tx, emit, updated);
    return 'updated';
  });
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
