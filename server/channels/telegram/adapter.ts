// Telegram, through a bot of the provider's own (BotFather): each channel row holds its bot token
// and webhook secret (channels.secrets) and, for a stand-in, another API address (channels.config).
import type { ChannelAdapter, ChannelDeps } from '../channel.js';
import { ANSWER_CALLBACK_QUERY, answerCallbackHandler } from './answer-callback.js';
import { BotApi, telegramSettings, type Timeouts } from './bot-api.js';
import { FETCH_TELEGRAM_MEDIA, fetchMediaHandler } from './fetch-media.js';
import { sendToTelegram } from './send.js';
import { registerTelegramWebhook } from './webhook.js';

export interface TelegramOptions {
  /** How long a method call may take before it counts as failed and is retried (default 15 s). */
  timeoutMs?: number;
  /** The same for uploading or downloading a file (default 2 min). */
  transferTimeoutMs?: number;
}

export function createTelegramAdapter(deps: ChannelDeps, options: TelegramOptions = {}): ChannelAdapter {
  const timeouts: Timeouts = { callMs: options.timeoutMs ?? 15_000, transferMs: options.transferTimeoutMs ?? 120_000 };
  return {
    kind: 'telegram',
    send: async (outgoing) => sendToTelegram(new BotApi(telegramSettings(outgoing.channel), timeouts), outgoing),
    registerRoutes: (app) => registerTelegramWebhook(app, deps),
    jobHandlers: {
      [FETCH_TELEGRAM_MEDIA]: fetchMediaHandler(deps, timeouts),
      [ANSWER_CALLBACK_QUERY]: answerCallbackHandler(deps, timeouts),
    },
  };
}
