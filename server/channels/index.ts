// The channels Prosa speaks. Each is one folder; list its adapter here.
import type { JobHandlers } from '../jobs/registry.js';
import type { ChannelAdapter, ChannelDeps, ChannelKind } from './channel.js';
import { DELIVER_MESSAGE, deliveryHandler } from './delivery.js';
import { readReceiptHandler, SEND_READ_RECEIPT } from './read-receipt.js';
import { createWhatsAppAdapter } from './whatsapp/adapter.js';
import { createWebchatAdapter } from './webchat/adapter.js';
import { createTelegramAdapter } from './telegram/adapter.js';

export interface Channels {
  adapters: Partial<Record<ChannelKind, ChannelAdapter>>;
  /** Every kind of job the channels need run: delivery and read receipts, plus each channel's own. */
  jobHandlers: JobHandlers;
}

export function createChannels(deps: ChannelDeps): Channels {
  const list: ChannelAdapter[] = [createTelegramAdapter(deps)];
  list.push(createWebchatAdapter(deps));
  list.push(createWhatsAppAdapter(deps));
  const adapters: Channels['adapters'] = Object.fromEntries(list.map((adapter) => [adapter.kind, adapter]));
  const jobHandlers: JobHandlers = { [DELIVER_MESSAGE]: deliveryHandler(deps, adapters), [SEND_READ_RECEIPT]: readReceiptHandler(deps, adapters) };
  for (const adapter of list) Object.assign(jobHandlers, adapter.jobHandlers ?? {});
  return { adapters, jobHandlers };
}
