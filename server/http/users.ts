// /api/v1/users/...: what supervisors see and do about their agents' accounts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listLockedUsers } from '../desk/list-locked-users.js';
import { unlockUser } from '../desk/unlock-user.js';
import { agentScope } from './auth.js';
import { Id, RoleShape } from '../../api/shapes.js';

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
}
