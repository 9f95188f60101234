// /api/v1/messages: the provider-wide search, and actions on one message.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { retryMessage } from '../desk/retry-message.js';
import { retryMediaFetch } from '../desk/retry-media-fetch.js';
import { searchMessages } from '../desk/search-messages.js';
import { agentScope } from './auth.js';
import { Id, MessageShape, ProviderSearchShape } from '../../api/shapes.js';

export function registerMessageRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/v1/messages/search', {
    schema: {
      tags: ['conversations'],
      summary: 'Buscar em todas as conversas (supervisors, administrators): Portuguese full text, newest first',
      querystring: z.object({ q: z.string().trim().min(1).max(200), before: Id.optional(), limit: z.coerce.number().int().min(1).max(100).default(30) }),
      response: { 200: ProviderSearchShape },
    },
  }, async (request) => searchMessages(await agentScope(request), request.query));
  api.post('/api/v1/messages/:id/retry', {
    schema: { tags: ['conversations'], summary: 'Tentar novamente: a failed message goes back to the delivery queue', params: z.object({ id: Id }), response: { 200: MessageShape } },
  }, async (request) => retryMessage(await agentScope(request), { messageId: request.params.id }));
  api.post('/api/v1/messages/:id/media/retry', {
    schema: { tags: ['conversations'], summary: "Tentar novamente: a contact's media that could not be downloaded is fetched again", params: z.object({ id: Id }), response: { 200: MessageShape } },
  }, async (request) => retryMediaFetch(await agentScope(request), { messageId: request.params.id }));
}
