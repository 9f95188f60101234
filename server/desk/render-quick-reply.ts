// A quick reply filled in for one conversation: {{nome}}, {{primeiro_nome}}, {{protocolo}},
// {{atendente}}. The composer shows it for editing; "Enviar mensagem rápida" sends it as is.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/connection.js';
import { clients, contacts, conversations, quickReplies } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { ConversationRow } from './records.js';
import { canSee, ofProvider, type AgentScope } from '../tenancy/scope.js';

export async function fillQuickReply(db: Executor, scope: AgentScope, conversation: ConversationRow, quickReplyId: number): Promise<string> {
  const [reply] = await db
    .select({ body: quickReplies.body })
    .from(quickReplies)
    .where(and(ofProvider(scope, quickReplies.providerId), eq(quickReplies.id, quickReplyId), eq(quickReplies.active, true)));
  if (!reply) throw notFound('Resposta rápida');
  const [contact] = await db.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, conversation.contactId));
  let name = contact.name;
  if (conversation.clientId) {
    const [client] = await db.select({ name: clients.name }).from(clients).where(eq(clients.id, conversation.clientId));
    if (client) name = client.name;
  }
  const values: Record<string, string> = {
    nome: name,
    primeiro_nome: name.split(/\s+/)[0],
    protocolo: conversation.protocolo,
    atendente: scope.actor.name,
  };
  return reply.body.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}

export async function renderQuickReply(scope: AgentScope, input: { conversationId: number; quickReplyId: number }) {
  const [conversation] = await scope.db
    .select()
    .from(conversations)
    .where(and(ofProvider(scope, conversations.providerId), eq(conversations.id, input.conversationId)));
  if (!conversation || !canSee(scope.actor, conversation)) throw notFound('Conversa');
  return { body: await fillQuickReply(scope.db, scope, conversation, input.quickReplyId) };
}

