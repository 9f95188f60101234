// The job that brings a contact's photo, video, voice or document from Telegram: getFile tells where
// the bytes are, they are downloaded, kept with storeFile and attached to the message already shown.
// Retried with the queue's backoff, then given up as WhatsApp's job is: the message says why.
import { basename } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { channels, messages } from '../../db/schema.js';
import { attachFile } from '../../desk/attach-file.js';
import { recordMediaFailure } from '../../desk/record-media-failure.js';
import { ofProvider } from '../../tenancy/scope.js';
import { AppError } from '../../errors.js';
import { storeFile } from '../../files/store-file.js';
import { JobFailed } from '../../jobs/queue.js';
import type { JobHandler } from '../../jobs/worker.js';
import { ChannelSendError, type ChannelDeps } from '../channel.js';
import { BotApi, telegramSettings, type TelegramFile, type Timeouts } from './bot-api.js';

export const FETCH_TELEGRAM_MEDIA = 'telegram_fetch_media';

const Payload = z.object({
  messageId: z.number().int(),
  /** Telegram's file_id. */
  fileId: z.string().min(1),
  /** What the message said of the file, when it did (documents, audio, videos). */
  filename: z.string().nullish(),
  mime: z.string().nullish(),
});
export type FetchMediaPayload = z.infer<typeof Payload>;

export function fetchMediaHandler(deps: ChannelDeps, timeouts: Timeouts): JobHandler {
  return {
    async run(job) {
      const payload = Payload.safeParse(job.payload);
      if (!payload.success) throw new JobFailed('pedido de download inválido', false);
      const { messageId, fileId, filename, mime } = payload.data;
      const scope = { db: deps.db, bus: deps.bus, providerId: job.providerId };
      const [message] = await deps.db
        .select()
        .from(messages)
        .where(and(ofProvider(scope, messages.providerId), eq(messages.id, messageId)));
      if (!message) throw new JobFailed(`mensagem ${messageId} não existe`, false);
      if (message.fileId !== null) return; // an earlier run got it
      const [channel] = await deps.db.select().from(channels).where(eq(channels.id, message.channelId));

      try {
        const api = new BotApi(telegramSettings(channel), timeouts);
        const file = await api.call<TelegramFile>('getFile', { file_id: fileId });
        if (!file.file_path) throw new JobFailed('o Telegram não informou onde baixar o arquivo', false);
        const bytes = await api.download(file.file_path);
        const stored = await storeFile(scope, {
          storage: deps.storage,
          filename: filename || basename(file.file_path),
          bytes,
          declaredMime: mime,
          purpose: 'receive',
        });
        await attachFile(scope, { messageId, fileId: stored.id });
      } catch (error) {
        // "Bad Request: file is too big" (over the 20 MB bots may download) will not change.
        if (error instanceof ChannelSendError && /file is too big/i.test(error.message)) {
          throw new JobFailed('o arquivo passa de 20 MB, o máximo que o Telegram deixa um robô baixar', false);
        }
        if (error instanceof ChannelSendError) throw new JobFailed(`Mídia do Telegram: ${error.message}`, error.retryable, error.retryAfterMs);
        if (error instanceof AppError) throw new JobFailed(error.message, false);
        throw error;
      }
    },

    async giveUp(job, reason) {
      // As WhatsApp's: the message stays without its file, says why, and may be tried again.
      const payload = Payload.safeParse(job.payload);
      if (!payload.success) return;
      await recordMediaFailure({ db: deps.db, bus: deps.bus, providerId: job.providerId }, { messageId: payload.data.messageId, reason, fetch: { kind: job.kind, payload: payload.data } });
    },
  };
}
