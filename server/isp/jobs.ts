// The provider's side's durable work, on the same queue as deliveries.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import type { Bus } from '../events/bus.js';
import { charges, contracts } from '../db/schema.js';
import type { JobHandlers } from '../jobs/registry.js';
import { inTransaction } from '../desk/unit-of-work.js';
import { todayInSaoPaulo } from './calendar.js';
import { TRUST_UNLOCK_ENDS } from './grant-bonus.js';
import { announceClient } from './linked-client.js';

export function ispJobHandlers({ db, bus }: { db: Db; bus: Bus }): JobHandlers {
  return {
    // A trust unlock's days are over: a contract that still owes an overdue charge is blocked again.
    [TRUST_UNLOCK_ENDS]: { run: async (job) => {
      const { contractId } = job.payload as { contractId: number };
      const scope = { db, bus, providerId: job.providerId };
      await inTransaction(scope, async (tx, emit) => {
        const [contract] = await tx.select().from(contracts)
          .where(and(eq(contracts.providerId, job.providerId), eq(contracts.id, contractId))).for('update');
        if (!contract || contract.status !== 'ativo' || !contract.trustUnlockUntil || contract.trustUnlockUntil > new Date()) return;
        const [owed] = await tx.select({ id: charges.id }).from(charges).where(and(
          eq(charges.providerId, job.providerId), eq(charges.contractId, contractId),
          inArray(charges.status, ['aberto', 'vencido']), lt(charges.dueDate, todayInSaoPaulo(new Date())),
        )).limit(1);
        if (!owed) return;
        await tx.update(contracts).set({ status: 'bloqueado_atraso', trustUnlockUntil: sql`NULL` }).where(eq(contracts.id, contractId));
        await announceClient(tx, scope, emit, contract.clientId);
      });
    } },
  };
}
