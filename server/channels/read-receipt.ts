// Telling the contact an agent read their messages (desk/mark-read.ts queues it): the channel marks
// the latest message read. It is a courtesy: a refusal (the message too old, unknown to the
// service) is given up quietly; a channel without read receipts has nothing to do.
import { and, eq } from 'drizzle-orm';
import { SEND_READ_RECEIPT } from '../desk/mark-read.js';
import { channels, messages } from '../db/schema.js';
import { JobFailed } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/worker.js';
import { ChannelSendError, type ChannelAdapter, type ChannelDeps, type ChannelKind } from './channel.js';

export { SEND_READ_RECEIPT };

export function readReceiptHandler(deps: ChannelDeps, adapters: Partial<Record<ChannelKind, ChannelAdapter>>): JobHandler {
  return {
    async run(job) {
      const messageId = Number((job.payload as { messageId?: unknown }).messageId);
      const [message] = await deps.db
        .select()
        .from(messages)
        .where(and(eq(messages.providerId, job.providerId), eq(messages.id, messageId)));
      if (!message?.providerMessageId) return;
      const [channel] = await deps.db.select().from(channels).where(eq(channels.id, message.channelId));
      const adapter = channel && adapters[channel.kind];
      if (!adapter?.markRead) return;
      try {
        await adapter.markRead(channel, message.providerMessageId);
      } catch (error) {
        if (error instanceof ChannelSendError) throw new JobFailed(error.message, error.retryable, error.retryAfterMs);
        throw error;
      }
    },
  };
}
