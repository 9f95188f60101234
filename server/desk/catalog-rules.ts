// What every edit of the provider's lists (etiquetas, motivos, respostas rápidas) checks.
import { and, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { sectors } from '../db/schema.js';
import { sqlState } from '../db/errors.js';
import { AppError, notFound } from '../errors.js';
import { ofProvider, type ProviderScope } from '../tenancy/scope.js';

export function requireChanges(changes: Record<string, unknown>) {
  if (Object.values(changes).every((value) => value === undefined)) throw new AppError('validation_failed', 'Nada para alterar.');
}

/** Renaming onto a name already taken (the unique index) is the user's conflict to resolve. */
export const onDuplicate = (message: string) => (error: unknown): never => {
  if (sqlState(error) === '23505') throw new AppError('conflict', message);
  throw error;
};

/** Every sector named in a body must be one of the provider's own. */
export async function requireSectors(db: Db | Tx, scope: ProviderScope, sectorIds: number[]) {
  const wanted = [...new Set(sectorIds)];
  if (wanted.length === 0) return wanted;
  const found = await db.select({ id: sectors.id }).from(sectors)
    .where(and(ofProvider(scope, sectors.providerId), inArray(sectors.id, wanted)));
  if (found.length !== wanted.length) throw notFound('Setor');
  return wanted;
}

