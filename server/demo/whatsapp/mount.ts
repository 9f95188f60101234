// The demo's WhatsApp: no Meta account, so the Graph API stand-in is mounted inside Prosa (under
// /_demo/graph) and the demo channel is pointed at it once the port is known. Replies then go out
// for real over HTTP, show in GET /_demo/graph/_sent, and come back as sent -> delivered -> read,
// reported to the channel's webhook and signed as Meta signs them.
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { channels } from '../../db/schema.js';
import { GraphStandIn, type ListedTemplate } from './stand-in.js';

export const DEMO_CHANNEL_ID = 'demo-whatsapp';
export const DEMO_GRAPH_PREFIX = '/_demo/graph';

/** Before app.ready(): mounts the stand-in, taking the demo channel's own token. */
export async function mountDemoGraph(app: FastifyInstance, db: Db): Promise<{ standIn: GraphStandIn; connect(baseUrl: string): Promise<void> }> {
  const [channel] = await db.select().from(channels).where(eq(channels.id, DEMO_CHANNEL_ID));
  const secrets = (channel?.secrets ?? {}) as { accessToken?: string; appSecret?: string };
  const config = (channel?.config ?? {}) as { phoneNumberId?: string; businessAccountId?: string; templates?: { name: string; language: string; body: string; params: number }[] };
  const standIn = new GraphStandIn({
    accessToken: secrets.accessToken ?? 'demo-access-token',
    phoneNumberIds: config.phoneNumberId ? [config.phoneNumberId] : undefined,
    // Only the channel's templates go, in their language and with their parameters, as at Meta.
    templates: config.templates?.map(({ name, language, params }) => ({ name, language, params })),
    // The demo's account at Meta: the templates the channel starts with, approved, and one still in review.
    businessAccounts: config.businessAccountId ? { [config.businessAccountId]: demoAccountTemplates(config.templates ?? []) } : undefined,
  });
  await standIn.register(app, DEMO_GRAPH_PREFIX);
  return {
    standIn,
    /** After listen: `baseUrl` is where this instance answers (http://127.0.0.1:3000). */
    async connect(baseUrl: string) {
      if (!channel) return;
      await db
        .update(channels)
        .set({ config: sql`${channels.config} || ${JSON.stringify({ apiBaseUrl: `${baseUrl}${DEMO_GRAPH_PREFIX}` })}::jsonb` })
        .where(eq(channels.id, DEMO_CHANNEL_ID));
      if (secrets.appSecret) standIn.statusWebhook = { url: `${baseUrl}/webhooks/whatsapp/${DEMO_CHANNEL_ID}`, appSecret: secrets.appSecret, delayMs: 1500 };
    },
  };
}

function demoAccountTemplates(approved: { name: string; language: string; body: string }[]): ListedTemplate[] {
  return [
    ...approved.map((t): ListedTemplate => ({
      name: t.name, language: t.language, status: 'APPROVED', category: 'UTILITY', parameter_format: 'POSITIONAL', components: [{ type: 'BODY', text: t.body }],
    })),
    {
      name: 'oferta_upgrade', language: 'pt_BR', status: 'PENDING', category: 'MARKETING', parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Olá {{1}}! Que tal dobrar a sua velocidade pelo mesmo preço neste mês?' }],
    },
  ];
}
