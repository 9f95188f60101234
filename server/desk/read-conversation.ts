// Reading one conversation: its details (contact, client, contracts), its messages newest page
// first with the timeline events of the same span, and a search in the contact's whole history.
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { clients, contacts, contracts, conversationEvents, messages, users } from '../db/schema.js';
import { selectRows } from '../db/connection.js';
import { AppError, notFound } from '../errors.js';
import { loadFiles } from '../files/file-view.js';
import { clientView, contractView } from '../isp/views.js';
import { summarize, toMessageView } from './records.js';
import { canSee, ofProvider, seesEverySector, type AgentScope } from '../tenancy/scope.js';

async function visibleSummary(scope: AgentScope, conversationId: number) {
  const [summary] = await summarize(scope.db, scope.providerId, [conversationId]);
  if (!summary) throw notFound('Conversa');
  if (!canSee(scope.actor, { sectorId: summary.sector?.id ?? null, responsavelId: summary.responsavel?.id ?? null })) {
    throw notFound('Conversa');
  }
  return summary;
}

export async function getConversation(scope: AgentScope, { conversationId }: { conversationId: number }) {
  const summary = await visibleSummary(scope, conversationId);
  const [contact] = await scope.db
    .select({
      id: contacts.id, name: contacts.name, phone: contacts.phone, email: contacts.email,
      clientId: contacts.clientId, blocked: contacts.blocked, createdAt: contacts.createdAt,
    })
    .from(contacts)
    .where(and(ofProvider(scope, contacts.providerId), eq(contacts.id, summary.contact.id)));
  const clientId = summary.clientId ?? contact.clientId;
  let client = null;
  if (clientId !== null) {
    const [row] = await scope.db.select().from(clients)
      .where(and(ofProvider(scope, clients.providerId), eq(clients.id, clientId)));
    const rows = await scope.db.select().from(contracts)
      .where(and(ofProvider(scope, contracts.providerId), eq(contracts.clientId, clientId)))
      .orderBy(asc(contracts.id));
    client = row ? { ...clientView(row), contracts: rows.map(contractView) } : null;
  }
  return { ...summary, contactDetails: { ...contact, createdAt: contact.createdAt.toISOString() }, client };
}

export interface MessagesPageInput {
  conversationId: number;
  /** A message id: the page holds the messages before it. Absent: the newest page. */
  before?: number;
  limit?: number;
}

export async function listMessages(scope: AgentScope, input: MessagesPageInput) {
  await visibleSummary(scope, input.conversationId);
  const limit = input.limit ?? 50;
  const rows = await scope.db
    .select()
    .from(messages)
    .where(and(
      ofProvider(scope, messages.providerId),
      eq(messages.conversationId, input.conversationId),
      input.before !== undefined ? lt(messages.id, input.before) : undefined,
    ))
    .orderBy(desc(messages.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).reverse();
  const hasMore = rows.length > limit;
  const attached = await loadFiles(scope.db, scope, page.map((m) => m.fileId));
  // Timeline events of the same span: from the page's first message (or the beginning) on,
  // and up to the next page's first message (or now).
  const from = hasMore && page.length > 0 ? page[0].createdAt : null;
  let to: Date | null = null;
  if (input.before !== undefined) {
    const [next] = await scope.db.select({ createdAt: messages.createdAt }).from(messages)
      .where(and(ofProvider(scope, messages.providerId), eq(messages.id, input.before)));
    to = next?.createdAt ?? null;
  }
  const events = await scope.db
    .select({
      id: conversationEvents.id, type: conversationEvents.type, data: conversationEvents.data,
      createdAt: conversationEvents.createdAt, actorUserId: conversationEvents.actorUserId, actorName: users.name,
    })
    .from(conversationEvents)
    .leftJoin(users, and(eq(users.providerId, conversationEvents.providerId), eq(users.id, conversationEvents.actorUserId)))
    .where(and(
      ofProvider(scope, conversationEvents.providerId),
      eq(conversationEvents.conversationId, input.conversationId),
      from ? gte(conversationEvents.createdAt, from) : undefined,
      to ? lt(conversationEvents.createdAt, to) : undefined,
    ))
    .orderBy(asc(conversationEvents.createdAt), asc(conversationEvents.id));
  return {
    messages: page.map((m) => toMessageView(m, m.fileId === null ? null : attached.get(m.fileId))),
    events: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    nextBefore: hasMore && page.length > 0 ? page[0].id : null,
  };
}

export interface SearchInput {
  conversationId: number;
  q: string;
  limit?: number;
}

/**
 * A search match's snippet: the message HTML-escaped, its matches wrapped in <mark>. A chat message is
 * usually short enough to show whole; a long one shows its matching fragments.
 */
export function snippetOf(body: SQL, tsq: SQL): SQL {
  return sql`ts_headline('portuguese', replace(replace(replace(${body}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), ${tsq},
    CASE WHEN length(${body}) <= 280 THEN 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true'
         ELSE 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=18, MinWords=6' END)`;
}

/**
 * Every message in this conversation and the contact's earlier ones that matches the words, newest
 * first, with a snippet where matches are wrapped in <mark> (the rest is HTML-escaped).
 * Starts from the contact's messages, not from the word's index: a contact has few, a word may have millions.
 */
export async function searchHistory(scope: AgentScope, input: SearchInput) {
  const summary = await visibleSummary(scope, input.conversationId);
  const q = input.q.trim();
  if (q === '') throw new AppError('validation_failed', 'Digite o que deseja buscar.');
  const limit = input.limit ?? 200;
  // The contact's other conversations show only when the agent may open them (canSee, in SQL).
  const { actor } = scope;
  const visible = seesEverySector(actor)
    ? sql`TRUE`
    : sql`(c.responsavel_id = ${actor.userId} OR c.sector_id IS NULL${
      actor.sectorIds.length > 0 ? sql` OR c.sector_id IN (${sql.join(actor.sectorIds.map((id) => sql`${id}`), sql`, `)})` : sql``})`;
  const rows = await selectRows(scope.db, sql`
    WITH mine AS MATERIALIZED (
      SELECT m.id, m.conversation_id, m.body, m.search, m.created_at, m.direction, m.author_kind
        FROM messages m
       WHERE m.provider_id = ${scope.providerId} AND m.contact_id = ${summary.contact.id}
    ), query AS (SELECT websearch_to_tsquery('portuguese', ${q}) AS tsq)
    SELECT mine.id, mine.conversation_id, mine.created_at, mine.direction, mine.author_kind, c.protocolo,
           ${snippetOf(sql`mine.body`, sql`query.tsq`)} AS snippet
      FROM mine, query, conversations c
     WHERE mine.search @@ query.tsq AND c.id = mine.conversation_id AND c.provider_id = ${scope.providerId} AND ${visible}
     ORDER BY mine.id DESC
     LIMIT ${limit}`);
  const matches = (rows as Record<string, any>[]).map((r) => ({
    messageId: Number(r.id),
    conversationId: Number(r.conversation_id),
    protocolo: r.protocolo as string,
    direction: r.direction as string,
    authorKind: r.author_kind as string,
    createdAt: new Date(r.created_at).toISOString(),
    snippet: r.snippet as string,
    inThisConversation: Number(r.conversation_id) === input.conversationId,
  }));
  return { q, total: matches.length, matches };
}
