// One test file's WhatsApp: the harness's Prosa (real database), an app that answers the channel's
// webhooks, the job worker with the channels' own handlers, and Meta's Graph API as a stand-in on
// a port of its own; each provider's WhatsApp channel points at it.
import { afterAll } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { channels, messages } from '../../server/db/schema.js';
import { fileStorageFor } from '../../server/files/storage.js';
import { buildApp } from '../../server/http/app.js';
import { runDueJobs } from '../../server/jobs/worker.js';
import { createHarness } from './harness.js';
import { WHATSAPP_SECRETS, type ProviderFixture } from './fixtures.js';
import { createChannels } from '../../server/channels/index.js';
import { content, message, messagesPayload, metaJson, signedWebhook, statusesPayload, type MessageOptions } from '../../server/demo/whatsapp/meta-payloads.js';
import { SIGNATURE_HEADER } from '../../server/channels/whatsapp/signature.js';
import { startGraphStandIn } from '../../server/demo/whatsapp/stand-in.js';

export const PHONE_NUMBER_ID = '106540352242922';
export const APP_SECRET = WHATSAPP_SECRETS.appSecret;
export { content, message };

export async function whatsappTestbed() {
  const h = await createHarness();
  const graph = await startGraphStandIn({
    accessToken: WHATSAPP_SECRETS.accessToken,
    phoneNumberIds: [PHONE_NUMBER_ID],
    templates: [{ name: 'boas_vindas', language: 'pt_BR', params: 1 }],
  });
  const deps = { db: h.database.db, bus: h.bus, config: h.app.deps.config, storage: fileStorageFor(h.app.deps.config) };
  const channelSet = createChannels(deps);
  const app: FastifyInstance = await buildApp({ ...deps, channels: [channelSet.adapters.whatsapp!] });
  await app.ready();
  afterAll(async () => {
    await app.close();
    await graph.close();
  });

  const business = { phoneNumberId: PHONE_NUMBER_ID };

  return {
    h,
    app,
    graph: graph.standIn,
    deps,
    /** A provider whose WhatsApp number talks to the stand-in, giving up on a call after `timeoutMs`. */
    async provider(options: { timeoutMs?: number } = {}): Promise<ProviderFixture> {
      const p = await h.provider();
      await h.database.db
        .update(channels)
        .set({ config: sql`${channels.config} || ${JSON.stringify({ apiBaseUrl: graph.url, timeoutMs: options.timeoutMs ?? 1_000 })}::jsonb` })
        .where(eq(channels.id, p.channels.whatsapp));
      return p;
    },
    /** The job worker with every channel's handlers, until nothing is due; answers how many jobs ran. */
    async run() {
      let total = 0;
      for (;;) {
        const ran = await runDueJobs({ db: h.database.db, handlers: channelSet.jobHandlers });
        if (ran === 0) return total;
        total += ran;
      }
    },
    /** Retries wait with backoff: make them due now. */
    makeDue: () => h.database.db.execute(sql`UPDATE jobs SET run_at = now() WHERE done_at IS NULL`),
    /** POSTs a payload to a channel's webhook as Meta does; `signature` overrides the header. */
    async post(channelId: string, payload: unknown, options: { secret?: string; signature?: string | null } = {}) {
      const signed = signedWebhook(payload, options.secret ?? APP_SECRET);
      const headers: Record<string, string> = { ...signed.headers };
      if (options.signature === null) delete headers[SIGNATURE_HEADER];
      else if (options.signature !== undefined) headers[SIGNATURE_HEADER] = options.signature;
      const response = await app.inject({ method: 'POST', url: `/webhooks/whatsapp/${channelId}`, headers, payload: signed.body });
      return { status: response.statusCode, body: response.body };
    },
    /** A contact writes (one message of the given kind), through the webhook. */
    async contactSends(channelId: string, from: { waId: string; name?: string }, body: Record<string, unknown>, options: MessageOptions = {}) {
      const sent = message(from.waId, body, options);
      const answer = await this.post(channelId, messagesPayload(business, from, [sent]));
      if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${answer.body}`);
      return sent.id;
    },
    statuses: (statuses: Record<string, unknown>[]) => statusesPayload(business, statuses),
    messagesPayload: (from: { waId: string; name?: string }, list: Record<string, unknown>[]) => messagesPayload(business, from, list),
    metaJson,
    messageById: async (id: number) => (await h.database.db.select().from(messages).where(eq(messages.id, id)))[0],
    messageByWamid: async (wamid: string) => (await h.database.db.select().from(messages).where(eq(messages.providerMessageId, wamid)))[0],
  };
}
