import type { ChannelCapabilities } from '../capabilities.js';

// A bot may answer a chat any time, but cannot write to someone who never wrote to it.
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  replyWindowHours: null,
  templates: false,
  startsByPhone: false,
  // The Bot API has no read receipts.
  readReceipts: false,
  // Bots upload files of up to 50 MB (Bot API, sending files).
  maxFileBytes: 50 * 1024 * 1024,
};
