// The bot's durable work, registered with the other modules' in main.ts.
import type { Db } from '../db/connection.js';
import type { Bus } from '../events/bus.js';
import type { JobHandlers } from '../jobs/registry.js';
import { answerSubscriber } from './answer-subscriber.js';
import { closeUnanswered } from './close-unanswered.js';
import { BOT_ANSWER, BOT_TIMEOUT } from './state.js';

export function botJobHandlers({ db, bus }: { db: Db; bus: Bus }, now?: () => Date): JobHandlers {
  return {
    [BOT_ANSWER]: {
      run: async (job) => {
        await answerSubscriber({ db, bus, providerId: job.providerId }, job.payload as { conversationId: number; messageId: number | null }, now);
      },
    },
    [BOT_TIMEOUT]: {
      run: async (job) => {
        await closeUnanswered({ db, bus, providerId: job.providerId }, job.payload as { conversationId: number; seq: number });
      },
    },
  };
}
