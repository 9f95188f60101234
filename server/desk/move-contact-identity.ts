// A contact tells the channel they changed number (WhatsApp's "user changed number" system
// message): their identity on that channel moves to the new id, and their phone with it, so their
// next message finds the same contact and conversation instead of opening new ones.
import { and, eq, sql } from 'drizzle-orm';
import { contactIdentities, contacts } from '../db/schema.js';
import { ofProvider, type ProviderScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';

export interface IdentityMove {
  channelId: string;
  fromExternalId: string;
  toExternalId: string;
  /** The new phone, as Prosa stores phones. */
  phone: string | null;
}

/** `unknown` when the old id is no contact's here; `taken` when the new one is already another contact's. */
export async function moveContactIdentity(scope: ProviderScope, move: IdentityMove): Promise<'moved' | 'unknown' | 'taken'> {
  return inTransaction(scope, async (tx) => {
    const [old] = await tx
      .select()
      .from(contactIdentities)
      .where(and(
        ofProvider(scope, contactIdentities.providerId),
        eq(contactIdentities.channelId, move.channelId),
        eq(contactIdentities.externalId, move.fromExternalId),
      ))
      .for('update');
    if (!old) return 'unknown';
    const [taken] = await tx
      .select()
      .from(contactIdentities)
      .where(and(eq(contactIdentities.channelId, move.channelId), eq(contactIdentities.externalId, move.toExternalId)));
    // Two contacts for one person are an agent's to merge; a repeated notice finds the move done.
    if (taken && taken.contactId !== old.contactId) return 'taken';
    if (!taken) {
      await tx
        .update(contactIdentities)
        .set({ externalId: move.toExternalId })
        .where(and(eq(contactIdentities.channelId, move.channelId), eq(contactIdentities.externalId, move.fromExternalId)));
    }
    if (move.phone) {
      await tx
        .update(contacts)
        .set({ phone: move.phone })
        .where(and(
          eq(contacts.id, old.contactId),
          sql`NOT EXISTS (SELECT 1 FROM contacts other WHERE other.provider_id = ${scope.providerId} AND other.phone = ${move.phone} AND other.id <> ${old.contactId})`,
        ));
    }
    return 'moved';
  });
}
