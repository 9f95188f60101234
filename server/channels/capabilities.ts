// What each channel can do, declared by the channel as data (its folder's capabilities.ts) and read
// by the desk, which never asks which channel it is. A leaf module: it imports only those records.
import type { channels } from '../db/schema.js';
import { TELEGRAM_CAPABILITIES } from './telegram/capabilities.js';
import { WEBCHAT_CAPABILITIES } from './webchat/capabilities.js';
import { WHATSAPP_CAPABILITIES } from './whatsapp/capabilities.js';

export interface ChannelCapabilities {
  /**
   * Hours after the contact's last message on the channel during which the business may write
   * freely; outside it only an approved template goes. `null`: no such window.
   */
  replyWindowHours: number | null;
  /** Whether the channel has templates approved by its provider (in the channel's config). */
  templates: boolean;
  /** Whether the business may write first to someone who never wrote on it, by phone number. */
  startsByPhone: boolean;
  /** Whether the contact is told when an agent read their messages (WhatsApp's blue ticks). */
  readReceipts: boolean;
  /** The largest file the channel takes from us, when smaller than what Prosa accepts at all (a WhatsApp document). */
  maxFileBytes: number | null;
}

const CAPABILITIES: Record<(typeof channels.$inferSelect)['kind'], ChannelCapabilities> = {
  whatsapp: WHATSAPP_CAPABILITIES,
  telegram: TELEGRAM_CAPABILITIES,
  webchat: WEBCHAT_CAPABILITIES,
};

export function capabilitiesOf(channel: { kind: keyof typeof CAPABILITIES }): ChannelCapabilities {
  return CAPABILITIES[channel.kind];
}
