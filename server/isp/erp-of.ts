// The ERP a provider's desk talks to, from its settings: the built-in one, or IXC's webservice.
import type { Executor } from '../db/connection.js';
import { createBuiltinErp } from './builtin/builtin-erp.js';
import type { Erp } from './erp.js';
import { createIxcErp } from './ixc/ixc-erp.js';
import { providerIsp, type ProviderIsp } from './settings.js';

export interface ErpContext extends ProviderIsp {
  erp: ProviderIsp['erp'];
  client: Erp;
}

export async function erpOf(db: Executor, providerId: number, now?: () => Date): Promise<ErpContext> {
  const isp = await providerIsp(db, providerId);
  const client = isp.erp.kind === 'ixc'
    ? createIxcErp({ ...isp.erp, now })
    : createBuiltinErp({ db, providerId, settings: isp.settings, now });
  return { ...isp, client };
}
