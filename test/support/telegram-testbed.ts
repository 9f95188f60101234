// What the Telegram tests share: the stand-in of the Bot API on a port of its own (real HTTP),
// Prosa's app with the Telegram adapter, a provider's channel pointed at the stand-in, and the
// job worker's handlers. The timeout is short so that a hang is found out in a test's time, and
// long enough that a machine busy with other tests does not take a slow answer for a hang.
import { afterAll } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { channels, messages } from '../../server/db/schema.js';
import { fileStorageFor } from '../../server/files/storage.js';
import { buildApp } from '../../server/http/app.js';
import { JOBS_CHANNEL } from '../../server/jobs/queue.js';
import { runDueJobs, type JobHandler } from '../../server/jobs/worker.js';
import type { Harness } from './harness.js';
import type { ProviderFixture } from './fixtures.js';
import type { ChannelDeps } from '../../server/channels/channel.js';
import { DELIVER_MESSAGE, deliveryHandler } from '../../server/channels/delivery.js';
import { createTelegramAdapter } from '../../server/channels/telegram/adapter.js';
import { startTelegramStandIn } from '../../server/demo/telegram/stand-in.js';

export const TIMEOUT_MS = 2_000;

export interface Bot {
  channelId: string;
  token: string;
  botId: number;
  secret: string;
}

export async function telegramTestBed(h: Harness) {
  const server = await startTelegramStandIn();
  // What the workers hear: the kinds of job queued, as each transaction commits.
  const queued: string[] = [];
  const unlisten = await h.database.listen(JOBS_CHANNEL, (kind) => void queued.push(kind));
  const config = h.app.deps.config;
  const deps: ChannelDeps = { db: h.database.db, bus: h.bus, config, storage: fileStorageFor(config) };
  const adapter = createTelegramAdapter(deps, { timeoutMs: TIMEOUT_MS, transferTimeoutMs: 5_000 });
  const app = await buildApp({ db: h.database.db, bus: h.bus, config, channels: [adapter] });
  await app.ready();
  afterAll(async () => {
    await unlisten();
    await app.close();
    await server.close();
  });

  /** Handlers as createChannels makes them, with this bed's short timeouts. */
  const handlers: Record<string, JobHandler> = { [DELIVER_MESSAGE]: deliveryHandler(deps, { telegram: adapter }), ...adapter.jobHandlers };

  return {
    app,
    deps,
    standIn: server.standIn,
    url: server.url,
    handlers,
    queued: () => [...queued],

    /** The provider's Telegram channel, with a bot of its own at the stand-in. */
    async connect(p: ProviderFixture): Promise<Bot> {
      const botId = 7_000_000 + p.providerId;
      const bot = { channelId: p.channels.telegram, token: `${botId}:AAH-${p.slug}-token`, botId, secret: `segredo-${p.slug}` };
      server.standIn.addBot(bot.token);
      await h.database.db
        .update(channels)
        .set({ config: { apiBaseUrl: server.url }, secrets: { botToken: bot.token, webhookSecret: bot.secret } })
        .where(eq(channels.id, bot.channelId));
      return bot;
    },

    /** Telegram posting an Update to the channel's webhook. */
    post(channelId: string, update: object, secret: string | null) {
      return app.inject({
        method: 'POST',
        url: `/webhooks/telegram/${channelId}`,
        headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
        payload: update,
      });
    },

    /** One pass of the worker over what is due. */
    runJobs(using = handlers) {
      return runDueJobs({ db: h.database.db, handlers: using });
    },

    /** Runs jobs until none is due (a conversation's protocol message, earlier tests' leftovers). */
    async settle(using = handlers) {
      while ((await runDueJobs({ db: h.database.db, handlers: using })) > 0);
    },

    /** Waits no longer for the backoff of failed jobs. */
    makeDue: () => h.database.db.execute(sql`UPDATE jobs SET run_at = now() WHERE done_at IS NULL`),

    message: async (id: number) => (await h.database.db.select().from(messages).where(eq(messages.id, id)))[0],
  };
}

export type TelegramTestBed = Awaited<ReturnType<typeof telegramTestBed>>;
