// An agent writes in a conversation: a reply to the contact (stored as pending and queued for its
// channel), or an internal note only agents see. Quick replies are filled in here.
import { and, eq, sql } from 'drizzle-orm';
import { clients, contacts, conversations, messages, quickReplies } from '../db/schema.js';
import type { Tx } from '../db/connection.js';
import { AppError, notFound } from '../errors.js';
import { emitConversation, lockConversation, preview, queueOutbound, requireOpen, toMessageView } from './records.js';
import { ofProvider, requireResponsavel, type AgentScope } from './scope.js';
import { inTransaction } from './unit-of-work.js';

export type SendInput =
  | { conversationId: number; kind: 'text'; body: string }
  | { conversationId: number; kind: 'note'; body: string }
  | { conversationId: number; kind: 'quick_reply'; quickReplyId: number };

export async function sendMessage(scope: AgentScope, input: SendInput) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    requireOpen(conversation);

    if (input.kind === 'note') {
      const [note] = await tx
        .insert(messages)
        .values({
          providerId: scope.providerId,
          conversationId: conversation.id,
          contactId: conversation.contactId,
          channelId: conversation.channelId,
          direction: 'internal',
          authorKind: 'agent',
          authorUserId: scope.actor.userId,
          type: 'note',
          body: input.body,
        })
        .returning();
      emit({ type: 'message.created', sectorId: conversation.sectorId, conversationId: conversation.id, payload: { message: toMessageView(note) } });
      return toMessageView(note);
    }

    if (conversation.situacao !== 'chat') {
      throw new AppError('not_responsavel', 'Assuma a conversa antes de responder ao contato.');
    }
    requireResponsavel(scope.actor, conversation);
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, conversation.contactId));
    if (contact.blocked) throw new AppError('contact_blocked', 'Este contato está bloqueado.');

    let body: string;
    if (input.kind === 'quick_reply') {
      const [reply] = await tx
        .select()
        .from(quickReplies)
        .where(and(ofProvider(scope, quickReplies.providerId), eq(quickReplies.id, input.quickReplyId), eq(quickReplies.active, true)));
      if (!reply) throw notFound('Resposta rápida');
      body = await fillVariables(tx, reply.body, { scope, conversation, contactName: contact.name });
    } else {
      body = input.body;
    }

    const message = await queueOutbound(tx, scope, emit, {
      conversation,
      authorKind: 'agent',
      authorUserId: scope.actor.userId,
      type: 'text',
      body,
    });
    await tx
      .update(conversations)
      .set({
        unreadCount: 0,
        firstResponseAt: sql`COALESCE(${conversations.firstResponseAt}, ${message.createdAt.toISOString()}::timestamptz)`,
        lastMessagePreview: preview(message.type, message.body),
      })
      .where(eq(conversations.id, conversation.id));
    await emitConversation(tx, scope, emit, conversation.id);
    return toMessageView(message);
  });
}

/** {{nome}}, {{primeiro_nome}}, {{protocolo}}, {{atendente}}: what a quick reply may say. */
async function fillVariables(
  tx: Tx,
  body: string,
  { scope, conversation, contactName }: { scope: AgentScope; conversation: typeof conversations.$inferSelect; contactName: string },
) {
  let name = contactName;
  if (conversation.clientId) {
    const [client] = await tx.select({ name: clients.name }).from(clients).where(eq(clients.id, conversation.clientId));
    if (client) name = client.name;
  }
  const values: Record<string, string> = {
    nome: name,
    primeiro_nome: name.split(/\s+/)[0],
    protocolo: conversation.protocolo,
    atendente: scope.actor.name,
  };
  return body.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}
