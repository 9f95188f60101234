// /api/v1/users/...: what supervisors see and do about their agents' accounts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listLockedUsers } from '../desk/list-locked-users.js';
import { unlockUser } from '../desk/unlock-user.js';
import { agentScope } from './auth.js';
import { Id, PresenceShape, RoleShape } from '../../api/shapes.js';
import { listPresence, setPresence } from '../desk/set-presence.js';

const tags = ['users'];

export function registerUserRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/users/locked', {
    schema: {
      tags,
      summary: 'Accounts refusing logins after wrong passwords, and until when (supervisors and administrators)',
      response: {
        200: z.array(z.object({
          id: z.number(), name: z.string(), email: z.string(), role: RoleShape, failedLogins: z.number(), lockedUntil: z.string(),
        })),
      },
    },
  }, async (request) => listLockedUsers(await agentScope(request)));

  api.post('/api/v1/users/:id/unlock', {
    schema: { tags, summary: 'Lets a locked account log in again now (supervisors and administrators)', params: z.object({ id: Id }) },
  }, async (request, reply) => {
    await unlockUser(await agentScope(request), { userId: request.params.id });
    return reply.status(204).send();
  });

  api.put('/api/v1/presence', {
    schema: {
      tags,
      summary: 'The caller\'s own status: online (receives conversations automatically), pausa with a reason, or offline',
      body: z.object({ presence: PresenceShape, pauseReason: z.string().trim().max(80).nullable().optional() }),
      response: { 200: z.object({ presence: PresenceShape, pauseReason: z.string().nullable() }) },
    },
  }, async (request) => setPresence(await agentScope(request), request.body));

  api.get('/api/v1/presence', {
    schema: {
      tags,
      summary: 'Everyone\'s status and open conversations (supervisors and administrators)',
      response: {
        200: z.array(z.object({
          id: z.number(), name: z.string(), presence: PresenceShape, pauseReason: z.string().nullable(), since: z.string().nullable(),
          openConversations: z.number(), maxConcurrent: z.number(),
        })),
      },
    },
  }, async (request) => listPresence(await agentScope(request)));
}
