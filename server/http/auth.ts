// Login, logout, "who am I", and the hook on /api/v1 that turns the session cookie into the caller:
// every route there is authenticated unless it says `config: { public: true }`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AgentScope } from '../tenancy/scope.js';
import type { AppDeps } from './app.js';
import { hashToken, login, logout, resolveSession, SESSION_COOKIE, type Session } from '../sessions/sessions.js';
import { changePassword } from '../sessions/change-password.js';
import { ChosenPassword } from '../sessions/passwords.js';
import { MeShape } from '../../api/shapes.js';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
  }
  interface FastifyContextConfig {
    /** Answered without a session (login, logout). */
    public?: boolean;
    /** Answered to a session still on a temporary password (who am I, logout, changing it). */
    temporaryPasswordOk?: boolean;
  }
}

/** For the /api/v1 plugin: no session, no answer, whatever the route forgets. */
export async function authenticate(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.config.public) return;
  const session = await requireSession(request);
  if (session.mustChangePassword && !request.routeOptions.config.temporaryPasswordOk) {
    throw new AppError('password_change_required', 'Troque a senha provisória para continuar.');
  }
}

export function registerAuth(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/v1/auth/login', {
    schema: {
      tags: ['auth'],
      body: z.object({ email: z.string().trim().email().max(200), password: z.string().min(1).max(200) }),
      response: { 200: MeShape },
    },
    config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => `${req.ip}:${String((req.body as { email?: unknown })?.email ?? '').toLowerCase()}` } },
  }, async (request, reply) => signIn(deps, reply, request.body.email, request.body.password));

  api.post('/api/v1/auth/logout', { schema: { tags: ['auth'] }, config: { public: true, temporaryPasswordOk: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      await logout(deps.db, token);
      // Its open sockets end with it, on every instance.
      deps.bus.endSessions({ tokenHash: hashToken(token) });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  api.get('/api/v1/auth/me', { schema: { tags: ['auth'], response: { 200: MeShape } }, config: { temporaryPasswordOk: true } }, async (request) => {
    return me(await requireSession(request));
  });

  api.post('/api/v1/auth/password', {
    schema: {
      tags: ['auth'],
      summary: 'Changes the caller\'s password (the current one checked); the other sessions of the account end',
      body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: ChosenPassword }),
      response: { 200: MeShape },
    },
    config: { temporaryPasswordOk: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (request) => {
    const session = await requireSession(request);
    await changePassword(deps.db, deps.bus, { session, token: request.cookies[SESSION_COOKIE]!, ...request.body });
    return me((await resolveSession(deps.db, request.cookies[SESSION_COOKIE]))!);
  });
}

/** Checks the password, opens a session in the cookie and answers who is in (login, and the first run). */
export async function signIn(deps: AppDeps, reply: FastifyReply, email: string, password: string) {
  const { token, expiresAt } = await login(deps.db, email, password, deps.config.SESSION_DAYS, {
    after: deps.config.LOGIN_LOCK_AFTER,
    firstDelaySeconds: deps.config.LOGIN_LOCK_SECONDS,
    maxDelaySeconds: deps.config.LOGIN_LOCK_MAX_SECONDS,
  });
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.COOKIE_SECURE, expires: expiresAt,
  });
  const session = await resolveSession(deps.db, token);
  return me(session!);
}

function me(session: Session) {
  const { actor } = session;
  return {
    user: { id: actor.userId, name: actor.name, email: actor.email, role: actor.role, sectorIds: actor.sectorIds },
    providerId: session.providerId,
    chatEnabled: session.chatEnabled,
    mustChangePassword: session.mustChangePassword,
    presence: session.presence,
  };
}

export async function requireSession(request: FastifyRequest): Promise<Session> {
  if (request.session) return request.session;
  const deps = request.server.deps;
  const session = await resolveSession(deps.db, request.cookies[SESSION_COOKIE]);
  if (!session) throw new AppError('unauthenticated', 'Faça login para continuar.');
  request.session = session;
  return session;
}

/** The desk as the logged-in agent sees it; the chat module must be on for their provider. */
export async function agentScope(request: FastifyRequest): Promise<AgentScope> {
  const session = await requireSession(request);
  if (!session.chatEnabled) {
    throw new AppError('module_not_enabled', 'O módulo de Chat não está habilitado para este provedor. Entre em contato com o suporte para contratá-lo.');
  }
  const { db, bus } = request.server.deps;
  return { db, bus, providerId: session.providerId, actor: session.actor };
}

