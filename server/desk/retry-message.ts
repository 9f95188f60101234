// "Tentar novamente": a message that failed to reach the contact goes back to the delivery queue.
import { and, eq } from 'drizzle-orm';
import { jobs, messages } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { lockConversation, requireOpen } from './records.js';
import { ofProvider, requireResponsavel, type AgentScope } from './scope.js';
import { inTransaction } from './unit-of-work.js';
import { emitMessageStatus } from './update-message-status.js';

export async function retryMessage(scope: AgentScope, { messageId }: { messageId: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const [message] = await tx
      .select()
      .from(messages)
      .where(and(ofProvider(scope, messages.providerId), eq(messages.id, messageId)));
    if (!message) throw notFound('Mensagem');
    const conversation = await lockConversation(tx, scope, message.conversationId);
    requireOpen(conversation);
    requireResponsavel(scope.actor, conversation);
    if (message.direction !== 'out' || message.status !== 'failed') {
      throw new AppError('conflict', 'Só é possível reenviar uma mensagem que falhou.');
    }
    const [updated] = await tx
      .update(messages)
      .set({ status: 'pending', statusError: null })
      .where(eq(messages.id, message.id))
      .returning();
    await tx.insert(jobs).values({ providerId: scope.providerId, kind: 'deliver_message', payload: { messageId: message.id } });
    return emitMessageStatus(tx, emit, updated);
  });
}
