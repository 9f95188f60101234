// The client a conversation is linked to, and the desk's copy of an external ERP's client and
// contracts: kept so that the dot beside the name and the searches never wait for the ERP.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../db/connection.js';
import { clients, contacts, contracts, conversations } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { emitConversation, type ConversationRow } from '../desk/records.js';
import type { Emit } from '../desk/unit-of-work.js';
import { canSee, ofProvider, type AgentScope, type ProviderScope } from '../tenancy/scope.js';
import type { ErpClient, ErpContract } from './erp.js';
import { erpOf, type ErpContext } from './erp-of.js';

export type ClientRow = typeof clients.$inferSelect;
export type ContractRow = typeof contracts.$inferSelect;

/** The ERP's ref of a desk's client row. */
export const refOf = (row: { id: number; externalRef: string | null }) => row.externalRef ?? String(row.id);

/** A conversation the agent sees, and the client it (or its contact) is linked to. */
export async function conversationClient(scope: AgentScope, conversationId: number, db: Executor = scope.db) {
  const [row] = await db
    .select({ conversation: conversations, contactClientId: contacts.clientId })
    .from(conversations)
    .innerJoin(contacts, and(eq(contacts.providerId, conversations.providerId), eq(contacts.id, conversations.contactId)))
    .where(and(ofProvider(scope, conversations.providerId), eq(conversations.id, conversationId)));
  if (!row || !canSee(scope.actor, row.conversation)) throw notFound('Conversa');
  const clientId = row.conversation.clientId ?? row.contactClientId;
  if (clientId === null) {
    throw new AppError('client_not_linked', 'Esta conversa ainda não está vinculada a um cliente. Use Editar conversa > Vincular cliente.');
  }
  const [client] = await db.select().from(clients).where(and(ofProvider(scope, clients.providerId), eq(clients.id, clientId)));
  if (!client) throw notFound('Cliente');
  return { conversation: row.conversation as ConversationRow, client };
}

/**
 * The desk's row of a client the ERP names: the built-in ERP's own row, or an external ERP's
 * client copied (with its contracts) into the desk's tables, so that the conversation can link to it.
 */
export async function resolveClient(scope: ProviderScope, ref: string, erp?: ErpContext, db: Executor = scope.db): Promise<ClientRow> {
  const { client: source } = erp ?? (await erpOf(db, scope.providerId));
  if (source.kind === 'builtin') {
    const id = /^\d{1,15}$/.test(ref) ? Number(ref) : 0;
    const [row] = await db.select().from(clients).where(and(ofProvider(scope, clients.providerId), eq(clients.id, id)));
    if (!row) throw notFound('Cliente');
    return row;
  }
  const found = await source.getClient(ref);
  if (!found) throw notFound('Cliente');
  const erpContracts = await source.contracts(ref);
  // Inside a caller's transaction (the bot's), a savepoint of it.
  return (db as Db).transaction(async (tx) => {
    const row = await copyClient(tx, scope.providerId, found);
    await copyContracts(tx, scope.providerId, row.id, erpContracts);
    return row;
  });
}

async function copyClient(tx: Tx, providerId: number, client: ErpClient): Promise<ClientRow> {
  const values = { name: client.name, document: client.document, phones: client.phones, email: client.email, address: client.address };
  const [row] = await tx
    .insert(clients)
    .values({ providerId, externalRef: client.ref, ...values })
    .onConflictDoUpdate({ target: [clients.providerId, clients.externalRef], set: values })
    .returning();
  return row;
}

/**
 * Writes an external ERP's contracts over the desk's copy; answers whether any status changed
 * (the dot must then change on every agent's screen).
 */
export async function copyContracts(tx: Tx, providerId: number, clientId: number, erpContracts: ErpContract[]): Promise<boolean> {
  let changed = false;
  for (const contract of erpContracts) {
    const values = {
      plan: contract.plan, status: contract.status, downloadMbps: contract.downloadMbps, uploadMbps: contract.uploadMbps,
      monthlyPriceCents: contract.monthlyPriceCents, address: contract.address, dueDay: contract.dueDay, pppoeLogin: contract.pppoeLogin,
      lastTrustUnlockAt: contract.lastTrustUnlockAt ? new Date(contract.lastTrustUnlockAt) : null,
      trustUnlockUntil: contract.trustUnlockUntil ? new Date(contract.trustUnlockUntil) : null,
    };
    const [before] = await tx.select({ status: contracts.status }).from(contracts)
      .where(and(eq(contracts.providerId, providerId), eq(contracts.externalRef, contract.ref)));
    await tx
      .insert(contracts)
      .values({ providerId, clientId, externalRef: contract.ref, ...values })
      .onConflictDoUpdate({ target: [contracts.providerId, contracts.externalRef], set: values });
    if (!before || before.status !== contract.status) changed = true;
  }
  return changed;
}

/** Every live conversation of the client hears that its contracts changed (the dot, Contratos). */
export async function announceClient(tx: Tx, scope: ProviderScope, emit: Emit, clientId: number) {
  const live = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(contacts, and(eq(contacts.providerId, conversations.providerId), eq(contacts.id, conversations.contactId)))
    .where(and(
      ofProvider(scope, conversations.providerId),
      sql`${conversations.situacao} <> 'finalizada'`,
      // The contact carries the link (contacts_client), and its one live conversation follows.
      eq(contacts.clientId, clientId),
    ))
    .limit(50);
  for (const { id } of live) await emitConversation(tx, scope, emit, id);
}
