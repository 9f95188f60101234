// The job that brings a contact's media in: Meta's webhook names it by id only; the job asks the
// Graph API where it is, downloads it with the number's token, keeps it (storeFile, 'receive') and
// attaches it to the message already on screen. A failure is retried with the queue's backoff; when
// the job gives up, the message says why (desk/record-media-failure.ts) and may be tried again.
import { and, eq } from 'drizzle-orm';
import { channels, files, messages } from '../../db/schema.js';
import { attachFile } from '../../desk/attach-file.js';
import { recordMediaFailure } from '../../desk/record-media-failure.js';
import { ofProvider } from '../../tenancy/scope.js';
import { AppError } from '../../errors.js';
import { MAX_FILE_BYTES } from '../../files/kinds.js';
import { thumbnailKey } from '../../files/storage.js';
import { storeFile } from '../../files/store-file.js';
import { JobFailed } from '../../jobs/queue.js';
import type { JobHandler } from '../../jobs/worker.js';
import { ChannelSendError, type ChannelDeps } from '../channel.js';
import { GraphApi } from './graph-api.js';
import type { WhatsAppMedia } from './inbound.js';
import { readSettings } from './settings.js';

export const FETCH_MEDIA = 'whatsapp_fetch_media';

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'video/mp4': 'mp4', 'video/3gpp': '3gp',
  'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'audio/amr': 'amr',
  'application/pdf': 'pdf', 'text/plain': 'txt',
};
const NAMES: Record<string, string> = { image: 'imagem', video: 'video', audio: 'audio', voice: 'audio', sticker: 'figurinha', document: 'documento' };

/** A document keeps the name the contact's phone gave it; other media get one by kind. */
export function mediaFilename(media: WhatsAppMedia & { kind: string }, messageId: number): string {
  if (media.filename?.trim()) return media.filename.trim();
  const mime = (media.mime_type ?? '').split(';')[0].trim().toLowerCase();
  return `${NAMES[media.kind] ?? 'arquivo'}-${messageId}.${EXTENSIONS[mime] ?? 'bin'}`;
}

export function fetchMediaHandler(deps: ChannelDeps): JobHandler {
  return {
    async run(job) {
      const { messageId, mediaId, filename } = job.payload as { messageId: number; mediaId: string; filename?: string };
      const scope = { db: deps.db, bus: deps.bus, providerId: job.providerId };
      const [message] = await deps.db
        .select()
        .from(messages)
        .where(and(ofProvider(scope, messages.providerId), eq(messages.id, Number(messageId))));
      if (!message) throw new JobFailed(`mensagem ${messageId} não existe`, false);
      if (message.fileId !== null) return; // fetched already

      const [channel] = await deps.db.select().from(channels).where(eq(channels.id, message.channelId));
      let settings;
      try {
        settings = readSettings(channel, deps.config.WHATSAPP_API_VERSION);
      } catch (error) {
        throw new JobFailed((error as Error).message, false);
      }
      const api = new GraphApi(settings);
      let download: { bytes: Buffer; mime: string | null };
      let declaredMime: string | null = null;
      try {
        const info = await api.mediaInfo(String(mediaId));
        declaredMime = info.mime_type ?? null;
        download = await api.download(info.url, MAX_FILE_BYTES);
      } catch (error) {
        if (error instanceof ChannelSendError) throw new JobFailed(`mídia ${mediaId}: ${error.message}`, error.retryable);
        throw error;
      }

      let stored;
      try {
        stored = await storeFile(scope, {
          storage: deps.storage,
          filename: filename ?? `arquivo-${messageId}`,
          bytes: download.bytes,
          declaredMime: declaredMime ?? download.mime,
          purpose: 'receive',
        });
      } catch (error) {
        if (error instanceof AppError) throw new JobFailed(error.message, false);
        throw error;
      }
      const attached = await attachFile(scope, { messageId: message.id, fileId: stored.id });
      if (!attached) {
        // Another run attached its copy first: this one is not needed.
        await deps.db.delete(files).where(eq(files.id, stored.id));
        await deps.storage.delete(stored.storageKey).catch(() => {});
        await deps.storage.delete(thumbnailKey(stored.storageKey)).catch(() => {});
      }
    },

    async giveUp(job, reason) {
      // The message stays, without its file; why is kept with it, and shown.
      const { messageId } = job.payload as { messageId: number };
      await recordMediaFailure({ db: deps.db, bus: deps.bus, providerId: job.providerId }, { messageId: Number(messageId), reason, fetch: { kind: job.kind, payload: job.payload as Record<string, unknown> } });
    },
  };
}
