// Fechar conversa: needs a motivo (given now or set before), sends the provider's closing message with
// its variables filled in (unless WhatsApp's 24-hour window is closed: Meta would refuse it) and moves
// it to Fechados.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { channels, conversations } from '../db/schema.js';
import { AppError } from '../errors.js';
import { queueAutomaticMessage } from './automatic-message.js';
import { chatSettingsOf } from './chat-settings.js';
import { emitConversation, lockConversation, recordEvent, requireOpen, type ConversationRow } from './records.js';
import { applyMotivo, requireMotivo } from './set-motivo.js';
import { requireResponsavel, type AgentScope, type ProviderScope, sameRow } from '../tenancy/scope.js';
import { inTransaction, type Emit } from './unit-of-work.js';
import { windowOf } from './reply-window.js';
import { autoSectorsOf, requestAssignment } from './auto-assign.js';

export async function closeConversation(scope: AgentScope, input: { conversationId: number; motivoId?: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    return applyClose(tx, scope, emit, conversation, input.motivoId);
  });
}

export async function applyClose(tx: Tx, scope: AgentScope, emit: Emit, conversation: ConversationRow, motivoId?: number) {
  requireOpen(conversation);
  requireResponsavel(scope.actor, conversation);
  if (motivoId !== undefined && motivoId !== conversation.motivoId) await applyMotivo(tx, scope, conversation, motivoId);
  else if (conversation.motivoId !== null) {
    // Set earlier: since then it may have been deactivated, or the conversation moved to a sector it does not apply to.
    await requireMotivo(tx, scope, conversation.motivoId, conversation.sectorId);
  }
  if (conversation.motivoId === null) {
    throw new AppError('motivo_required', 'Selecione o motivo do contato antes de fechar a conversa.');
  }
  const { closingMessage } = await chatSettingsOf(tx, scope.providerId);
  return finishClose(tx, scope, emit, conversation, {
    actorUserId: scope.actor.userId, words: { text: closingMessage, agentName: scope.actor.name, authorKind: 'system' },
  });
}

export interface FinishClose {
  actorUserId: number | null;
  /** Said to the subscriber when the channel takes free text now (WhatsApp's window open); '' says nothing. */
  words: { text: string; agentName?: string; authorKind: 'system' | 'bot' };
  /** Added to the timeline's "closed" event (the bot's timeout says so). */
  data?: Record<string, unknown>;
}

/** How every close ends, an agent's or the bot's: the last words, Fechados, the timeline, room for the next. */
export async function finishClose(tx: Tx, scope: ProviderScope, emit: Emit, conversation: ConversationRow, close: FinishClose) {
  const previous = { situacao: conversation.situacao, sectorId: conversation.sectorId };
  const [channel] = await tx.select().from(channels).where(eq(channels.id, conversation.channelId));
  if (close.words.text !== '' && (await windowOf(tx, channel, conversation.contactId)).open) {
    await queueAutomaticMessage(tx, scope, emit, conversation, close.words);
  }
  await tx
    .update(conversations)
    .set({ situacao: 'finalizada', closedAt: new Date(), unreadCount: 0, botState: null })
    .where(sameRow(conversations, conversation));
  await recordEvent(tx, scope, conversation.id, 'closed', close.actorUserId, { motivoId: conversation.motivoId, ...close.data });
  // The responsável has room for another conversation of their sectors' Fila.
  if (conversation.responsavelId !== null) await requestAssignment(tx, scope, await autoSectorsOf(tx, scope, conversation.responsavelId));
  return emitConversation(tx, scope, emit, conversation.id, 'conversation.closed', previous);
}
