// What the subscriber solves with the bot alone: being identified by CPF/CNPJ (the contact is linked
// to the client, as Editar conversa > Vincular cliente does), the 2ª via of the open boletos, and the
// desbloqueio em confiança under the same rules as the agents' Ação.
import { and, asc, eq } from 'drizzle-orm';
import { clients, contacts, contracts, conversations } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordEvent } from '../desk/records.js';
import { formatLinha } from '../isp/documents/boleto.js';
import { normalizeTaxId, taxIdKind } from '../isp/documents/tax-id.js';
import { erpOf } from '../isp/erp-of.js';
import { applyBonus, lockContract } from '../isp/grant-bonus.js';
import { refOf, resolveClient, type ClientRow } from '../isp/linked-client.js';
import { boletoTexts } from '../isp/send-documents.js';
import { say, type Turn } from './turn.js';
import { sameRow } from '../tenancy/scope.js';

/** At most this many boletos go in one 2ª via; the oldest first. */
const MAX_BOLETOS = 3;

/** The client the conversation (or its contact) is linked to, if any. */
export async function linkedClient(turn: Turn): Promise<ClientRow | null> {
  const { tx, scope, conversation } = turn;
  let clientId = conversation.clientId;
  if (clientId === null) {
    const [contact] = await tx.select({ clientId: contacts.clientId }).from(contacts).where(eq(contacts.id, conversation.contactId));
    clientId = contact?.clientId ?? null;
  }
  if (clientId === null) return null;
  const [client] = await tx.select().from(clients).where(and(eq(clients.providerId, scope.providerId), eq(clients.id, clientId)));
  return client ?? null;
}

/** Whether the text reads as a CPF or CNPJ (check digits included). */
export const looksLikeTaxId = (text: string) => taxIdKind(text.trim()) !== null;

/** Finds the client by CPF/CNPJ in the provider's ERP and links the contact and the conversation to them. */
export async function identify(turn: Turn, text: string): Promise<ClientRow | null> {
  const { tx, scope, conversation } = turn;
  const erp = await erpOf(tx, scope.providerId, turn.now);
  const [found] = await erp.client.findClients({ document: normalizeTaxId(text) }, 1);
  if (!found) return null;
  const client = await resolveClient(scope, found.ref, erp, tx);
  // The number now belongs to this client: its next attendances come linked.
  await tx.update(contacts).set({ clientId: client.id }).where(eq(contacts.id, conversation.contactId));
  await tx.update(conversations).set({ clientId: client.id, contractId: null }).where(sameRow(conversations, conversation));
  conversation.clientId = client.id;
  await recordEvent(tx, scope, conversation.id, 'client_linked', null, { clientId: client.id, name: client.name, by: 'bot' });
  return client;
}

/** 2ª via do boleto: each open charge's linha digitável and PIX copia e cola, as the agents' Ação sends them. */
export async function sendSegundaVia(turn: Turn, client: ClientRow) {
  const { tx, scope, conversation } = turn;
  const erp = await erpOf(tx, scope.providerId, turn.now);
  const open = await erp.client.openCharges(refOf(client));
  if (open.length === 0) {
    await say(turn, 'Não há boletos em aberto no seu cadastro. 😊');
    return;
  }
  const charges = open.slice(0, MAX_BOLETOS);
  if (open.length > charges.length) {
    await say(turn, `Você tem ${open.length} boletos em aberto; seguem os ${charges.length} mais antigos. Para os demais, fale com um atendente.`);
  }
  const sent = [];
  for (const charge of charges) {
    const boleto = await erp.client.boleto(charge.ref);
    const { caption, texts } = boletoTexts(boleto);
    await say(turn, caption);
    for (const text of texts) await say(turn, text);
    sent.push({ ref: charge.ref, linhaDigitavel: formatLinha(boleto.linhaDigitavel) });
  }
  await recordEvent(tx, scope, conversation.id, 'boleto_sent', null, { charges: sent, by: 'bot' });
}

/** Desbloqueio em confiança of the client's contract blocked for late payment, if the provider's rules allow it now. */
export async function unlockInTrust(turn: Turn, client: ClientRow) {
  const { tx, scope, conversation } = turn;
  const [blocked] = await tx.select({ id: contracts.id }).from(contracts)
    .where(and(eq(contracts.providerId, scope.providerId), eq(contracts.clientId, client.id), eq(contracts.status, 'bloqueado_atraso')))
    .orderBy(asc(contracts.id))
    .limit(1);
  if (!blocked) {
    await say(turn, 'Não encontrei contrato bloqueado por atraso no seu cadastro. Se o seu acesso está com problema, escolha falar com um atendente.');
    return;
  }
  const contract = await lockContract(tx, scope, client.id, blocked.id);
  if (!contract || contract.status !== 'bloqueado_atraso') return;
  try {
    await applyBonus(tx, scope, turn.emit, {
      conversation, clientId: client.id, contract, request: { kind: 'desbloqueio_confianca' }, tell: true, by: { kind: 'bot' }, now: turn.now,
    });
  } catch (error) {
    // The provider's rules said no (once per period): the subscriber hears why, in the same words an agent sees.
    if (error instanceof AppError && error.code === 'bonus_not_allowed') await say(turn, error.message);
    else throw error;
  }
}
