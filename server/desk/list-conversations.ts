// The tabs (Fila / Meus atendimentos / Abertos / Fechados, and Bot while the bot talks to someone)
// with keyset pagination and their counts. Meus is the Abertos the agent is responsável for, in
// every sector: one branch on the responsável index. Each visibility branch (one sector, no sector, my own) is served by its own index in the tab's
// order; the branches are merged, so no page sorts more than a page per branch. The Fila goes by
// who has waited longest (queued_at, id ascending: the fila indexes); the others newest first
// (last_message_at, id descending).
import { sql, type SQL } from 'drizzle-orm';
import { selectRows } from '../db/connection.js';
import { AppError } from '../errors.js';
import { summarize, type ConversationSummary, type Situacao } from './records.js';
import { seesEverySector, type AgentScope } from '../tenancy/scope.js';
import { contacts } from '../db/schema.js';
import { contactMatches } from './contacts.js';
import type { TABS as SCREEN_TABS } from '../../api/screens.js';

export const TABS = { fila: 'fila', meus: 'chat', abertos: 'chat', fechados: 'finalizada', bot: 'bot' } as const satisfies Record<(typeof SCREEN_TABS)[number], Situacao>;
export type Tab = keyof typeof TABS;

/** Past this, a tab's count is shown as "10000+": exact counts of the big tab cost a scan. */
export const COUNT_LIMIT = 10_000;
/** A name search counts less far: "100+" answers "many" (refine the name), and counting the
 * conversations of 5,000 "Conceição" costs more than the page itself. */
export const SEARCH_COUNT_LIMIT = 100;

export interface ConversationFilters {
  q?: string;
  responsavelId?: number;
  sectorId?: number;
  tagId?: number;
  channelId?: string;
}

export interface ListInput extends ConversationFilters {
  tab: Tab;
  cursor?: string;
  limit?: number;
}

export interface TabCount {
  total: number;
  /** False when the count stopped at its cap. */
  exact: boolean;
}

export interface ListResult {
  items: ConversationSummary[];
  nextCursor: string | null;
  counts: Record<Tab, TabCount>;
}

export async function listConversations(scope: AgentScope, input: ListInput): Promise<ListResult> {
  const limit = input.limit ?? 30;
  const query = tabPageQuery(scope, input);
  let items: ConversationSummary[] = [];
  let nextCursor: string | null = null;
  if (query) {
    const rows = await selectRows<{ id: number | string; at: string | Date }>(scope.db, query);
    const page = rows.slice(0, limit);
    if (rows.length > limit) {
      const last = page[page.length - 1];
      nextCursor = encodeCursor(new Date(last.at).toISOString(), Number(last.id));
    }
    items = await summarize(scope.db, scope.providerId, page.map((r) => Number(r.id)));
  }
  return { items, nextCursor, counts: await countTabs(scope, input) };
}

/** One page of a tab's ids (and one more, to know a next page exists); null when nothing is visible. */
export function tabPageQuery(scope: AgentScope, input: ListInput): SQL | null {
  const limit = input.limit ?? 30;
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const branches = input.tab === 'meus' ? myBranch(scope, input) : visibilityBranches(scope, input);
  if (branches.length === 0) return null;
  const order = ORDERS[input.tab === 'fila' ? 'fila' : 'recent'];
  const keyset = after ? sql`AND (${order.column}, c.id) ${order.past} (${after.at}::timestamptz, ${after.id})` : sql``;
  const filters = filterSql(scope, input);
  const parts = branches.map((branch) => sql`(
    SELECT c.id, ${order.column} AS at FROM conversations c
     WHERE c.provider_id = ${scope.providerId} AND c.situacao = ${TABS[input.tab]} AND ${branch} ${filters} ${keyset}
     ORDER BY ${order.column} ${order.direction}, c.id ${order.direction} LIMIT ${limit + 1})`);
  return sql`
    SELECT id, at FROM (${sql.join(parts, sql` UNION `)}) page
     ORDER BY at ${order.direction}, id ${order.direction} LIMIT ${limit + 1}`;
}

/** A tab's order and the keyset comparison that goes past a cursor in it. Every conversation in
 * the Fila has its queued_at (set whenever it enters the Fila). */
const ORDERS = {
  fila: { column: sql`c.queued_at`, direction: sql`ASC`, past: sql`>` },
  recent: { column: sql`c.last_message_at`, direction: sql`DESC`, past: sql`<` },
};

/** The tabs' counts in one statement, each capped (COUNT_LIMIT, or SEARCH_COUNT_LIMIT with a name).
 * A tab's count adds up disjoint slices, each an index range (countSlices), one after the other: once
 * the cap is reached the rest are not read — an ORed visibility would be one bitmap of every row. */
export async function countTabs(scope: AgentScope, filters: ConversationFilters): Promise<Record<Tab, TabCount>> {
  const slices = countSlices(scope, filters);
  const tabs = Object.keys(TABS) as Tab[];
  if (slices.length === 0) return Object.fromEntries(tabs.map((tab) => [tab, { total: 0, exact: true }])) as Record<Tab, TabCount>;
  const limit = filters.q?.trim() ? SEARCH_COUNT_LIMIT : COUNT_LIMIT;
  const counted = tabs.map((tab) => {
    const visible = tab === 'meus' ? myBranch(scope, filters) : slices;
    if (visible.length === 0) return sql`0 AS ${sql.identifier(tab)}`;
    const parts = visible.map((slice) => sql`
      SELECT 1 FROM conversations c
       WHERE c.provider_id = ${scope.providerId} AND c.situacao = ${TABS[tab]} AND ${slice} ${filterSql(scope, filters)}`);
    return sql`(SELECT count(*)::int FROM (${sql.join(parts, sql` UNION ALL `)} LIMIT ${limit + 1}) capped) AS ${sql.identifier(tab)}`;
  });
  const [row] = await selectRows<Record<Tab, number>>(scope.db, sql`SELECT ${sql.join(counted, sql`, `)}`);
  return Object.fromEntries(
    tabs.map((tab) => [tab, { total: Math.min(Number(row[tab]), limit), exact: Number(row[tab]) <= limit }]),
  ) as Record<Tab, TabCount>;
}

/** What the actor sees, cut into slices no two of which share a conversation, so that they can be
 * counted apart and added up. An atendente's: each of her sectors, no sector, and her own outside
 * them — one range per gap between her sorted sector ids, each an index range on
 * conversations_responsavel_sector that finds nothing at once when she has nothing there. */
function countSlices(scope: AgentScope, filters: ConversationFilters): SQL[] {
  const { actor } = scope;
  if (filters.responsavelId !== undefined || filters.sectorId !== undefined || seesEverySector(actor)) {
    return visibilityBranches(scope, filters);
  }
  const sectors = [...new Set(actor.sectorIds)].sort((a, b) => a - b);
  const mine = sql`c.responsavel_id = ${actor.userId}`;
  const gaps = sectors.length === 0
    ? [sql`${mine} AND c.sector_id IS NOT NULL`]
    : [
      sql`${mine} AND c.sector_id < ${sectors[0]}`,
      ...sectors.slice(1).map((id, i) => sql`${mine} AND c.sector_id > ${sectors[i]} AND c.sector_id < ${id}`),
      sql`${mine} AND c.sector_id > ${sectors[sectors.length - 1]}`,
    ];
  return [...sectors.map((id) => sql`c.sector_id = ${id}`), sql`c.sector_id IS NULL`, ...gaps];
}

/** The slices of the provider's conversations the actor may see, each one index-friendly. */
function visibilityBranches(scope: AgentScope, filters: ConversationFilters): SQL[] {
  const { actor } = scope;
  if (filters.responsavelId !== undefined) {
    const own = sql`c.responsavel_id = ${filters.responsavelId}`;
    if (seesEverySector(actor) || filters.responsavelId === actor.userId) return [withSector(own, filters)];
    // Someone else's conversations, limited to what this atendente may see.
    const visible = sql`(c.sector_id IS NULL OR c.sector_id IN (${inList(actor.sectorIds)}))`;
    return actor.sectorIds.length === 0 ? [withSector(sql`${own} AND c.sector_id IS NULL`, filters)] : [withSector(sql`${own} AND ${visible}`, filters)];
  }
  if (filters.sectorId !== undefined) {
    if (seesEverySector(actor) || actor.sectorIds.includes(filters.sectorId)) return [sql`c.sector_id = ${filters.sectorId}`];
    return [sql`c.sector_id = ${filters.sectorId} AND c.responsavel_id = ${actor.userId}`];
  }
  if (seesEverySector(actor)) return [sql`TRUE`];
  return [
    ...actor.sectorIds.map((id) => sql`c.sector_id = ${id}`),
    sql`c.sector_id IS NULL`,
    sql`c.responsavel_id = ${actor.userId}`,
  ];
}

/** Meus atendimentos: the actor's own, whatever the sector (she may always see those); another
 * atendente picked in the filter at the same time leaves nothing. */
function myBranch(scope: AgentScope, filters: ConversationFilters): SQL[] {
  const me = scope.actor.userId;
  if (filters.responsavelId !== undefined && filters.responsavelId !== me) return [];
  return [withSector(sql`c.responsavel_id = ${me}`, filters)];
}

function withSector(branch: SQL, filters: ConversationFilters): SQL {
  return filters.sectorId === undefined ? branch : sql`${branch} AND c.sector_id = ${filters.sectorId}`;
}

const inList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

function filterSql(scope: AgentScope, filters: ConversationFilters): SQL {
  const parts: SQL[] = [];
  const q = filters.q?.trim();
  if (q) {
    // Left to the planner, not materialized: for a common name it walks the tab's index and checks
    // each row's contact; for a rare one it starts from the few contacts (BENCH.md's traps).
    parts.push(sql`AND c.contact_id IN (
      SELECT ${contacts.id} FROM ${contacts} WHERE ${contacts.providerId} = ${scope.providerId} AND ${contactMatches(q)})`);
  }
  if (filters.tagId !== undefined) {
    parts.push(sql`AND EXISTS (SELECT 1 FROM conversation_tags x WHERE x.conversation_id = c.id AND x.tag_id = ${filters.tagId})`);
  }
  if (filters.channelId !== undefined) parts.push(sql`AND c.channel_id = ${filters.channelId}`);
  return sql.join(parts, sql` `);
}

function encodeCursor(at: string, id: number): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: number } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Re-written as the ISO form PostgreSQL reads; years JavaScript accepts and it does not
    // (+010000, 275760) are refused here.
    const date = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
    const year = date.getUTCFullYear();
    if (!Number.isNaN(date.getTime()) && year >= 1 && year <= 9999 && Number.isSafeInteger(id)) return { at: date.toISOString(), id };
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'Cursor de paginação inválido.');
}
