// Contacts: searching by name (accent- and case-insensitive) or phone, Editar contato, and the Bloqueados list.
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { phoneSearch } from '../../api/phone.js';
import { contactBlocks, contacts, users } from '../db/schema.js';
import { sqlState } from '../db/errors.js';
import { AppError, notFound } from '../errors.js';
import { ofProvider, type AgentScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { containsPattern } from '../db/like.js';

const contactView = {
  id: contacts.id, name: contacts.name, phone: contacts.phone, email: contacts.email,
  clientId: contacts.clientId, blocked: contacts.blocked,
};

export async function searchContacts(scope: AgentScope, input: { q: string; limit?: number }) {
  return scope.db
    .select(contactView)
    .from(contacts)
    .where(and(ofProvider(scope, contacts.providerId), contactMatches(input.q.trim())))
    .orderBy(asc(contacts.name))
    .limit(input.limit ?? 20);
}

/**
 * The contacts a search names: by phone when it is a number or part of one ("4321", "(11) 8765-4321",
 * which is stored with its ninth digit), by name otherwise, accents and case aside. Each side is
 * served by its trigram index.
 */
export function contactMatches(q: string): SQL {
  const phone = phoneSearch(q);
  if (!phone) return sql`${contacts.nameSearch} LIKE immutable_unaccent(lower(${containsPattern(q)}))`;
  const whole = phone.number ? sql` OR ${contacts.phone} = ${phone.number}` : sql``;
  return sql`(${contacts.phone} LIKE ${containsPattern(phone.digits)}${whole})`;
}

export interface UpdateContactInput {
  contactId: number;
  name?: string;
  phone?: string | null;
  email?: string | null;
}

export async function updateContact(scope: AgentScope, input: UpdateContactInput) {
  const { contactId, ...changes } = input;
  if (Object.values(changes).every((value) => value === undefined)) throw new AppError('validation_failed', 'Nada para alterar.');
  return inTransaction(scope, async (tx, emit) => {
    const [contact] = await tx
      .update(contacts)
      .set(changes)
      .where(and(ofProvider(scope, contacts.providerId), eq(contacts.id, contactId)))
      .returning(contactView)
      .catch((error: unknown) => {
        if (sqlState(error) === '23505') throw new AppError('conflict', 'Já existe um contato com este telefone.');
        throw error;
      });
    if (!contact) throw notFound('Contato');
    emit({ type: 'contact.updated', sectorId: null, conversationId: null, payload: { contactId: contact.id, contact } });
    return contact;
  });
}

/** Bloqueados: who is blocked, since when, by whom, and how many messages were held back. */
export async function listBlocked(scope: AgentScope) {
  const rows = await scope.db
    .select({
      ...contactView,
      blockedMessageCount: contacts.blockedMessageCount,
      blockedAt: contactBlocks.blockedAt,
      reason: contactBlocks.reason,
      blockedByName: users.name,
    })
    .from(contacts)
    .leftJoin(contactBlocks, and(eq(contactBlocks.providerId, contacts.providerId), eq(contactBlocks.contactId, contacts.id), isNull(contactBlocks.unblockedAt)))
    .leftJoin(users, and(eq(users.providerId, contactBlocks.providerId), eq(users.id, contactBlocks.blockedBy)))
    .where(and(ofProvider(scope, contacts.providerId), eq(contacts.blocked, true)))
    .orderBy(desc(contactBlocks.blockedAt));
  return rows.map((r) => ({ ...r, blockedAt: r.blockedAt?.toISOString() ?? null }));
}
