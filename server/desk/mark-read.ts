// The agent has read the conversation: its unread counter goes back to zero.
import { and, eq, gt } from 'drizzle-orm';
import { conversations } from '../db/schema.js';
import { emitConversation, lockConversation } from './records.js';
import type { AgentScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';

export async function markRead(scope: AgentScope, { conversationId }: { conversationId: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, conversationId);
    const changed = await tx
      .update(conversations)
      .set({ unreadCount: 0 })
      .where(and(eq(conversations.id, conversation.id), gt(conversations.unreadCount, 0)))
      .returning({ id: conversations.id });
    if (changed.length > 0) await emitConversation(tx, scope, emit, conversation.id);
    return { unreadCount: 0 };
  });
}
