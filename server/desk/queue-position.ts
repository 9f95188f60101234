// A subscriber who writes while waiting in the Fila is told their place in it — at most once a
// minute, so that a burst of messages does not get a burst of answers.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { conversations } from '../db/schema.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { queueOutbound, type ConversationRow } from './records.js';
import type { Emit } from './unit-of-work.js';
import { sameRow } from '../tenancy/scope.js';

const EVERY_MS = 60_000;

export async function tellQueuePosition(tx: Tx, scope: ProviderScope, emit: Emit, conversation: ConversationRow, now: Date) {
  if (conversation.queueNoticeAt && now.getTime() - conversation.queueNoticeAt.getTime() < EVERY_MS) return;
  // Waiting longer (or as long, and arrived first) in the same sector's Fila: served before.
  const queuedAt = conversation.queuedAt ?? conversation.startedAt;
  const [{ ahead }] = await tx.select({ ahead: sql<number>`count(*)::int` }).from(conversations).where(and(
    eq(conversations.providerId, scope.providerId), eq(conversations.situacao, 'fila'),
    conversation.sectorId === null ? sql`${conversations.sectorId} IS NULL` : eq(conversations.sectorId, conversation.sectorId),
    sql`(${conversations.queuedAt}, ${conversations.id}) < (${queuedAt.toISOString()}::timestamptz, ${conversation.id})`,
  ));
  const position = ahead + 1;
  await queueOutbound(tx, scope, emit, {
    conversation, authorKind: 'system', authorUserId: null, type: 'text',
    body: position === 1
      ? 'Você é o próximo da fila. Em instantes um atendente fala com você.'
      : `Você está na posição ${position} da fila. Assim que um atendente estiver livre, ele fala com você.`,
  });
  await tx.update(conversations).set({ queueNoticeAt: now }).where(sameRow(conversations, conversation));
}
