// Buscar em todas as conversas: a supervisor's or administrator's search of every message of the
// provider, Portuguese full text, newest first, a page at a time.
//
// No single plan holds for every word (BENCH.md's trap): walking messages newest first and testing
// each finds a common word at once but walks the whole table for one that appears nowhere; the
// word's GIN index finds a rare word at once but fetches every row of a common one before it can
// sort them. So the search does both, in that order: it tests the newest WALK messages (an index
// range, then the row), and only when those hold less than a page does it ask the word's index for
// what is older — by then the word is rare enough in the newest messages that its hits are few.
import { sql } from 'drizzle-orm';
import { selectRows } from '../db/connection.js';
import { AppError } from '../errors.js';
import { requireRole, type AgentScope } from '../tenancy/scope.js';
import type { Situacao } from './records.js';
import { snippetOf } from './read-conversation.js';

/** How many of the newest messages are tested one by one before the word's index is asked. */
export const WALK = 2_000;
export const PAGE = 30;

export interface SearchMessagesInput {
  q: string;
  /** A message id: the page holds older ones (the previous page's nextBefore). */
  before?: number;
  limit?: number;
}

export interface ProviderMatch {
  messageId: number;
  conversationId: number;
  protocolo: string;
  situacao: Situacao;
  contact: { id: number; name: string };
  direction: string;
  authorKind: string;
  createdAt: string;
  snippet: string;
}

export async function searchMessages(scope: AgentScope, input: SearchMessagesInput) {
  requireRole(scope.actor, 'supervisor', 'administrador');
  const q = input.q.trim();
  if (q === '') throw new AppError('validation_failed', 'Digite o que deseja buscar.');
  const limit = input.limit ?? PAGE;
  const tsq = sql`websearch_to_tsquery('portuguese', ${q})`;
  const below = input.before === undefined ? sql`` : sql`AND m.id < ${input.before}`;

  // 1. The newest messages, tested one by one.
  const walked = await selectRows<{ id: number | string | null; floor: number | string | null; walked: number | string }>(scope.db, sql`
    WITH recent AS MATERIALIZED (
      SELECT m.id, m.search FROM messages m
       WHERE m.provider_id = ${scope.providerId} ${below}
       ORDER BY m.id DESC LIMIT ${WALK})
    SELECT hit.id, edge.floor, edge.walked
      FROM (SELECT min(id) AS floor, count(*) AS walked FROM recent) edge
      LEFT JOIN LATERAL (
        SELECT r.id FROM recent r WHERE r.search @@ ${tsq} ORDER BY r.id DESC LIMIT ${limit + 1}) hit ON TRUE`);
  const ids = walked.filter((r) => r.id !== null).map((r) => Number(r.id));
  const floor = walked[0]?.floor === null || walked[0] === undefined ? null : Number(walked[0].floor);
  const exhausted = Number(walked[0]?.walked ?? 0) < WALK;

  // 2. Fewer than a page among them: the word's index, below the walked ones.
  if (ids.length <= limit && !exhausted && floor !== null) {
    const older = await selectRows<{ id: number | string }>(scope.db, sql`
      WITH hits AS MATERIALIZED (
        SELECT m.id FROM messages m
         WHERE m.provider_id = ${scope.providerId} AND m.search @@ ${tsq} AND m.id < ${floor})
      SELECT id FROM hits ORDER BY id DESC LIMIT ${limit + 1 - ids.length}`);
    ids.push(...older.map((r) => Number(r.id)));
  }

  const page = ids.slice(0, limit);
  const matches = page.length === 0 ? [] : (await selectRows<Record<string, any>>(scope.db, sql`
    SELECT m.id, m.conversation_id, m.created_at, m.direction, m.author_kind, c.protocolo, c.situacao, k.id AS contact_id, k.name AS contact_name,
           ${snippetOf(sql`m.body`, tsq)} AS snippet
      FROM messages m
      JOIN conversations c ON c.provider_id = m.provider_id AND c.id = m.conversation_id
      JOIN contacts k ON k.provider_id = c.provider_id AND k.id = c.contact_id
     WHERE m.provider_id = ${scope.providerId} AND m.id IN (${sql.join(page.map((id) => sql`${id}`), sql`, `)})
     ORDER BY m.id DESC`)).map((r): ProviderMatch => ({
    messageId: Number(r.id),
    conversationId: Number(r.conversation_id),
    protocolo: r.protocolo,
    situacao: r.situacao,
    contact: { id: Number(r.contact_id), name: r.contact_name },
    direction: r.direction,
    authorKind: r.author_kind,
    createdAt: new Date(r.created_at).toISOString(),
    snippet: r.snippet,
  }));
  return { matches, nextBefore: ids.length > limit ? page[page.length - 1] : null };
}
