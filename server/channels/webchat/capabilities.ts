import type { ChannelCapabilities } from '../capabilities.js';

// The visitor's page holds the conversation: answered any time, never started by the provider.
export const WEBCHAT_CAPABILITIES: ChannelCapabilities = {
  replyWindowHours: null,
  templates: false,
  startsByPhone: false,
  readReceipts: false,
  maxFileBytes: null,
};
