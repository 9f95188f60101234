// Contratos: the linked client's contracts and the charges still to be paid, read from the ERP now.
// An external ERP's answer refreshes the desk's copy, and a status that changed reaches every screen.
import type { AgentScope } from '../tenancy/scope.js';
import { inTransaction } from '../desk/unit-of-work.js';
import { contracts } from '../db/schema.js';
import { and, asc, eq } from 'drizzle-orm';
import { erpOf } from './erp-of.js';
import { announceClient, conversationClient, copyContracts, refOf } from './linked-client.js';
import { clientView, contractView } from './views.js';

export async function readClientAccount(scope: AgentScope, { conversationId }: { conversationId: number }) {
  const { client } = await conversationClient(scope, conversationId);
  const erp = await erpOf(scope.db, scope.providerId);
  const ref = refOf(client);
  const [erpContracts, charges] = await Promise.all([erp.client.contracts(ref), erp.client.openCharges(ref)]);
  if (erp.client.kind !== 'builtin') {
    await inTransaction(scope, async (tx, emit) => {
      if (await copyContracts(tx, scope.providerId, client.id, erpContracts)) await announceClient(tx, scope, emit, client.id);
    });
  }
  const rows = await scope.db.select().from(contracts)
    .where(and(eq(contracts.providerId, scope.providerId), eq(contracts.clientId, client.id)))
    .orderBy(asc(contracts.id));
  return { erp: erp.client.kind, client: clientView(client), contracts: rows.map(contractView), charges };
}
