// Records why the contact got in touch. Only an active motivo that applies to the conversation's
// sector fits (one with no sectors applies to every sector).
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { conversations, motivos, motivoSectors } from '../db/schema.js';
import { motivoAppliesTo } from '../../api/motivos.js';
import { AppError, notFound } from '../errors.js';
import { emitConversation, lockConversation, recordEvent, requireOpen, type ConversationRow } from './records.js';
import { ofProvider, requireResponsavel, type AgentScope, type ProviderScope, sameRow } from '../tenancy/scope.js';
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
  await tx.update(conversations).set({ motivoId }).where(sameRow(conversations, conversation));
  await recordEvent(tx, scope, conversation.id, 'motivo_set', scope.actor.userId, { motivoId, motivo: motivo.name });
  conversation.motivoId = motivoId;
}

/** The provider's motivo, active, and applying to the conversation's sector. */
export async function requireMotivo(tx: Tx, scope: ProviderScope, motivoId: number, sectorId: number | null) {
  const motivo = await requireActiveMotivo(tx, scope, motivoId);
  if (!motivoAppliesTo(motivo, sectorId)) {
    throw new AppError('motivo_not_for_sector', `O motivo "${motivo.name}" não se aplica ao setor desta conversa.`);
  }
  return motivo;
}

/** The provider's motivo, active, with the sectors it applies to (none: every sector). */
export async function requireActiveMotivo(tx: Tx, scope: ProviderScope, motivoId: number) {
  const [motivo] = await tx
    .select({ id: motivos.id, name: motivos.name, active: motivos.active })
    .from(motivos)
    .where(and(ofProvider(scope, motivos.providerId), eq(motivos.id, motivoId)));
  if (!motivo) throw notFound('Motivo');
  if (!motivo.active) {
    throw new AppError('motivo_inactive', `O motivo "${motivo.name}" está desativado; escolha outro.`);
  }
  const sectors = await tx.select({ sectorId: motivoSectors.sectorId }).from(motivoSectors)
    .where(and(ofProvider(scope, motivoSectors.providerId), eq(motivoSectors.motivoId, motivoId)));
  return { ...motivo, sectorIds: sectors.map((s) => s.sectorId) };
}
