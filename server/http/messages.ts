// /api/v1/messages: actions on one message.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { retryMessage } from '../desk/retry-message.js';
import { retryMediaFetch } from '../desk/retry-media-fetch.js';
import { agentScope } from './auth.js';
import { Id, MessageShape } from '../../api/shapes.js';

export function registerMessageRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post('/api/v1/messages/:id/retry', {
    schema: { tags: ['conversations'], summary: 'Tentar novamente: a failed message goes back to the delivery queue', params: z.object({ id: Id }), response: { 200: MessageShape } },
  }, async (request) => retryMessage(await agentScope(request), { messageId: request.params.id }));
  api.post('/api/v1/messages/:id/media/retry', {
    schema: { tags: ['conversations'], summary: "Tentar novamente: a contact's media that could not be downloaded is fetched again", params: z.object({ id: Id }), response: { 200: MessageShape } },
  }, async (request) => retryMediaFetch(await agentScope(request), { messageId: request.params.id }));
}
