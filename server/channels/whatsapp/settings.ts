// A WhatsApp channel's settings: what channels.config and channels.secrets hold for one number on
// Meta's WhatsApp Cloud API. (Its approved templates are in config too: see desk/reply-window.ts.)
import { z } from 'zod';
import type { ChannelRow } from '../channel.js';

export const DEFAULT_API_BASE_URL = 'https://graph.facebook.com';
/**
 * The Graph API version Prosa calls when neither the channel nor WHATSAPP_API_VERSION names one:
 * the newest Meta has released (v27.0, 4 Nov 2026); v21.0, the one before, is retired on 21 Jan 2027.
 */
export const DEFAULT_API_VERSION = 'v27.0';
export const API_VERSION_PATTERN = /^v\d+\.\d+$/;

export const WhatsAppConfig = z.object({
  /** The number's id in Meta's API (WhatsApp Manager > API Setup), not the phone number itself. */
  phoneNumberId: z.string().min(1),
  /** The WhatsApp Business Account (WABA) the number belongs to: where its templates are listed. */
  businessAccountId: z.string().regex(/^\d{5,30}$/).optional(),
  /** What we asked Meta to send back in its verification handshake. */
  verifyToken: z.string().min(1),
  /** Meta's Graph API; tests and the demo point it at a stand-in. */
  apiBaseUrl: z.string().url().default(DEFAULT_API_BASE_URL),
  /** This channel's Graph API version; when left out, the server's (WHATSAPP_API_VERSION, or DEFAULT_API_VERSION). */
  apiVersion: z.string().regex(API_VERSION_PATTERN).optional(),
  /** How long a call to the API may take before it counts as failed and is retried later. */
  timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
});

export const WhatsAppSecrets = z.object({
  /** The Meta app's secret: signs every webhook (X-Hub-Signature-256). */
  appSecret: z.string().min(1),
  /** A permanent (system user) access token with whatsapp_business_messaging. */
  accessToken: z.string().min(1),
});

export type WhatsAppSettings = z.infer<typeof WhatsAppConfig> & z.infer<typeof WhatsAppSecrets> & { apiVersion: string };

/**
 * The channel's settings, or a readable reason why they are incomplete. `apiVersion`: the server's
 * default Graph API version (config WHATSAPP_API_VERSION), used when the channel names none.
 */
export function readSettings(channel: Pick<ChannelRow, 'id' | 'config' | 'secrets'>, apiVersion = DEFAULT_API_VERSION): WhatsAppSettings {
  const config = WhatsAppConfig.safeParse(channel.config ?? {});
  const secrets = WhatsAppSecrets.safeParse(channel.secrets ?? {});
  if (!config.success || !secrets.success) {
    const issues = [...(config.error?.issues ?? []), ...(secrets.error?.issues ?? [])].map((i) => i.path.join('.') || i.message);
    throw new Error(`O canal ${channel.id} não está configurado para o WhatsApp (faltam ou são inválidos: ${issues.join(', ')}).`);
  }
  return { ...config.data, ...secrets.data, apiVersion: config.data.apiVersion ?? apiVersion, apiBaseUrl: config.data.apiBaseUrl.replace(/\/+$/, '') };
}
