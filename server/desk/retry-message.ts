// "Tentar novamente": a message that failed to reach the contact goes back to the delivery queue.
import { and, eq } from 'drizzle-orm';
import { jobs, messages } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { loadFiles } from '../files/file-view.js';
import { lockConversation, requireOpen, toMessageView } from './records.js';
import { ofProvider, requireResponsavel, type AgentScope } from './scope.js';
import { inTransaction } from './unit-of-work.js';

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
    const attached = await loadFiles(tx, scope, [updated.fileId]);
    const view = toMessageView(updated, updated.fileId === null ? null : attached.get(updated.fileId));
    emit({ type: 'message.status', sectorId: conversation.sectorId, conversationId: conversation.id, payload: { message: view } });
    return view;
  });
}
