// /api/v1/webhook-rejections: the channel webhook items Prosa could never store, for the operator.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listWebhookRejections } from '../channels/rejections.js';
import { agentScope } from './auth.js';
import { Id } from '../../api/shapes.js';

export function registerWebhookRejectionRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/webhook-rejections', {
    schema: {
      tags: ['webhooks'],
      summary: "Channel webhook items that could never be stored, newest first (supervisors and administrators)",
      querystring: z.object({ before: Id.optional() }),
      response: {
        200: z.array(z.object({
          id: z.number(), channelId: z.string(), kind: z.string(), itemId: z.string().nullable(), reason: z.string(), item: z.string(), createdAt: z.string(),
        })),
      },
    },
  }, async (request) => listWebhookRejections(await agentScope(request), request.query));
}
