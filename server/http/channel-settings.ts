// /api/v1/channel-settings: the Canais screen — the provider's channels created, edited and tested by
// an administrator. Secrets go in and never come back out.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listChannelSettings } from '../channels/settings/channel-settings.js';
import { createChannel, updateChannel } from '../channels/settings/save-channel.js';
import { testChannel } from '../channels/settings/test-channel.js';
import { syncTemplates } from '../channels/settings/sync-templates.js';
import { agentScope } from './auth.js';
import { ChannelChanges, ChannelSettingsShape, ChannelTestShape, NewChannelInput, TemplateSyncShape } from '../../api/shapes.js';

const tags = ['channels'];
const ById = z.object({ id: z.string().min(1).max(100) });

/** Where Prosa answers, for the addresses an administrator pastes elsewhere (Meta's panel, the site). */
const originOf = (request: FastifyRequest) =>
  (request.server.deps.config.PUBLIC_URL ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');

export function registerChannelSettingsRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest) => ({ origin: originOf(request), apis: request.server.deps.channelApis });

  api.get('/api/v1/channel-settings', {
    schema: { tags, summary: 'Canais: every channel with what connecting it needs (no secret)', response: { 200: z.array(ChannelSettingsShape) } },
  }, async (request) => listChannelSettings(await agentScope(request), originOf(request)));

  api.post('/api/v1/channel-settings', {
    schema: {
      tags,
      summary: 'Creates a channel: WhatsApp (number id, token, app secret), Telegram (bot token; its webhook is set now) or the site\'s web chat',
      body: NewChannelInput,
      response: { 201: ChannelSettingsShape },
    },
  }, async (request, reply) => reply.status(201).send(await createChannel(await agentScope(request), request.body, context(request))));

  api.patch('/api/v1/channel-settings/:id', {
    schema: {
      tags,
      summary: 'Edits a channel; secrets left out stay as they are',
      params: ById,
      body: ChannelChanges,
      response: { 200: ChannelSettingsShape },
    },
  }, async (request) => updateChannel(await agentScope(request), request.params.id, request.body, context(request)));

  api.post('/api/v1/channel-settings/:id/test', {
    schema: {
      tags,
      summary: 'Testar conexão: asks Meta or Telegram now whether the channel\'s credentials work',
      params: ById,
      response: { 200: ChannelTestShape },
    },
  }, async (request) => testChannel(await agentScope(request), request.params.id, originOf(request), request.server.deps.config.WHATSAPP_API_VERSION));

  api.post('/api/v1/channel-settings/:id/templates', {
    schema: {
      tags,
      summary: 'Buscar modelos aprovados: lists the WhatsApp Business Account\'s templates at Meta and keeps the approved ones the desk can send',
      params: ById,
      response: { 200: TemplateSyncShape },
    },
  }, async (request) => syncTemplates(await agentScope(request), request.params.id, request.server.deps.config.WHATSAPP_API_VERSION));
}
