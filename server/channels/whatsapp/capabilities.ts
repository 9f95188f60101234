import type { ChannelCapabilities } from '../capabilities.js';

// Meta's customer-service window: 24 hours from the contact's last message; outside it, and to
// write first (to a phone number), only templates approved in WhatsApp Manager.
export const WHATSAPP_CAPABILITIES: ChannelCapabilities = {
  replyWindowHours: 24,
  templates: true,
  startsByPhone: true,
  // Marking the contact's latest message read turns their ticks blue (and marks the earlier ones).
  readReceipts: true,
  maxFileBytes: null,
};
