// "Tentar novamente": a message that failed to reach the contact goes back to the delivery queue
// (on WhatsApp, only a template once the contact's 24-hour window has closed).
import { and, eq } from 'drizzle-orm';
import { channels, messages } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { lockConversation, queueDelivery, requireOpen } from './records.js';
import { ofProvider, requireResponsavel, type AgentScope, sameRow } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { emitMessageStatus } from './update-message-status.js';
import { requireWindowOpen, windowOf } from './reply-window.js';

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
    if (message.type !== 'template') {
      const [channel] = await tx.select().from(channels).where(eq(channels.id, message.channelId));
      requireWindowOpen(await windowOf(tx, channel, message.contactId));
    }
    const [updated] = await tx
      .update(messages)
      .set({ status: 'pending', statusError: null })
      .where(sameRow(messages, message))
      .returning();
    await queueDelivery(tx, updated);
    return emitMessageStatus(tx, emit, updated);
  });
}
