// The web chat: a widget on the provider's own site (widget/), talking to /webchat/... A reply is
// "sent" when it is handed to the visitor: pushed to their open streams on this instance, and
// visible in their history (GET messages) from then on, even if they were away. The widget then
// reports it delivered or read.
import type { ChannelAdapter, ChannelDeps } from '../channel.js';
import { toMessageView } from '../../desk/records.js';
import { registerWidgetAssets } from './assets.js';
import { DEFAULT_LIMITS, registerWebchatRoutes, type WebchatLimits } from './routes.js';
import { VisitorStreams } from './streams.js';
import { toVisitorMessage } from './visitor-messages.js';

export interface WebchatOptions {
  /**
   * How often each visitor's stream reads the feed for events committed by other instances.
   * Default: every 2 s when instances share live events (REDIS_URL), never otherwise.
   */
  pollMs?: number;
  limits?: Partial<WebchatLimits>;
}

export function createWebchatAdapter(deps: ChannelDeps, options: WebchatOptions = {}): ChannelAdapter {
  // Streams live where the routes do: a process without them has no visitor to push to.
  let streams: VisitorStreams | undefined;
  return {
    kind: 'webchat',

    async send({ channel, recipient, message, file }) {
      const view = toVisitorMessage(channel.id, { ...toMessageView(message, file?.row), status: 'sent' }, message.meta);
      if (view) streams?.push({ providerId: channel.providerId, channelId: channel.id, visitorId: recipient }, view);
      return { providerMessageId: `webchat:${message.id}` };
    },

    async registerRoutes(app) {
      streams = new VisitorStreams({
        db: deps.db,
        bus: deps.bus,
        pollMs: options.pollMs ?? (deps.config.REDIS_URL ? 2_000 : 0),
        log: app.log,
      });
      streams.listen();
      // Open streams would keep the server from closing.
      app.addHook('preClose', async () => streams?.close());
      registerWidgetAssets(app);
      await registerWebchatRoutes(app, {
        db: deps.db,
        bus: deps.bus,
        storage: deps.storage,
        streams,
        limits: {
          ...DEFAULT_LIMITS,
          visitorBytesPerHour: deps.config.WEBCHAT_UPLOAD_MB_PER_VISITOR_HOUR * 1024 * 1024,
          channelBytesPerHour: deps.config.WEBCHAT_UPLOAD_MB_PER_CHANNEL_HOUR * 1024 * 1024,
          ...options.limits,
        },
      });
    },
  };
}
