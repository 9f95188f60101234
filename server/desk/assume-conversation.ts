// An agent takes a conversation from the Fila (or from the bot, which then falls silent). Of several agents clicking at once exactly one
// wins: the row lock serializes them and the losers see who has it.
import { eq } from 'drizzle-orm';
import { conversations, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import { emitConversation, lockConversation, recordEvent } from './records.js';
import type { AgentScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { sameRow } from '../tenancy/scope.js';

export async function assumeConversation(scope: AgentScope, { conversationId }: { conversationId: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, conversationId);
    if (conversation.situacao === 'chat' && conversation.responsavelId !== null) {
      if (conversation.responsavelId === scope.actor.userId) {
        throw new AppError('conversation_already_assumed', 'Você já é o responsável por esta conversa.', {
          responsavel: { id: scope.actor.userId, name: scope.actor.name },
        });
      }
      const [holder] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, conversation.responsavelId));
      throw new AppError('conversation_already_assumed', `Esta conversa já foi assumida por ${holder.name}.`, {
        responsavel: holder,
      });
    }
    if (conversation.situacao !== 'fila' && conversation.situacao !== 'bot') {
      throw new AppError('conversation_not_in_fila', 'Só é possível assumir conversas que estão na Fila ou com o bot.');
    }
    const now = new Date();
    await tx
      .update(conversations)
      .set({ situacao: 'chat', responsavelId: scope.actor.userId, assumedAt: now, unreadCount: 0, botState: null })
      .where(sameRow(conversations, conversation));
    await recordEvent(tx, scope, conversation.id, 'assumed', scope.actor.userId, { responsavelId: scope.actor.userId });
    return emitConversation(tx, scope, emit, conversation.id, 'conversation.updated', conversation);
  });
}
