// Editar setor: rename, describe, reorder, attend or only group people, deactivate or reactivate,
// and make it the default. The default sector stays active and attending: another one is made
// the default first. Who is in a sector is edited on the Atendentes screen. Administrators only.
import { and, eq } from 'drizzle-orm';
import { sectors } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';
import { onDuplicate, requireChanges } from './catalog-rules.js';
import { sectorRows } from './catalog.js';
import { lockSectors, makeDefault, requireFitForDefault } from './default-sector.js';
import { requestAssignment } from './auto-assign.js';

export interface UpdateSectorInput {
  id: number;
  name?: string;
  description?: string | null;
  position?: number;
  attends?: boolean;
  isDefault?: boolean;
  active?: boolean;
  autoAssign?: boolean;
}

export async function updateSector(scope: AgentScope, input: UpdateSectorInput) {
  requireRole(scope.actor, 'administrador');
  const { id, isDefault, ...changes } = input;
  requireChanges({ ...changes, isDefault });
  return scope.db.transaction(async (tx) => {
    const current = (await lockSectors(tx, scope)).find((s) => s.id === id);
    if (!current) throw notFound('Setor');
    if (current.isDefault && isDefault === false) {
      throw new AppError('conflict', 'Um setor deixa de ser o padrão quando outro é escolhido como padrão.');
    }
    if (current.isDefault || isDefault) {
      requireFitForDefault({ active: changes.active ?? current.active, attends: changes.attends ?? current.attends });
    }
    if (Object.values(changes).some((value) => value !== undefined)) {
      await tx.update(sectors).set(changes).where(and(ofProvider(scope, sectors.providerId), eq(sectors.id, id)))
        .catch(onDuplicate(`Já existe um setor chamado "${input.name?.trim()}".`));
    }
    if (isDefault && !current.isDefault) await makeDefault(tx, scope, id);
    // Turned on with conversations already waiting: they are handed out now.
    if (changes.autoAssign) await requestAssignment(tx, scope, [id]);
    const [updated] = await sectorRows(tx, scope, eq(sectors.id, id));
    return updated;
  });
}
