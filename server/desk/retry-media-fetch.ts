// "Tentar novamente" on a contact's media that could not be downloaded: its channel's download job
// is queued again, once however many times it is clicked (the message is locked and its failure
// cleared in the same transaction), with fewer attempts than the first time: someone is waiting.
import { and, eq, sql } from 'drizzle-orm';
import { conversations, messages } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { enqueue } from '../jobs/queue.js';
import { canSee, ofProvider, type AgentScope, sameRow } from '../tenancy/scope.js';
import { mediaErrorOf, type MediaFetch } from './record-media-failure.js';
import { inTransaction } from './unit-of-work.js';
import { emitMessageStatus } from './update-message-status.js';

const RETRY_ATTEMPTS = 3;

export async function retryMediaFetch(scope: AgentScope, { messageId }: { messageId: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const [message] = await tx
      .select()
      .from(messages)
      .where(and(ofProvider(scope, messages.providerId), eq(messages.id, messageId)))
      .for('update');
    if (!message) throw notFound('Mensagem');
    const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, message.conversationId));
    if (!canSee(scope.actor, conversation)) throw notFound('Mensagem');
    const fetch = (message.meta as { mediaFetch?: MediaFetch } | null)?.mediaFetch;
    if (message.fileId !== null || mediaErrorOf(message.meta) === null || !fetch?.kind) {
      throw new AppError('conflict', 'Esta mensagem não tem mídia com falha no download.');
    }
    const [updated] = await tx
      .update(messages)
      .set({ meta: sql`${messages.meta} - 'mediaError'` })
      .where(sameRow(messages, message))
      .returning();
    await enqueue(tx, { providerId: scope.providerId, kind: fetch.kind, payload: fetch.payload, maxAttempts: RETRY_ATTEMPTS });
    return emitMessageStatus(tx, emit, updated);
  });
}
