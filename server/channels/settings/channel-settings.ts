// The Canais screen's view of a channel: what an administrator needs to connect it (the callback URL
// and verify token to paste in Meta's panel, the bot's name, the widget's <script> line), never a
// secret — secrets are write-only, shown only as "set".
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { channels } from '../../db/schema.js';
import { templatesOf } from '../../desk/reply-window.js';
import { ofProvider, requireRole, type AgentScope } from '../../tenancy/scope.js';
import type { ChannelRow } from '../channel.js';
import type { ChannelSettingsShape } from '../../../api/shapes.js';

export type ChannelSettings = z.infer<typeof ChannelSettingsShape>;

export const DEFAULT_WEBCHAT_COLOR = '#0f766e';
export const DEFAULT_WEBCHAT_GREETING = 'Olá! Como podemos ajudar?';

const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);

/** One channel as the screen shows it; `origin` is where Prosa answers (PUBLIC_URL or the request's). */
export function channelSettingsView(row: ChannelRow, origin: string): ChannelSettings {
  const config = (row.config ?? {}) as Record<string, unknown>;
  const secrets = (row.secrets ?? {}) as Record<string, unknown>;
  const base = { id: row.id, name: row.name, active: row.active };
  if (row.kind === 'whatsapp') {
    return {
      ...base, kind: 'whatsapp',
      phoneNumberId: text(config.phoneNumberId), businessAccountId: typeof config.businessAccountId === 'string' ? config.businessAccountId : null,
      verifyToken: text(config.verifyToken),
      callbackUrl: `${origin}/webhooks/whatsapp/${encodeURIComponent(row.id)}`,
      accessTokenSet: Boolean(secrets.accessToken), appSecretSet: Boolean(secrets.appSecret),
      templates: templatesOf(row),
    };
  }
  if (row.kind === 'telegram') {
    return {
      ...base, kind: 'telegram', botUsername: typeof config.botUsername === 'string' ? config.botUsername : null,
      webhookUrl: `${origin}/webhooks/telegram/${encodeURIComponent(row.id)}`, botTokenSet: Boolean(secrets.botToken),
    };
  }
  return {
    ...base, kind: 'webchat',
    color: text(config.color, DEFAULT_WEBCHAT_COLOR), greeting: text(config.greeting, DEFAULT_WEBCHAT_GREETING),
    allowedOrigins: Array.isArray(config.allowedOrigins) ? config.allowedOrigins.filter((o): o is string => typeof o === 'string') : [],
    script: `<script src="${origin}/widget.js" data-channel="${row.id}" async></script>`,
  };
}

export async function listChannelSettings(scope: AgentScope, origin: string) {
  requireRole(scope.actor, 'administrador');
  const rows = await scope.db.select().from(channels).where(ofProvider(scope, channels.providerId)).orderBy(asc(channels.name));
  return rows.map((row) => channelSettingsView(row, origin));
}

/** The provider's channel, locked for a change (another provider's is as good as unknown). */
export async function channelOf(scope: AgentScope, id: string) {
  const [row] = await scope.db.select().from(channels).where(eq(channels.id, id));
  return row && row.providerId === scope.providerId ? row : null;
}
