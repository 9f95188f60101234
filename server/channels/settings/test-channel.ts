// "Testar conexão": asks the channel's service, now, whether Prosa can talk through this channel.
import { AppError, notFound } from '../../errors.js';
import { requireRole, type AgentScope } from '../../tenancy/scope.js';
import { telegramSettings } from '../telegram/bot-api.js';
import { DEFAULT_API_VERSION, WhatsAppConfig } from '../whatsapp/settings.js';
import { channelOf } from './channel-settings.js';
import { checkTelegram, checkWhatsApp } from './check-connection.js';

/** `apiVersion`: the server's Graph API version (WHATSAPP_API_VERSION), unless the channel names one. */
export async function testChannel(scope: AgentScope, id: string, origin: string, apiVersion = DEFAULT_API_VERSION) {
  requireRole(scope.actor, 'administrador');
  const row = await channelOf(scope, id);
  if (!row) throw notFound('Canal');
  if (row.kind === 'whatsapp') {
    const config = WhatsAppConfig.safeParse(row.config);
    const accessToken = (row.secrets as { accessToken?: string }).accessToken;
    if (!config.success || !accessToken) throw new AppError('channel_check_failed', 'Preencha o Phone number ID e o token de acesso antes de testar.');
    return checkWhatsApp({ ...config.data, apiVersion: config.data.apiVersion ?? apiVersion, accessToken });
  }
  if (row.kind === 'telegram') {
    const { apiBaseUrl, botToken } = telegramSettings(row);
    if (!botToken) throw new AppError('channel_check_failed', 'Informe o token do bot antes de testar.');
    return checkTelegram(apiBaseUrl, botToken, `${origin}/webhooks/telegram/${encodeURIComponent(row.id)}`);
  }
  return { ok: true as const, summary: 'O chat do site não depende de outro serviço: cole o <script> no site e ele funciona.' };
}
