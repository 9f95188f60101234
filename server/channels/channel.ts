// What every channel is to the rest of Prosa: it turns its provider's webhooks into
// `receiveMessage` / `updateMessageStatus` calls (its own routes), and sends a stored message.
// A new channel is one folder that implements this and is listed in ./index.ts.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { channels, messages } from '../db/schema.js';
import type { FileRow } from '../files/file-view.js';
import type { FileStorage } from '../files/storage.js';
import type { JobHandlers } from '../jobs/registry.js';
import type { Bus } from '../events/bus.js';

export type ChannelKind = (typeof channels.$inferSelect)['kind'];
export type ChannelRow = typeof channels.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

export interface OutgoingMessage {
  channel: ChannelRow;
  /** How the channel knows the contact (WhatsApp wa_id, Telegram chat id, web-chat visitor id). */
  recipient: string;
  message: MessageRow;
  /** The channel's id of the message this one answers (an agent's "Responder"), when it has one. */
  replyTo?: string | null;
  file: { row: FileRow; bytes(): Promise<Buffer> } | null;
  /** Records the id of one part of a message sent in several (see ./parts.ts) as soon as it went. */
  partSent?(providerMessageId: string): Promise<void>;
}

/**
 * A send the channel refused or could not complete. `retryable`: timeouts, connection errors,
 * 5xx and rate limits; not 4xx, which would fail the same way again. `retryAfterMs`: how long the
 * service asked us to wait (Telegram's retry_after), instead of the queue's own backoff.
 */
export class ChannelSendError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly code?: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

/** What a channel's routes and jobs get to work with. */
export interface ChannelDeps {
  db: Db;
  bus: Bus;
  config: Config;
  storage: FileStorage;
}

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** Sends one message; answers the channel's own id for it (statuses come back with it). */
  send(outgoing: OutgoingMessage): Promise<{ providerMessageId: string }>;
  /** Marks a message the contact sent as read by the business (channels with readReceipts). */
  markRead?(channel: ChannelRow, providerMessageId: string): Promise<void>;
  /** The channel's webhooks and endpoints (under /webhooks/<kind>/ or /webchat/). */
  registerRoutes?(app: FastifyInstance): void | Promise<void>;
  /** Jobs of the channel's own (e.g. fetching an inbound media file), by kind. */
  jobHandlers?: JobHandlers;
}
