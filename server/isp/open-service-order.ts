// Novo atendimento: a service order for the linked client (and one of its contracts), opened in the
// ERP from the conversation; its protocolo is posted in the conversation.
import { and, eq } from 'drizzle-orm';
import { contracts } from '../db/schema.js';
import { notFound } from '../errors.js';
import { emitConversation, lockConversation, queueOutbound, recordEvent, requireOpen, toMessageView } from '../desk/records.js';
import { requireReplyable } from '../desk/send-message.js';
import { inTransaction } from '../desk/unit-of-work.js';
import { messages } from '../db/schema.js';
import type { AgentScope } from '../tenancy/scope.js';
import { erpOf } from './erp-of.js';
import { conversationClient, refOf } from './linked-client.js';

export interface OpenServiceOrderInput {
  conversationId: number;
  contractId: number | null;
  type: string;
  subject: string;
  description: string;
}

export async function openServiceOrder(scope: AgentScope, input: OpenServiceOrderInput) {
  const { client } = await conversationClient(scope, input.conversationId);
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    requireOpen(conversation);
    const { window } = await requireReplyable(tx, scope, conversation);
    let contractRef: string | null = null;
    if (input.contractId !== null) {
      const [contract] = await tx.select().from(contracts)
        .where(and(eq(contracts.providerId, scope.providerId), eq(contracts.id, input.contractId), eq(contracts.clientId, client.id)));
      if (!contract) throw notFound('Contrato');
      contractRef = refOf(contract);
    }
    const erp = await erpOf(tx, scope.providerId);
    const order = await erp.client.openServiceOrder({
      clientRef: refOf(client), contractRef, type: input.type, subject: input.subject, description: input.description,
      conversationProtocolo: conversation.protocolo,
      context: { conversationId: conversation.id, userId: scope.actor.userId, sectorId: conversation.sectorId },
    });
    const text = `Abrimos a ordem de serviço ${order.protocolo} (${order.subject}). Guarde este número para acompanhar o atendimento.`;
    // Outside WhatsApp's window the protocolo stays in the conversation as a note for the agents.
    const message = window.open
      ? await queueOutbound(tx, scope, emit, { conversation, authorKind: 'agent', authorUserId: scope.actor.userId, type: 'text', body: text })
      : (await tx.insert(messages).values({
        providerId: scope.providerId, conversationId: conversation.id, contactId: conversation.contactId, channelId: conversation.channelId,
        direction: 'internal', authorKind: 'agent', authorUserId: scope.actor.userId, type: 'note', body: text,
      }).returning())[0];
    if (message.direction === 'internal') {
      emit({ type: 'message.created', sectorId: conversation.sectorId, conversationId: conversation.id, payload: { message: toMessageView(message) } });
    }
    await recordEvent(tx, scope, conversation.id, 'service_order_opened', scope.actor.userId, {
      protocolo: order.protocolo, ref: order.ref, type: order.type, subject: order.subject, contractId: input.contractId,
    });
    await emitConversation(tx, scope, emit, conversation.id);
    return { serviceOrder: order, message: toMessageView(message) };
  });
}
