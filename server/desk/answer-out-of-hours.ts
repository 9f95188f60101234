// A subscriber writing while the desk is closed gets the out-of-hours message, once per conversation
// per closed period (the period's start is kept on the message, and a second one for it is not sent),
// unless an agent is attending the conversation.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { messages } from '../db/schema.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { queueAutomaticMessage } from './automatic-message.js';
import { closedSince } from './business-hours.js';
import { chatSettingsOf, type ChatSettings } from './chat-settings.js';
import type { ConversationRow } from './records.js';
import type { Emit } from './unit-of-work.js';

/**
 * Answers whether the desk is closed now (then the subscriber has been told so, once per closed period).
 * `at`: when the subscriber wrote (the message's time), the clock the desk's hours are read by;
 * `known`: the provider's settings when the caller read them in the same transaction already.
 */
export async function answerOutOfHours(
  tx: Tx, scope: ProviderScope, emit: Emit, conversation: ConversationRow, at: Date, known?: ChatSettings,
): Promise<boolean> {
  // An agent attending it after hours is there to answer: telling the subscriber nobody is would be false.
  if (conversation.situacao === 'chat') return false;
  const settings = known ?? await chatSettingsOf(tx, scope.providerId);
  const period = closedSince(settings, at);
  if (period === null) return false;
  if (settings.outOfHoursMessage === '') return true;
  // The conversation row is locked (receive-message): two messages at once cannot both pass this check.
  const [answered] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), sql`${messages.meta}->>'outOfHoursSince' = ${period}`))
    .limit(1);
  if (answered) return true;
  await queueAutomaticMessage(tx, scope, emit, conversation, { text: settings.outOfHoursMessage, meta: { outOfHoursSince: period } });
  return true;
}
