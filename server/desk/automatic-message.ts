// What Prosa says by itself in a conversation (greeting, closing, out of hours): the provider's text
// (or the bot's words) with the quick replies' variables filled in, queued through the same outbound path as an agent's reply.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { providers, users } from '../db/schema.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { queueOutbound, type ConversationRow } from './records.js';
import { fillVariables } from './render-quick-reply.js';
import type { Emit } from './unit-of-work.js';

export async function queueAutomaticMessage(
  tx: Tx, scope: ProviderScope, emit: Emit, conversation: ConversationRow,
  input: { text: string; agentName?: string; meta?: Record<string, unknown>; authorKind?: 'system' | 'bot' },
) {
  const body = await fillVariables(tx, scope, conversation, input.text, {
    agentName: input.agentName ?? (await speakerOf(tx, scope, conversation)),
    unlinkedPlan: 'blank',
  });
  return queueOutbound(tx, scope, emit, { conversation, authorKind: input.authorKind ?? 'system', authorUserId: null, type: 'text', body, meta: input.meta ?? null });
}

/** {{atendente.nome}} when no agent is acting: the conversation's responsável, else the provider itself. */
async function speakerOf(tx: Tx, scope: ProviderScope, conversation: ConversationRow): Promise<string> {
  if (conversation.responsavelId !== null) {
    const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, conversation.responsavelId));
    if (user) return user.name;
  }
  const [provider] = await tx.select({ name: providers.name }).from(providers).where(eq(providers.id, scope.providerId));
  return provider.name;
}
