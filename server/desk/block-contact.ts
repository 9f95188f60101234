// Bloquear contato: from now on this contact's messages never reach the desk (they are only
// counted for the Bloqueados screen). Unblocking lets them in again.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { contactBlocks, contacts, conversations } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { recordEvent } from './records.js';
import { canSee, ofProvider, type AgentScope, sameRow } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';

export async function blockContact(scope: AgentScope, input: { contactId: number; reason?: string; conversationId?: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const [contact] = await tx
      .select()
      .from(contacts)
      .where(and(ofProvider(scope, contacts.providerId), eq(contacts.id, input.contactId)))
      .for('update');
    if (!contact) throw notFound('Contato');
    if (contact.blocked) throw new AppError('conflict', 'Este contato já está bloqueado.');
    // The block goes on the timeline of the conversation it was done from (one of this contact's
    // that the agent sees), else on the newest one the agent sees.
    const theirs = await tx
      .select({ id: conversations.id, sectorId: conversations.sectorId, responsavelId: conversations.responsavelId })
      .from(conversations)
      .where(and(ofProvider(scope, conversations.providerId), eq(conversations.contactId, contact.id)))
      .orderBy(desc(conversations.startedAt));
    const visible = theirs.filter((c) => canSee(scope.actor, c));
    let timelineOf = visible[0]?.id;
    if (input.conversationId !== undefined) {
      if (!visible.some((c) => c.id === input.conversationId)) throw notFound('Conversa');
      timelineOf = input.conversationId;
    }
    await tx.update(contacts).set({ blocked: true, blockedMessageCount: 0 }).where(sameRow(contacts, contact));
    await tx.insert(contactBlocks).values({
      providerId: scope.providerId,
      contactId: contact.id,
      reason: input.reason ?? null,
      blockedBy: scope.actor.userId,
    });
    if (timelineOf !== undefined) {
      await recordEvent(tx, scope, timelineOf, 'contact_blocked', scope.actor.userId, { contactId: contact.id, reason: input.reason ?? null });
    }
    emit({ type: 'contact.updated', sectorId: null, conversationId: null, payload: { contactId: contact.id, blocked: true } });
    return { id: contact.id, blocked: true };
  });
}

export async function unblockContact(scope: AgentScope, input: { contactId: number }) {
  return inTransaction(scope, async (tx, emit) => {
    const [contact] = await tx
      .select()
      .from(contacts)
      .where(and(ofProvider(scope, contacts.providerId), eq(contacts.id, input.contactId)))
      .for('update');
    if (!contact) throw notFound('Contato');
    if (!contact.blocked) throw new AppError('conflict', 'Este contato não está bloqueado.');
    await tx.update(contacts).set({ blocked: false }).where(sameRow(contacts, contact));
    await tx
      .update(contactBlocks)
      .set({ unblockedAt: new Date(), unblockedBy: scope.actor.userId })
      .where(and(eq(contactBlocks.contactId, contact.id), isNull(contactBlocks.unblockedAt)));
    emit({ type: 'contact.updated', sectorId: null, conversationId: null, payload: { contactId: contact.id, blocked: false } });
    return { id: contact.id, blocked: false };
  });
}
