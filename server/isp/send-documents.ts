// Enviar boleto / Enviar notas fiscais: the ERP makes the documents, the subscriber receives them on
// the conversation's own channel — each PDF as a document, and for a boleto the linha digitável and
// the PIX copia-e-cola each in a message of its own, so that a long press on a phone copies just it.
import { AppError } from '../errors.js';
import type { FileStorage } from '../files/storage.js';
import { storeFile, type StoredFile } from '../files/store-file.js';
import { emitConversation, lockConversation, queueOutbound, recordEvent, toMessageView } from '../desk/records.js';
import { markAnswered, requireReplyable } from '../desk/send-message.js';
import { requireWindowOpen } from '../desk/reply-window.js';
import { inTransaction } from '../desk/unit-of-work.js';
import type { AgentScope } from '../tenancy/scope.js';
import { formatDay } from './calendar.js';
import { formatLinha } from './documents/boleto.js';
import { formatBRL } from './documents/money.js';
import type { ErpBoleto } from './erp.js';
import { erpOf } from './erp-of.js';
import { conversationClient, refOf } from './linked-client.js';

interface Outgoing {
  filename: string;
  pdf: Buffer;
  caption: string;
  texts: string[];
}

export interface SendBoletosInput {
  conversationId: number;
  chargeRefs: string[];
}

export async function sendBoletos(scope: AgentScope, storage: FileStorage, input: SendBoletosInput) {
  const { client } = await preflight(scope, input.conversationId);
  const erp = await erpOf(scope.db, scope.providerId);
  const open = new Set((await erp.client.openCharges(refOf(client))).map((c) => c.ref));
  // Only the linked client's own charges: a ref of someone else's is as good as unknown.
  const unknown = input.chargeRefs.find((ref) => !open.has(ref));
  if (unknown) throw new AppError('not_found', `Cobrança ${unknown} não encontrada entre as cobranças em aberto deste cliente.`);
  const outgoing: Outgoing[] = [];
  for (const ref of input.chargeRefs) {
    const boleto = await erp.client.boleto(ref);
    outgoing.push({ filename: boleto.filename, pdf: boleto.pdf, ...boletoTexts(boleto) });
  }
  return deliver(scope, storage, input.conversationId, outgoing, 'boleto_sent', {
    charges: outgoing.map((o, i) => ({ ref: input.chargeRefs[i], linhaDigitavel: formatLinha(o.texts[1]) })),
  });
}

/**
 * What the subscriber reads of a boleto, whoever sends it (an agent's Ação, the bot's 2ª via): a
 * caption, then the linha digitável and the PIX copia e cola each alone, so a long press copies just it.
 */
export function boletoTexts(boleto: ErpBoleto): { caption: string; texts: string[] } {
  const { charge } = boleto;
  const texts = [`Linha digitável do boleto de ${formatBRL(charge.amountDueTodayCents)}:`, boleto.linhaDigitavel];
  if (boleto.pixCopiaECola) texts.push('PIX copia e cola:', boleto.pixCopiaECola);
  const caption = charge.status === 'vencido'
    ? `Boleto atualizado para hoje: ${formatBRL(charge.amountDueTodayCents)} (vencido em ${formatDay(charge.dueDate)})`
    : `Boleto de ${formatBRL(charge.amountDueTodayCents)} com vencimento em ${formatDay(charge.dueDate)}`;
  return { caption, texts };
}

export interface SendNotasInput {
  conversationId: number;
  notaRefs: string[];
}

export async function sendNotas(scope: AgentScope, storage: FileStorage, input: SendNotasInput) {
  const { client } = await preflight(scope, input.conversationId);
  const erp = await erpOf(scope.db, scope.providerId);
  const mine = new Set((await erp.client.notas(refOf(client))).map((n) => n.ref));
  const unknown = input.notaRefs.find((ref) => !mine.has(ref));
  if (unknown) throw new AppError('not_found', `Nota fiscal ${unknown} não encontrada entre as notas deste cliente.`);
  const outgoing: Outgoing[] = [];
  for (const ref of input.notaRefs) {
    const { nota, filename, pdf } = await erp.client.notaDocument(ref);
    outgoing.push({
      filename, pdf, texts: [],
      caption: `Nota fiscal ${nota.number} (série ${nota.series}) de ${formatDay(nota.issuedAt)}: ${formatBRL(nota.amountCents)}`,
    });
  }
  return deliver(scope, storage, input.conversationId, outgoing, 'notas_sent', {
    notas: input.notaRefs,
  });
}

/** Refused before asking the ERP anything: the same checks the sending transaction makes again. */
async function preflight(scope: AgentScope, conversationId: number) {
  const linked = await conversationClient(scope, conversationId);
  const { window } = await requireReplyable(scope.db, scope, linked.conversation);
  requireWindowOpen(window);
  return linked;
}

async function deliver(
  scope: AgentScope, storage: FileStorage, conversationId: number, outgoing: Outgoing[],
  event: 'boleto_sent' | 'notas_sent', data: Record<string, unknown>,
) {
  const stored: StoredFile[] = [];
  for (const o of outgoing) {
    stored.push(await storeFile(scope, { storage, filename: o.filename, bytes: o.pdf, uploadedBy: scope.actor.userId }));
  }
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, conversationId);
    const { window } = await requireReplyable(tx, scope, conversation);
    // Outside WhatsApp's 24-hour window only a template may go: the agent is offered one instead.
    requireWindowOpen(window);
    const sent = [];
    for (const [i, o] of outgoing.entries()) {
      const file = stored[i];
      sent.push({ message: await queueOutbound(tx, scope, emit, { conversation, authorKind: 'agent', authorUserId: scope.actor.userId, type: 'file', body: o.caption, file }), file });
      for (const text of o.texts) {
        sent.push({ message: await queueOutbound(tx, scope, emit, { conversation, authorKind: 'agent', authorUserId: scope.actor.userId, type: 'text', body: text }), file: null });
      }
    }
    await markAnswered(tx, conversation.id, sent[sent.length - 1].message);
    await recordEvent(tx, scope, conversation.id, event, scope.actor.userId, data);
    await emitConversation(tx, scope, emit, conversation.id);
    return { messages: sent.map(({ message, file }) => toMessageView(message, file)) };
  });
}
