// Automatic assignment, for a sector that turned it on: its Fila goes, oldest waiting first, to the
// online agent of the sector with the fewest open conversations below their maximum, ties to the one
// served longest ago (a rotation). It runs as a durable job whenever the balance may have changed —
// a conversation arrives or is sent to the sector, an agent comes online or finishes one — and the
// sector's row lock makes concurrent runs take turns, so a conversation gets exactly one agent.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { conversations, sectors, users, userSectors } from '../db/schema.js';
import type { Bus } from '../events/bus.js';
import { enqueue } from '../jobs/queue.js';
import type { JobHandlers } from '../jobs/registry.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { emitConversation, recordEvent } from './records.js';
import { inTransaction } from './unit-of-work.js';

export const ASSIGN_FILA = 'assign_fila';
/** How many conversations one run hands out at most; a longer Fila takes another run. */
const BATCH = 25;

/** Queues a run for these sectors (those without automatic assignment are skipped by the run). */
export async function requestAssignment(tx: Tx, scope: ProviderScope, sectorIds: (number | null)[]) {
  for (const sectorId of new Set(sectorIds)) {
    if (sectorId !== null) await enqueue(tx, { providerId: scope.providerId, kind: ASSIGN_FILA, payload: { sectorId } });
  }
}

/** Hands out the sector's Fila; answers how many conversations it assigned. */
export async function assignFila(scope: ProviderScope, sectorId: number, now: () => Date = () => new Date()): Promise<number> {
  return inTransaction(scope, async (tx, emit) => {
    const [sector] = await tx.select({ autoAssign: sectors.autoAssign, active: sectors.active }).from(sectors)
      .where(and(eq(sectors.providerId, scope.providerId), eq(sectors.id, sectorId)))
      .for('update');
    if (!sector?.autoAssign || !sector.active) return 0;
    let assigned = 0;
    while (assigned < BATCH) {
      const [waiting] = await tx.select({ id: conversations.id }).from(conversations)
        .where(and(
          eq(conversations.providerId, scope.providerId), eq(conversations.sectorId, sectorId),
          eq(conversations.situacao, 'fila'),
        ))
        .orderBy(asc(conversations.queuedAt), asc(conversations.id))
        .limit(1)
        .for('update');
      if (!waiting) break;
      const agent = await nextAgent(tx, scope, sectorId);
      if (!agent) break;
      const at = now();
      await tx.update(conversations).set({ situacao: 'chat', responsavelId: agent.id, assumedAt: at })
        .where(eq(conversations.id, waiting.id));
      await tx.update(users).set({ lastAssignedAt: at }).where(eq(users.id, agent.id));
      await recordEvent(tx, scope, waiting.id, 'auto_assigned', agent.id, { responsavelId: agent.id });
      await emitConversation(tx, scope, emit, waiting.id);
      assigned++;
    }
    // More waiting than one run hands out, with room left: another run goes on.
    if (assigned === BATCH) await requestAssignment(tx, scope, [sectorId]);
    return assigned;
  });
}

/** The online agent of the sector with room and the fewest open conversations; ties in rotation. */
async function nextAgent(tx: Tx, scope: ProviderScope, sectorId: number) {
  const open = sql<number>`(SELECT count(*) FROM ${conversations} c
    WHERE c.provider_id = ${scope.providerId} AND c.responsavel_id = "users"."id" AND c.situacao = 'chat')`;
  const [agent] = await tx.select({ id: users.id, open }).from(users)
    .innerJoin(userSectors, and(eq(userSectors.userId, users.id), eq(userSectors.providerId, users.providerId)))
    .where(and(
      eq(users.providerId, scope.providerId), eq(userSectors.sectorId, sectorId),
      eq(users.active, true), eq(users.presence, 'online'),
      sql`${open} < ${users.maxConcurrent}`,
    ))
    .orderBy(asc(open), sql`${users.lastAssignedAt} ASC NULLS FIRST`, asc(users.id))
    .limit(1);
  return agent ?? null;
}

/** The sectors with automatic assignment an agent works in (to look again when their load changes). */
export async function autoSectorsOf(tx: Tx, scope: ProviderScope, userId: number): Promise<number[]> {
  const rows = await tx.select({ id: sectors.id }).from(sectors)
    .innerJoin(userSectors, and(eq(userSectors.sectorId, sectors.id), eq(userSectors.providerId, sectors.providerId)))
    .where(and(eq(sectors.providerId, scope.providerId), eq(userSectors.userId, userId), eq(sectors.autoAssign, true)));
  return rows.map((r) => r.id);
}

export function routingJobHandlers({ db, bus }: { db: Db; bus: Bus }): JobHandlers {
  return {
    [ASSIGN_FILA]: { run: async (job) => {
      await assignFila({ db, bus, providerId: job.providerId }, (job.payload as { sectorId: number }).sectorId);
    } },
  };
}

