// The bot asked and nobody answered for the provider's time: it says so and closes the conversation
// with the provider's motivo. A timeout belongs to one question; answered, it does nothing.
import { conversations } from '../db/schema.js';
import { finishClose } from '../desk/close-conversation.js';
import { lockConversation } from '../desk/records.js';
import { requireMotivo } from '../desk/set-motivo.js';
import { inTransaction } from '../desk/unit-of-work.js';
import { AppError } from '../errors.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { botFlowOf } from './flow.js';
import { readState } from './state.js';
import { sameRow } from '../tenancy/scope.js';

export async function closeUnanswered(scope: ProviderScope, input: { conversationId: number; seq: number }): Promise<boolean> {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    if (conversation.situacao !== 'bot' || readState(conversation.botState)?.seq !== input.seq) return false;
    const flow = await botFlowOf(tx, scope.providerId);
    if (flow.timeoutMotivoId !== null && (await motivoFits(tx, scope, flow.timeoutMotivoId, conversation.sectorId))) {
      await tx.update(conversations).set({ motivoId: flow.timeoutMotivoId }).where(sameRow(conversations, conversation));
      conversation.motivoId = flow.timeoutMotivoId;
    }
    await finishClose(tx, scope, emit, conversation, {
      actorUserId: null,
      words: { text: flow.timeoutMessage, authorKind: 'bot' },
      data: { by: 'bot', reason: 'timeout' },
    });
    return true;
  });
}

/** A motivo deactivated since the flow was saved still lets the bot close; the conversation just has none. */
async function motivoFits(tx: Parameters<typeof requireMotivo>[0], scope: ProviderScope, motivoId: number, sectorId: number | null) {
  try {
    await requireMotivo(tx, scope, motivoId, sectorId);
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}
