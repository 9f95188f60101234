// Hands a conversation to another agent (it stays Aberta, with them as Responsável) or to another
// sector (it goes back to that sector's Fila).
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { conversations, sectors, users, userSectors } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { emitConversation, lockConversation, recordEvent, requireOpen, type ConversationRow } from './records.js';
import { ofProvider, requireResponsavel, type AgentScope, sameRow } from '../tenancy/scope.js';
import { inTransaction, type Emit } from './unit-of-work.js';
import { autoSectorsOf, requestAssignment } from './auto-assign.js';

export interface TransferInput {
  conversationId: number;
  toUserId?: number;
  toSectorId?: number;
}

export async function transferConversation(scope: AgentScope, input: TransferInput) {
  if (input.toUserId === undefined && input.toSectorId === undefined) {
    throw new AppError('invalid_transfer', 'Informe o atendente ou o setor de destino.');
  }
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    return applyTransfer(tx, scope, emit, conversation, input);
  });
}

/** Shared with edit-conversation, which may change the responsável and the sector in one edit. */
export async function applyTransfer(tx: Tx, scope: AgentScope, emit: Emit, conversation: ConversationRow, input: Omit<TransferInput, 'conversationId'>) {
  requireOpen(conversation);
  if (conversation.situacao === 'chat') requireResponsavel(scope.actor, conversation);

  const sectorId = input.toSectorId ?? conversation.sectorId;
  const sector = input.toSectorId !== undefined ? await requireSector(tx, scope, input.toSectorId) : null;

  let changes: Partial<ConversationRow>;
  if (input.toUserId !== undefined) {
    const target = await requireAgent(tx, scope, input.toUserId, sectorId);
    changes = {
      situacao: 'chat',
      responsavelId: target.id,
      sectorId,
      assumedAt: conversation.assumedAt ?? new Date(),
    };
  } else {
    changes = { situacao: 'fila', responsavelId: null, sectorId, queuedAt: new Date() };
  }
  await tx.update(conversations).set(changes).where(sameRow(conversations, conversation));
  // A Fila gained a conversation, and the agent who had it may have room for another.
  await requestAssignment(tx, scope, [
    ...(changes.situacao === 'fila' ? [sectorId] : []),
    ...(conversation.responsavelId !== null && conversation.responsavelId !== changes.responsavelId ? await autoSectorsOf(tx, scope, conversation.responsavelId) : []),
  ]);
  await recordEvent(tx, scope, conversation.id, 'transferred', scope.actor.userId, {
    fromUserId: conversation.responsavelId,
    toUserId: changes.responsavelId ?? null,
    fromSectorId: conversation.sectorId,
    toSectorId: sectorId,
    ...(sector ? { toSectorName: sector.name } : {}),
  });
  return emitConversation(tx, scope, emit, conversation.id, 'conversation.updated', conversation);
}

async function requireSector(tx: Tx, scope: AgentScope, sectorId: number) {
  const [sector] = await tx
    .select({ id: sectors.id, name: sectors.name, attends: sectors.attends })
    .from(sectors)
    .where(and(ofProvider(scope, sectors.providerId), eq(sectors.id, sectorId), eq(sectors.active, true)));
  if (!sector) throw notFound('Setor');
  if (!sector.attends) throw new AppError('invalid_transfer', `O setor ${sector.name} só agrupa pessoas: ele não recebe conversas.`);
  return { id: sector.id, name: sector.name };
}

/** The new responsável must be an active user of this provider who works the conversation's sector. */
async function requireAgent(tx: Tx, scope: AgentScope, userId: number, sectorId: number | null) {
  const [user] = await tx
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(ofProvider(scope, users.providerId), eq(users.id, userId), eq(users.active, true)));
  if (!user) throw notFound('Atendente');
  if (user.role === 'atendente' && sectorId !== null) {
    const [member] = await tx
      .select({ userId: userSectors.userId })
      .from(userSectors)
      .where(and(eq(userSectors.userId, userId), eq(userSectors.sectorId, sectorId)));
    if (!member) {
      throw new AppError('invalid_transfer', `${user.name} não atende o setor desta conversa.`);
    }
  }
  return user;
}
