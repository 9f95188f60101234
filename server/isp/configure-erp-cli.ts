// npm run erp -- <provider slug> builtin
// npm run erp -- <provider slug> ixc --url https://ixc.provedor.com.br --token 12:abc... [--subject 43] [--sector 2] [--filial 1]
// Points a provider at its ERP, after asking that ERP one question to prove the address and token work.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { providers } from '../db/schema.js';
import { AppError } from '../errors.js';
import { createIxcErp } from './ixc/ixc-erp.js';
import { ErpConfigShape } from './settings.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { url: { type: 'string' }, token: { type: 'string' }, subject: { type: 'string' }, sector: { type: 'string' }, filial: { type: 'string' } },
});
const [slug, kind] = positionals;
if (!slug || (kind !== 'builtin' && kind !== 'ixc')) {
  console.error('uso: npm run erp -- <slug do provedor> builtin | ixc --url https://<host> --token <id>:<token> [--subject <id do assunto>] [--sector <id>] [--filial <id>]');
  process.exit(2);
}
const parsed = ErpConfigShape.safeParse(kind === 'builtin' ? { kind } : {
  kind, baseUrl: values.url, token: values.token, serviceOrderSubjectId: values.subject, serviceOrderSectorId: values.sector, filialId: values.filial,
});
if (!parsed.success) {
  console.error(`Configuração inválida: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}
const erp = parsed.data;

if (erp.kind === 'ixc') {
  try {
    await createIxcErp(erp).findClients({ name: 'a' }, 1);
    console.log(`IXC respondeu em ${erp.baseUrl}: endereço e token funcionam.`);
  } catch (error) {
    console.error(error instanceof AppError ? `IXC: ${error.message}` : error);
    process.exit(1);
  }
}

const config = loadConfig();
const database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: join(config.DATA_DIR, 'db') });
try {
  const { kind: erpKind, ...erpConfig } = erp;
  const [row] = await database.db.update(providers).set({ erpKind, erpConfig }).where(eq(providers.slug, slug)).returning({ name: providers.name });
  if (!row) {
    console.error(`Nenhum provedor com o slug "${slug}".`);
    process.exitCode = 1;
  } else {
    console.log(`${row.name} agora usa ${erpKind === 'ixc' ? 'o IXC Soft' : 'o ERP embutido do Prosa'}.`);
  }
} finally {
  await database.close();
}
