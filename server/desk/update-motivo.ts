// Editar motivo: rename, describe, change the sectors it applies to (the whole set), deactivate or
// reactivate. Conversations closed with it keep it; new ones can no longer be given it.
import { and, eq } from 'drizzle-orm';
import { motivos, motivoSectors } from '../db/schema.js';
import { notFound } from '../errors.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';
import { onDuplicate, requireChanges, requireSectors } from './catalog-rules.js';
import { motivoRows } from './catalog.js';

export interface UpdateMotivoInput {
  id: number;
  name?: string;
  description?: string | null;
  sectorIds?: number[];
  active?: boolean;
}

export async function updateMotivo(scope: AgentScope, input: UpdateMotivoInput) {
  requireRole(scope.actor, 'administrador');
  const { id, sectorIds, ...changes } = input;
  requireChanges({ ...changes, sectorIds });
  return scope.db.transaction(async (tx) => {
    // Locked: two administrators replacing the sectors at once leave one set, not their union.
    const [motivo] = await tx.select({ id: motivos.id }).from(motivos)
      .where(and(ofProvider(scope, motivos.providerId), eq(motivos.id, id)))
      .for('update');
    if (!motivo) throw notFound('Motivo');
    if (Object.values(changes).some((value) => value !== undefined)) {
      await tx.update(motivos).set(changes).where(eq(motivos.id, id))
        .catch(onDuplicate(`Já existe um motivo chamado "${input.name}".`));
    }
    if (sectorIds !== undefined) {
      const wanted = await requireSectors(tx, scope, sectorIds);
      await tx.delete(motivoSectors).where(and(ofProvider(scope, motivoSectors.providerId), eq(motivoSectors.motivoId, id)));
      if (wanted.length > 0) {
        await tx.insert(motivoSectors).values(wanted.map((sectorId) => ({ providerId: scope.providerId, motivoId: id, sectorId })));
      }
    }
    const [updated] = await motivoRows(tx, scope, eq(motivos.id, id));
    return updated;
  });
}
