// Where the bot is with one conversation (conversations.bot_state), and the jobs that move it on.
// The bot's work runs as durable jobs on the same queue as deliveries: one answer per message the
// subscriber sends, in order, and one timeout per question asked.
import { z } from 'zod';
import type { Tx } from '../db/connection.js';
import { enqueue } from '../jobs/queue.js';
import type { ProviderScope } from '../tenancy/scope.js';

export const BotStateShape = z.object({
  /** What the bot asked last: the CPF/CNPJ, or a choice of the menu. */
  step: z.enum(['identify', 'menu']),
  /** An option chosen before the subscriber was identified: it runs once they are. */
  pending: z.string().nullable(),
  /** Invalid answers in a row. */
  invalid: z.number().int(),
  /** Counts the bot's questions: a timeout belongs to the question it was set for. */
  seq: z.number().int(),
  /** The last message of the subscriber the bot answered: a job run twice answers once. */
  handledMessageId: z.number().int(),
});
export type BotState = z.infer<typeof BotStateShape>;

export function readState(raw: unknown): BotState | null {
  const parsed = BotStateShape.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export const BOT_ANSWER = 'bot.answer';
export const BOT_TIMEOUT = 'bot.timeout';

/**
 * The bot answers a message of the subscriber (or starts talking, with `messageId` null), after the
 * transaction that stored it commits. One conversation's answers run one after another.
 */
export async function queueBotAnswer(tx: Tx, scope: ProviderScope, conversationId: number, messageId: number | null) {
  await enqueue(tx, {
    providerId: scope.providerId,
    kind: BOT_ANSWER,
    payload: { conversationId, messageId },
    orderingKey: `bot:${conversationId}`,
    ...(messageId !== null ? { dedupeKey: `${BOT_ANSWER}:${messageId}` } : {}),
  });
}

export async function queueBotTimeout(tx: Tx, scope: ProviderScope, conversationId: number, seq: number, runAt: Date) {
  await enqueue(tx, { providerId: scope.providerId, kind: BOT_TIMEOUT, payload: { conversationId, seq }, runAt });
}
