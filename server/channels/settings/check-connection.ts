// Asking the channel's service whether the credentials work, in the administrator's words: Meta for
// a WhatsApp number (GET /{phone-number-id}), Telegram for a bot (getMe, then setWebhook with a
// secret Prosa makes). A "no" from them becomes channel_check_failed with what to fix.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../errors.js';
import { ChannelSendError } from '../channel.js';
import { BotApi } from '../telegram/bot-api.js';
import { ALLOWED_UPDATES } from '../telegram/updates.js';
import { GraphApi } from '../whatsapp/graph-api.js';
import { WhatsAppConfig, type WhatsAppSettings } from '../whatsapp/settings.js';

const CHECK_TIMEOUT_MS = 8_000;

export function explain(error: unknown, service: 'Meta' | 'Telegram'): never {
  if (!(error instanceof ChannelSendError)) throw error;
  const code = error.code ?? '';
  const why =
    code === '190' ? 'A Meta recusou o token de acesso (inválido ou expirado). Gere um token permanente de usuário do sistema com a permissão whatsapp_business_messaging.'
    : code === '100' ? 'A Meta não encontrou este Phone number ID para este token. Confira o número em WhatsApp Manager > Configuração da API.'
    : code === 'telegram_401' ? 'O Telegram recusou o token do bot. Copie de novo o token que o @BotFather deu (ou gere outro com /token).'
    : `${service === 'Meta' ? 'A Meta' : 'O Telegram'} respondeu: ${error.message}`;
  throw new AppError('channel_check_failed', why);
}

/** The number as Meta knows it, or why not. */
export async function checkWhatsApp(settings: Pick<WhatsAppSettings, 'phoneNumberId' | 'accessToken' | 'apiBaseUrl' | 'apiVersion'>) {
  const api = new GraphApi({ ...WhatsAppConfig.parse({ phoneNumberId: settings.phoneNumberId, verifyToken: '-', apiBaseUrl: settings.apiBaseUrl }), apiVersion: settings.apiVersion, appSecret: '-', accessToken: settings.accessToken, timeoutMs: CHECK_TIMEOUT_MS });
  try {
    const number = await api.phoneNumber();
    const name = number.verified_name ? ` (${number.verified_name})` : '';
    const quality = number.quality_rating ? `, qualidade ${number.quality_rating}` : '';
    return { ok: true as const, summary: `Conectado ao número ${number.display_phone_number ?? settings.phoneNumberId}${name}${quality}.` };
  } catch (error) {
    return explain(error, 'Meta');
  }
}

/** Checks the bot's token and points its webhook at Prosa with a new secret; answers the bot's @username and that secret. */
export async function connectTelegram(apiBaseUrl: string, botToken: string, webhookUrl: string) {
  const api = new BotApi({ apiBaseUrl, botToken, webhookSecret: null }, { callMs: CHECK_TIMEOUT_MS, transferMs: CHECK_TIMEOUT_MS });
  try {
    const bot = await api.call<{ username?: string }>('getMe', {});
    const webhookSecret = randomBytes(24).toString('base64url');
    await api.call('setWebhook', { url: webhookUrl, secret_token: webhookSecret, allowed_updates: ALLOWED_UPDATES });
    return { botUsername: bot.username ?? null, webhookSecret };
  } catch (error) {
    return explain(error, 'Telegram');
  }
}

/** getMe and getWebhookInfo: is the bot still this Prosa's? */
export async function checkTelegram(apiBaseUrl: string, botToken: string, webhookUrl: string) {
  const api = new BotApi({ apiBaseUrl, botToken, webhookSecret: null }, { callMs: CHECK_TIMEOUT_MS, transferMs: CHECK_TIMEOUT_MS });
  try {
    const bot = await api.call<{ username?: string }>('getMe', {});
    const info = await api.call<{ url?: string; last_error_message?: string }>('getWebhookInfo', {});
    if (info.url !== webhookUrl) {
      throw new AppError('channel_check_failed', `O bot @${bot.username} entrega as mensagens em outro endereço (${info.url || 'nenhum'}). Salve o token de novo para apontá-lo para o Prosa.`);
    }
    const lastError = info.last_error_message ? ` Último erro do Telegram ao entregar: ${info.last_error_message}.` : '';
    return { ok: true as const, summary: `Conectado ao bot @${bot.username}; as mensagens chegam em ${webhookUrl}.${lastError}` };
  } catch (error) {
    if (error instanceof AppError) throw error;
    return explain(error, 'Telegram');
  }
}
