// The first run, over HTTP: whether this installation still needs one (and whether it is the demo,
// which every page then says), and the one request that creates the provider and its administrator.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { InstallationInput, setUpInstallation, setupNeeded } from '../tenancy/set-up-installation.js';
import type { AppDeps } from './app.js';
import { signIn } from './auth.js';
import { InstallationShape, MeShape } from '../../api/shapes.js';

const tags = ['installation'];

export function registerInstallationRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/installation', {
    schema: { tags, summary: 'Whether the first run is still to be done, and whether this is the demo', response: { 200: InstallationShape } },
    config: { public: true },
  }, async () => ({ setupNeeded: await setupNeeded(deps.db), demo: deps.demo ?? false }));

  api.post('/api/v1/installation', {
    schema: {
      tags,
      summary: 'First run: the provider and its first administrator, on a database with no provider yet; logs the administrator in',
      body: InstallationInput,
      response: { 201: MeShape },
    },
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    await setUpInstallation(deps.db, request.body);
    const me = await signIn(deps, reply, request.body.admin.email, request.body.admin.password);
    return reply.status(201).send(me);
  });
}
