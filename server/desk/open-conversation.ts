// Opens a new attendance for a contact: protocol number, timeline event, and the protocol sent to
// the contact. Used by an inbound message with no live conversation and by "+" (start-conversation).
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { conversations } from '../db/schema.js';
import type { Emit } from './unit-of-work.js';
import { queueAutomaticMessage } from './automatic-message.js';
import { chatSettingsOf } from './chat-settings.js';
import { nextProtocolo, recordEvent, type ConversationRow, type Situacao } from './records.js';
import type { ProviderScope } from '../tenancy/scope.js';

export interface OpenConversationInput {
  contactId: number;
  channelId: string;
  situacao: Exclude<Situacao, 'finalizada'>;
  sectorId: number | null;
  responsavelId: number | null;
  createdBy: number | null;
  clientId?: number | null;
  /** false when the channel would refuse free text now (WhatsApp outside the 24-hour window). */
  sendProtocol?: boolean;
}

/**
 * Returns the contact's live conversation when there already is one (the partial unique index
 * `conversations_live_contact` makes this safe against two messages arriving at once).
 */
export async function openConversation(
  tx: Tx,
  scope: ProviderScope,
  emit: Emit,
  input: OpenConversationInput,
): Promise<{ conversation: ConversationRow; opened: boolean }> {
  const now = new Date();
  const protocolo = await nextProtocolo(tx, scope.providerId, now);
  const [created] = await tx
    .insert(conversations)
    .values({
      providerId: scope.providerId,
      contactId: input.contactId,
      channelId: input.channelId,
      situacao: input.situacao,
      sectorId: input.sectorId,
      responsavelId: input.responsavelId,
      clientId: input.clientId ?? null,
      protocolo,
      startedAt: now,
      lastMessageAt: now,
      queuedAt: input.situacao === 'fila' ? now : null,
      assumedAt: input.situacao === 'chat' ? now : null,
      createdBy: input.createdBy,
    })
    .onConflictDoNothing({
      target: [conversations.providerId, conversations.contactId],
      where: sql`situacao <> 'finalizada'`,
    })
    .returning();
  if (!created) {
    const [live] = await tx
      .select()
      .from(conversations)
      .where(and(
        eq(conversations.providerId, scope.providerId),
        eq(conversations.contactId, input.contactId),
        sql`${conversations.situacao} <> 'finalizada'`,
      ))
      .for('update');
    return { conversation: live, opened: false };
  }
  await recordEvent(tx, scope, created.id, 'opened', input.createdBy, {
    situacao: created.situacao,
    sectorId: created.sectorId,
    responsavelId: created.responsavelId,
  });
  if (input.sendProtocol !== false) await queueProtocolMessage(tx, scope, emit, created);
  return { conversation: created, opened: true };
}

/** The greeting of Configurações do chat, which tells the protocol number (Anatel requires one for every demand). */
export async function queueProtocolMessage(tx: Tx, scope: ProviderScope, emit: Emit, conversation: ConversationRow) {
  const { greeting } = await chatSettingsOf(tx, scope.providerId);
  await queueAutomaticMessage(tx, scope, emit, conversation, { text: greeting });
}
