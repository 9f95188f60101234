// The Etiquetas screen: every tag of the provider, with how many conversations carry it. The
// counts come from one grouped query that the conversation_tags_tag index (provider_id, tag_id)
// serves: no counter to keep in step, no query per tag.
import { and, asc, eq, sql } from 'drizzle-orm';
import { conversationTags, tags } from '../db/schema.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';
import { matches, tagView } from './catalog.js';

export function tagOverviewQuery(scope: AgentScope, input: { q?: string } = {}) {
  const counts = scope.db
    .select({ providerId: conversationTags.providerId, tagId: conversationTags.tagId, n: sql<number>`count(*)::int`.as('n') })
    .from(conversationTags)
    .where(ofProvider(scope, conversationTags.providerId))
    .groupBy(conversationTags.providerId, conversationTags.tagId)
    .as('counts');
  return scope.db
    .select({ ...tagView, conversationCount: sql<number>`COALESCE(${counts.n}, 0)::int` })
    .from(tags)
    // Joined on provider_id too, so that a database distributed by provider joins on one node.
    .leftJoin(counts, and(eq(counts.providerId, tags.providerId), eq(counts.tagId, tags.id)))
    .where(and(ofProvider(scope, tags.providerId), matches(input.q, tags.name, tags.description)))
    .orderBy(asc(tags.name));
}

export async function listTagOverview(scope: AgentScope, input: { q?: string } = {}) {
  requireRole(scope.actor, 'administrador');
  return tagOverviewQuery(scope, input);
}
