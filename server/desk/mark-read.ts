// The agent has read the conversation: its unread counter goes back to zero and, on a channel that
// tells the contact (WhatsApp's blue ticks), a job marks the contact's latest message read there.
import { and, desc, eq, gt, isNotNull } from 'drizzle-orm';
import { capabilitiesOf } from '../channels/capabilities.js';
import { channels, conversations, messages } from '../db/schema.js';
import { enqueue } from '../jobs/queue.js';
import { emitConversation, lockConversation } from './records.js';
import type { AgentScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { sameRow } from '../tenancy/scope.js';

/** The job that tells the contact's channel a message was read (payload: { messageId }). */
export const SEND_READ_RECEIPT = 'send_read_receipt';

export async function markRead(scope: AgentScope, { conversationId }: { conversationId: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, conversationId);
    const changed = await tx
      .update(conversations)
      .set({ unreadCount: 0 })
      .where(and(sameRow(conversations, conversation), gt(conversations.unreadCount, 0)))
      .returning({ id: conversations.id });
    if (changed.length === 0) return { unreadCount: 0 };
    await emitConversation(tx, scope, emit, conversation.id);

    const [channel] = await tx.select({ kind: channels.kind }).from(channels).where(eq(channels.id, conversation.channelId));
    if (channel && capabilitiesOf(channel).readReceipts) {
      const [latest] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, conversation.id), eq(messages.direction, 'in'), isNotNull(messages.providerMessageId)))
        .orderBy(desc(messages.id))
        .limit(1);
      // Once per message: opening the conversation again with nothing new sends nothing.
      if (latest) {
        await enqueue(tx, {
          providerId: conversation.providerId,
          kind: SEND_READ_RECEIPT,
          payload: { messageId: latest.id },
          dedupeKey: `read_receipt:${latest.id}`,
          maxAttempts: 3,
        });
      }
    }
    return { unreadCount: 0 };
  });
}
