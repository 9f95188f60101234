// A quick reply filled in for one conversation: {{cliente.nome}}, {{cliente.primeiro_nome}},
// {{atendente.nome}}, {{protocolo}}, {{contrato.plano}} (api/quick-replies.ts). The composer shows it
// for editing; "Enviar mensagem rápida" sends it as is. Only a reply the agent may use is filled in,
// and its attachment comes along (the agent may read it: findVisibleFile).
// The automatic messages of Configurações do chat are filled in by the same function.
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Executor } from '../db/connection.js';
import { clients, contacts, contracts, conversations, quickReplies } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { findFile } from '../files/read-file.js';
import type { FileRow, FileView } from '../files/file-view.js';
import type { ConversationRow } from './records.js';
import { canSee, ofProvider, type AgentScope, type ProviderScope } from '../tenancy/scope.js';
import { usableBy } from './quick-reply-scope.js';
import { variableOf, VARIABLE_PATTERN, type QuickReplyVariable } from '../../api/quick-replies.js';

export async function fillQuickReply(
  db: Executor, scope: AgentScope, conversation: ConversationRow, quickReplyId: number,
): Promise<{ body: string; file: (FileRow & { view: FileView }) | null }> {
  const [reply] = await db
    .select({ body: quickReplies.body, fileId: quickReplies.fileId })
    .from(quickReplies)
    .where(and(ofProvider(scope, quickReplies.providerId), eq(quickReplies.id, quickReplyId), eq(quickReplies.active, true), usableBy(scope.actor)));
  if (!reply) throw notFound('Resposta rápida');
  const body = await fillVariables(db, scope, conversation, reply.body, { agentName: scope.actor.name, unlinkedPlan: 'refuse' });
  return { body, file: reply.fileId === null ? null : await findFile(db, scope, reply.fileId) };
}

/**
 * A text with the quick replies' variables filled in for a conversation: a quick reply, or the
 * greeting, closing and out-of-hours messages Prosa sends by itself. `unlinkedPlan`: an agent is told
 * the conversation has no client for {{contrato.plano}}; an automatic message leaves it blank.
 */
export async function fillVariables(
  db: Executor, scope: ProviderScope, conversation: ConversationRow, text: string,
  options: { agentName: string; unlinkedPlan: 'refuse' | 'blank' },
): Promise<string> {
  const used = new Set([...text.matchAll(VARIABLE_PATTERN)].map((m) => variableOf(m[1])));
  if (used.size === 0) return text;
  const [contact] = await db.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, conversation.contactId));
  let name = contact.name;
  if (conversation.clientId) {
    const [client] = await db.select({ name: clients.name }).from(clients).where(eq(clients.id, conversation.clientId));
    if (client) name = client.name;
  }
  const plan = !used.has('contrato.plano') ? ''
    : conversation.clientId === null && options.unlinkedPlan === 'blank' ? '' : await plans(db, scope, conversation.clientId);
  const values: Record<QuickReplyVariable, string> = {
    'cliente.nome': name,
    'cliente.primeiro_nome': name.split(/\s+/)[0],
    'atendente.nome': options.agentName,
    protocolo: conversation.protocolo,
    'contrato.plano': plan,
  };
  return text.replace(VARIABLE_PATTERN, (whole, name: string) => {
    const variable = variableOf(name);
    return variable ? values[variable] : whole;
  });
}

/** The plans of the linked client's contracts still in force, as the ERP last told. */
async function plans(db: Executor, scope: ProviderScope, clientId: number | null): Promise<string> {
  if (clientId === null) {
    throw new AppError('client_not_linked', 'Esta resposta usa o plano do contrato, e a conversa ainda não está vinculada a um cliente.');
  }
  const rows = await db.select({ plan: contracts.plan }).from(contracts)
    .where(and(ofProvider(scope, contracts.providerId), eq(contracts.clientId, clientId), ne(contracts.status, 'cancelado')))
    .orderBy(asc(contracts.id));
  return [...new Set(rows.map((r) => r.plan))].join(', ');
}

export async function renderQuickReply(scope: AgentScope, input: { conversationId: number; quickReplyId: number }) {
  const [conversation] = await scope.db
    .select()
    .from(conversations)
    .where(and(ofProvider(scope, conversations.providerId), eq(conversations.id, input.conversationId)));
  if (!conversation || !canSee(scope.actor, conversation)) throw notFound('Conversa');
  const { body, file } = await fillQuickReply(scope.db, scope, conversation, input.quickReplyId);
  return { body, file: file?.view ?? null };
}
