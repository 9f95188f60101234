// Etiquetas on a conversation: adding one twice or removing one that is not there changes nothing.
import { and, eq } from 'drizzle-orm';
import { conversationTags, tags } from '../db/schema.js';
import { notFound } from '../errors.js';
import { emitConversation, lockConversation, recordEvent } from './records.js';
import { ofProvider, type AgentScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';

export interface TagInput {
  conversationId: number;
  tagId: number;
}

export async function addTag(scope: AgentScope, input: TagInput) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    const [tag] = await tx
      .select()
      .from(tags)
      .where(and(ofProvider(scope, tags.providerId), eq(tags.id, input.tagId), eq(tags.active, true)));
    if (!tag) throw notFound('Etiqueta');
    const added = await tx
      .insert(conversationTags)
      .values({ providerId: scope.providerId, conversationId: conversation.id, tagId: tag.id })
      .onConflictDoNothing()
      .returning();
    if (added.length > 0) {
      await recordEvent(tx, scope, conversation.id, 'tag_added', scope.actor.userId, { tagId: tag.id, tag: tag.name });
    }
    return emitConversation(tx, scope, emit, conversation.id);
  });
}

export async function removeTag(scope: AgentScope, input: TagInput) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    const removed = await tx
      .delete(conversationTags)
      .where(and(
        ofProvider(scope, conversationTags.providerId),
        eq(conversationTags.conversationId, conversation.id),
        eq(conversationTags.tagId, input.tagId),
      ))
      .returning();
    if (removed.length > 0) {
      const [tag] = await tx.select({ name: tags.name }).from(tags).where(eq(tags.id, input.tagId));
      await recordEvent(tx, scope, conversation.id, 'tag_removed', scope.actor.userId, { tagId: input.tagId, tag: tag?.name });
    }
    return emitConversation(tx, scope, emit, conversation.id);
  });
}
