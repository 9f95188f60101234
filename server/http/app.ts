// The HTTP application: plugins, error mapping, auth and the routes. No listening here, so tests
// can inject requests or listen on a random port.
import Fastify, { type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChannelAdapter } from '../channels/channel.js';
import type { FileStorage } from '../files/storage.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { Bus } from '../events/bus.js';
import { readFeed } from '../events/feed.js';
import { agentScope, authenticate, registerAuth } from './auth.js';
import { registerInstallationRoutes } from './installation.js';
import { registerTeamRoutes } from './team.js';
import { registerChannelSettingsRoutes } from './channel-settings.js';
import { registerChatSettingsRoutes } from './chat-settings.js';
import { registerBotRoutes } from './bot.js';
import type { ChannelApis } from '../channels/settings/save-channel.js';
import { registerCatalogRoutes } from './catalog.js';
import { registerContactRoutes } from './contacts.js';
import { registerConversationRoutes } from './conversations.js';
import { registerIspRoutes } from './isp.js';
import { registerErrorHandling } from './errors.js';
import { registerFileRoutes } from './files.js';
import { registerHostileInputGuard } from './hostile-input.js';
import { registerMessageRoutes } from './messages.js';
import { registerOriginCheck } from '../sessions/same-origin.js';
import { registerUserRoutes } from './users.js';
import { registerWebhookRejectionRoutes } from './webhook-rejections.js';
import { registerWebApp } from './web.js';
import { registerOperationsRoutes } from './operations.js';

export interface AppDeps {
  db: Db;
  bus: Bus;
  config: Config;
  /** The channels whose webhooks this instance answers. */
  channels?: ChannelAdapter[];
  /** Where attachments live; by default the one the configuration names. */
  storage?: FileStorage;
  /** The demo's data and logins are loaded: every page says so. */
  demo?: boolean;
  /** Where channels created from the Canais screen talk to (the demo's stand-ins); Meta's and Telegram's by default. */
  channelApis?: ChannelApis;
  /** Redis's state for /api/ready, once the live gateway holds the connections (set after it starts). */
  redisState?: () => 'not_configured' | 'ok' | 'down';
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const options: FastifyHttpOptions<Server> = {
    logger: deps.config.LOG_LEVEL === 'silent' ? false : { level: deps.config.LOG_LEVEL },
    bodyLimit: 1024 * 1024,
    // Only configured proxies may say who the client is: rate limits key on request.ip.
    trustProxy: typeof deps.config.TRUST_PROXY === 'number' ? trustHops(deps.config.TRUST_PROXY) : deps.config.TRUST_PROXY,
  };
  const app = Fastify(options);
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerHostileInputGuard(app);
  registerOriginCheck(app, deps.config.PUBLIC_URL);
  await app.register(fastifyHelmet, securityHeaders(deps.config));

  await app.register(fastifyCookie);
  // Attachments; each upload route sets its own size limit.
  await app.register(fastifyMultipart);
  // preHandler: the login limit keys on the email in the parsed body.
  await app.register(fastifyRateLimit, { global: false, hook: 'preHandler' });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Prosa API', version: '1', description: 'The chat desk of Brazilian internet providers.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerOperationsRoutes(app, deps);

  app.decorateRequest('session', null);
  // The agents' API: one plugin, one authentication hook for all of its routes.
  await app.register(async (v1) => {
    v1.addHook('onRequest', authenticate);
    registerAuth(v1, deps);
    registerInstallationRoutes(v1, deps);
    registerConversationRoutes(v1);
    registerContactRoutes(v1);
    registerCatalogRoutes(v1);
    registerChatSettingsRoutes(v1);
    registerBotRoutes(v1);
    registerFileRoutes(v1);
    registerIspRoutes(v1);
    registerMessageRoutes(v1);
    registerUserRoutes(v1);
    registerTeamRoutes(v1);
    registerChannelSettingsRoutes(v1);
    registerWebhookRejectionRoutes(v1);
    v1.withTypeProvider<ZodTypeProvider>().get('/api/v1/feed', {
      schema: {
        tags: ['live'],
        summary: 'Live events after a feed id: how a client that was offline catches up',
        querystring: z.object({ after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
      },
    }, async (request) => readFeed(await agentScope(request), request.query.after));
  });
  // Webhooks and the web chat: each channel authenticates its callers its own way.
  for (const channel of deps.channels ?? []) await channel.registerRoutes?.(app);

  await registerWebApp(app);
  return app;
}

/** A hop count, as Fastify reads a number (its types only take the function). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/**
 * The headers of every answer: no script but Prosa's own files (the agent app and /api/docs load
 * theirs from files; styles may be inline, which React and Swagger UI set), no framing of the app
 * by any site, no MIME sniffing, no full address leaked to other sites. The widget's demo page
 * sets its own frame-ancestors (server/channels/webchat/assets.ts).
 */
export function securityHeaders(config: Pick<Config, 'COOKIE_SECURE'>) {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.COOKIE_SECURE ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Over plain HTTP (a LAN install) a Strict-Transport-Security header would only mislead.
    strictTransportSecurity: config.COOKIE_SECURE ? { maxAge: 15_552_000 } : false,
    referrerPolicy: { policy: 'same-origin' as const },
    // The widget's script and the visitors' files are fetched from providers' sites.
    crossOriginResourcePolicy: { policy: 'same-site' as const },
  };
}
