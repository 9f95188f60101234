// The provider's side as the API shows it (api/shapes.ts), from the desk's rows.
import type { z } from 'zod';
import type { ClientRefShape, ContractShape } from '../../api/shapes.js';
import type { clients, contracts } from '../db/schema.js';

type ClientRow = typeof clients.$inferSelect;
type ContractRow = typeof contracts.$inferSelect;

export const clientView = (row: ClientRow): z.infer<typeof ClientRefShape> & { id: number } => ({
  id: row.id, ref: row.externalRef ?? String(row.id), name: row.name, document: row.document,
  phones: row.phones, email: row.email, address: row.address,
});

export const contractView = (row: ContractRow): z.infer<typeof ContractShape> => ({
  id: row.id,
  ref: row.externalRef ?? String(row.id),
  plan: row.plan,
  status: row.status,
  downloadMbps: row.downloadMbps,
  uploadMbps: row.uploadMbps,
  monthlyPriceCents: row.monthlyPriceCents,
  address: row.address,
  dueDay: row.dueDay,
  pppoeLogin: row.pppoeLogin,
  lastTrustUnlockAt: row.lastTrustUnlockAt?.toISOString() ?? null,
  trustUnlockUntil: row.trustUnlockUntil?.toISOString() ?? null,
});
