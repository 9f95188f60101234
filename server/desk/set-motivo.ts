// Records why the contact got in touch. A motivo tied to a sector only fits that sector's conversations.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { conversations, motivos } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { emitConversation, lockConversation, recordEvent, requireOpen, type ConversationRow } from './records.js';
import { ofProvider, requireResponsavel, type AgentScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';

export async function setMotivo(scope: AgentScope, input: { conversationId: number; motivoId: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    requireOpen(conversation);
    requireResponsavel(scope.actor, conversation);
    await applyMotivo(tx, scope, conversation, input.motivoId);
    return emitConversation(tx, scope, emit, conversation.id);
  });
}

export async function applyMotivo(tx: Tx, scope: AgentScope, conversation: ConversationRow, motivoId: number) {
  const motivo = await requireMotivo(tx, scope, motivoId, conversation.sectorId);
  await tx.update(conversations).set({ motivoId }).where(eq(conversations.id, conversation.id));
  await recordEvent(tx, scope, conversation.id, 'motivo_set', scope.actor.userId, { motivoId, motivo: motivo.name });
  conversation.motivoId = motivoId;
}

export async function requireMotivo(tx: Tx, scope: AgentScope, motivoId: number, sectorId: number | null) {
  const [motivo] = await tx
    .select()
    .from(motivos)
    .where(and(ofProvider(scope, motivos.providerId), eq(motivos.id, motivoId), eq(motivos.active, true)));
  if (!motivo) throw notFound('Motivo');
  if (motivo.sectorId !== null && motivo.sectorId !== sectorId) {
    throw new AppError('validation_failed', `O motivo "${motivo.name}" não pertence ao setor desta conversa.`);
  }
  return motivo;
}

