// The provider's side as the API shows it (api/shapes.ts), from the desk's rows.
import type { z } from 'zod';
import type { ClientRefShape, ContractShape } from '../../api/shapes.js';
import type { clients, contracts } from '../db/schema.js';
import type { ErpContract } from './erp.js';

type ClientRow = typeof clients.$inferSelect;
type ContractRow = typeof contracts.$inferSelect;

export const clientView = (row: ClientRow): z.infer<typeof ClientRefShape> & { id: number } => ({
  id: row.id, ref: row.externalRef ?? String(row.id), name: row.name, document: row.document,
  phones: row.phones, email: row.email, address: row.address,
});

/** A contract as the ERP interface names it: the built-in ERP's own, or the desk's copy of an external one. */
export const erpContractOf = (row: ContractRow): ErpContract => ({
  ref: row.externalRef ?? String(row.id),
  clientRef: String(row.clientId),
  plan: row.plan,
  downloadMbps: row.downloadMbps,
  uploadMbps: row.uploadMbps,
  monthlyPriceCents: row.monthlyPriceCents,
  dueDay: row.dueDay,
  address: row.address,
  pppoeLogin: row.pppoeLogin,
  status: row.status,
  lastTrustUnlockAt: row.lastTrustUnlockAt?.toISOString() ?? null,
  trustUnlockUntil: row.trustUnlockUntil?.toISOString() ?? null,
});

export const contractView = (row: ContractRow): z.infer<typeof ContractShape> => {
  const { clientRef: _, ...contract } = erpContractOf(row);
  return { id: row.id, ...contract };
};
