// The provider's lists the desk picks from: sectors, agents, channels, etiquetas, motivos,
// respostas rápidas. Creating and editing each has a file per use case beside this one.
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/connection.js';
import { channels, motivos, motivoSectors, quickReplies, sectors, tags, users, userSectors } from '../db/schema.js';
import { containsPattern } from '../db/like.js';
import { ofProvider, type AgentScope, type ProviderScope } from '../tenancy/scope.js';
import { editableBy, quickReplyView, usableBy, withFiles } from './quick-reply-scope.js';

/** Every agent reads the sectors (the Chat's filters and pickers); `q` searches name and description. */
export async function listSectors(scope: AgentScope, input: { q?: string } = {}) {
  return sectorRows(scope.db, scope, matches(input.q, sectors.name, sectors.description));
}

/** Sectors in their order, each with the names of the active users in it, in one query. */
export async function sectorRows(db: Db | Tx, scope: ProviderScope, where?: SQL) {
  // Written out: inside a subquery, the builder's unqualified column names would be ambiguous.
  const members = sql<{ id: number; name: string }[]>`COALESCE((
    SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
    FROM user_sectors us JOIN users u ON u.provider_id = us.provider_id AND u.id = us.user_id
    WHERE us.provider_id = "sectors"."provider_id" AND us.sector_id = "sectors"."id" AND u.active
  ), '[]'::json)`;
  return db
    .select({
      id: sectors.id, name: sectors.name, description: sectors.description, position: sectors.position,
      isDefault: sectors.isDefault, attends: sectors.attends, active: sectors.active, members, autoAssign: sectors.autoAssign,
    })
    .from(sectors)
    .where(and(ofProvider(scope, sectors.providerId), where))
    .orderBy(asc(sectors.position), asc(sectors.name));
}

export async function listUsers(scope: AgentScope) {
  const rows = await scope.db
    .select({
      id: users.id, name: users.name, email: users.email, role: users.role, active: users.active,
      sectorIds: sql<(number | string)[]>`COALESCE(array_agg(${userSectors.sectorId}) FILTER (WHERE ${userSectors.sectorId} IS NOT NULL), '{}')`,
    })
    .from(users)
    .leftJoin(userSectors, and(eq(userSectors.providerId, users.providerId), eq(userSectors.userId, users.id)))
    .where(ofProvider(scope, users.providerId))
    .groupBy(users.id, users.providerId)
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

export const tagView = { id: tags.id, name: tags.name, color: tags.color, description: tags.description, active: tags.active };

/** Name or description containing what was typed, accents and case aside. */
export const matches = (q: string | undefined, ...columns: PgColumn[]) => {
  if (!q?.trim()) return undefined;
  const pattern = containsPattern(q.trim());
  return or(...columns.map((column) => sql`immutable_unaccent(lower(${column})) LIKE immutable_unaccent(lower(${pattern}))`));
};

export async function listTags(scope: AgentScope, input: { q?: string } = {}) {
  return scope.db.select(tagView).from(tags)
    .where(and(ofProvider(scope, tags.providerId), matches(input.q, tags.name, tags.description)))
    .orderBy(asc(tags.name));
}

export async function listMotivos(scope: AgentScope, input: { q?: string } = {}) {
  return motivoRows(scope.db, scope, matches(input.q, motivos.name, motivos.description));
}

/** Motivos with the sectors they apply to, in one grouped query. */
export async function motivoRows(db: Db | Tx, scope: ProviderScope, where?: SQL) {
  const rows = await db
    .select({
      id: motivos.id, name: motivos.name, description: motivos.description, active: motivos.active,
      sectorIds: sql<(number | string)[]>`COALESCE(array_agg(${motivoSectors.sectorId} ORDER BY ${motivoSectors.sectorId}) FILTER (WHERE ${motivoSectors.sectorId} IS NOT NULL), '{}')`,
    })
    .from(motivos)
    // Joined on provider_id too, so that a database distributed by provider joins on one node.
    .leftJoin(motivoSectors, and(eq(motivoSectors.providerId, motivos.providerId), eq(motivoSectors.motivoId, motivos.id)))
    .where(and(ofProvider(scope, motivos.providerId), where))
    .groupBy(motivos.id, motivos.providerId)
    .orderBy(asc(motivos.name));
  return rows.map((r) => ({ ...r, sectorIds: r.sectorIds.map(Number) }));
}

/** The quick replies this agent may use, active or not (the composer offers the active ones). */
export async function listQuickReplies(scope: AgentScope) {
  const rows = await scope.db.select(quickReplyView).from(quickReplies)
    .where(and(ofProvider(scope, quickReplies.providerId), usableBy(scope.actor)))
    .orderBy(asc(quickReplies.shortcut), asc(quickReplies.id));
  return withFiles(scope.db, scope, rows);
}

/** The Respostas Rápidas screen: the ones this person may edit, searched by shortcut, title or text. */
export async function listEditableQuickReplies(scope: AgentScope, input: { q?: string } = {}) {
  const rows = await scope.db.select(quickReplyView).from(quickReplies)
    .where(and(
      ofProvider(scope, quickReplies.providerId), editableBy(scope.actor),
      matches(input.q, quickReplies.shortcut, quickReplies.title, quickReplies.body),
    ))
    .orderBy(asc(quickReplies.shortcut), asc(quickReplies.id));
  return withFiles(scope.db, scope, rows);
}
