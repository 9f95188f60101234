// /api/v1/team: the Atendentes screen — the provider's users with their roles, sectors and maximum of
// simultaneous conversations; adding one (with a first password shown once), editing, resetting a
// password. Administrators only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUser } from '../desk/create-user.js';
import { resetPassword } from '../desk/reset-password.js';
import { listTeam } from '../desk/team.js';
import { updateUser } from '../desk/update-user.js';
import { requireRole } from '../tenancy/scope.js';
import { agentScope } from './auth.js';
import { Id, patchBody, TeamMemberInput, TeamMemberShape } from '../../api/shapes.js';

const tags = ['team'];
const FirstPassword = z.object({ temporaryPassword: z.string() });

export function registerTeamRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/team', {
    schema: { tags, summary: 'Atendentes: every user of the provider, active or not', response: { 200: z.array(TeamMemberShape) } },
  }, async (request) => {
    const scope = await agentScope(request);
    requireRole(scope.actor, 'administrador');
    return listTeam(scope);
  });

  api.post('/api/v1/team', {
    schema: {
      tags,
      summary: 'Adds a user; answers the first password, shown once, which they replace at their first login',
      body: TeamMemberInput,
      response: { 201: FirstPassword.extend({ user: TeamMemberShape }) },
    },
  }, async (request, reply) => reply.status(201).send(await createUser(await agentScope(request), request.body)));

  api.patch('/api/v1/team/:id', {
    schema: {
      tags,
      summary: 'Edits a user: name, role, sectors, maximum of simultaneous conversations, active',
      params: z.object({ id: Id }),
      body: patchBody({ ...TeamMemberInput.omit({ email: true }).partial().shape, active: z.boolean().optional() }),
      response: { 200: TeamMemberShape },
    },
  }, async (request) => updateUser(await agentScope(request), { id: request.params.id, ...request.body }));

  api.post('/api/v1/team/:id/password-reset', {
    schema: {
      tags,
      summary: 'Gives a user a new first password (shown once); their sessions end and a login lock is lifted',
      params: z.object({ id: Id }),
      response: { 200: FirstPassword },
    },
  }, async (request) => resetPassword(await agentScope(request), { userId: request.params.id }));
}
