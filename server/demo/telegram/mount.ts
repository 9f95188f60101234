// The demo's Telegram: no bot of its own, so a stand-in of the Bot API is mounted inside Prosa
// (under /_demo/telegram); once the port is known the demo channel points at it and its webhook
// is set, as setWebhook would, so that POST /_demo/telegram/_control/bot<token>/updates makes a
// contact write.
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { channels } from '../../db/schema.js';
import { registerTelegramStandIn } from './stand-in.js';

export const DEMO_CHANNEL_ID = 'demo-telegram';
export const DEMO_TELEGRAM_PREFIX = '/_demo/telegram';

/** Before app.ready(): mounts the stand-in for the demo channel's own token. */
export async function mountDemoTelegram(app: FastifyInstance, db: Db) {
  const [channel] = await db.select().from(channels).where(eq(channels.id, DEMO_CHANNEL_ID));
  const secrets = (channel?.secrets ?? {}) as { botToken?: string; webhookSecret?: string };
  const standIn = await registerTelegramStandIn(app, { prefix: DEMO_TELEGRAM_PREFIX, tokens: secrets.botToken ? [secrets.botToken] : [] });
  return {
    standIn,
    /** After listen: `baseUrl` is where this instance answers (http://127.0.0.1:3000). */
    async connect(baseUrl: string) {
      if (!channel || !secrets.botToken) return;
      await db
        .update(channels)
        .set({ config: sql`${channels.config} || ${JSON.stringify({ apiBaseUrl: `${baseUrl}${DEMO_TELEGRAM_PREFIX}` })}::jsonb` })
        .where(eq(channels.id, DEMO_CHANNEL_ID));
      await fetch(`${baseUrl}${DEMO_TELEGRAM_PREFIX}/bot${secrets.botToken}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${baseUrl}/webhooks/telegram/${DEMO_CHANNEL_ID}`, secret_token: secrets.webhookSecret }),
      });
    },
  };
}
