// Novo motivo, on the Motivo screen: a reason for closing, for every sector or only for some.
import { eq } from 'drizzle-orm';
import { motivos, motivoSectors } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requireRole, type AgentScope } from '../tenancy/scope.js';
import { requireSectors } from './catalog-rules.js';
import { motivoRows } from './catalog.js';

export interface CreateMotivoInput {
  name: string;
  description?: string | null;
  /** None: every sector. */
  sectorIds?: number[];
}

export async function createMotivo(scope: AgentScope, input: CreateMotivoInput) {
  requireRole(scope.actor, 'administrador');
  return scope.db.transaction(async (tx) => {
    const sectorIds = await requireSectors(tx, scope, input.sectorIds ?? []);
    const [motivo] = await tx
      .insert(motivos)
      .values({ providerId: scope.providerId, name: input.name.trim(), description: input.description ?? null })
      .onConflictDoNothing()
      .returning({ id: motivos.id });
    if (!motivo) throw new AppError('conflict', `Já existe um motivo chamado "${input.name}".`);
    if (sectorIds.length > 0) {
      await tx.insert(motivoSectors).values(sectorIds.map((sectorId) => ({ providerId: scope.providerId, motivoId: motivo.id, sectorId })));
    }
    const [created] = await motivoRows(tx, scope, eq(motivos.id, motivo.id));
    return created;
  });
}
