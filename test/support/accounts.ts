// A subscriber in the built-in ERP, linked to a contact: a contract, charges (one due next month,
// one overdue), a nota fiscal. What the tests of the provider's side start from.
import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/connection.js';
import { charges, clients, contacts, contracts, conversations, notas } from '../../server/db/schema.js';
import { addDays, todayInSaoPaulo } from '../../server/isp/calendar.js';
import { nfcomAccessKey } from '../../server/isp/documents/nfcom.js';

export interface AccountFixture {
  clientId: number;
  contractId: number;
  /** Due in 20 days. */
  chargeRef: string;
  /** Due 10 days ago. */
  overdueChargeRef: string;
  notaRef: string;
}

let sequence = 0;

export async function seedAccount(
  db: Db,
  providerId: number,
  options: { contactId?: number; conversationId?: number; status?: typeof contracts.$inferInsert['status']; document?: string; phone?: string } = {},
): Promise<AccountFixture> {
  const n = ++sequence;
  const today = todayInSaoPaulo(new Date());
  const [client] = await db.insert(clients).values({
    providerId, name: `Maria Assinante ${n}`, document: options.document ?? null, phones: options.phone ? [options.phone] : [],
    email: `maria${n}@cliente.test`, address: 'Rua das Palmeiras, 100, Centro, Campinas - SP',
  }).returning();
  const [contract] = await db.insert(contracts).values({
    providerId, clientId: client.id, plan: 'Fibra 500 Mega', status: options.status ?? 'ativo', downloadMbps: 500, uploadMbps: 250,
    monthlyPriceCents: 11990, dueDay: 10, address: client.address, pppoeLogin: `maria${n}@teste`,
  }).returning();
  const [due, overdue] = await db.insert(charges).values([
    { providerId, clientId: client.id, contractId: contract.id, amountCents: 11990, dueDate: addDays(today, 20), nossoNumero: String(70000 + n * 2).padStart(11, '0'), bankCode: '237' },
    { providerId, clientId: client.id, contractId: contract.id, amountCents: 10000, dueDate: addDays(today, -10), nossoNumero: String(70001 + n * 2).padStart(11, '0'), bankCode: '237' },
  ]).returning();
  const [nota] = await db.insert(notas).values({
    providerId, clientId: client.id, contractId: contract.id, number: String(500 + n), series: '1', issuedAt: new Date(),
    amountCents: 11990, items: [{ description: 'Fibra 500 Mega', amountCents: 11990 }],
    accessKey: nfcomAccessKey({ uf: 'SP', issuedAt: today, cnpj: '11222333000181', series: 1, number: 500 + n, numericCode: 1234567 }),
  }).returning();
  if (options.conversationId) {
    // Linked as Editar conversa links: the conversation and its contact.
    const [conversation] = await db.update(conversations).set({ clientId: client.id }).where(eq(conversations.id, options.conversationId)).returning();
    await db.update(contacts).set({ clientId: client.id }).where(eq(contacts.id, conversation.contactId));
  }
  if (options.contactId) await db.update(contacts).set({ clientId: client.id }).where(eq(contacts.id, options.contactId));
  return { clientId: client.id, contractId: contract.id, chargeRef: String(due.id), overdueChargeRef: String(overdue.id), notaRef: String(nota.id) };
}
