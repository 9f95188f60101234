// Editar conversa: link to a client, change sector, motivo, atendente and situação in one edit.
import { eq } from 'drizzle-orm';
import { contacts, conversations } from '../db/schema.js';
import { resolveClient } from '../isp/linked-client.js';
import { AppError } from '../errors.js';
import { applyClose } from './close-conversation.js';
import { emitConversation, lockConversation, recordEvent, requireOpen } from './records.js';
import { applyMotivo } from './set-motivo.js';
import { requireResponsavel, type AgentScope, sameRow } from '../tenancy/scope.js';
import { applyTransfer } from './transfer-conversation.js';
import { inTransaction } from './unit-of-work.js';
import { requestAssignment } from './auto-assign.js';
import { queueBotAnswer } from '../bot/state.js';

export interface EditConversationInput {
  conversationId: number;
  /** The ERP's ref of the client to link (null: unlink). */
  clientRef?: string | null;
  sectorId?: number;
  motivoId?: number;
  responsavelId?: number;
  situacao?: 'bot' | 'fila' | 'chat' | 'finalizada';
}

export async function editConversation(scope: AgentScope, input: EditConversationInput) {
  const { conversationId, ...changes } = input;
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new AppError('validation_failed', 'Nada para alterar.');
  }
  // Found in the ERP before the conversation is locked: an ERP call never holds the lock.
  const client = input.clientRef === undefined ? undefined : input.clientRef === null ? null : await resolveClient(scope, input.clientRef);
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, conversationId);
    requireOpen(conversation);
    requireResponsavel(scope.actor, conversation);
    const previous = { situacao: conversation.situacao, sectorId: conversation.sectorId };

    if (client !== undefined && (client?.id ?? null) !== conversation.clientId) {
      // The number now belongs to this client: its next attendances come linked.
      await tx.update(contacts).set({ clientId: client?.id ?? null }).where(eq(contacts.id, conversation.contactId));
      await tx.update(conversations).set({ clientId: client?.id ?? null, contractId: null }).where(sameRow(conversations, conversation));
      await recordEvent(tx, scope, conversation.id, 'client_linked', scope.actor.userId, { clientId: client?.id ?? null, name: client?.name ?? null });
    }

    const sectorChanged = input.sectorId !== undefined && input.sectorId !== conversation.sectorId;
    const responsavelChanged = input.responsavelId !== undefined && input.responsavelId !== conversation.responsavelId;
    if (sectorChanged || responsavelChanged) {
      await applyTransfer(tx, scope, emit, conversation, {
        toSectorId: sectorChanged ? input.sectorId : undefined,
        toUserId: responsavelChanged ? input.responsavelId : undefined,
      });
      Object.assign(conversation, (await tx.select().from(conversations).where(sameRow(conversations, conversation)))[0]);
    }

    if (input.motivoId !== undefined && input.motivoId !== conversation.motivoId) {
      await applyMotivo(tx, scope, conversation, input.motivoId);
    }

    if (input.situacao !== undefined && input.situacao !== conversation.situacao) {
      if (input.situacao === 'finalizada') return applyClose(tx, scope, emit, conversation);
      const changes =
        input.situacao === 'chat'
          ? // Putting a conversation in Abertos without a responsável makes its editor the one, as assuming does.
            { situacao: 'chat' as const, responsavelId: conversation.responsavelId ?? scope.actor.userId, assumedAt: conversation.assumedAt ?? new Date() }
          : input.situacao === 'fila'
            ? { situacao: 'fila' as const, responsavelId: null, queuedAt: new Date() }
            : { situacao: 'bot' as const, responsavelId: null, botState: null };
      await tx.update(conversations).set(changes).where(sameRow(conversations, conversation));
      if (changes.situacao === 'fila') await requestAssignment(tx, scope, [conversation.sectorId]);
      // Back to the bot: it starts over, greeting the subscriber.
      if (changes.situacao === 'bot') await queueBotAnswer(tx, scope, conversation.id, null);
      await recordEvent(tx, scope, conversation.id, 'situacao_changed', scope.actor.userId, {
        from: conversation.situacao,
        to: input.situacao,
      });
    }
    return emitConversation(tx, scope, emit, conversation.id, 'conversation.updated', previous);
  });
}
