// POST /webhooks/telegram/:channelId: Telegram posts every Update of the channel's bot here, with
// the secret_token given to setWebhook in X-Telegram-Bot-Api-Secret-Token. Answered at once — a
// webhook that does not get a 2xx is posted again — and media is fetched, or a pressed button
// answered, afterwards by a job.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { channels } from '../../db/schema.js';
import { receiveMessage } from '../../desk/receive-message.js';
import { reactToMessage } from '../../desk/react-to-message.js';
import { reviseInboundMessage } from '../../desk/revise-inbound-message.js';
import type { ProviderScope } from '../../tenancy/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { ChannelDeps } from '../channel.js';
import { telegramSettings } from './bot-api.js';
import { ANSWER_CALLBACK_QUERY, type AnswerCallbackPayload } from './answer-callback.js';
import { FETCH_TELEGRAM_MEDIA, type FetchMediaPayload } from './fetch-media.js';
import { readUpdate, UpdateShape, type MediaToFetch } from './updates.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export function registerTelegramWebhook(app: FastifyInstance, deps: ChannelDeps) {
  app.withTypeProvider<ZodTypeProvider>().post('/webhooks/telegram/:channelId', {
    schema: {
      tags: ['webhooks'],
      summary: "Telegram: one Update of the channel's bot (setWebhook with this URL and a secret_token)",
      params: z.object({ channelId: z.string().min(1).max(200) }),
    },
  }, async (request) => {
    const channel = await findTelegramChannel(deps, request.params.channelId);
    if (!secretMatches(request.headers[SECRET_HEADER], webhookSecretOf(channel))) {
      throw new AppError('webhook_unauthenticated', 'X-Telegram-Bot-Api-Secret-Token ausente ou incorreto.');
    }
    const update = UpdateShape.safeParse(request.body);
    if (!update.success) {
      const issue = update.error.issues[0];
      throw new AppError('validation_failed', `Update do Telegram inválido — ${issue.path.join('.')}: ${issue.message}`);
    }

    const read = readUpdate(update.data);
    // Answered 200 all the same: Telegram would post what it was refused again and again.
    if (read.kind === 'ignored') {
      request.log.info({ channelId: channel.id, updateId: update.data.update_id, reason: read.reason }, 'telegram update ignored');
      return { status: 'ignored' as const };
    }
    const scope: ProviderScope = { db: deps.db, bus: deps.bus, providerId: channel.providerId };
    if (read.kind === 'edit' || read.kind === 'reaction') {
      const outcome = read.kind === 'edit'
        ? await reviseInboundMessage(scope, { channelId: channel.id, providerMessageId: read.providerMessageId, change: { edited: read.body } })
        : await reactToMessage(scope, { channelId: channel.id, providerMessageId: read.providerMessageId, emoji: read.emoji });
      if (outcome === 'unknown') {
        request.log.info({ channelId: channel.id, updateId: update.data.update_id, kind: read.kind }, 'telegram update for a message Prosa does not have; ignored');
        return { status: 'ignored' as const };
      }
      return { status: read.kind === 'edit' ? 'edited' as const : 'reacted' as const };
    }
    const followUp = read.media ? mediaFetch(read.media) : read.callbackQueryId ? callbackAnswer(read.callbackQueryId) : undefined;
    const result = await receiveMessage(scope, { channelId: channel.id, ...read.inbound, followUp });
    if (result.status === 'blocked') return { status: 'blocked' as const };
    return { status: result.status, messageId: result.messageId, conversationId: result.conversationId };
  });
}

async function findTelegramChannel(deps: ChannelDeps, channelId: string) {
  const [channel] = await deps.db
    .select()
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.kind, 'telegram'), eq(channels.active, true)));
  if (!channel) throw notFound('Canal');
  return channel;
}

function webhookSecretOf(channel: typeof channels.$inferSelect): string | null {
  try {
    return telegramSettings(channel).webhookSecret;
  } catch {
    return null; // a channel set up wrong takes no webhooks
  }
}

/** Constant time: hashing first makes both sides the same length, whatever was sent. */
function secretMatches(given: string | string[] | undefined, expected: string | null): boolean {
  if (!expected || typeof given !== 'string' || given === '') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function mediaFetch(media: MediaToFetch) {
  const payload = (messageId: number): FetchMediaPayload => ({ messageId, fileId: media.fileId, filename: media.filename, mime: media.mime });
  return { kind: FETCH_TELEGRAM_MEDIA, payload };
}

function callbackAnswer(callbackQueryId: string) {
  const payload = (messageId: number): AnswerCallbackPayload => ({ messageId, callbackQueryId });
  return { kind: ANSWER_CALLBACK_QUERY, payload };
}
