// The provider's lists the desk picks from: sectors, agents, channels, etiquetas, motivos,
// respostas rápidas. Configuring them is the administrator's (and supervisor's) job.
import { and, asc, eq, sql } from 'drizzle-orm';
import { channels, motivos, quickReplies, sectors, tags, users, userSectors } from '../db/schema.js';
import { sqlState } from '../db/errors.js';
import { AppError, notFound } from '../errors.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';

export async function listSectors(scope: AgentScope) {
  return scope.db
    .select({ id: sectors.id, name: sectors.name, isDefault: sectors.isDefault, active: sectors.active })
    .from(sectors)
    .where(ofProvider(scope, sectors.providerId))
    .orderBy(asc(sectors.name));
}

export async function listUsers(scope: AgentScope) {
  const rows = await scope.db
    .select({
      id: users.id, name: users.name, email: users.email, role: users.role, active: users.active,
      sectorIds: sql<(number | string)[]>`COALESCE(array_agg(${userSectors.sectorId}) FILTER (WHERE ${userSectors.sectorId} IS NOT NULL), '{}')`,
    })
    .from(users)
    .leftJoin(userSectors, eq(userSectors.userId, users.id))
    .where(ofProvider(scope, users.providerId))
    .groupBy(users.id)
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, sectorIds: r.sectorIds.map(Number) }));
}

/** Channels without their secrets, which never leave the server. */
export async function listChannels(scope: AgentScope) {
  return scope.db
    .select({ id: channels.id, kind: channels.kind, name: channels.name, active: channels.active })
    .from(channels)
    .where(ofProvider(scope, channels.providerId))
    .orderBy(asc(channels.name));
}

export async function listTags(scope: AgentScope) {
  return scope.db.select({ id: tags.id, name: tags.name, color: tags.color, active: tags.active })
    .from(tags).where(ofProvider(scope, tags.providerId)).orderBy(asc(tags.name));
}

export async function createTag(scope: AgentScope, input: { name: string; color?: string }) {
  requireRole(scope.actor, 'administrador', 'supervisor');
  const [tag] = await scope.db
    .insert(tags)
    .values({ providerId: scope.providerId, name: input.name.trim(), color: input.color })
    .onConflictDoNothing()
    .returning({ id: tags.id, name: tags.name, color: tags.color, active: tags.active });
  if (!tag) throw new AppError('conflict', `Já existe uma etiqueta chamada "${input.name}".`);
  return tag;
}

export async function updateTag(scope: AgentScope, input: { id: number; name?: string; color?: string; active?: boolean }) {
  requireRole(scope.actor, 'administrador', 'supervisor');
  const { id, ...changes } = input;
  requireChanges(changes);
  const [tag] = await scope.db.update(tags).set(changes)
    .where(and(ofProvider(scope, tags.providerId), eq(tags.id, id)))
    .returning({ id: tags.id, name: tags.name, color: tags.color, active: tags.active })
    .catch(onDuplicate(`Já existe uma etiqueta chamada "${input.name}".`));
  if (!tag) throw notFound('Etiqueta');
  return tag;
}

export async function listMotivos(scope: AgentScope) {
  return scope.db.select({ id: motivos.id, name: motivos.name, sectorId: motivos.sectorId, active: motivos.active })
    .from(motivos).where(ofProvider(scope, motivos.providerId)).orderBy(asc(motivos.name));
}

export async function createMotivo(scope: AgentScope, input: { name: string; sectorId?: number | null }) {
  requireRole(scope.actor, 'administrador');
  if (input.sectorId != null) await requireSector(scope, input.sectorId);
  const [motivo] = await scope.db
    .insert(motivos)
    .values({ providerId: scope.providerId, name: input.name.trim(), sectorId: input.sectorId ?? null })
    .onConflictDoNothing()
    .returning({ id: motivos.id, name: motivos.name, sectorId: motivos.sectorId, active: motivos.active });
  if (!motivo) throw new AppError('conflict', `Já existe um motivo chamado "${input.name}".`);
  return motivo;
}

export async function updateMotivo(scope: AgentScope, input: { id: number; name?: string; active?: boolean }) {
  requireRole(scope.actor, 'administrador');
  const { id, ...changes } = input;
  requireChanges(changes);
  const [motivo] = await scope.db.update(motivos).set(changes)
    .where(and(ofProvider(scope, motivos.providerId), eq(motivos.id, id)))
    .returning({ id: motivos.id, name: motivos.name, sectorId: motivos.sectorId, active: motivos.active })
    .catch(onDuplicate(`Já existe um motivo chamado "${input.name}".`));
  if (!motivo) throw notFound('Motivo');
  return motivo;
}

export async function listQuickReplies(scope: AgentScope) {
  return scope.db
    .select({ id: quickReplies.id, shortcut: quickReplies.shortcut, title: quickReplies.title, body: quickReplies.body, sectorId: quickReplies.sectorId, active: quickReplies.active })
    .from(quickReplies).where(ofProvider(scope, quickReplies.providerId)).orderBy(asc(quickReplies.shortcut));
}

export async function createQuickReply(scope: AgentScope, input: { shortcut: string; title: string; body: string; sectorId?: number | null }) {
  requireRole(scope.actor, 'administrador', 'supervisor');
  if (input.sectorId != null) await requireSector(scope, input.sectorId);
  const [reply] = await scope.db
    .insert(quickReplies)
    .values({ providerId: scope.providerId, shortcut: input.shortcut.trim().replace(/^\//, ''), title: input.title, body: input.body, sectorId: input.sectorId ?? null })
    .onConflictDoNothing()
    .returning();
  if (!reply) throw new AppError('conflict', `Já existe uma resposta rápida com o atalho "/${input.shortcut}".`);
  return { id: reply.id, shortcut: reply.shortcut, title: reply.title, body: reply.body, sectorId: reply.sectorId, active: reply.active };
}

function requireChanges(changes: Record<string, unknown>) {
  if (Object.values(changes).every((value) => value === undefined)) throw new AppError('validation_failed', 'Nada para alterar.');
}

/** Renaming onto a name already taken (the unique index) is the user's conflict to resolve. */
const onDuplicate = (message: string) => (error: unknown): never => {
  if (sqlState(error) === '23505') throw new AppError('conflict', message);
  throw error;
};

/** A sector named in a body must be one of the provider's own. */
async function requireSector(scope: AgentScope, sectorId: number) {
  const [sector] = await scope.db.select({ id: sectors.id }).from(sectors)
    .where(and(ofProvider(scope, sectors.providerId), eq(sectors.id, sectorId)));
  if (!sector) throw notFound('Setor');
}
