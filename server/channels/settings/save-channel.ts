// Canais: an administrator creates and edits the provider's channels from the screen. WhatsApp keeps
// the number's id with its token and app secret (write-only) and gets a verify token of its own;
// Telegram needs only the bot's token — Prosa checks it and sets the bot's webhook with a secret it
// makes; the web chat keeps its colour, greeting and the sites allowed to embed it.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { channels } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { requireRole, type AgentScope } from '../../tenancy/scope.js';
import { telegramSettings } from '../telegram/bot-api.js';
import { DEFAULT_API_BASE_URL as WHATSAPP_API } from '../whatsapp/settings.js';
import { DEFAULT_API_BASE_URL as TELEGRAM_API } from '../telegram/bot-api.js';
import { channelOf, channelSettingsView } from './channel-settings.js';
import { connectTelegram } from './check-connection.js';
import type { ChannelChanges, NewChannelInput } from '../../../api/shapes.js';

/** Where new channels' APIs are: Meta's and Telegram's, or the demo's stand-ins. */
export interface ChannelApis {
  whatsapp?: string;
  telegram?: string;
}

export interface SaveContext {
  /** Where Prosa answers: the webhooks' and the widget's addresses start here. */
  origin: string;
  apis?: ChannelApis;
}

const newId = (kind: string) => `${kind}-${randomBytes(5).toString('hex')}`;
const webhookOf = (origin: string, kind: 'telegram', id: string) => `${origin}/webhooks/${kind}/${encodeURIComponent(id)}`;

export async function createChannel(scope: AgentScope, input: z.infer<typeof NewChannelInput>, context: SaveContext) {
  requireRole(scope.actor, 'administrador');
  const id = newId(input.kind);
  let config: Record<string, unknown>;
  let secrets: Record<string, unknown> = {};
  if (input.kind === 'whatsapp') {
    config = { phoneNumberId: input.phoneNumberId, ...(input.businessAccountId ? { businessAccountId: input.businessAccountId } : {}), verifyToken: randomBytes(16).toString('hex'), apiBaseUrl: context.apis?.whatsapp ?? WHATSAPP_API };
    secrets = { accessToken: input.accessToken, appSecret: input.appSecret };
  } else if (input.kind === 'telegram') {
    const apiBaseUrl = context.apis?.telegram ?? TELEGRAM_API;
    const { botUsername, webhookSecret } = await connectTelegram(apiBaseUrl, input.botToken, webhookOf(context.origin, 'telegram', id));
    config = { apiBaseUrl, botUsername };
    secrets = { botToken: input.botToken, webhookSecret };
  } else {
    config = { color: input.color, greeting: input.greeting, allowedOrigins: input.allowedOrigins.map((o) => o.replace(/\/+$/, '')) };
  }
  const [row] = await scope.db.insert(channels).values({ id, providerId: scope.providerId, kind: input.kind, name: input.name, config, secrets }).returning();
  return channelSettingsView(row, context.origin);
}

const FIELDS = {
  whatsapp: ['phoneNumberId', 'businessAccountId', 'accessToken', 'appSecret'],
  telegram: ['botToken'],
  webchat: ['color', 'greeting', 'allowedOrigins'],
} as const;

export async function updateChannel(scope: AgentScope, id: string, changes: z.infer<typeof ChannelChanges>, context: SaveContext) {
  requireRole(scope.actor, 'administrador');
  const row = await channelOf(scope, id);
  if (!row) throw notFound('Canal');
  const { name, active, ...fields } = changes;
  const given = Object.entries(fields).filter(([, value]) => value !== undefined).map(([key]) => key);
  const foreign = given.filter((key) => !(FIELDS[row.kind] as readonly string[]).includes(key));
  if (foreign.length > 0) throw new AppError('validation_failed', `Campos que não são de um canal ${row.kind}: ${foreign.join(', ')}.`);
  if (name === undefined && active === undefined && given.length === 0) throw new AppError('validation_failed', 'Nada para alterar.');

  const config = { ...(row.config as Record<string, unknown>) };
  const secrets = { ...(row.secrets as Record<string, unknown>) };
  if (row.kind === 'whatsapp') {
    if (fields.phoneNumberId !== undefined) config.phoneNumberId = fields.phoneNumberId;
    if (fields.businessAccountId !== undefined) config.businessAccountId = fields.businessAccountId;
    if (fields.accessToken !== undefined) secrets.accessToken = fields.accessToken;
    if (fields.appSecret !== undefined) secrets.appSecret = fields.appSecret;
  } else if (row.kind === 'telegram' && fields.botToken !== undefined) {
    // A new token is a new bot (or a regenerated one): point it at Prosa again, with a new secret.
    const { apiBaseUrl } = telegramSettings(row);
    const { botUsername, webhookSecret } = await connectTelegram(apiBaseUrl, fields.botToken, webhookOf(context.origin, 'telegram', row.id));
    Object.assign(config, { botUsername });
    Object.assign(secrets, { botToken: fields.botToken, webhookSecret });
  } else if (row.kind === 'webchat') {
    if (fields.color !== undefined) config.color = fields.color;
    if (fields.greeting !== undefined) config.greeting = fields.greeting;
    if (fields.allowedOrigins !== undefined) config.allowedOrigins = fields.allowedOrigins.map((o) => o.replace(/\/+$/, ''));
  }
  const [updated] = await scope.db.update(channels)
    .set({ ...(name !== undefined ? { name } : {}), ...(active !== undefined ? { active } : {}), config, secrets })
    .where(eq(channels.id, row.id))
    .returning();
  return channelSettingsView(updated, context.origin);
}
