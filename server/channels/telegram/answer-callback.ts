// The job that answers a button pressed: until the bot calls answerCallbackQuery, Telegram keeps the
// button loading on the subscriber's screen. Queued with the message the press became, so that a
// press stored is a press answered, once — whichever instance is up when it runs.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { channels, messages } from '../../db/schema.js';
import { ofProvider } from '../../tenancy/scope.js';
import { JobFailed } from '../../jobs/queue.js';
import type { JobHandler } from '../../jobs/worker.js';
import { ChannelSendError, type ChannelDeps } from '../channel.js';
import { BotApi, telegramSettings, type Timeouts } from './bot-api.js';

export const ANSWER_CALLBACK_QUERY = 'telegram_answer_callback';

const Payload = z.object({
  messageId: z.number().int(),
  callbackQueryId: z.string().min(1),
});
export type AnswerCallbackPayload = z.infer<typeof Payload>;

export function answerCallbackHandler(deps: ChannelDeps, timeouts: Timeouts): JobHandler {
  return {
    async run(job) {
      const payload = Payload.safeParse(job.payload);
      if (!payload.success) throw new JobFailed('pedido de resposta ao botão inválido', false);
      const { messageId, callbackQueryId } = payload.data;
      const [row] = await deps.db
        .select({ channel: channels })
        .from(messages)
        .innerJoin(channels, eq(channels.id, messages.channelId))
        .where(and(ofProvider({ providerId: job.providerId }, messages.providerId), eq(messages.id, messageId)));
      if (!row) throw new JobFailed(`mensagem ${messageId} não existe`, false);
      try {
        await new BotApi(telegramSettings(row.channel), timeouts).call('answerCallbackQuery', { callback_query_id: callbackQueryId });
      } catch (error) {
        // "query is too old" (the subscriber's app gave up waiting) will not change.
        if (error instanceof ChannelSendError) throw new JobFailed(`Botão do Telegram: ${error.message}`, error.retryable, error.retryAfterMs);
        throw error;
      }
    },
  };
}
